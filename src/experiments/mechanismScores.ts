// Scores of the mechanism experiment: threshold-free skeleton ranking (average precision),
// edge-mark precision/recall against a true PAG, and the agreement of two correlation matrices.
// Pure arithmetic on plain data; definitions stated here so the tables can be read.
import { ParCorrTest } from '../engine';
import type { Mark, PagEdges } from './metrics';

/** All pairs i < j of d nodes, in row order: the items every ranking scores. */
export function pairs(d: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < d; i++) for (let j = i + 1; j < d; j++) out.push([i, j]);
  return out;
}

/**
 * Average precision (area under the precision–recall curve, step-wise): items sorted by score,
 * highest first; at each distinct score the whole tied group enters at once and contributes
 * (recall gained) × (precision after the group). null when no item is positive.
 */
export function averagePrecision(scores: readonly number[], positive: readonly boolean[]): number | null {
  const total = positive.filter(Boolean).length;
  if (total === 0) return null;
  if (scores.some((s) => Number.isNaN(s))) throw new RangeError('averagePrecision: a score is NaN');
  const order = scores.map((_, i) => i).sort((a, b) => scores[b] - scores[a]);
  let seen = 0,
    hits = 0,
    ap = 0;
  for (let k = 0; k < order.length;) {
    let groupHits = 0,
      groupSize = 0;
    const s = scores[order[k]];
    while (k < order.length && scores[order[k]] === s) {
      if (positive[order[k]]) groupHits++;
      groupSize++;
      k++;
    }
    seen += groupSize;
    hits += groupHits;
    ap += (groupHits / total) * (hits / seen);
  }
  return ap;
}

/** Expected average precision of a uniformly random order of `items` with `positives` positives (exact, by enumeration). */
export function chanceAveragePrecision(items: number, positives: number): number {
  let sum = 0,
    count = 0;
  const walk = (start: number, chosen: number[]) => {
    if (chosen.length === positives) {
      const labels = Array.from({ length: items }, (_, i) => chosen.includes(i));
      sum += averagePrecision(
        labels.map((_, i) => items - i),
        labels,
      )!;
      count++;
      return;
    }
    for (let i = start; i < items; i++) walk(i + 1, [...chosen, i]);
  };
  walk(0, []);
  return sum / count;
}

/**
 * ABCD's edge evidence per pair, threshold-free: the smallest Fisher-z statistic
 * |sqrt(n − |S| − 3)·atanh(r_xy·S)| over every conditioning set S of the other nodes — the pair
 * is removed from the skeleton at level α exactly when this falls below the α critical value
 * (an exhaustive-search skeleton; fine for the 5-node graphs here). Larger = more edge-like.
 */
export function partialCorrelationEdgeScores(corr: number[][], samples: number): number[] {
  const d = corr.length;
  const test = new ParCorrTest(corr, { samples });
  return pairs(d).map(([x, y]) => {
    const others = Array.from({ length: d }, (_, i) => i).filter((i) => i !== x && i !== y);
    let best = Infinity;
    for (let mask = 0; mask < 1 << others.length; mask++) {
      const s = others.filter((_, k) => mask & (1 << k));
      const pc = test.partialCorrelation(x, y, s);
      // A singular sub-matrix gives no test (NaN); the engine's learner then keeps the edge too.
      if (!Number.isFinite(pc)) continue;
      const r = Math.min(Math.abs(pc), 1 - 1e-12);
      best = Math.min(best, Math.sqrt(Math.max(samples - s.length - 3, 0)) * Math.atanh(r));
    }
    return best;
  });
}

/** Raw attention's edge evidence per pair: the symmetric weight (|A_ij| + |A_ji|) / 2. */
export function attentionEdgeScores(att: number[][]): number[] {
  return pairs(att.length).map(([i, j]) => (Math.abs(att[i][j]) + Math.abs(att[j][i])) / 2);
}

/** Which pairs (in `pairs` order) are edges of the PAG. */
export function edgeLabels(pag: PagEdges): boolean[] {
  const has = new Set(pag.edges.map((e) => `${Math.min(e.a, e.b)}-${Math.max(e.a, e.b)}`));
  return pairs(pag.n).map(([i, j]) => has.has(`${i}-${j}`));
}

