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

/** Round r = 0: every pair (ascending), independent given ∅ → edge removed, separating set ∅. */
export async function fastRound0(g: Pag, test: ParCorrTest, y: Yielder): Promise<void> {
  const n = g.n, rho = test.matrix, nodes = g.nodes;
  const { lo, hi } = fisherBand(test.samples, test.alpha, 0, criticalStatistic(test.alpha));
  let counted = 0, steps = 0;
  for (let a = 0; a < nodes.length; a++) {
    const i = nodes[a], row = i * n;
    for (let b = a + 1; b < nodes.length; b++) {
      if (++steps === YIELD_EVERY) { steps = 0; if (y.due(true)) await y.pause(); }
      const j = nodes[b];
      const r = Math.abs(rho[row + j]);
      let independent: boolean;
      if (r < lo) { independent = true; counted++; } else if (r > hi) { independent = false; counted++; } else independent = test.independent(i, j, []);
      if (independent) { g.deleteEdge(i, j); g.setEmptySepset(i, j); }
    }
  }
  test.countComputed(counted);
}

/**
 * Round r = 1: for each adjacent pair (ascending), z over the neighbours of i, then those of j that are
 * not neighbours of i (each ascending); the first z with i ⊥ j | z removes the edge. Returns whether any
 * test ran (ICD goes on while a round has tests). Neighbour lists are index arrays, shrunk in place.
 */
export async function fastRound1(g: Pag, test: ParCorrTest, y: Yielder): Promise<boolean> {
  const n = g.n, rho = test.matrix, m = g.m, nodes = g.nodes;
  const { lo, hi } = fisherBand(test.samples, test.alpha, 1, criticalStatistic(test.alpha));
  const lo2 = lo * lo, hi2 = hi * hi;
  // nb[v*n + k], k < deg[v]: the neighbours of v, ascending
  const nb = new Int32Array(n * n), deg = new Int32Array(n);
  for (const v of nodes) {
    let d = 0;
    for (const u of nodes) if (m[v * n + u] !== 0) nb[v * n + d++] = u;
    deg[v] = d;
  }
  const unlist = (v: number, u: number): void => {
    const base = v * n, end = base + deg[v];
    let k = base;
    while (nb[k] !== u) k++;
    nb.copyWithin(k, k + 1, end);
    deg[v]--;
  };
  let counted = 0, steps = 0, tested = false;
  /** i ⊥ j | z by the closed form; the exact test only inside the band or where the closed form degenerates. */
  const independent = (i: number, j: number, z: number, rij: number): boolean => {
    const riz = rho[i * n + z], rjz = rho[j * n + z];
    const den = (1 - riz * riz) * (1 - rjz * rjz);
    if (den > 0) {
      const num = rij - riz * rjz, num2 = num * num;
      if (num2 < lo2 * den) { counted++; return true; }
      if (num2 > hi2 * den) { counted++; return false; }
    }
    return test.independent(i, j, [z]);
  };
  for (let a = 0; a < nodes.length; a++) {
    const i = nodes[a], rowI = i * n;
    for (let b = a + 1; b < nodes.length; b++) {
      const j = nodes[b];
      if (m[rowI + j] === 0) continue;
      const rij = rho[rowI + j];
      let sep = -1;
      for (let k = rowI, end = rowI + deg[i]; k < end && sep < 0; k++) {
        const z = nb[k];
        if (z === j) continue;
        tested = true;
        if (++steps === YIELD_EVERY) { steps = 0; if (y.due(true)) await y.pause(); }
        if (independent(i, j, z, rij)) sep = z;
      }
      for (let k = j * n, end = k + deg[j]; k < end && sep < 0; k++) {
        const z = nb[k];
        if (z === i || m[rowI + z] !== 0) continue; // already tried as a neighbour of i
        tested = true;
        if (++steps === YIELD_EVERY) { steps = 0; if (y.due(true)) await y.pause(); }
        if (independent(i, j, z, rij)) sep = z;
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
