// Statistics for the evidence tables (issue 15): seeded percentile-bootstrap confidence intervals
// over items (paired when two methods are compared on the same items), and success curves in
// which a failure is censored — "no explanation of ≤ K tokens within the budget" — rather than
// dropped. Pure arithmetic on plain data.
import { Rng } from './scm';
import { mean, median } from './metrics';

export interface Interval {
  /** The statistic on the full sample (null when undefined, e.g. a mean over nothing). */
  estimate: number | null;
  /** Percentile bootstrap bounds (null when the statistic is undefined on the sample). */
  lo: number | null;
  hi: number | null;
}

export interface BootstrapOptions {
  /** Resamples (default 2000). */
  reps?: number;
  /** Seed of the resampling RNG (default 1): the same data and seed give the same interval. */
  seed?: number;
  /** Coverage (default 0.95). */
  level?: number;
}

/** The q-quantile of sorted values, linear interpolation between order statistics (type 7). */
export function quantileSorted(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of no values');
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h),
    hi = Math.ceil(h);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Percentile bootstrap CI of `stat` over items: each resample draws items.length items with
 * replacement (the same draw for every quantity the statistic reads, so paired differences stay
 * paired). Resamples on which the statistic is undefined (null) are skipped.
 */
export function bootstrapCI<T>(
  items: readonly T[],
  stat: (xs: readonly T[]) => number | null,
  opts: BootstrapOptions = {},
): Interval {
  const estimate = items.length ? stat(items) : null;
  if (estimate === null || items.length === 0) return { estimate, lo: null, hi: null };
  const reps = opts.reps ?? 2000,
    level = opts.level ?? 0.95;
  const rng = new Rng(opts.seed ?? 1);
  const values: number[] = [];
  const sample = new Array<T>(items.length);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < items.length; i++) sample[i] = items[rng.int(items.length)];
    const v = stat(sample);
    if (v !== null && Number.isFinite(v)) values.push(v);
  }
  if (values.length === 0) return { estimate, lo: null, hi: null };
  values.sort((a, b) => a - b);
  const a = (1 - level) / 2;
  return { estimate, lo: quantileSorted(values, a), hi: quantileSorted(values, 1 - a) };
}

/** "estimate [lo, hi]", each number written by `f`; "–" when the estimate is undefined. */
export function formatInterval(i: Interval, f: (x: number | null) => string): string {
  return i.estimate === null ? '–' : `${f(i.estimate)} [${f(i.lo)}, ${f(i.hi)}]`;
}

/** The mean, null over nothing (metrics' `mean`, the name the bootstrap callers use). */
export const meanOf = mean;

/**
 * Success curve with censoring: for k = 1..maxK, the fraction of ALL items whose explanation has
 * at most k tokens. `null` = nothing found within the cap and budget: it counts as a failure at
 * every k (a censored observation: its size, if any, is > maxK or beyond the budget).
 */
export function successCurve(sizes: readonly (number | null)[], maxK: number): number[] {
  const out: number[] = [];
  for (let k = 1; k <= maxK; k++) out.push(shareAtMost(sizes, k) ?? NaN);
  return out;
}

/** The share of `sizes` found with at most k (null over nothing). */
function shareAtMost(sizes: readonly (number | null)[], k: number): number | null {
  return sizes.length ? sizes.filter((s) => s !== null && s <= k).length / sizes.length : null;
}

/** successCurve with a bootstrap CI at each k (items resampled once per replicate for all k). */
export function successCurveCI(
  sizes: readonly (number | null)[],
  maxK: number,
  opts: BootstrapOptions = {},
): Interval[] {
  const out: Interval[] = [];
  for (let k = 1; k <= maxK; k++) {
    out.push(bootstrapCI(sizes, (xs) => shareAtMost(xs, k), opts));
  }
  return out;
}

/**
 * Model runs to the first explanation, failures censored at the budget: the median over all items
 * where a failure counts as `budget` (so the median is defined while fewer than half fail; it is
 * null — "> budget" — when half or more do).
 */
export function censoredMedianRuns(runs: readonly (number | null)[], budget: number): number | null {
  if (!runs.length) return null;
  const failed = runs.filter((r) => r === null).length;
  if (failed * 2 >= runs.length) return null;
  return median(runs.map((r) => (r === null ? budget : r)));
}
