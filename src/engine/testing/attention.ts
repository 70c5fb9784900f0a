// Attention-like matrices for benchmarks and tests: row-wise softmax of seeded random scores with the
// structure real heads show — a local window, a few "hub" tokens everyone reads ([CLS]/[SEP]-like), and
// some token-to-token links.
import { rng } from './dag';

export function syntheticAttention(n: number, seed: number, temperature = 1): number[][] {
  const rand = rng(seed);
  const hubs = new Set([0, n - 1]);
  const links = Array.from({ length: n }, () => Math.floor(rand() * n));
  return Array.from({ length: n }, (_, i) => {
    const s = Array.from({ length: n }, (_, j) => {
      let v = 2 * (rand() - 0.5);
      if (Math.abs(i - j) <= 1) v += 2;
      if (hubs.has(j)) v += 1.5;
      if (links[i] === j) v += 3;
      return v / temperature;
    });
    const mx = Math.max(...s);
    const e = s.map((v) => Math.exp(v - mx));
    const z = e.reduce((p, q) => p + q, 0);
    return e.map((v) => v / z);
  });
}
