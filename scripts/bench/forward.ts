// Forward-pass cost of models side by side (`npm run bench -- --compare-model DIR`): one model run
// with every layer's attention exposed (what an explanation starts with) and one logits-only tester
// run (what each counterfactual costs), per input length, median over different texts.
import path from 'node:path';
import { loadModel } from '../../src/model';
import { median } from './stats';
import { benchText } from './texts';

export interface ForwardTiming {
  tokens: number;
  withAttentionMs: number;
  logitsOnlyMs: number;
}
export interface ModelForward {
  model: string;
  shape: string;
  timings: ForwardTiming[];
}

async function timeModel(dir: string, sizes: number[], runs: number, log: (s: string) => void): Promise<ModelForward> {
  const model = await loadModel({ model: dir });
  try {
    const c = model.config;
    const timings: ForwardTiming[] = [];
    for (const tokens of sizes) {
      if (tokens > c.maxLength) continue;
      const attention: number[] = [],
        logits: number[] = [];
      // Run `runs + 1` different texts (run() caches by text); the first is the warm-up.
      for (let i = 0; i <= runs; i++) {
        const text = benchText(1000 * tokens + i, tokens);
        let t = performance.now();
        const run = await model.run(text, { maxTokens: tokens });
        const a = performance.now() - t;
        t = performance.now();
        await model.runIds(run.inputIds);
        const l = performance.now() - t;
        if (i > 0) {
          attention.push(a);
          logits.push(l);
        }
      }
      timings.push({ tokens, withAttentionMs: median(attention), logitsOnlyMs: median(logits) });
      log(`bench: forward ${path.basename(dir)} ${tokens} tokens`);
    }
    return { model: dir, shape: `${c.numLayers} layers, ${c.numHeads} heads, hidden ${c.hiddenSize}`, timings };
  } finally {
    await model.dispose();
  }
}

/** Markdown lines: one row per length, a column pair per model. */
export async function forwardComparison(
  dirs: string[],
  sizes: number[],
  runs: number,
  log: (s: string) => void,
): Promise<{ lines: string[]; models: ModelForward[] }> {
  const models: ModelForward[] = [];
  for (const dir of dirs) models.push(await timeModel(dir, sizes, runs, log));
  const ms = (x: number | undefined): string => (x === undefined ? '–' : x < 10 ? x.toFixed(1) : x.toFixed(0));
  const lines = [
    `Forward pass per model (median of ${runs} texts after one warm-up; "attention" = one run exposing every layer's attention, as an explanation starts; "logits" = one logits-only tester run, as each counterfactual):`,
    '',
    `| tokens | ${models.map((m) => `${path.basename(m.model)} (${m.shape}): attention | logits`).join(' | ')} |`,
    `|---:|${models.map(() => '---:|---:').join('|')}|`,
  ];
  for (const tokens of sizes) {
    const cells = models.map((m) => {
      const t = m.timings.find((x) => x.tokens === tokens);
      return `${ms(t?.withAttentionMs)} ms | ${ms(t?.logitsOnlyMs)} ms`;
    });
    lines.push(`| ${tokens} | ${cells.join(' | ')} |`);
  }
  return { lines, models };
}
