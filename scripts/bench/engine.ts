// `npm run bench -- --engine`: the engine alone on synthetic softmax attention (seeded; a local
// window, hub tokens and random links), a denser worst case than a trained model's attention.
import { attentionToCorrelation, explainCleann, learnPag } from '../../src/engine';
import { syntheticAttention } from '../../src/engine/testing/attention';
import { median } from './stats';

const SAMPLES = 768;

export async function engineTable(sizes: number[], runs: (n: number) => number, log: (l: string) => void): Promise<string> {
  const pad = (v: string | number, w: number): string => String(v).padStart(w);
  const rows = [`${pad('nodes', 5)} ${pad('runs', 4)} ${pad('correlation', 11)} ${pad('PAG median', 10)} ${pad('PAG min', 9)} ${pad('PAG cpu', 9)} ${pad('CI tests', 9)} ${pad('iter', 4)} ${pad('edges', 6)} ${pad('CLEANN', 8)} ${pad('cands', 5)}`];
  for (const n of sizes) {
    const att = syntheticAttention(n, n);
    const corrTimes: number[] = [], pagTimes: number[] = [], cpuTimes: number[] = [], cleannTimes: number[] = [];
    let tests = 0, iterations = 0, edges = 0, cands = 0;
    for (let r = 0; r < runs(n); r++) {
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
    rows.push(`${pad(n, 5)} ${pad(runs(n), 4)} ${pad(ms(median(corrTimes)), 11)} ${pad(ms(median(pagTimes)), 10)} ${pad(ms(Math.min(...pagTimes)), 9)} ${pad(ms(median(cpuTimes)), 9)} ${pad(tests, 9)} ${pad(iterations, 4)} ${pad(edges, 6)} ${pad(ms(median(cleannTimes)), 8)} ${pad(cands, 5)}`);
    log(`engine: ${n} nodes done`);
  }
  return [
    `Engine alone (ms; synthetic softmax attention, seeded; samples ${SAMPLES}, alpha 0.01; CLEANN without a tester, target 0)`,
    ...rows,
    'correlation = A·Aᵀ → correlation; PAG = ICD to convergence (wall median / min / process CPU median); CI tests = tests computed',
  ].join('\n');
}
