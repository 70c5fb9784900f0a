// One row of the engine table, in its own process so that its peak memory is its own: the PAG (ICD to
// convergence) of `nodes`-node correlation matrices, one untimed warm-up and then `runs` timed runs.
// --source synthetic: seeded synthetic softmax attention (scripts/bench/engine.ts says what it is).
// --source model: the attention of the shipped model on the bench texts (deepest layer, head mean, as the
// extension does), a different text per run; the forward pass is timed too, for the PAG-to-forward ratio.
// Prints one JSON line (EngineRow) on stdout.
// Usage: node --import tsx scripts/bench/engineRow.ts --source synthetic|model --nodes N --runs R [--model DIR]
import { attentionToCorrelation, explainCleann, learnPag } from '../../src/engine';
import { syntheticAttention } from '../../src/engine/testing/attention';
import { loadModel, type LoadedModel } from '../../src/model';
import { attentionMatrix, resolveLayer } from '../../src/pipeline';
import { benchText } from './texts';

export interface EngineRun {
  /** Model forward pass with attention (model source only), correlation, PAG: wall ms; PAG process CPU ms. */
  forward?: number;
  correlation: number;
  pag: number;
  pagCpu: number;
  cleann: number;
  ciTests: number;
  iterations: number;
  edges: number;
  candidates: number;
}
export interface EngineRow {
  source: 'synthetic' | 'model';
  nodes: number;
  samples: number;
  runs: EngineRun[];
  /** Resident set size before the first PAG and the process's peak, in MiB. */
  rssBeforeMiB: number;
  peakRssMiB: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const source = arg('source'),
    nodes = Number(arg('nodes')),
    runs = Number(arg('runs') ?? 1);
  if ((source !== 'synthetic' && source !== 'model') || !(nodes >= 2) || !(runs >= 1)) {
    throw new Error('usage: engineRow.ts --source synthetic|model --nodes N --runs R [--model DIR]');
  }
  let model: LoadedModel | undefined;
  if (source === 'model') {
    const dir = arg('model');
    if (!dir) throw new Error('--source model needs --model DIR');
    model = await loadModel({ model: dir });
  }
  const samples = model ? model.config.hiddenSize : 768;
  /** Attention for run k (k = −1: the warm-up), with the forward time when a model produced it. */
  const attention = async (k: number): Promise<{ att: number[][]; forward?: number }> => {
    if (!model) return { att: syntheticAttention(nodes, nodes) };
    const t = performance.now();
    const run = await model.run(benchText(k + 1, nodes), { maxTokens: nodes });
    const forward = performance.now() - t;
    if (run.tokens.length !== nodes) throw new Error(`expected ${nodes} tokens, got ${run.tokens.length}`);
    return { att: attentionMatrix(run, resolveLayer(run, 'deepest'), 'mean'), forward };
  };
  const rssBeforeMiB = process.memoryUsage().rss / 2 ** 20;
  const timed: EngineRun[] = [];
  for (let k = -1; k < runs; k++) {
    const { att, forward } = await attention(k);
    let t = performance.now();
    const corr = attentionToCorrelation(att);
    const correlation = performance.now() - t;
    t = performance.now();
    const c0 = process.cpuUsage();
    const res = await learnPag(corr, { samples });
    const cu = process.cpuUsage(c0);
    const pag = performance.now() - t;
    t = performance.now();
    const ex = await explainCleann(res.pag, 0);
    const cleann = performance.now() - t;
    if (k >= 0) {
      timed.push({
        forward,
        correlation,
        pag,
        pagCpu: (cu.user + cu.system) / 1000,
        cleann,
        ciTests: res.ciTests,
        iterations: res.iterations,
        edges: res.json.edges.length,
        candidates: ex.candidates.length,
      });
    }
  }
  await model?.dispose();
  const row: EngineRow = {
    source,
    nodes,
    samples,
    runs: timed,
    rssBeforeMiB,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(row)}\n`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
