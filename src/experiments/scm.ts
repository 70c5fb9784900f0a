// Synthetic linear-Gaussian structural causal models (SCMs), their samples, their symbol
// sequences, and a d-separation oracle — the ground truth of the synthetic experiment.
//
// Model: X_j = Σ_{i→j} w_ij X_i + ε_j, ε_j ~ N(0, σ_j²), nodes indexed in a topological order
// (every edge goes from a lower to a higher index). A hidden confounder is an extra node that is
// sampled like the others but never appears in the sequence (it is marginalised).
//
// Sequences: one position per observed variable, in index order. The value of variable i is
// discretised into K equiprobable bins of its marginal N(0, Var X_i) and written as the symbol
// `SYMBOL_OFFSET + i·K + bin` (a per-variable vocabulary of K symbols). Predicting a masked
// position's symbol from the others is best done from its Markov blanket (parents, children,
// and the children's other parents): a masked-symbol model has to attend to the causal
// neighbourhood of each position, which is what ABCD reads back out of its attention.
import { Matrix, inverse } from 'ml-matrix';

/** Deterministic PRNG (mulberry32) with a Box–Muller normal; same seed → same numbers. */
export class Rng {
  private s: number;
  private spare: number | null = null;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  normal(): number {
    if (this.spare !== null) {
      const s = this.spare;
      this.spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }
}

/** A shuffled copy of `xs` (Fisher–Yates, drawing from `rng`). */
export function shuffle<T>(xs: readonly T[], rng: Rng): T[] {
  const a = xs.slice();
  for (let i = a.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

/** 32-bit FNV-1a of a string (seeds per item, cache keys). */
export function fnv1a(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

export interface Scm {
  /** Shape name, e.g. "chain-6". */
  name: string;
  /** Number of variables including hidden ones. */
  n: number;
  /** weights[i][j] ≠ 0 ⇔ edge i→j (i < j). */
  weights: number[][];
  noiseStd: number[];
  /** Indices of hidden (marginalised) variables. */
  hidden: number[];
}

export type ShapeKind = 'chain' | 'fork' | 'collider' | 'random' | 'confounded';

export interface ShapeSpec {
  kind: ShapeKind;
  nodes: number;
  seed: number;
}

function edgeWeight(rng: Rng): number {
  // |w| in [0.5, 1.2] with a random sign: away from 0 so dependencies are detectable.
  return (rng.next() < 0.5 ? -1 : 1) * rng.uniform(0.5, 1.2);
}

/**
 * Build an SCM of a named shape with `nodes` observed variables.
 * chain: 0→1→…; fork: 0→every other node; collider: all but the last two → n−2 → n−1
 * (a many-parent collider with one child, so orientation propagates); random: each pair i<j an
 * edge with probability 2/(n−1) (mean degree ≈ 2); confounded: a random DAG over the observed
 * variables plus one hidden root with edges into two observed non-adjacent variables.
 */
export function makeScm(spec: ShapeSpec): Scm {
  const rng = new Rng(spec.seed);
  const obs = spec.nodes;
  const n = spec.kind === 'confounded' ? obs + 1 : obs;
  const W = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const add = (i: number, j: number) => {
    W[i][j] = edgeWeight(rng);
  };
  const hidden: number[] = [];
  if (spec.kind === 'chain') for (let i = 0; i + 1 < obs; i++) add(i, i + 1);
  else if (spec.kind === 'fork') for (let j = 1; j < obs; j++) add(0, j);
  else if (spec.kind === 'collider') {
    for (let i = 0; i < obs - 2; i++) add(i, obs - 2);
    add(obs - 2, obs - 1);
  } else {
    // Random DAG over the observed variables. In the confounded shape the hidden node is index 0
    // (a root) and the observed ones are 1..obs, so index order stays topological.
    const off = spec.kind === 'confounded' ? 1 : 0;
    const p = 2 / (obs - 1);
    for (let i = 0; i < obs; i++) for (let j = i + 1; j < obs; j++) if (rng.next() < p) add(i + off, j + off);
    if (spec.kind === 'confounded') {
      hidden.push(0);
      const pairs: [number, number][] = [];
      for (let i = 1; i <= obs; i++) for (let j = i + 1; j <= obs; j++) if (W[i][j] === 0) pairs.push([i, j]);
      const [a, b] = pairs.length ? pairs[rng.int(pairs.length)] : [1, 2];
      add(0, a);
      add(0, b);
    }
  }
  const noiseStd = Array.from({ length: n }, () => rng.uniform(0.5, 1.0));
  return { name: `${spec.kind}-${obs}`, n, weights: W, noiseStd, hidden };
}

export function observedIndices(scm: Scm): number[] {
  const h = new Set(scm.hidden);
  return Array.from({ length: scm.n }, (_, i) => i).filter((i) => !h.has(i));
}

/** Population covariance of all variables: M·diag(σ²)·Mᵀ with M = (I − Wᵀ)⁻¹. */
export function populationCovariance(scm: Scm): number[][] {
  const I = Matrix.eye(scm.n);
  const M = inverse(I.sub(new Matrix(scm.weights).transpose()));
  const D = Matrix.diag(scm.noiseStd.map((s) => s * s));
  const c = M.mmul(D).mmul(M.transpose()).to2DArray();
  // Exactly symmetric (the product is only symmetric up to rounding; the engine checks).
  return c.map((row, i) => row.map((v, j) => (i === j ? v : (v + c[j][i]) / 2)));
}

export function covToCorr(cov: number[][]): number[][] {
  return cov.map((row, i) => row.map((c, j) => (i === j ? 1 : c / Math.sqrt(cov[i][i] * cov[j][j]))));
}

/** The exact covariance matrix of the observed variables (sequence positions). */
export function observedCovariance(scm: Scm): number[][] {
  const cov = populationCovariance(scm);
  const o = observedIndices(scm);
  return o.map((i) => o.map((j) => cov[i][j]));
}

/** The exact correlation matrix of the observed variables (sequence positions). */
export function observedCorrelation(scm: Scm): number[][] {
  return covToCorr(observedCovariance(scm));
}

/** Draw `count` samples of all variables (rows), in topological (index) order. */
export function sampleScm(scm: Scm, count: number, rng: Rng): number[][] {
  const out: number[][] = [];
  for (let s = 0; s < count; s++) {
    const x = new Array<number>(scm.n).fill(0);
    for (let j = 0; j < scm.n; j++) {
      let v = scm.noiseStd[j] * rng.normal();
      for (let i = 0; i < j; i++) if (scm.weights[i][j] !== 0) v += scm.weights[i][j] * x[i];
      x[j] = v;
    }
    out.push(x);
  }
  return out;
}

/** Sample correlation of the observed columns. */
export function sampleCorrelation(scm: Scm, samples: number[][]): number[][] {
  const o = observedIndices(scm);
  const d = o.length,
    n = samples.length;
  const mu = o.map((i) => samples.reduce((s, r) => s + r[i], 0) / n);
  const cov = Array.from({ length: d }, () => new Array<number>(d).fill(0));
  for (const r of samples)
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[a][b] += (r[o[a]] - mu[a]) * (r[o[b]] - mu[b]);
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) cov[a][b] = cov[b][a];
  return covToCorr(cov);
}

export const SPECIAL_SYMBOLS = { pad: 0, mask: 1 } as const;
export const SYMBOL_OFFSET = 2;

/** Inverse standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [
    -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1,
    2.506628277459239,
  ];
  const b = [
    -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1,
  ];
  const c = [
    -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - lo) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return (
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  const q = p - 0.5,
    r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/** Symbol sequences of samples: one symbol per observed variable (see the header comment). */
export function toSequences(scm: Scm, samples: number[][], bins: number): number[][] {
  const cov = populationCovariance(scm);
  const o = observedIndices(scm);
  const cuts = o.map((i) =>
    Array.from({ length: bins - 1 }, (_, k) => Math.sqrt(cov[i][i]) * normalQuantile((k + 1) / bins)),
  );
  return samples.map((r) =>
    o.map((i, pos) => {
      let bin = 0;
      while (bin < bins - 1 && r[i] > cuts[pos][bin]) bin++;
      return SYMBOL_OFFSET + pos * bins + bin;
    }),
  );
}

function parentsOf(scm: Scm): number[][] {
  return Array.from({ length: scm.n }, (_, j) =>
    Array.from({ length: scm.n }, (_, i) => i).filter((i) => scm.weights[i][j] !== 0),
  );
}

/** Is `a` an ancestor of `b` (a directed path a→…→b, a ≠ b)? */
export function isAncestor(scm: Scm, a: number, b: number): boolean {
  const par = parentsOf(scm);
  const seen = new Set<number>();
  const stack = [...par[b]];
  while (stack.length) {
    const v = stack.pop()!;
    if (v === a) return true;
    if (seen.has(v)) continue;
    seen.add(v);
    stack.push(...par[v]);
  }
  return false;
}

/** d-separation of x and y given z in the SCM's DAG (moralised ancestral graph criterion). */
export function dSeparated(scm: Scm, x: number, y: number, z: readonly number[]): boolean {
  const par = parentsOf(scm);
  const anc = new Set<number>();
  const stack = [x, y, ...z];
  while (stack.length) {
    const v = stack.pop()!;
    if (anc.has(v)) continue;
    anc.add(v);
    stack.push(...par[v]);
  }
  const adj = new Map<number, Set<number>>();
  for (const v of anc) adj.set(v, new Set());
  const link = (a: number, b: number) => {
    adj.get(a)!.add(b);
    adj.get(b)!.add(a);
  };
  for (const v of anc) {
    const ps = par[v];
    for (const p of ps) link(p, v);
    for (let i = 0; i < ps.length; i++) for (let j = i + 1; j < ps.length; j++) link(ps[i], ps[j]);
  }
  const blocked = new Set(z);
  const seen = new Set<number>([x]);
  const queue = [x];
  while (queue.length) {
    const v = queue.shift()!;
    if (v === y) return false;
    for (const w of adj.get(v)!)
      if (!seen.has(w) && !blocked.has(w)) {
        seen.add(w);
        queue.push(w);
      }
  }
  return true;
}

/**
 * Skeleton of the maximal ancestral graph (MAG) over the observed variables: positions p<q are
 * adjacent iff no subset of the other observed variables d-separates them. This is the
 * skeleton every correct PAG must have (edges over sequence positions 0..d−1).
 */
export function magSkeleton(scm: Scm): [number, number][] {
  const o = observedIndices(scm);
  const out: [number, number][] = [];
  for (let p = 0; p < o.length; p++) {
    for (let q = p + 1; q < o.length; q++) {
      const others = o.filter((_, k) => k !== p && k !== q);
      let separable = false;
      for (let mask = 0; mask < 1 << others.length && !separable; mask++) {
        const z = others.filter((_, k) => mask & (1 << k));
        if (dSeparated(scm, o[p], o[q], z)) separable = true;
      }
      if (!separable) out.push([p, q]);
    }
  }
  return out;
}
