// CLEANN (the reference's cleann_explainer.CLEANN.explain): the minimal explanation of a target node,
// searched among the nodes of the PDS-tree rooted at the target, smallest sets first, each size in
// increasing order of the sum of the members' tree distances to the target.
import { throwIfAborted } from './errors';
import { greedyExplanation } from './greedySearch';
import { edgeText, type Pag } from './pag';
import { SubsetSpace, STEP } from './lazySubsets';
import { createPdsTree, type PdsTree } from './pdsTree';
import type { PagEdgeJson, SepsetJson } from './types';
import { nextTurn } from './yielder';
import { setKey, VerdictRunner, type BatchTester, type ExplanationTester, type TestVerdict } from './verdictRunner';

export type { BatchTester, ExplanationTester, TestVerdict };

/** Snapshot of a running search, for progress reports. */
export interface SearchProgress {
  size: number;
  testsRun: number;
  /** Items pulled from the subset enumeration (candidate sets and walk ticks of 256 steps). */
  steps: number;
}

export interface CleannOptions {
  /** Largest explanation size tried (default: no limit — sizes grow until the budget or the candidates run out). */
  maxSetSize?: number;
  /** PDS-tree depth limit around the target (default: unlimited). */
  maxRange?: number;
  /** Nodes that may not be part of an explanation (e.g. special tokens); subsets containing them are skipped. */
  exclude?: number[];
  /** The explanation tester: true (or flips) when removing `subset` changes the prediction. Without it, no search runs. */
  tester?: ExplanationTester;
  /** The same tester for several sets at once (a batched model run): same verdicts, in order. */
  batchTester?: BatchTester;
  /** Sets per batchTester call (default 16). */
  batchSize?: number;
  /**
   * 'greedy': when the smallest-first search spends `exactShare` of the budget without an explanation,
   * the rest goes to a greedy search for an irreducible one (the product's default, set by the
   * pipeline); 'none' (default here): the reference's search only.
   */
  fallback?: 'greedy' | 'none';
  /** Share of the budget (runs and time) for the smallest-first search before the fallback (default 0.5). */
  exactShare?: number;
  /** Most tester calls (model runs) the search may make (default: unlimited). */
  maxTests?: number;
  /** Most milliseconds the search may take, measured with `now` (default: unlimited). */
  timeMs?: number;
  /** The clock for `timeMs` (default performance.now; tests pass a counter). */
  now?: () => number;
  signal?: AbortSignal;
  /** Called each time the search gives the event loop a turn (every YIELD_EVERY enumeration steps). */
  onProgress?: (p: SearchProgress) => void;
}

/** The PAG facts behind one explanation set. */
export interface SetEvidence {
  set: number[];
  /** A shortest PDS-tree path target → … → node for each member (the member is a possible d-separator of the target). */
  paths: { node: number; distance: number; path: number[] }[];
  /** The PAG edges along those paths, with their marks, plus a readable form ("3 o-> 5"). */
  edges: (PagEdgeJson & { text: string })[];
  /**
   * Separating sets of the non-adjacent ends of consecutive path triples: each proves that the
   * middle node is a collider (it is not in the set) — why the path may pass through it.
   */
  sepsets: SepsetJson[];
}

/**
 * Why the search ended:
 * - found: explanations of the smallest size, that size searched to the end;
 * - found-cut: explanations found, but the budget ran out before that size was searched to the end;
 * - model-runs / time: the budget ran out before any set flipped the prediction;
 * - max-set-size: every legal set up to maxSetSize was tested, none flips;
 * - all-sets: every legal set of every size was tested, none flips;
 * - no-candidates: the PDS-tree has no candidate node (the target has no neighbour that may be removed);
 * - unreachable: candidates exist, but each is reachable from the target only through an excluded node, so no set is legal;
 * - found-greedy: the smallest-first search spent its share of the budget without a flip; the greedy
 *   fallback found an explanation (see `minimality`);
 * - greedy-exhausted: as found-greedy, but the greedy set grew until no legal candidate was left, without a flip;
 * - no-tester: no tester was given (kind 'candidate-set').
 */
export type SearchStop =
  | 'found'
  | 'found-cut'
  | 'found-greedy'
  | 'model-runs'
  | 'time'
  | 'max-set-size'
  | 'all-sets'
  | 'greedy-exhausted'
  | 'no-candidates'
  | 'unreachable'
  | 'no-tester';

