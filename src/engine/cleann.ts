// CLEANN (the reference's cleann_explainer.CLEANN.explain): the minimal explanation of a target node,
// searched among the nodes of the PDS-tree rooted at the target, smallest sets first, each size in
// increasing order of the sum of the members' tree distances to the target. Its options and result types
// are in cleannTypes.ts, the PAG facts behind a set in setEvidence.ts.
import { throwIfAborted } from './errors';
import { greedyExplanation } from './greedySearch';
import type { Pag } from './pag';
import { SubsetSpace, STEP } from './lazySubsets';
import { createPdsTree } from './pdsTree';
import { evidenceAcross, evidenceFor, type Source } from './setEvidence';
import { nextTurn } from './yielder';
import { setKey, VerdictRunner, type BatchTester, type ExplanationTester, type TestVerdict } from './verdictRunner';
import type { CleannOptions, Explanation, PartialResult, SearchStop } from './cleannTypes';

export type { BatchTester, ExplanationTester, TestVerdict };
export type { CleannOptions, Explanation, PartialResult, SearchProgress, SearchStop, SetEvidence } from './cleannTypes';

/** Enumeration items (candidate sets or walk ticks) between two event-loop turns: Cancel is seen within this many. */
export const YIELD_EVERY = 16;

/** CLEANN on one PAG (the reference's explain with search_minimal). */
export function explainCleann(pag: Pag, target: number, opts: CleannOptions = {}): Promise<Explanation> {
  return explainCleannMany([pag], target, opts);
}

/**
 * CLEANN over several PAGs of the same tokens (one per attention head, as the reference notebook
 * does): sizes 1, 2, … in turn; within a size, distance sums ascending and, for each sum, the PAGs in
 * order, each in the reference's order. A set proposed by several PAGs is tested once and tagged with
 * each of them. Stops after the first size with an explanation (searched to its end), or when the
 * budget (maxTests, timeMs) is spent. With one PAG the tested sets and their order are the reference's.
 */
