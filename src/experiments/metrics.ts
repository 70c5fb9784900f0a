// Scores used by the experiments: PAG recovery against an answer key, explanation-set sizes,
// faithfulness of explanations, recommendation ranks, and agreement between explanations/PAGs.
// Pure arithmetic on plain data; every definition is stated here so the tables can be read.

export type Mark = 'tail' | 'arrow' | 'circle';

/** Structural subset of ENGINE's PagJson: edges with a < b, markA at a's end. */
export interface PagEdges {
  n: number;
  edges: { a: number; b: number; markA: Mark; markB: Mark }[];
}

const key = (a: number, b: number): string => (a < b ? `${a}-${b}` : `${b}-${a}`);

function edgeMap(p: PagEdges): Map<string, { lo: Mark; hi: Mark }> {
  const m = new Map<string, { lo: Mark; hi: Mark }>();
  for (const e of p.edges) {
    // Normalise to (low index end, high index end) whatever order the producer used.
    m.set(key(e.a, e.b), e.a < e.b ? { lo: e.markA, hi: e.markB } : { lo: e.markB, hi: e.markA });
  }
  return m;
}

export interface SkeletonScore {
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  /** TP / (TP+FP); 1 when nothing was predicted (no false claim made). */
  precision: number;
  /** TP / (TP+FN); 1 when the truth has no edges. */
  recall: number;
  /** Harmonic mean of precision and recall; 0 when both are 0. */
  f1: number;
}

/** Skeleton (adjacency) precision/recall/F1 of `learned` against `truth`, ignoring marks. */
export function skeletonScore(learned: PagEdges, truth: PagEdges): SkeletonScore {
  const l = edgeMap(learned),
    t = edgeMap(truth);
  let tp = 0;
  for (const k of l.keys()) if (t.has(k)) tp++;
  const fp = l.size - tp,
    fn = t.size - tp;
  const precision = l.size === 0 ? 1 : tp / l.size;
  const recall = t.size === 0 ? 1 : tp / t.size;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives: tp, falsePositives: fp, falseNegatives: fn, precision, recall, f1 };
}

/**
 * Orientation accuracy: over the edges present in both graphs, the fraction of edge ends
 * (two per edge) whose mark (tail/arrow/circle) agrees with the truth. null when the graphs
 * share no edge (undefined, not zero).
 */
export function orientationAccuracy(learned: PagEdges, truth: PagEdges): number | null {
  const l = edgeMap(learned),
    t = edgeMap(truth);
  let ends = 0,
    agree = 0;
  for (const [k, m] of l) {
    const tm = t.get(k);
    if (!tm) continue;
    ends += 2;
    if (m.lo === tm.lo) agree++;
    if (m.hi === tm.hi) agree++;
  }
  return ends === 0 ? null : agree / ends;
}

/**
 * Structural Hamming distance between two PAGs over the same nodes, our definition (the
 * edge-end variant used for PAGs, e.g. in causal-learn's SHD on general graphs):
 *   +1 for every edge missing from `learned`, +1 for every extra edge in `learned`,
 *   and for an edge present in both, +1 for each of its two ends whose mark differs.
 * So a correctly found adjacency costs 0, 1 or 2; a reversed directed edge (a→b vs a←b) costs 2.
 */
export function structuralHammingDistance(learned: PagEdges, truth: PagEdges): number {
  const l = edgeMap(learned),
    t = edgeMap(truth);
  let shd = 0;
  for (const [k, m] of l) {
    const tm = t.get(k);
    if (!tm) {
      shd++;
      continue;
    }
    if (m.lo !== tm.lo) shd++;
    if (m.hi !== tm.hi) shd++;
  }
  for (const k of t.keys()) if (!l.has(k)) shd++;
  return shd;
}

export interface PagScore {
  skeleton: SkeletonScore;
  orientation: number | null;
  shd: number;
}

export function scorePag(learned: PagEdges, truth: PagEdges): PagScore {
  return {
    skeleton: skeletonScore(learned, truth),
    orientation: orientationAccuracy(learned, truth),
    shd: structuralHammingDistance(learned, truth),
  };
}

