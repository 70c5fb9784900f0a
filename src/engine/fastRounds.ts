// ICD rounds r = 0 and r = 1 with the partial-correlation test as tight loops over typed arrays: the
// closed forms for |S| ≤ 1 read straight from the correlation matrix, each verdict settled by comparing
// against the Fisher band (./fisherBand.ts) and only near the threshold by the exact test; no cache
// entries, no per-test objects. The pairs and candidates go in exactly the order of the straightforward
// loops in icd.ts (kept as the oracle of the fast-path property test), so the PAG and the separating
// sets are the same bit for bit.
import type { ParCorrTest } from './ciTest';
import { criticalStatistic, fisherBand } from './fisherBand';
import type { Pag } from './pag';
import type { Yielder } from './yielder';

/** Tests between two looks at the clock (the yielder reads it at most every 8th call anyway). */
const YIELD_EVERY = 1024;

/** Share of the pairs (a, b > a) of k nodes that come before row a. */
export function pairShare(a: number, k: number): number {
  return k < 2 ? 1 : (a * (2 * k - a - 1)) / (k * (k - 1));
}

/** Round r = 0: every pair (ascending), independent given ∅ → edge removed, separating set ∅. */
export async function fastRound0(g: Pag, test: ParCorrTest, y: Yielder): Promise<void> {
  const n = g.n,
    rho = test.matrix,
    nodes = g.nodes;
  const { lo, hi } = fisherBand(test.samples, test.alpha, 0, criticalStatistic(test.alpha));
  let counted = 0,
    steps = 0;
  for (let a = 0; a < nodes.length; a++) {
    const i = nodes[a],
      row = i * n;
    y.progress = pairShare(a, nodes.length);
    for (let b = a + 1; b < nodes.length; b++) {
      if (++steps === YIELD_EVERY) {
        steps = 0;
        if (y.due(true)) await y.pause();
      }
      const j = nodes[b];
      const r = Math.abs(rho[row + j]);
      let independent: boolean;
      if (r < lo) {
        independent = true;
        counted++;
      } else if (r > hi) {
        independent = false;
        counted++;
      } else independent = test.independent(i, j, []);
      if (independent) {
        g.deleteEdge(i, j);
        g.setEmptySepset(i, j);
      }
    }
  }
  test.countComputed(counted);
}

/**
 * Round r = 1: for each adjacent pair (ascending), z over the neighbours of i, then those of j that are
 * not neighbours of i (each ascending); the first z with i ⊥ j | z removes the edge. Returns whether any
 * test ran (ICD goes on while a round has tests). Neighbour lists are index arrays, shrunk in place.
 * `check` (ICD's budget) runs every YIELD_EVERY tests and may throw to abandon the round.
 */
export async function fastRound1(g: Pag, test: ParCorrTest, y: Yielder, check?: () => void): Promise<boolean> {
  const n = g.n,
    rho = test.matrix,
    m = g.m,
    nodes = g.nodes;
  const { lo, hi } = fisherBand(test.samples, test.alpha, 1, criticalStatistic(test.alpha));
  const lo2 = lo * lo,
    hi2 = hi * hi;
  // nb[v*n + k], k < deg[v]: the neighbours of v, ascending
  const nb = new Int32Array(n * n),
    deg = new Int32Array(n);
  for (const v of nodes) {
    let d = 0;
    for (const u of nodes) if (m[v * n + u] !== 0) nb[v * n + d++] = u;
    deg[v] = d;
  }
  const unlist = (v: number, u: number): void => {
    const base = v * n,
      end = base + deg[v];
    let k = base;
    while (nb[k] !== u) k++;
    nb.copyWithin(k, k + 1, end);
    deg[v]--;
  };
  let counted = 0,
    steps = 0,
    tested = false;
  for (let a = 0; a < nodes.length; a++) {
    const i = nodes[a],
      rowI = i * n;
    y.progress = pairShare(a, nodes.length);
    for (let b = a + 1; b < nodes.length; b++) {
      const j = nodes[b];
      if (m[rowI + j] === 0) continue;
      const rowJ = j * n,
        rij = rho[rowI + j];
      let sep = -1;
      // the candidates: i's neighbours, then j's that are not i's; the pair's edges stay put meanwhile
      for (let pass = 0; pass < 2 && sep < 0; pass++) {
        const base = pass === 0 ? rowI : rowJ;
        for (let k = base, end = base + deg[pass === 0 ? i : j]; k < end; k++) {
          const z = nb[k];
          if (pass === 0 ? z === j : z === i || m[rowI + z] !== 0) continue;
          tested = true;
          if (++steps === YIELD_EVERY) {
            steps = 0;
            if (check) {
              // the budget reads the test count: bring it up to date first
              test.countComputed(counted);
              counted = 0;
              check();
            }
            if (y.due(true)) await y.pause();
          }
          // i ⊥ j | z: closed form against the band; the exact test inside it or where the form degenerates
          const riz = rho[rowI + z],
            rjz = rho[rowJ + z];
          const den = (1 - riz * riz) * (1 - rjz * rjz);
          const num = rij - riz * rjz,
            num2 = num * num;
          let independent: boolean;
          if (den > 0 && num2 < lo2 * den) {
            counted++;
            independent = true;
          } else if (den > 0 && num2 > hi2 * den) {
            counted++;
            independent = false;
          } else independent = test.independent(i, j, [z]);
          if (independent) {
            sep = z;
            break;
          }
        }
      }
      if (sep >= 0) {
        g.deleteEdge(i, j);
        g.setSingleSepset(i, j, sep);
        unlist(i, j);
        unlist(j, i);
      }
    }
  }
  test.countComputed(counted);
  return tested;
}