export async function explainCleannMany(
  pags: readonly Pag[],
  target: number,
  opts: CleannOptions = {},
): Promise<Explanation> {
  if (pags.length === 0) throw new RangeError('CLEANN needs at least one PAG');
  for (const pag of pags) {
    if (!Number.isInteger(target) || target < 0 || target >= pag.n || !pag.inGraph[target]) {
      throw new RangeError(`target ${target} is not a node of the graph (0..${pag.n - 1})`);
    }
  }
  const sources: Source[] = pags.map((pag) => ({ pag, tree: createPdsTree(pag, target, opts.maxRange) }));
  const excluded = new Set(opts.exclude ?? []);
  const minDist = new Map<number, number>();
  for (const { tree } of sources) {
    for (const v of tree.pdsSet) {
      if (!excluded.has(v)) minDist.set(v, Math.min(minDist.get(v) ?? Infinity, tree.minDist[v]));
    }
  }
  const candidates = [...minDist.keys()].sort((a, b) => a - b);
  const distances = candidates.map((node) => ({ node, distance: minDist.get(node) as number }));
  const maxSize = opts.maxSetSize ?? Infinity;
  const base = {
    target,
    candidates,
    distances,
    treeDepth: Math.max(...sources.map((s) => s.tree.maxDepth())),
  };

  if (!opts.tester) {
    const sets = candidates.length > 0 && candidates.length <= maxSize ? [candidates] : [];
    return {
      ...base,
      kind: 'candidate-set',
      sets,
      evidence: sets.map((s) => evidenceAcross(sources, s)),
      origins: sets.map(() => sources.map((_, i) => i)),
      testsRun: 0,
      largestSize: 0,
      stop: 'no-tester',
      best: null,
      minimality: null,
      completeSize: 0,
    };
  }
  const allowed = new Uint8Array(pags[0].n).fill(1);
  for (const v of excluded) if (v >= 0 && v < allowed.length) allowed[v] = 0;
  const spaces = sources.map((s) => new SubsetSpace(s.tree, allowed));
  // the largest legal set: every node with a usable path from the target
  const largestLegal = Math.max(...spaces.map((sp) => sp.supports.filter((s) => s.length > 0).length));

  const now = opts.now ?? (() => performance.now());
  const startedAt = now();
  const deadline = opts.timeMs === undefined ? Infinity : startedAt + opts.timeMs;
  const maxTests = opts.maxTests ?? Infinity;
  const greedy = opts.fallback === 'greedy';
  const share = Math.min(1, Math.max(0, opts.exactShare ?? 0.5));
  const batchSize = Math.max(1, opts.batchSize ?? 16);
  const runner = new VerdictRunner(opts.tester, opts.batchTester, maxTests, deadline, now, opts.signal);
  // With the greedy fallback, the smallest-first search gets its share of the budget, then yields.
  const exactRuns = greedy ? Math.floor(share * maxTests) : maxTests;
  if (greedy) runner.limit(startedAt + share * (deadline - startedAt));
  const found = new Map<string, number>();
  const sets: number[][] = [];
  const origins: number[][] = [];
  let steps = 0,
    sinceTurn = 0,
    largestSize = 0,
    completeSize = 0;
  let stop: SearchStop | null = candidates.length === 0 ? 'no-candidates' : largestLegal === 0 ? 'unreachable' : null;

  // Sets waiting for one batched run, in enumeration order; their verdicts are read in that order,
  // so the sets found, their tags and the best partial set are those of a one-by-one search.
  let pending: { item: number[]; h: number }[] = [];
  let pendingNew = 0;
  const flush = async (runLimit: number): Promise<void> => {
    const verdicts = await runner.verdicts(
      pending.map((p) => p.item),
      pending[0]?.h ?? 0,
      runLimit - runner.testsRun,
    );
    pending.forEach(({ item, h }, i) => {
      const verdict = verdicts[i];
      if (!verdict?.flips) return;
      const key = setKey(item);
      const at = found.get(key);
      if (at === undefined) {
        found.set(key, sets.length);
        sets.push(item);
        origins.push([h]);
      } else if (!origins[at].includes(h)) origins[at].push(h);
    });
    pending = [];
    pendingNew = 0;
  };

  const lastSize = Math.min(maxSize, largestLegal);
  // The smallest-first walk: sizes 1…lastSize, each in increasing distance sum, the PAGs in turn per
  // sum; `sizeDone` closes a size. One walk, so that a search stopped by its share of the budget can
  // resume where it stopped once the greedy phase has given up.
  type WalkItem = { item: number[] | typeof STEP; h: number; size: number } | { sizeDone: number };
  function* walkSets(): Generator<WalkItem> {
    for (let size = 1; size <= lastSize; size++) {
      const ranges = spaces.map((sp) => sp.sumRange(size));
      const lo = Math.min(...ranges.map((r) => r?.min ?? Infinity));
      const hi = Math.max(...ranges.map((r) => r?.max ?? -Infinity));
      for (let sum = lo; sum <= hi; sum++) {
        for (let h = 0; h < spaces.length; h++) {
          const r = ranges[h];
          if (!r || sum < r.min || sum > r.max) continue;
          for (const item of spaces[h].withSum(size, sum)) yield { item, h, size };
        }
      }
      yield { sizeDone: size };
    }
  }
  const walk = walkSets();
  let carried: WalkItem | null = null; // the item a budget stop interrupted, first on resuming
  const queued = new Set<string>(); // sets of the current size waiting in `pending` or already run

  /** Walks on until a size ends with an explanation ('found'), the budget stops it, or the walk ends (null). */
  const smallestFirst = async (runLimit: number): Promise<SearchStop | null> => {
    for (;;) {
      const resumed = carried !== null;
      let next = carried;
      carried = null;
      if (!next) {
        const r = walk.next();
        if (r.done) return null;
        next = r.value;
      }
      if ('sizeDone' in next) {
        await flush(runLimit);
        completeSize = next.sizeDone;
        queued.clear();
        if (sets.length > 0) return 'found';
        continue;
      }
      if (!resumed) steps++;
      if (++sinceTurn >= YIELD_EVERY) {
        // a turn of the event loop, so that a Cancel (an abort event) can arrive at all
        sinceTurn = 0;
        opts.onProgress?.({ size: next.size, testsRun: runner.testsRun, steps });
        await nextTurn();
      }
      throwIfAborted(opts.signal);
      if (runner.outOfTime()) {
        await flush(runLimit);
        carried = next;
        return 'time';
      }
      const { item, h, size } = next;
      if (item === STEP) continue;
      largestSize = Math.max(largestSize, size);
      const key = setKey(item);
      if (!runner.known(key) && !queued.has(key)) {
        if (runner.testsRun + pendingNew >= runLimit) {
          await flush(runLimit);
          carried = next;
          return 'model-runs';
        }
        queued.add(key);
        pendingNew++;
      }
      pending.push({ item, h });
      if (pendingNew >= batchSize) await flush(runLimit);
    }
  };
  const walkEnd = (): SearchStop => (lastSize < largestLegal ? 'max-set-size' : 'all-sets');

  if (stop === null) stop = (await smallestFirst(exactRuns)) ?? walkEnd();
  throwIfAborted(opts.signal);
  // the walk's explanations: the smallest legal ones when their size was walked to its end
  const walkFound = (why: SearchStop): Explanation => ({
    ...base,
    kind: 'tested',
    sets,
    evidence: sets.map((s, i) => evidenceFor(sources[origins[i][0]].pag, sources[origins[i][0]].tree, s)),
    origins,
    testsRun: runner.testsRun,
    largestSize,
    stop: why === 'time' || why === 'model-runs' ? 'found-cut' : why,
    best: null,
    minimality: 'smallest',
    completeSize,
  });
  if (sets.length > 0) return walkFound(stop);

  let partialStop: SearchStop = stop;
  if (greedy && (stop === 'time' || stop === 'model-runs')) {
    // the smallest-first search's share is spent: the rest of the budget looks for an irreducible explanation
    runner.limit(deadline);
    const g = await greedyExplanation(spaces, candidates, runner, maxSize, opts.signal, batchSize);
    largestSize = Math.max(largestSize, g.largestSize);
    if (g.set) {
      const src = sources[g.origins[0]];
      return {
        ...base,
        kind: 'tested',
        sets: [g.set],
        evidence: [evidenceFor(src.pag, src.tree, g.set)],
        origins: [g.origins],
        testsRun: runner.testsRun,
        largestSize,
        stop: 'found-greedy',
        best: null,
        minimality: g.irreducible ? 'irreducible' : 'unpruned',
        completeSize,
      };
    }
    if (g.stop === 'budget') partialStop = runner.testsRun >= maxTests ? 'model-runs' : 'time';
    else {
      // The greedy set stopped growing (the size cap, or no legal candidate left) with budget to
      // spare: the smallest-first walk resumes where its share stopped it, with the whole budget.
      const resumed = (await smallestFirst(maxTests)) ?? walkEnd();
      throwIfAborted(opts.signal);
      if (sets.length > 0) return walkFound(resumed);
      const budgetStop = resumed === 'time' || resumed === 'model-runs';
      partialStop = budgetStop && g.stop === 'no-growth' ? 'greedy-exhausted' : resumed;
    }
  }
  const best = runner.best;
  const partial: PartialResult | null = best && {
    set: best.set,
    drop: best.drop,
    origins: best.origins,
    evidence: evidenceFor(sources[best.origins[0]].pag, sources[best.origins[0]].tree, best.set),
  };
  return {
    ...base,
    kind: 'partial',
    sets,
    evidence: [],
    origins,
    testsRun: runner.testsRun,
    largestSize,
    stop: partialStop,
    best: partial,
    minimality: null,
    completeSize,
  };
}
