// Partial-correlation CI test with Fisher's z (the reference's CondIndepParCorr), on a correlation matrix.
import type { CiTest } from './types';
import { criticalStatistic, fisherBand, type FisherBand } from './fisherBand';
import { normalCdf } from './normal';

/** Reference default p-value threshold (CLEANN's p_val_th = 1e-2). */
export const DEFAULT_ALPHA = 0.01;
/** Effective sample size when none is given: the hidden size of BERT-base / DistilBERT (the reference passes config.hidden_size). */
export const DEFAULT_SAMPLES = 768;

/** Inverse of a small symmetric positive-definite matrix (row-major, k×k) by Gauss–Jordan with partial pivoting. */
function invertSmall(a: Float64Array, k: number): Float64Array {
  const inv = new Float64Array(k * k);
  invertInto(Float64Array.from(a), inv, k);
  return inv;
}

/** invertSmall's elimination on caller-owned buffers: `m` (k×k, overwritten) and `inv` (k×k, becomes the inverse). */
function invertInto(m: Float64Array, inv: Float64Array, k: number): void {
  inv.fill(0, 0, k * k);
  for (let i = 0; i < k; i++) inv[i * k + i] = 1;
  for (let col = 0; col < k; col++) {
    let piv = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(m[r * k + col]) > Math.abs(m[piv * k + col])) piv = r;
    if (piv !== col) {
      for (let c = 0; c < k; c++) {
        let t = m[col * k + c];
        m[col * k + c] = m[piv * k + c];
        m[piv * k + c] = t;
        t = inv[col * k + c];
        inv[col * k + c] = inv[piv * k + c];
        inv[piv * k + c] = t;
      }
    }
    const p = m[col * k + col];
    // A singular sub-matrix gives non-finite entries, hence a non-finite partial correlation: "dependent".
    for (let c = 0; c < k; c++) {
      m[col * k + c] /= p;
      inv[col * k + c] /= p;
    }
    for (let r = 0; r < k; r++) {
      if (r === col) continue;
      const f = m[r * k + col];
      if (f === 0) continue;
      for (let c = 0; c < k; c++) {
        m[r * k + c] -= f * m[col * k + c];
        inv[r * k + c] -= f * inv[col * k + c];
      }
    }
  }
}

export interface ParCorrOptions {
  /** Effective sample size n of the Fisher z statistic sqrt(n − |S| − 3)·z. */
  samples?: number;
  /** Independent when the p-value is greater than alpha. */
  alpha?: number;
}

export class ParCorrTest implements CiTest {
  readonly n: number;
  readonly samples: number;
  readonly alpha: number;
  private readonly rho: Float64Array;
  private computed = 0;
  /** p-values of tests with |S| ≥ 2, keyed by (pair, sorted S). |S| ≤ 1 has closed forms cheaper than a lookup. */
  private readonly pCache = new Map<string, number>();
  /** Inverses of correlation sub-matrices keyed by their sorted index set: (x,y|S) and (x,z|S') may share one. */
  private readonly invCache = new Map<string, Float64Array>();

  constructor(corr: readonly (readonly number[])[], opts: ParCorrOptions = {}) {
    this.n = corr.length;
    this.samples = opts.samples ?? DEFAULT_SAMPLES;
    this.alpha = opts.alpha ?? DEFAULT_ALPHA;
    this.rho = new Float64Array(this.n * this.n);
    for (let i = 0; i < this.n; i++) for (let j = 0; j < this.n; j++) this.rho[i * this.n + j] = corr[i][j];
  }

  get testsRun(): number {
    return this.computed;
  }

  /** The correlation matrix, row-major n×n (the fast rounds read it directly; do not modify). */
  get matrix(): Float64Array {
    return this.rho;
  }

  /** Count `k` tests decided outside pValue (the fast rounds' closed forms) as computed. */
  countComputed(k: number): void {
    this.computed += k;
  }

  /** Forget cached sub-matrix inverses (the learner calls this between iterations: set sizes never repeat). */
  clearInverseCache(): void {
    this.invCache.clear();
  }

  independent(x: number, y: number, cond: readonly number[]): boolean {
    return this.pValue(x, y, cond) > this.alpha;
  }

