// `npm run bench`: one table of what an explanation costs per input length (32–512 tokens): model
// forward pass with attention, correlation, PAG learning (and CI tests run), CLEANN, total, and peak
// memory; the median of --runs runs after one warm-up run, each length in its own process (so its
// peak memory is its own). Then a scaling note (fitted exponents) and a CPU profile of one length:
// where the time goes; then how long the caller's event loop stalls (model runs, ICD worker, cancel).
// Written to results/bench.md and results/bench.json as well.
//
// Options: --sizes 32,64 --runs N --model DIR --profile-tokens N (0: no profile) --engine (also the
// engine alone on synthetic attention) --compare-model DIR[,DIR] (forward-pass times of the model and
// these side by side) --search [--search-every K] (the explanation search with default settings on
// every Kth SST-2 dev sentence: found rate and median time) --out DIR (default results; "-" writes nothing)
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultModelPath } from '../src/model';
import { engineTable } from './bench/engine';
import { forwardComparison } from './bench/forward';
import { responsivenessNote } from './bench/responsiveness';
import { testerRates, testerTable } from './bench/testerRuns';
import { writeLongPositionCopy } from './bench/positionTable';
import type { RowResult } from './bench/row';
import { logLogSlope, median } from './bench/stats';

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const log = (line: string): void => {
  process.stderr.write(`${line}\n`);
};

/** Runs scripts/bench/row.ts in a child process and parses its JSON line. */
function runRow(model: string, tokens: number, runs: number, profile: boolean): Promise<RowResult> {
  const args = [
    '--import',
    'tsx',
    path.join(__dirname, 'bench', 'row.ts'),
    '--model',
    model,
    '--tokens',
    String(tokens),
    '--runs',
    String(runs),
  ];
  if (profile) args.push('--profile');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${tokens}-token row failed (exit ${code})`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as RowResult);
      } catch (e) {
        reject(e);
      }
    });
  });
}

/** scripts/search-measure.ts with the default settings only; its table (from the heading on). */
function searchDefaults(every: string, log: (l: string) => void): Promise<string[]> {
  log(`bench: the explanation search on every ${every}th SST-2 dev sentence (default settings)`);
  const args = [
    '--import',
    'tsx',
    path.join(__dirname, 'search-measure.ts'),
    '--every',
    every,
    '--configs',
    'defaults',
    '--seconds',
    '1',
    '--out',
    '-',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`search-measure failed (exit ${code})`));
      resolve(
        out
          .trim()
          .split('\n')
          .map((l) => l.replace(/^# /, '')),
      );
    });
  });
}

interface ModelUnderTest {
  dir: string;
  trainedPositions: number;
  description: string;
  cleanup?: () => void;
}

/** The model folder to time; when a length exceeds its position table, a grown copy (see positionTable.ts). */
function prepareModel(given: string | undefined, longest: number): ModelUnderTest {
  const dir = given ?? defaultModelPath();
  if (!existsSync(path.join(dir, 'config.json'))) throw new Error(`no model folder at ${dir} (config.json missing)`);
  const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8')) as Record<string, number | string>;
  const trainedPositions = Number(config.max_position_embeddings);
  const shape = `${config.num_hidden_layers ?? config.n_layers} layers, hidden ${config.hidden_size ?? config.dim}, ${config.num_attention_heads ?? config.n_heads} heads`;
  const name = given ? dir : `shipped model models/${path.basename(dir)}`;
  if (longest <= trainedPositions)
    return { dir, trainedPositions, description: `${name} (${shape}, ${trainedPositions} positions)` };
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'causal-lens-bench-'));
  const long = writeLongPositionCopy(dir, path.join(tmp, 'model'), longest);
  return {
    dir: long,
    trainedPositions,
    description: `${name} (${shape}); its ${trainedPositions}-row position table grown to ${longest} rows for timing (rows ≤ ${trainedPositions} unchanged, so shorter inputs give the model's own outputs)`,
    cleanup: () => rmSync(tmp, { recursive: true, force: true }),
  };
}

const ms = (x: number): string => (x < 10 ? x.toFixed(1) : x.toFixed(0));
const mib = (x: number): string => x.toFixed(0);