/** Mean of PAG scores; orientation averages only the cases where it is defined. */
export function meanPagScore(scores: PagScore[]): {
  precision: number;
  recall: number;
  f1: number;
  orientation: number | null;
  shd: number;
  n: number;
} {
  const orient = scores.map((s) => s.orientation).filter((x): x is number => x !== null);
  return {
    precision: mean(scores.map((s) => s.skeleton.precision)) ?? NaN,
    recall: mean(scores.map((s) => s.skeleton.recall)) ?? NaN,
    f1: mean(scores.map((s) => s.skeleton.f1)) ?? NaN,
    orientation: mean(orient),
    shd: mean(scores.map((s) => s.shd)) ?? NaN,
    n: scores.length,
  };
}

export function mean(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Median (mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface SizeStats {
  /** Cases where an explanation was found within the size limit. */
  found: number;
  /** Cases where none was found (null sizes). */
  notFound: number;
  /** Mean / median size over the found cases only (null when none was found). */
  mean: number | null;
  median: number | null;
}

/** Explanation-set size statistics; `null` entries mean "no explanation within the limit". */
export function sizeStats(sizes: readonly (number | null)[]): SizeStats {
  const found = sizes.filter((s): s is number => s !== null);
  return { found: found.length, notFound: sizes.length - found.length, mean: mean(found), median: median(found) };
}

export interface MaskOutcome {
  /** The predicted label changed after masking. */
  flipped: boolean;
  /** Original probability of the originally predicted label minus its probability after masking. */
  probDrop: number;
}

export interface FaithfulnessStats {
  n: number;
  flipRate: number | null;
  meanProbDrop: number | null;
}

export function faithfulnessStats(outcomes: readonly MaskOutcome[]): FaithfulnessStats {
  return {
    n: outcomes.length,
    flipRate: mean(outcomes.map((o) => (o.flipped ? 1 : 0))),
    meanProbDrop: mean(outcomes.map((o) => o.probDrop)),
  };
}

/** Numerically stable softmax of logits. */
export function softmax(logits: readonly number[]): number[] {
  const m = Math.max(...logits);
  const e = logits.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** Outcome of masking, from the original and the masked logits (label = argmax). */
export function maskOutcome(original: readonly number[], masked: readonly number[]): MaskOutcome {
  const argmax = (v: readonly number[]) => v.reduce((bi, x, i) => (x > v[bi] ? i : bi), 0);
  const label = argmax(original);
  return { flipped: argmax(masked) !== label, probDrop: softmax(original)[label] - softmax(masked)[label] };
}

export interface RankStats {
  n: number;
  /** counts[r-1] = cases whose new top item had rank r (1-based) in the original top-K. */
  counts: number[];
  /** Cases whose new top item was not in the original top-K. */
  outside: number;
  /** Fraction with rank 2 or 3 (the paper's headline number). */
  rank2to3: number | null;
}

/** Where the replacement recommendation ranked in the original top-K (rank null = outside). */
export function rankStats(ranks: readonly (number | null)[], k = 5): RankStats {
  const counts = new Array<number>(k).fill(0);
  let outside = 0;
  for (const r of ranks) {
    if (r === null || r < 1 || r > k) outside++;
    else counts[r - 1]++;
  }
  const n = ranks.length;
  return { n, counts, outside, rank2to3: n === 0 ? null : ((counts[1] ?? 0) + (counts[2] ?? 0)) / n };
}

/** |a ∩ b| / |a ∪ b|; 1 for two empty sets (identical). */
export function jaccard(a: readonly number[], b: readonly number[]): number {
  const A = new Set(a),
    B = new Set(b);
  let inter = 0;
  for (const x of A) if (B.has(x)) inter++;
  const union = A.size + B.size - inter;
  return union === 0 ? 1 : inter / union;
}

export interface PagAgreement {
  /** Skeleton F1 of one PAG against the other (symmetric). */
  skeletonF1: number;
  /** Fraction of shared edges' ends with equal marks (null when no shared edge). */
  markAgreement: number | null;
  shd: number;
}

/** Agreement between two PAGs over the same tokens, e.g. from two layers. Symmetric. */
export function pagAgreement(a: PagEdges, b: PagEdges): PagAgreement {
  return {
    skeletonF1: skeletonScore(a, b).f1,
    markAgreement: orientationAccuracy(a, b),
    shd: structuralHammingDistance(a, b),
  };
}
