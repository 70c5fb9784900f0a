// One row of `npm run bench`, in its own process so that its peak memory is its own: load the model,
// one untimed warm-up explanation, then `runs` timed explanations of `tokens`-token texts with the
// extension's defaults (deepest layer, head mean, alpha 0.01, samples = hidden size, CLEANN up to 3
// tokens and at most 2000 model runs; baselines off). Prints one JSON line (RowResult) on stdout.
// With --profile, the timed runs are CPU-profiled (V8 sampling profiler through node:inspector) and
// the result carries the functions and source files with the most self time.
// Usage: node --import tsx scripts/bench/row.ts --model DIR --tokens N --runs R [--profile]
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { loadModel } from '../../src/model';
import { explainText, type ExplainResult } from '../../src/pipeline';
import { benchText } from './texts';

export interface RowRun {
  forward: number;
  correlation: number;
  pag: number;
  cleann: number;
  total: number;
  ciTests: number;
  iterations: number;
  edges: number;
  modelRuns: number;
  explanationSize: number;
  /** Per ICD round r = 0, 1, …: CI tests computed in it and edges left after it. */
  rounds: { tests: number; edges: number }[];
}
export interface ProfileEntry {
  name: string;
  selfMs: number;
  share: number;
}
export interface RowProfile {
  totalMs: number;
  functions: ProfileEntry[];
  files: ProfileEntry[];
}
export interface RowResult {
  tokens: number;
  runs: RowRun[];
  loadMs: number;
  profile?: RowProfile;
  /** Resident set size after the model loaded, and the process's peak, in MiB. */
  rssAfterLoadMiB: number;
  peakRssMiB: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

function toRun(r: ExplainResult, rounds: RowRun['rounds']): RowRun {
  const t = r.timings;
  return {
    rounds,
    forward: t.model,
    correlation: t.correlation,
    pag: t.pag,
    cleann: t.explanation,
    total: t.model + t.correlation + t.pag + t.explanation,
    ciTests: r.ciTests,
    iterations: r.pag.iterations,
    edges: r.pag.edges.length,
    modelRuns: r.explanation.testsRun,
    explanationSize: r.explanation.sets[0]?.length ?? 0,
  };
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string } }[];
  samples?: number[];
  timeDeltas?: number[];
  startTime: number;
  endTime: number;
}

/** Self time per function and per source file, largest first (top 12 each). */
function summariseProfile(p: CpuProfile): RowProfile {
  const byId = new Map(p.nodes.map((n) => [n.id, n.callFrame]));
  const fn = new Map<string, number>(),
    file = new Map<string, number>();
  const samples = p.samples ?? [],
    deltas = p.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i++) {
    const frame = byId.get(samples[i]);
    // timeDeltas[i] is the time before sample i: charge it to the sample after it.
    const ms = (deltas[i + 1] ?? 0) / 1000;
    if (!frame) continue;
    const where = frame.url ? path.basename(frame.url.replace(/^file:\/\//, '')) : '';
    // No script URL and no name: native code (ONNX Runtime inference, mostly). Line numbers are
    // left out: tsx compiles each file to one line.
    const fname = where ? `${frame.functionName || '(anonymous)'} (${where})` : frame.functionName || '(native code)';
    fn.set(fname, (fn.get(fname) ?? 0) + ms);
    const fileKey = where || fname;
    file.set(fileKey, (file.get(fileKey) ?? 0) + ms);
  }
  const totalMs = (p.endTime - p.startTime) / 1000;
  const top = (m: Map<string, number>): ProfileEntry[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([name, selfMs]) => ({ name, selfMs, share: selfMs / totalMs }));
  return { totalMs, functions: top(fn), files: top(file) };
}

async function main(): Promise<void> {
  const dir = arg('model'),
    tokens = Number(arg('tokens')),
    runs = Number(arg('runs') ?? 5);
  if (!dir || !(tokens > 2) || !(runs >= 1)) throw new Error('usage: row.ts --model DIR --tokens N [--runs R]');
  let t = performance.now();
  const model = await loadModel({ model: dir });
  const loadMs = performance.now() - t;
  const rssAfterLoadMiB = process.memoryUsage().rss / 2 ** 20;
  const explainAt = async (start: number): Promise<RowRun> => {
    const rounds: RowRun['rounds'] = [];
    let before = 0;
    const r = await explainText(model, benchText(start, tokens), {
      maxTokens: tokens,
      baselines: false,
      onIteration: (it) => {
        rounds.push({ tests: it.ciTests - before, edges: it.pag.edges.length });
        before = it.ciTests;
      },
    });
    if (r.tokens.length !== tokens) throw new Error(`expected ${tokens} tokens, got ${r.tokens.length}`);
    return toRun(r, rounds);
  };
  await explainAt(runs); // warm-up: JIT, allocator and ONNX Runtime's first-run costs
  const session = process.argv.includes('--profile') ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const timed: RowRun[] = [];
  for (let i = 0; i < runs; i++) {
    t = performance.now();
    timed.push(await explainAt(i));
    process.stderr.write(`  ${tokens} tokens: run ${i + 1}/${runs} ${((performance.now() - t) / 1000).toFixed(1)} s\n`);
  }
  const profile = session ? summariseProfile((await session.post('Profiler.stop')).profile) : undefined;
  session?.disconnect();
  await model.dispose();
  const result: RowResult = {
    tokens,
    runs: timed,
    loadMs,
    profile,
    rssAfterLoadMiB,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