/** A tested set that is NOT an explanation (the prediction did not flip): the one that lowered the predicted probability most. */
export interface PartialResult {
  set: number[];
  /** Probability of the predicted class, before minus after removing the set. */
  drop: number;
  /** The sources (heads) whose PDS-tree proposed the set, as indices into the searched PAG list. */
  origins: number[];
  evidence: SetEvidence;
}

export interface Explanation {
  target: number;
  /**
   * 'tested': `sets` are the smallest sets the tester confirmed (real explanations);
   * 'partial': no set the search tested flips the prediction — `sets` is empty and `best` (when any set
   *   was tested) is the most influential tested set, which is not an explanation;
   * 'candidate-set': no tester, sets = [the full candidate set].
   */
  kind: 'tested' | 'partial' | 'candidate-set';
  /** The PDS-tree nodes around the target (minus excluded nodes), ascending; with several PAGs, their union. */
  candidates: number[];
  /** Minimal distance of each candidate to the target in the PDS-tree (with several PAGs, the smallest). */
  distances: { node: number; distance: number }[];
  /** Every explanation of the smallest size found (empty unless kind is 'tested' or 'candidate-set'). */
  sets: number[][];
  evidence: SetEvidence[];
  /** For each set, the sources (indices into the searched PAG list; [0] with one PAG) whose PDS-tree proposed it. */
  origins: number[][];
  /** Tester calls made (model runs; repeats of a set proposed by several PAGs are not re-run). */
  testsRun: number;
  /** Largest set size the search reached (0 when nothing was tested). */
  largestSize: number;
  stop: SearchStop;
  /** kind 'partial': the tested set that lowered the predicted class's probability the most, or null. */
  best: PartialResult | null;
  /**
   * What is known about the size of the sets (kind 'tested'): 'smallest' — no legal set with fewer
   * members flips the prediction (the reference's guarantee); 'irreducible' — found by the greedy
   * fallback, removing any single member stops the flip, but a smaller explanation may exist;
   * 'unpruned' — found by the greedy fallback, the budget ran out before each member was checked.
   * null for other kinds.
   */
  minimality: 'smallest' | 'irreducible' | 'unpruned' | null;
  /** Every legal set of up to this many members was tested (0: not even all single tokens). */
  completeSize: number;
  /** Depth of the PDS tree in nodes, root included (the reference's max_pds_tree_depth); with several PAGs, the deepest. */
  treeDepth: number;
}

function evidenceFor(pag: Pag, tree: ReturnType<typeof createPdsTree>, set: number[]): SetEvidence {
  const paths: SetEvidence['paths'] = [];
  const edgeKeys = new Set<string>();
  const edges: SetEvidence['edges'] = [];
  const sepKeys = new Set<string>();
  const sepsets: SepsetJson[] = [];
  for (const node of set) {
    const path = tree.pathTo(node) ?? [];
    paths.push({ node, distance: path.length - 1, path });
    for (let i = 0; i + 1 < path.length; i++) {
      const a = Math.min(path[i], path[i + 1]),
        b = Math.max(path[i], path[i + 1]);
      const key = `${a},${b}`;
      if (edgeKeys.has(key) || !pag.isAdjacent(a, b)) continue;
      edgeKeys.add(key);
      const e: PagEdgeJson = { a, b, markA: markOf(pag, b, a), markB: markOf(pag, a, b) };
      edges.push({ ...e, text: edgeText(e) });
    }
    for (let i = 0; i + 2 < path.length; i++) {
      const a = Math.min(path[i], path[i + 2]),
        b = Math.max(path[i], path[i + 2]);
      const key = `${a},${b}`;
      if (sepKeys.has(key) || pag.isAdjacent(a, b) || !pag.hasSepset(a, b)) continue;
      sepKeys.add(key);
      sepsets.push({ a, b, set: pag.sepset(a, b) });
    }
  }
  edges.sort((p, q) => p.a - q.a || p.b - q.b);
  sepsets.sort((p, q) => p.a - q.a || p.b - q.b);
  return { set, paths, edges, sepsets };
}

function markOf(pag: Pag, a: number, b: number): PagEdgeJson['markA'] {
  const code = pag.mark(a, b);
  return code === 1 ? 'circle' : code === 2 ? 'arrow' : 'tail';
}

