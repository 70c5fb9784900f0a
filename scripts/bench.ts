// `npm run bench`: timing tables, one section each. The engine section is always run; the model
// section (scripts/bench-model.ts) runs when that file is present.
// Options: --sizes 16,32,64 (engine sizes), --runs N (engine runs per size), --only engine|model
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { attentionToCorrelation, explainCleann, learnPag } from '../src/engine';
import { syntheticAttention } from '../src/engine/testing/attention';

interface BenchSection { name: string; run(): Promise<string> }

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

const SAMPLES = 768;

async function engineSection(): Promise<string> {
  const sizes = arg('sizes')?.split(',').map(Number) ?? [16, 32, 64, 128, 256];
  const runsFor = (n: number): number => Number(arg('runs') ?? (n <= 64 ? 5 : n <= 128 ? 3 : 1));
  const rows: string[] = [];
  const pad = (v: string | number, w: number): string => String(v).padStart(w);
  rows.push(`${pad('nodes', 5)} ${pad('runs', 4)} ${pad('correlation', 11)} ${pad('PAG median', 10)} ${pad('PAG min', 9)} ${pad('PAG cpu', 9)} ${pad('CI tests', 9)} ${pad('iter', 4)} ${pad('edges', 6)} ${pad('CLEANN', 8)} ${pad('cands', 5)}`);
  for (const n of sizes) {
    // attention-like input: row softmax of seeded scores with a local window, hub tokens and random links
    const att = syntheticAttention(n, n);
    const corrTimes: number[] = [], pagTimes: number[] = [], cpuTimes: number[] = [], cleannTimes: number[] = [];
    let tests = 0, iterations = 0, edges = 0, cands = 0;
    for (let r = 0; r < runsFor(n); r++) {
      let t = performance.now();
      const corr = attentionToCorrelation(att);
      corrTimes.push(performance.now() - t);
      t = performance.now();
      const c0 = process.cpuUsage();
      const res = await learnPag(corr, { samples: SAMPLES });
      const cu = process.cpuUsage(c0);
      pagTimes.push(performance.now() - t);
      cpuTimes.push((cu.user + cu.system) / 1000);
      t = performance.now();
      const ex = await explainCleann(res.pag, 0);
      cleannTimes.push(performance.now() - t);
      tests = res.ciTests; iterations = res.iterations; edges = res.json.edges.length; cands = ex.candidates.length;
    }
    const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x < 1000 ? x.toFixed(1) : x.toFixed(0));
    rows.push(`${pad(n, 5)} ${pad(runsFor(n), 4)} ${pad(ms(median(corrTimes)), 11)} ${pad(ms(median(pagTimes)), 10)} ${pad(ms(Math.min(...pagTimes)), 9)} ${pad(ms(median(cpuTimes)), 9)} ${pad(tests, 9)} ${pad(iterations, 4)} ${pad(edges, 6)} ${pad(ms(median(cleannTimes)), 8)} ${pad(cands, 5)}`);
    process.stderr.write(`engine: ${n} nodes done\n`);
  }
  return [
    `Engine (ms; samples ${SAMPLES}, alpha 0.01; synthetic softmax attention, seeded; CLEANN without a tester, target 0)`,
    ...rows,
    'correlation = A·Aᵀ → correlation; PAG = ICD to convergence (wall median / min / process CPU median); CI tests = tests computed',
  ].join('\n');
}

async function modelSection(): Promise<string> {
  const file = path.join(__dirname, 'bench-model.ts');
  const mod = (await import(file)) as {
    benchModel(o: { log?: (l: string) => void }): Promise<unknown>;
    formatModelBench(r: unknown): string;
  };
  return mod.formatModelBench(await mod.benchModel({ log: (l) => process.stderr.write(`${l}\n`) }));
}

async function main(): Promise<void> {
  const only = arg('only');
  const sections: BenchSection[] = [{ name: 'engine', run: engineSection }];
  if (existsSync(path.join(__dirname, 'bench-model.ts'))) sections.push({ name: 'model', run: modelSection });
  const load = os.loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`causal-lens bench — ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}, load average ${load}`);
  for (const s of sections) {
    if (only && s.name !== only) continue;
    console.log('');
    console.log(await s.run());
  }
}

main().catch((e: unknown) => { console.error(e); process.exitCode = 1; });