function table(rows: RowResult[], trainedPositions: number): string[] {
  const lines = [
    '| tokens | forward + attention | correlation | PAG (ICD) | CI tests | CLEANN | model runs | total | peak RSS | of which after load |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of rows) {
    const m = (f: (x: RowResult['runs'][number]) => number): number => median(r.runs.map(f));
    const mark = r.tokens > trainedPositions ? ' †' : '';
    lines.push(
      `| ${r.tokens}${mark} | ${ms(m((x) => x.forward))} ms | ${ms(m((x) => x.correlation))} ms | ${ms(m((x) => x.pag))} ms | ${Math.round(m((x) => x.ciTests)).toLocaleString('en-US')} | ${ms(m((x) => x.cleann))} ms | ${Math.round(m((x) => x.modelRuns))} | ${ms(m((x) => x.total))} ms | ${mib(r.peakRssMiB)} MiB | ${mib(r.peakRssMiB - r.rssAfterLoadMiB)} MiB |`,
    );
  }
  return lines;
}

function scalingNote(rows: RowResult[]): string[] {
  const n = rows.map((r) => r.tokens);
  const pag = rows.map((r) => median(r.runs.map((x) => x.pag)));
  const tests = rows.map((r) => median(r.runs.map((x) => x.ciTests)));
  const total = rows.map((r) => median(r.runs.map((x) => x.total)));
  const steps = rows.slice(1).map((r, i) => `${rows[i].tokens}→${r.tokens}: ×${(pag[i + 1] / pag[i]).toFixed(1)}`);
  const share = (k: 'forward' | 'correlation' | 'pag' | 'cleann'): string =>
    `${((100 * rows.reduce((s, r) => s + median(r.runs.map((x) => x[k])), 0)) / total.reduce((s, x) => s + x, 0)).toFixed(0)}%`;
  // ICD rounds of the longest row's median-time run: which conditioning-set size does the work.
  const last = rows[rows.length - 1];
  const run = [...last.runs].sort((a, b) => a.pag - b.pag)[Math.floor(last.runs.length / 2)];
  const pairs = (last.tokens * (last.tokens - 1)) / 2;
  const roundText = run.rounds
    .slice(0, 3)
    .map(
      (r, i) =>
        `r=${i}: ${r.tests.toLocaleString('en-US')} tests (${((100 * r.tests) / run.ciTests).toFixed(1)}%), ${r.edges.toLocaleString('en-US')} edges left`,
    )
    .join('; ');
  return [
    `- ICD rounds at ${last.tokens} tokens (${pairs.toLocaleString('en-US')} token pairs; median run): ${roundText}; rounds r ≥ 3: ${run.rounds
      .slice(3)
      .reduce((s, r) => s + r.tests, 0)
      .toLocaleString('en-US')} tests.`,
    `- PAG time grows as tokens^${logLogSlope(n, pag).toFixed(2)} (least-squares fit over ${n.join('/')}; per doubling ${steps.join(', ')}); CI tests grow as tokens^${logLogSlope(n, tests).toFixed(2)}.`,
    `- Total time grows as tokens^${logLogSlope(n, total).toFixed(2)}. Summed over the rows, time splits as forward ${share('forward')}, correlation ${share('correlation')}, PAG ${share('pag')}, CLEANN ${share('cleann')}.`,
    '- CLEANN time is model runs (one per candidate subset tested), so it follows the number of candidates near [CLS], not the length.',
  ];
}

function profileNote(r: RowResult): string[] {
  if (!r.profile) return [];
  const p = r.profile;
  const fmt = (e: { name: string; selfMs: number; share: number }): string =>
    `${e.name} ${(100 * e.share).toFixed(0)}%`;
  return [
    `Profile (V8 CPU sampling of ${r.runs.length} explanations of ${r.tokens} tokens, ${(p.totalMs / 1000).toFixed(1)} s; self time):`,
    `- by source file: ${p.files.slice(0, 8).map(fmt).join(', ')}`,
    `- by function: ${p.functions.slice(0, 10).map(fmt).join(', ')}`,
  ];
}