/** Enumeration items (candidate sets or walk ticks) between two event-loop turns: Cancel is seen within this many. */
export const YIELD_EVERY = 16;

/** CLEANN on one PAG (the reference's explain with search_minimal). */
export function explainCleann(pag: Pag, target: number, opts: CleannOptions = {}): Promise<Explanation> {
  return explainCleannMany([pag], target, opts);
}

interface Source {
  pag: Pag;
  tree: PdsTree;
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
  const flush = async (): Promise<void> => {
    const verdicts = await runner.verdicts(
      pending.map((p) => p.item),
      pending[0]?.h ?? 0,
      exactRuns - runner.testsRun,
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
  search: for (let size = 1; stop === null && size <= lastSize; size++) {
    const ranges = spaces.map((sp) => sp.sumRange(size));
    const lo = Math.min(...ranges.map((r) => r?.min ?? Infinity));
    const hi = Math.max(...ranges.map((r) => r?.max ?? -Infinity));
    const queued = new Set<string>();
    for (let sum = lo; sum <= hi; sum++) {
      for (let h = 0; h < spaces.length; h++) {
        const r = ranges[h];
        if (!r || sum < r.min || sum > r.max) continue;
        for (const item of spaces[h].withSum(size, sum)) {
          steps++;
          if (++sinceTurn >= YIELD_EVERY) {
            // a turn of the event loop, so that a Cancel (an abort event) can arrive at all
            sinceTurn = 0;
            opts.onProgress?.({ size, testsRun: runner.testsRun, steps });
            await nextTurn();
          }
          throwIfAborted(opts.signal);
          if (runner.outOfTime()) {
            await flush();
            stop = 'time';
            break search;
          }
          if (item === STEP) continue;
          largestSize = size;
          const key = setKey(item);
          if (!runner.known(key) && !queued.has(key)) {
            if (runner.testsRun + pendingNew >= exactRuns) {
              await flush();
              stop = 'model-runs';
              break search;
            }
            queued.add(key);
            pendingNew++;
          }
          pending.push({ item, h });
          if (pendingNew >= batchSize) await flush();
        }
      }
    }
    await flush();
    completeSize = size;
    if (sets.length > 0) stop = 'found';
  }
  throwIfAborted(opts.signal);
  if (stop === null) stop = lastSize < largestLegal ? 'max-set-size' : 'all-sets';
  if (sets.length > 0 && (stop === 'time' || stop === 'model-runs')) stop = 'found-cut';
  const evidence = sets.map((s, i) => evidenceFor(sources[origins[i][0]].pag, sources[origins[i][0]].tree, s));
  if (sets.length > 0) {
    return {
      ...base,
      kind: 'tested',
      sets,
      evidence,
      origins,
      testsRun: runner.testsRun,
      largestSize,
      stop,
      best: null,
      minimality: 'smallest',
      completeSize,
    };
  }

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
    partialStop =
      g.stop === 'no-growth'
        ? 'greedy-exhausted'
        : g.stop === 'max-set-size'
          ? 'max-set-size'
          : runner.testsRun >= maxTests
            ? 'model-runs'
            : 'time';
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
    evidence,
    origins,
    testsRun: runner.testsRun,
    largestSize,
    stop: partialStop,
    best: partial,
    minimality: null,
    completeSize,
  };
}

/** Evidence for a set over several PAGs: each member's path from the first PAG whose tree holds it. */
function evidenceAcross(sources: readonly Source[], set: number[]): SetEvidence {
  if (sources.length === 1) return evidenceFor(sources[0].pag, sources[0].tree, set);
  const parts = set.map((node) => {
    const s = sources.find((src) => src.tree.minDist[node] !== Infinity) ?? sources[0];
    return evidenceFor(s.pag, s.tree, [node]);
  });
  const edges = new Map<string, SetEvidence['edges'][number]>();
  const sepsets = new Map<string, SepsetJson>();
  for (const p of parts) {
    for (const e of p.edges) edges.set(`${e.a},${e.b}`, e);
    for (const sp of p.sepsets) sepsets.set(`${sp.a},${sp.b}`, sp);
  }
  return {
    set,
    paths: parts.flatMap((p) => p.paths),
    edges: [...edges.values()].sort((p, q) => p.a - q.a || p.b - q.b),
    sepsets: [...sepsets.values()].sort((p, q) => p.a - q.a || p.b - q.b),
  };
}
