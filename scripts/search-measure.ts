// Measures the explanation search's settings on SST-2 dev sentences (issue 11, item 5): found rate,
// mean explanation size, model runs and time per sentence for head mean vs one PAG per head, the
// graph over all tokens vs without special tokens (the reference notebook's nodes_set, [CLS] kept),
// and [PAD] (the reference's tester) vs [MASK] replacement. Time per sentence = the pipeline after
// the model run (correlation + PAG + search), model load excluded.
//
//   node --import tsx scripts/search-measure.ts [--data ../shared/data/sst2/dev.tsv] [--every 4]
//     [--limit N] [--model DIR] [--runs 2000] [--seconds 2] [--out results/search.md]
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultModelPath, loadModel } from '../src/model';
import { explainText, type ExplainOptions } from '../src/pipeline';
import { median } from './bench/stats';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

interface Config {
  name: string;
  opts: ExplainOptions;
}
const ALL_CONFIGS: Config[] = [
  { name: 'head mean · all tokens · [PAD]', opts: { head: 'mean' } },
  { name: 'per head · all tokens · [PAD]', opts: { head: 'each' } },
  { name: 'head mean · no specials · [PAD]', opts: { head: 'mean', specialsInGraph: false } },
  { name: 'per head · no specials · [PAD]', opts: { head: 'each', specialsInGraph: false } },
  { name: 'head mean · all tokens · [MASK]', opts: { head: 'mean', replacement: 'mask' } },
  { name: 'per head · all tokens · [MASK]', opts: { head: 'each', replacement: 'mask' } },
  { name: 'per head · no specials · [MASK]', opts: { head: 'each', specialsInGraph: false, replacement: 'mask' } },
  {
    name: 'per head · no specials · [PAD] · smallest-first only',
    opts: { head: 'each', specialsInGraph: false, fallback: 'none' },
  },
  {
    name: 'head mean · no specials · [PAD] · smallest-first only',
    opts: { head: 'mean', specialsInGraph: false, fallback: 'none' },
  },
];

/** What `causal-lens explain` and the extension use unless told otherwise. */
const DEFAULTS: Config = {
  name: 'the CLI and extension defaults (per head · no specials · [PAD] · greedy fallback)',
  opts: { head: 'each', specialsInGraph: false },
};

// --configs a,b: only these rows of ALL_CONFIGS (by index, or "defaults"); default all
const CONFIGS = arg('configs')
  ? arg('configs')!
      .split(',')
      .map((c) => (c === 'defaults' ? DEFAULTS : ALL_CONFIGS[Number(c)]))
  : ALL_CONFIGS;

interface Row {
  found: boolean;
  size: number | null;
  runs: number;
  ms: number;
  stop: string;
}

const md5 = (file: string): string => createHash('md5').update(readFileSync(file)).digest('hex');