async function main(): Promise<void> {
  const sizes = (arg('sizes') ?? '32,64,128,256,512').split(',').map(Number);
  const runs = Number(arg('runs') ?? 5);
  if (sizes.some((s) => !(s >= 8)) || !(runs >= 1)) throw new Error('--sizes needs lengths ≥ 8 and --runs ≥ 1');
  const model = prepareModel(arg('model'), Math.max(...sizes));
  const cpus = os.cpus();
  const header = [
    `causal-lens bench — ${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()}-${os.arch()}; load average at start ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
    `Model: ${model.description}.`,
    `Median of ${runs} runs per length after one warm-up run; every run a different text (scripts/bench/texts.ts). Extension defaults: deepest layer, head mean, alpha 0.01, samples = hidden size, CLEANN sizes 1, 2, … until an explanation is found or its budget (2000 model runs / 2 s) is spent, baselines off.`,
  ];
  try {
    const rows: RowResult[] = [];
    for (const tokens of sizes) {
      log(`bench: ${tokens} tokens`);
      rows.push(await runRow(model.dir, tokens, runs, false));
    }
    const profileTokens = Number(arg('profile-tokens') ?? Math.min(256, model.trainedPositions));
    let profiled: RowResult | undefined;
    if (profileTokens > 0) {
      log(`bench: profiling ${profileTokens} tokens`);
      profiled = await runRow(model.dir, profileTokens, 2, true);
    }
    const lines = [
      ...header,
      '',
      ...table(rows, model.trainedPositions),
      '',
      "Columns: forward + attention = tokenising and one model run returning every layer's attention; correlation = head mean → A·Aᵀ → correlation; PAG = ICD to convergence; CLEANN = the explanation search with the [PAD] counterfactual tester; total = the four; peak RSS = the row process's peak resident memory (model loaded, warm-up and timed runs), and its growth after the model loaded.",
      ...(rows.some((r) => r.tokens > model.trainedPositions)
        ? [
            `† beyond the model's ${model.trainedPositions} trained positions: times what a ${rows[rows.length - 1].tokens}-position model of this size costs; the attention is not a trained long-context model's.`,
          ]
        : []),
      '',
      'Scaling:',
      ...scalingNote(rows),
      ...(profiled ? ['', ...profileNote(profiled)] : []),
    ];
    lines.push('', ...(await responsivenessNote(log)));
    // what the explanation search's model-run budget buys: counterfactual runs per second
    lines.push(
      '',
      ...testerTable(
        await testerRates(
          model.dir,
          [16, 64, 128, 256].filter((n) => n <= Math.max(...sizes)),
          log,
        ),
      ),
    );
    const compare = arg('compare-model');
    if (compare) {
      // e.g. the previous shipped model: git show <commit>:models/causal-lens-imdb/... (training/README.md)
      const forward = await forwardComparison(
        [model.dir, ...compare.split(',')],
        sizes.filter((s) => s <= 256),
        runs,
        log,
      );
      lines.push('', ...forward.lines);
    }
    if (process.argv.includes('--search')) {
      // the explanation search with the product's defaults on SST-2 dev sentences (issue 11's bar:
      // found ≥ 80%, median ≤ 1 s): scripts/search-measure.ts, default configuration only
      lines.push('', ...(await searchDefaults(arg('search-every') ?? '8', log)));
    }
    if (process.argv.includes('--engine')) {
      lines.push(
        '',
        await engineTable([16, 32, 64, 128, 256, 512, 1024], (n) => (n <= 64 ? 5 : n <= 128 ? 3 : 1), log),
      );
    }
    const text = lines.join('\n');
    console.log(text);
    const out = arg('out') ?? path.join(__dirname, '..', 'results');
    if (out !== '-') {
      mkdirSync(out, { recursive: true });
      writeFileSync(path.join(out, 'bench.md'), `# Benchmark\n\nCommand: \`npm run bench\`\n\n${text}\n`);
      writeFileSync(
        path.join(out, 'bench.json'),
        `${JSON.stringify({ machine: { cores: cpus.length, cpu: cpus[0]?.model.trim(), node: process.version }, model: model.description, runs, rows, profile: profiled }, null, 1)}\n`,
      );
      log(`bench: wrote ${path.join(out, 'bench.md')} and bench.json`);
    }
  } finally {
    model.cleanup?.();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