  /** Partial correlation of x and y given cond (NaN when undefined). */
  partialCorrelation(x: number, y: number, cond: readonly number[]): number {
    const n = this.n,
      r = this.rho;
    if (cond.length === 0) return r[x * n + y];
    if (cond.length === 1) {
      const z = cond[0];
      const rxz = r[x * n + z],
        ryz = r[y * n + z];
      return (r[x * n + y] - rxz * ryz) / Math.sqrt((1 - rxz * rxz) * (1 - ryz * ryz));
    }
    const idx = [x, y, ...cond].sort((a, b) => a - b);
    const key = idx.join(',');
    const k = idx.length;
    let inv = this.invCache.get(key);
    if (!inv) {
      const sub = new Float64Array(k * k);
      for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) sub[i * k + j] = r[idx[i] * n + idx[j]];
      inv = invertSmall(sub, k);
      this.invCache.set(key, inv);
    }
    const px = idx.indexOf(x),
      py = idx.indexOf(y);
    // −P_xy / sqrt(|P_xx·P_yy|) with P the inverse (precision) matrix.
    return -inv[px * k + py] / Math.sqrt(Math.abs(inv[px * k + px] * inv[py * k + py]));
  }

  /** The reference's p-value: 2·(1 − Φ(|sqrt(n − |S| − 3)·z|)), z = Fisher transform; 0 ("dependent") when undefined. */
  pValue(x: number, y: number, cond: readonly number[]): number {
    let key: string | undefined;
    if (cond.length >= 2) {
      key = `${Math.min(x, y)},${Math.max(x, y)}|${[...cond].sort((a, b) => a - b).join(',')}`;
      const hit = this.pCache.get(key);
      if (hit !== undefined) return hit;
    }
    this.computed++;
    const p = this.computePValue(x, y, cond);
    if (key !== undefined) this.pCache.set(key, p);
    return p;
  }

  private computePValue(x: number, y: number, cond: readonly number[]): number {
    if (this.perfectlyCorrelated(x, y, cond)) return 0;
    return this.pFromPartial(this.partialCorrelation(x, y, cond), cond.length);
  }

  /**
   * The reference's guards: a perfectly correlated pair (no conditioning node), or a pair member perfectly
   * correlated with the one conditioning node, counts as dependent.
   */
  perfectlyCorrelated(x: number, y: number, cond: readonly number[]): boolean {
    const n = this.n,
      r = this.rho;
    if (cond.length === 0) return r[x * n + y] >= 1;
    if (cond.length === 1) return r[x * n + cond[0]] >= 1 || r[y * n + cond[0]] >= 1;
    return false;
  }

  /** The p-value of a partial correlation with `condSize` conditioning nodes. */
  private pFromPartial(pc: number, condSize: number): number {
    if (!(Math.abs(pc) < 1)) return 0; // |r| ≥ 1 or NaN
    const dof = this.samples - condSize - 3;
    if (dof < 0) return 0; // sqrt of a negative: the reference's NaN p-value, never "independent"
    const z = 0.5 * Math.log1p((2 * pc) / (1 - pc));
    const stat = Math.abs(Math.sqrt(dof) * z);
    return 2 * (1 - normalCdf(stat));
  }

  private bands: FisherBand[] = [];
  private critical = NaN;
  private idx = new Int32Array(0);
  private sub = new Float64Array(0);
  private inv = new Float64Array(0);

  /**
   * independent(x, y, cond) for |cond| ≥ 2 asked once per (pair, set), as ICD's rounds r ≥ 2 do: no cache
   * entries (a p-value and an inverse kept per test were most of the memory and of the garbage on dense
   * graphs). The partial correlation is computed exactly as partialCorrelation does (same sub-matrix order,
   * same elimination); the Fisher band (./fisherBand.ts) settles the verdict unless it lies within 0.1 % of
   * the threshold, where the exact p-value does. Counted as a computed test.
   */
  independentOnce(x: number, y: number, cond: readonly number[]): boolean {
    const k = cond.length + 2;
    if (k < 4) return this.independent(x, y, cond);
    this.computed++;
    if (this.idx.length < k) {
      this.idx = new Int32Array(k);
      this.sub = new Float64Array(k * k);
      this.inv = new Float64Array(k * k);
    }
    const idx = this.idx,
      sub = this.sub,
      inv = this.inv,
      n = this.n,
      r = this.rho;
    // [x, y, ...cond] sorted ascending (insertion sort: k is small)
    idx[0] = x;
    idx[1] = y;
    for (let t = 0; t < cond.length; t++) idx[t + 2] = cond[t];
    for (let a = 1; a < k; a++) {
      const v = idx[a];
      let b = a - 1;
      while (b >= 0 && idx[b] > v) {
        idx[b + 1] = idx[b];
        b--;
      }
      idx[b + 1] = v;
    }
    for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) sub[i * k + j] = r[idx[i] * n + idx[j]];
    invertInto(sub, inv, k);
    let px = 0,
      py = 0;
    while (idx[px] !== x) px++;
    while (idx[py] !== y) py++;
    const pc = -inv[px * k + py] / Math.sqrt(Math.abs(inv[px * k + px] * inv[py * k + py]));
    if (Number.isNaN(this.critical)) this.critical = criticalStatistic(this.alpha);
    const band = (this.bands[cond.length] ??= fisherBand(this.samples, this.alpha, cond.length, this.critical));
    const a = Math.abs(pc);
    if (a < band.lo) return true;
    if (a > band.hi) return false;
    return this.pFromPartial(pc, cond.length) > this.alpha;
  }
}
