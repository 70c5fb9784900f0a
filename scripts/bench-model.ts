// Model section of `npm run bench`: model load, forward pass with attention, correlation, PAG and
// explanation times for 32/64/128/256 tokens (median of several runs), on the shipped model when it
// is present, else on a tiny random-weight model built here (the table says which).
// Standalone: node --import tsx scripts/bench-model.ts [--model PATH] [--runs N] [--sizes 32,64]
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { attentionToCorrelation, explainCleann, learnPag } from '../src/engine';
import { defaultModelPath, loadModel, type LoadedModel } from '../src/model';
import { attentionMatrix, padTester } from '../src/pipeline';
import { writeTinyBertFolder } from '../test/support/tinyBert';

export interface ModelBenchOptions {
  model?: string;
  sizes?: number[];
  runs?: number;
  /** Largest explanation size searched (default 2) and model-run budget of the search (default 300). */
  maxSetSize?: number;
  maxTests?: number;
  log?: (line: string) => void;
}

export interface ModelBenchRow { tokens: number; forward: number; correlation: number; pag: number; explanation: number; tests: number; total: number }
export interface ModelBenchResult { model: string; which: 'given' | 'shipped' | 'tiny'; load: number; rows: ModelBenchRow[]; runs: number }

const SENTENCE = 'The plot was thin, but the acting was wonderful and the music kept me watching until the very end. ';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

async function timed<T>(f: () => Promise<T> | T): Promise<[T, number]> {
  const t = performance.now();
  const v = await f();
  return [v, performance.now() - t];
}

export async function benchModel(opts: ModelBenchOptions = {}): Promise<ModelBenchResult> {
  const sizes = opts.sizes ?? [32, 64, 128, 256];
  const runs = opts.runs ?? 3;
  let which: ModelBenchResult['which'] = 'given';
  let dir = opts.model;
  let tmp: string | undefined;
  if (!dir) {
    if (existsSync(defaultModelPath())) { dir = defaultModelPath(); which = 'shipped'; } else {
      tmp = mkdtempSync(path.join(os.tmpdir(), 'causal-lens-bench-'));
      dir = writeTinyBertFolder(path.join(tmp, 'tiny-bert'), { files: ['quantized'], layers: 2, hidden: 64, heads: 4, intermediate: 128, maxPositions: Math.max(...sizes) });
      which = 'tiny';
    }
  }
  try {
    const [model, load] = await timed(() => loadModel({ model: dir! }));
    // One untimed pass of every stage first: the first call of each pays for JIT and allocation.
    await benchOnce(model, Math.min(sizes[0], model.config.maxLength), 99, opts);
    const rows: ModelBenchRow[] = [];
    for (const n of sizes.filter((s) => s <= model.config.maxLength)) {
      const samples: ModelBenchRow[] = [];
      for (let r = 0; r < runs; r++) samples.push(await benchOnce(model, n, r, opts));
      rows.push({
        tokens: n,
        forward: median(samples.map((s) => s.forward)), correlation: median(samples.map((s) => s.correlation)),
        pag: median(samples.map((s) => s.pag)), explanation: median(samples.map((s) => s.explanation)),
        tests: median(samples.map((s) => s.tests)), total: median(samples.map((s) => s.total)),
      });
      opts.log?.(`  ${n} tokens done`);
    }
    await model.dispose();
    return { model: which === 'tiny' ? 'tiny random-weight BERT (2 layers, hidden 64, 4 heads, quantized)' : dir!, which, load, rows, runs };
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
}

async function benchOnce(model: LoadedModel, n: number, rep: number, opts: ModelBenchOptions): Promise<ModelBenchRow> {
  // A different opening word per repetition: the model's run cache never answers.
  const text = `${['Honestly', 'Frankly', 'Overall', 'Sadly', 'Luckily'][rep % 5]} ${rep}: ${SENTENCE.repeat(Math.ceil(n / 10) + 2)}`;
  const [run, forward] = await timed(() => model.run(text, { maxTokens: n }));
  if (run.seq !== n) throw new Error(`expected ${n} tokens, got ${run.seq}`);
  const [corr, correlation] = await timed(() => attentionToCorrelation(attentionMatrix(run, run.attentions.length - 1, 'mean')));
  const [learned, pag] = await timed(() => learnPag(corr, { samples: model.config.hiddenSize }));
  const tester = padTester(model, run, opts.maxTests ?? 300);
  const specials = run.tokens.flatMap((t, i) => (t.special ? [i] : []));
  const [, explanation] = await timed(() => explainCleann(learned.pag, 0, { maxSetSize: opts.maxSetSize ?? 2, exclude: specials, tester: (s) => tester.test(s) }));
  return { tokens: n, forward, correlation, pag, explanation, tests: tester.calls, total: forward + correlation + pag + explanation };
}

export function formatModelBench(r: ModelBenchResult): string {
  const f = (x: number) => x.toFixed(1).padStart(11);
  const lines = [
    `Model pipeline (${r.which === 'tiny' ? 'no shipped model found: ' : r.which === 'shipped' ? 'shipped model ' : ''}${r.model}; median of ${r.runs} runs, ms)`,
    `model load: ${r.load.toFixed(0)} ms`,
    `${'tokens'.padStart(6)} ${'forward+att'.padStart(11)} ${'correlation'.padStart(11)} ${'PAG'.padStart(11)} ${'explanation'.padStart(11)} ${'(runs)'.padStart(6)} ${'total'.padStart(11)}`,
    ...r.rows.map((x) => `${String(x.tokens).padStart(6)} ${f(x.forward)} ${f(x.correlation)} ${f(x.pag)} ${f(x.explanation)} ${String(x.tests).padStart(6)} ${f(x.total)}`),
    'explanation = CLEANN search with the [PAD] counterfactual tester (max set size 2, at most 300 model runs)',
  ];
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(__filename)) {
  const arg = (name: string) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
  benchModel({
    model: arg('model'),
    runs: arg('runs') ? Number(arg('runs')) : undefined,
    sizes: arg('sizes')?.split(',').map(Number),
    log: (l) => process.stderr.write(`${l}\n`),
  }).then((r) => console.log(formatModelBench(r)), (e: unknown) => { console.error(e); process.exitCode = 1; });
}