async function main(): Promise<void> {
  const data = arg('data') ?? path.join(__dirname, '..', '..', 'shared', 'data', 'sst2', 'dev.tsv');
  const every = Number(arg('every') ?? 4);
  const lines = readFileSync(data, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .filter((l) => l.includes('\t'));
  let sentences = lines.filter((_, i) => i % every === 0).map((l) => l.slice(l.indexOf('\t') + 1));
  if (arg('limit')) sentences = sentences.slice(0, Number(arg('limit')));
  const dir = arg('model') ?? defaultModelPath();
  const onnx = path.join(dir, 'onnx', 'model.onnx');
  const before = md5(onnx);
  const model = await loadModel({ model: dir, quantized: false });
  const after = md5(onnx);
  if (before !== after) throw new Error(`${onnx} changed while loading (md5 ${before} → ${after}); run again`);
  const budget = { maxTests: Number(arg('runs') ?? 2000), timeBudgetMs: 1000 * Number(arg('seconds') ?? 2) };
  const rows: Row[][] = CONFIGS.map(() => []);
  const t0 = performance.now();
  for (const [k, text] of sentences.entries()) {
    for (const [c, cfg] of CONFIGS.entries()) {
      const r = await explainText(model, text, { ...cfg.opts, ...budget, baselines: false });
      const t = r.timings;
      rows[c].push({
        found: r.explanation.kind === 'tested' && r.explanation.sets.length > 0,
        size: r.explanation.sets[0]?.length ?? null,
        runs: r.explanation.testsRun,
        ms: t.correlation + t.pag + t.explanation,
        stop: r.explanation.stop,
      });
    }
    if ((k + 1) % 20 === 0)
      process.stderr.write(
        `search-measure: ${k + 1}/${sentences.length} sentences, ${((performance.now() - t0) / 1000).toFixed(0)} s\n`,
      );
  }
  await model.dispose();

  const f1 = (x: number): string => x.toFixed(1);
  const pct = (x: number, n: number): string => `${((100 * x) / n).toFixed(1)}%`;
  const table = [
    '| setting | found | mean size (found) | median size | mean model runs | median time / sentence | p90 time | stops: found (smallest + greedy) / budget / exhausted / nothing to test |',
    '|---|---:|---:|---:|---:|---:|---:|---|',
    ...CONFIGS.map((cfg, c) => {
      const rs = rows[c];
      const found = rs.filter((r) => r.found);
      const sizes = found.map((r) => r.size as number);
      const times = rs.map((r) => r.ms).sort((a, b) => a - b);
      const count = (...stops: string[]) => rs.filter((r) => stops.includes(r.stop)).length;
      return `| ${cfg.name} | ${found.length}/${rs.length} (${pct(found.length, rs.length)}) | ${sizes.length ? f1(sizes.reduce((a, b) => a + b, 0) / sizes.length) : '–'} | ${sizes.length ? median(sizes) : '–'} | ${f1(rs.reduce((a, r) => a + r.runs, 0) / rs.length)} | ${median(times).toFixed(0)} ms | ${times[Math.floor(0.9 * (times.length - 1))].toFixed(0)} ms | ${count('found', 'found-cut')} + ${count('found-greedy')} greedy / ${count('model-runs', 'time', 'greedy-exhausted')} / ${count('all-sets', 'max-set-size')} / ${count('no-candidates', 'unreachable')} |`;
    }),
  ];
  const cmd = `node --import tsx scripts/search-measure.ts ${process.argv.slice(2).join(' ')}`.trim();
  const cpus = os.cpus();
  const text = [
    '# Explanation search settings on SST-2 dev sentences',
    '',
    `Command: \`${cmd}\` — ${((performance.now() - t0) / 1000).toFixed(0)} s on ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), load average at the end ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')} (a load above the core count means other jobs shared the cores: times are upper bounds).`,
    '',
    `Model: ${path.relative(process.cwd(), dir) || dir} — onnx/model.onnx md5 ${before}; ${model.config.numLayers} layers × ${model.config.numHeads} heads, hidden ${model.config.hiddenSize}.`,
    `Data: ${sentences.length} sentences of ${path.basename(data)} (every ${every}th line${arg('limit') ? `, first ${arg('limit')}` : ''}). Budget per search: ${budget.maxTests} model runs / ${budget.timeBudgetMs / 1000} s, no size cap; deepest layer, alpha 0.01, samples = hidden size; baselines off.`,
    '',
    ...table,
    '',
    'Found = CLEANN returned an explanation the model confirmed (the label flips without it). Time = correlation + PAG + search (model run and load excluded). "Nothing to test": [CLS] has no candidate, or every candidate is reachable only through a special token. Per head: one PAG per head of the layer, the smallest explanations over all heads.',
  ].join('\n');
  console.log(text);
  const out = arg('out') ?? path.join(__dirname, '..', 'results', 'search.md');
  if (out !== '-') {
    mkdirSync(path.dirname(out), { recursive: true });
    writeFileSync(out, `${text}\n`);
    process.stderr.write(`search-measure: wrote ${out}\n`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
