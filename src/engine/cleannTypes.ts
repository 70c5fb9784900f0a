// What CLEANN takes and returns: its options, the explanation, why the search stopped, the PAG facts
// behind a set. The search itself is in cleann.ts.
import type { PagEdgeJson, SepsetJson } from './types';
import type { BatchTester, ExplanationTester } from './verdictRunner';

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
