// Searches used by the fair sentiment comparison (issue 15), all against the same counterfactual
// tester and under the same size cap and model-run budget as CLEANN:
// - rankedSubsetSearch: a baseline's search — every subset of ≤ maxSize of its top-m ranked tokens,
//   smallest size first, within a size by the sum of the members' ranks (so the top-k prefix comes
//   first), m the largest number whose subsets fit the budget;
// - exhaustiveMinimum: the reference's exhaustive_search_explanation (experiment_utils/explanation.py)
//   — combinations of ALL relevant tokens in lexicographic order, size 1, 2, …, the first size with an
//   explanation is the minimum — here bounded by a size cap and a model-run budget, and reporting a
//   censored lower bound ("> completeSize") when the budget ends first.
// Every function counts model runs as sets tested (a batched run of 16 sets counts 16).

/** Verdicts for several sets, in order (one batched model run, or several). */
export type BatchVerdicts = (sets: number[][]) => Promise<boolean[]>;

export interface SubsetSearchResult {
  /** The first set found that flips the prediction, or null. */
  set: number[] | null;
  /** Sets tested (model runs), including any tested after the first flip in the same batch. */
  runs: number;
  /** Sets tested up to and including the first flip (null when none flipped). */
  runsToFirst: number | null;
  /** Every set of up to this size (among those searched) was tested without a flip below the result's size. */
  completeSize: number;
}

/** C(n, k) as a float (exact for the sizes used here). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** Number of subsets of sizes 1..maxSize of n items. */
export function subsetsUpTo(n: number, maxSize: number): number {
  let s = 0;
  for (let k = 1; k <= Math.min(maxSize, n); k++) s += binomial(n, k);
  return s;
}

/** The largest m ≤ n whose subsets of sizes 1..maxSize number at most `budget` (at least min(n, 1)). */
export function topMForBudget(n: number, maxSize: number, budget: number): number {
  let m = Math.min(n, 1);
  while (m < n && subsetsUpTo(m + 1, maxSize) <= budget) m++;
  return m;
}

/** k-subsets of 0..m-1 ordered by index sum, then lexicographically. */
export function subsetsByRankSum(m: number, k: number): number[][] {
  const out: number[][] = [];
  const cur: number[] = [];
  const rec = (start: number) => {
    if (cur.length === k) {
      out.push(cur.slice());
      return;
    }
    for (let i = start; i <= m - (k - cur.length); i++) {
      cur.push(i);
      rec(i + 1);
      cur.pop();
    }
  };
  rec(0);
  const sum = (s: number[]) => s.reduce((a, b) => a + b, 0);
  return out.sort((a, b) => sum(a) - sum(b) || a.reduce((d, x, i) => d || x - b[i], 0));
}

/** Lexicographic k-combinations of `items` (itertools.combinations order), lazily. */
export function* combinations<T>(items: readonly T[], k: number): Generator<T[]> {
  const n = items.length;
  if (k > n || k <= 0) return;
  const idx = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    yield idx.map((i) => items[i]);
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return;
    idx[i]++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1] + 1;
  }
}

/**
 * Test the sets of `perSize` (one list per size, smallest first) in batches until one flips or the
 * budget is spent. Shared by the ranked and exhaustive searches.
 */
async function searchBySize(
  perSize: readonly (readonly number[][])[],
  verdicts: BatchVerdicts,
  budget: number,
  batch: number,
): Promise<SubsetSearchResult> {
  let runs = 0,
    completeSize = 0;
  for (const [s, sets] of perSize.entries()) {
    for (let i = 0; i < sets.length && runs < budget;) {
      const take = sets.slice(i, i + Math.min(batch, budget - runs));
      const v = await verdicts(take);
      const hit = v.indexOf(true);
      if (hit >= 0) return { set: take[hit], runs: runs + take.length, runsToFirst: runs + hit + 1, completeSize };
      runs += take.length;
      i += take.length;
      if (i >= sets.length) completeSize = s + 1;
    }
    if (completeSize < s + 1) break; // the budget ended inside this size
  }
  return { set: null, runs, runsToFirst: null, completeSize };
}

/**
 * A baseline's search: `ranking` (best first) cut to its top m (m from the budget, or given), every
 * subset of 1..maxSize of them, by size, then by rank sum. Returns token indices of the first flip.
 */
export async function rankedSubsetSearch(
  ranking: readonly number[],
  verdicts: BatchVerdicts,
  opts: { maxSize: number; budget: number; batch?: number; m?: number },
): Promise<SubsetSearchResult & { m: number }> {
  const m = opts.m ?? topMForBudget(ranking.length, opts.maxSize, opts.budget);
  const perSize: number[][][] = [];
  for (let k = 1; k <= Math.min(opts.maxSize, m); k++)
    perSize.push(subsetsByRankSum(m, k).map((s) => s.map((i) => ranking[i])));
  const r = await searchBySize(perSize, verdicts, opts.budget, opts.batch ?? 16);
  return { ...r, m };
}

/**
 * The exhaustive minimum over `tokens` (all relevant tokens, PDS-legal or not): sizes 1..maxSize,
 * lexicographic combinations, stop at the first flip (its size is the minimum: every smaller size was
 * tested in full). `min` null: nothing flips among the sets tested; then the minimum is > completeSize
 * (censored), or > maxSize when completeSize = maxSize.
 */
export async function exhaustiveMinimum(
  tokens: readonly number[],
  verdicts: BatchVerdicts,
  opts: { maxSize: number; budget: number; batch?: number },
): Promise<SubsetSearchResult & { min: number | null }> {
  const perSize: number[][][] = [];
  let total = 0;
  for (let k = 1; k <= Math.min(opts.maxSize, tokens.length); k++) {
    // materialise a size only while the budget can reach it (the rest is never tested)
    if (total >= opts.budget) break;
    const sets = [...combinations(tokens, k)];
    perSize.push(sets);
    total += sets.length;
  }
  const r = await searchBySize(perSize, verdicts, opts.budget, opts.batch ?? 16);
  return { ...r, min: r.set ? r.set.length : null };
}