export interface Counts {
  /** Claims that match the truth. */
  hit: number;
  /** Claims made. */
  claimed: number;
  /** Instances in the truth. */
  actual: number;
}

/** Edge ends as "edgeKey@endpoint" → mark. */
function ends(p: PagEdges): Map<string, Mark> {
  const m = new Map<string, Mark>();
  for (const e of p.edges) {
    const k = `${Math.min(e.a, e.b)}-${Math.max(e.a, e.b)}`;
    m.set(`${k}@${e.a}`, e.markA);
    m.set(`${k}@${e.b}`, e.markB);
  }
  return m;
}

/**
 * Edge-end marks of one kind: claimed = ends the learned PAG marks `mark`, actual = ends the
 * true PAG marks `mark`, hit = claimed ends whose edge is in the truth with the same mark there.
 * A PAG of circles only claims nothing (precision undefined, recall 0).
 */
export function markCounts(learned: PagEdges, truth: PagEdges, mark: Mark): Counts {
  const l = ends(learned),
    t = ends(truth);
  let hit = 0,
    claimed = 0,
    actual = 0;
  for (const [k, m] of l)
    if (m === mark) {
      claimed++;
      if (t.get(k) === mark) hit++;
    }
  for (const m of t.values()) if (m === mark) actual++;
  return { hit, claimed, actual };
}

/** Bidirected edges (↔, arrowheads at both ends: a latent confounder): claimed, actual, hit. */
export function bidirectedCounts(learned: PagEdges, truth: PagEdges): Counts {
  const bi = (p: PagEdges) =>
    new Set(
      p.edges
        .filter((e) => e.markA === 'arrow' && e.markB === 'arrow')
        .map((e) => `${Math.min(e.a, e.b)}-${Math.max(e.a, e.b)}`),
    );
  const l = bi(learned),
    t = bi(truth);
  let hit = 0;
  for (const k of l) if (t.has(k)) hit++;
  return { hit, claimed: l.size, actual: t.size };
}

/** Skeleton counts in the same form: claimed edges, true edges, hits. */
export function skeletonCounts(learned: PagEdges, truth: PagEdges): Counts {
  const l = edgeLabels(learned),
    t = edgeLabels(truth);
  return {
    hit: l.filter((x, i) => x && t[i]).length,
    claimed: l.filter(Boolean).length,
    actual: t.filter(Boolean).length,
  };
}

/** Precision = hit/claimed (null when nothing was claimed), recall = hit/actual (null when nothing is true). */
export function precisionRecall(c: Counts): { precision: number | null; recall: number | null } {
  return {
    precision: c.claimed ? c.hit / c.claimed : null,
    recall: c.actual ? c.hit / c.actual : null,
  };
}

export function addCounts(xs: readonly Counts[]): Counts {
  return xs.reduce((s, c) => ({ hit: s.hit + c.hit, claimed: s.claimed + c.claimed, actual: s.actual + c.actual }), {
    hit: 0,
    claimed: 0,
    actual: 0,
  });
}

/** Off-diagonal entries (i < j) of a square matrix, optionally restricted to indices ≥ from. */
export function offDiagonal(m: number[][], from = 0): number[] {
  const out: number[] = [];
  for (let i = from; i < m.length; i++) for (let j = i + 1; j < m.length; j++) out.push(m[i][j]);
  return out;
}

export function pearson(x: readonly number[], y: readonly number[]): number | null {
  const n = x.length;
  if (n < 2) return null;
  const mx = x.reduce((s, v) => s + v, 0) / n,
    my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) ** 2;
    syy += (y[i] - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : null;
}

/** How well two correlation matrices agree off the diagonal: mean |difference| and Pearson r of the entries. */
export function offDiagonalAgreement(
  a: number[][],
  b: number[][],
  from = 0,
): { meanAbsDiff: number; pearson: number | null } {
  const x = offDiagonal(a, from),
    y = offDiagonal(b, from);
  return { meanAbsDiff: x.reduce((s, v, i) => s + Math.abs(v - y[i]), 0) / x.length, pearson: pearson(x, y) };
}
