// The paper's baselines: rank tokens by raw attention of the target, or by attention rollout
// (Abnar & Zuidema 2020), and grow the top-k set until the same explanation tester says yes.
import { EngineInputError } from './errors';

function rankRow(row: readonly number[], target: number, exclude: readonly number[]): number[] {
  const skip = new Set([target, ...exclude]);
  const idx: number[] = [];
  for (let j = 0; j < row.length; j++) if (!skip.has(j)) idx.push(j);
  // highest score first; ties by position, so the ranking is deterministic
  return idx.sort((a, b) => row[b] - row[a] || a - b);
}

function checkTarget(n: number, target: number): void {
  if (!Number.isInteger(target) || target < 0 || target >= n)
    throw new EngineInputError(`target ${target} is outside 0..${n - 1}`);
}

/** Tokens ranked by the target's attention to them (row `target` of the seq×seq attention), target and `exclude` left out. */
export function rawAttentionRanking(
  att: readonly (readonly number[])[],
  target: number,
  exclude: readonly number[] = [],
): number[] {
  checkTarget(att.length, target);
  return rankRow(att[target], target, exclude);
}

/**
 * Attention rollout: R = Â_L ··· Â_1 with Â_l = ½·A_l + ½·I re-normalised per row (residual connection),
 * layers given first to last (each head-averaged, seq×seq); tokens ranked by row `target` of R.
 */
export function rollout(layers: readonly (readonly (readonly number[])[])[]): number[][] {
  const n = checkLayers(layers);
  let r: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (const a of layers) {
    const hat = residualAttention(a);
    const next = Array.from({ length: n }, () => new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++)
      for (let k = 0; k < n; k++) {
        const h = hat[i][k];
        if (h === 0) continue;
        for (let j = 0; j < n; j++) next[i][j] += h * r[k][j];
      }
    r = next;
  }
  return r;
}

/** Row `target` of the rollout, eₜᵀ·Â_L···Â_1, by vector–matrix products: O(L·n²) instead of the full
 *  matrix's O(L·n³) (173 tokens, 2 layers, warm: 3–4 ms vs 28–41 ms; it blocked the host ~100 ms). */
export function rolloutRow(layers: readonly (readonly (readonly number[])[])[], target: number): number[] {
  const n = checkLayers(layers);
  checkTarget(n, target);
  let v: number[] = Array.from({ length: n }, (_, j) => (j === target ? 1 : 0));
  for (let l = layers.length - 1; l >= 0; l--) {
    const hat = residualAttention(layers[l]);
    const next = new Array<number>(n).fill(0);
    for (let k = 0; k < n; k++) {
      const w = v[k];
      if (w === 0) continue;
      const row = hat[k];
      for (let j = 0; j < n; j++) next[j] += w * row[j];
    }
    v = next;
  }
  return v;
}

function checkLayers(layers: readonly (readonly (readonly number[])[])[]): number {
  if (layers.length === 0) throw new EngineInputError('attention rollout needs at least one layer');
  const n = layers[0].length;
  for (const [l, a] of layers.entries()) {
    if (a.length !== n || a.some((row) => row.length !== n)) throw new EngineInputError(`layer ${l} is not ${n}×${n}`);
  }
  return n;
}

/** Â = ½·A + ½·I, rows re-normalised (the residual connection). */
function residualAttention(a: readonly (readonly number[])[]): number[][] {
  return a.map((row, i) => {
    const h = row.map((v, j) => 0.5 * v + (i === j ? 0.5 : 0));
    const s = h.reduce((p, q) => p + q, 0);
    return h.map((v) => v / s);
  });
}

export function rolloutRanking(
  layers: readonly (readonly (readonly number[])[])[],
  target: number,
  exclude: readonly number[] = [],
): number[] {
  return rankRow(rolloutRow(layers, target), target, exclude);
}

export interface BaselineResult {
  /** The first top-k set the tester confirmed, or null. */
  set: number[] | null;
  size: number | null;
  testsRun: number;
}

/** Try the top-1, top-2, … sets of a ranking (up to maxSize) with the explanation tester. */
export async function baselineExplanation(
  ranking: readonly number[],
  tester: (subset: number[]) => Promise<boolean>,
  maxSize = ranking.length,
): Promise<BaselineResult> {
  let testsRun = 0;
  for (let k = 1; k <= Math.min(maxSize, ranking.length); k++) {
    const set = ranking.slice(0, k);
    testsRun++;
    if (await tester(set.slice())) return { set, size: k, testsRun };
  }
  return { set: null, size: null, testsRun };
}
