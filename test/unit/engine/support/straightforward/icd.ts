// TEST ORACLE — the straightforward engine as of 8fa1fd0 (before issue 12's fast paths), copied unchanged
// but for import paths. The fast engine must give exactly its PAGs, separating sets and test counts; do not optimise.
// ICD — Iterative Causal Discovery (Rohekar et al., NeurIPS 2021), as the reference's LearnStructICD:
// iteration r tests conditioning sets of size r drawn from the ICD-Sep candidates, then re-orients.
// Every iteration leaves a valid (r-representing) PAG: the learner is anytime.
import { applyRulesAsync, orientColliders } from './orientation';
import { CIRCLE, Pag } from './pag';
import { createPdsTree, PdsTree, type RankedSet } from './pdsTree';
import type { CiTest, PagJson } from '../../../../../src/engine/types';
import { Yielder } from '../../../../../src/engine/yielder';

export interface IcdIteration {
  /** The conditioning-set size (and PDS search radius) of the iteration just finished. */
  r: number;
  pag: PagJson;
  /** CI tests computed so far. */
  ciTests: number;
}

export interface IcdOptions {
  /** Stop after the iteration with this r (default: run until no conditioning set of the next size exists). */
  maxR?: number;
  /** Learn the graph over these nodes only (the reference's nodes_set); the others stay isolated. */
  nodes?: readonly number[];
  onIteration?: (it: IcdIteration) => void;
  signal?: AbortSignal;
  /** Rebuild every PDS-tree after each edge deletion, as the reference does (slow; tests check the memo against it). */
  recomputeAfterDeletion?: boolean;
}

export interface IcdResult {
  pag: Pag;
  json: PagJson;
  ciTests: number;
  /** Iterations run, r = 0 … iterations − 1 (the last one may only complete the orientation). */
  iterations: number;
  /** true when ICD concluded on its own (not stopped by maxR). */
  converged: boolean;
}

/** The reference's rule batches: R1–R4 after every re-orientation; R5–R7 and R8–R10 when a run completes (and after r = 1). */
const INITIAL_RULES = [1, 2, 3, 4];
const SELECTION_RULES = [5, 6, 7];
const TAIL_RULES = [8, 9, 10];

/**
 * Per-iteration memo of PDS-trees and possible-ancestor sets by root. Both depend only on the graph and r,
 * and within an iteration the graph changes only when an edge is deleted: then the memo is cleared.
 */
export class IterationMemo {
  private trees = new Map<number, PdsTree>();
  private ancestors = new Map<number, Uint8Array>();
  constructor(
    private readonly g: Pag,
    private readonly size: number,
  ) {}
  tree(root: number): PdsTree {
    let t = this.trees.get(root);
    if (!t) {
      t = createPdsTree(this.g, root, this.size);
      this.trees.set(root, t);
    }
    return t;
  }
  ancestorFlags(node: number): Uint8Array {
    let a = this.ancestors.get(node);
    if (!a) {
      a = this.g.possibleAncestorFlags([node]);
      this.ancestors.set(node, a);
    }
    return a;
  }
  /**
   * After deleting the edge i–j, forget what it can change. A PDS-tree only consults the edge i–j from a
   * vertex labelled i or j towards the other, so a tree holding only one of them (the root counts) is
   * unchanged. Possible ancestors of x shrink only if a possibly directed path into x used i–j, which
   * needs both i and j among x's possible ancestors (or equal to x).
   */
  clear(): void {
    this.trees.clear();
    this.ancestors.clear();
  }

  edgeDeleted(i: number, j: number): void {
    const has = (t: PdsTree, v: number): boolean => v === t.root || t.minDist[v] !== Infinity;
    for (const [root, t] of this.trees) if (has(t, i) && has(t, j)) this.trees.delete(root);
    for (const [x, a] of this.ancestors) if ((a[i] || i === x) && (a[j] || j === x)) this.ancestors.delete(x);
  }
}

/** A tree with only a root and no possible-d-sep nodes (its legal subsets are empty). */
const EMPTY_TREE = new PdsTree(0, Int32Array.of(0), Int32Array.of(-1), Int32Array.of(0), 1);

/** ICD-Sep conditioning sets of `size` for the edge i–j, in the order the reference tests them. */
export function icdSepSets(g: Pag, i: number, j: number, size: number, memo = new IterationMemo(g, size)): number[][] {
  // ICD-Sep condition 3: every member is a possible ancestor of i or of j; members are never i or j.
  const ai = memo.ancestorFlags(i),
    aj = memo.ancestorFlags(j);
  const allowed = new Uint8Array(g.n);
  let count = 0;
  for (let v = 0; v < g.n; v++) {
    allowed[v] = ai[v] | aj[v];
  }
  allowed[i] = 0;
  allowed[j] = 0;
  for (let v = 0; v < g.n; v++) count += allowed[v];
  if (count < size) return [];
  // A legal set starts at a neighbour of the root: a tree whose root has no allowed neighbour yields nothing,
  // so it is not built at all (on dense graphs most edges end here).
  const startsAt = (root: number): boolean => g.neighbors(root).some((v) => allowed[v] === 1);
  const ti = startsAt(i) ? memo.tree(i) : EMPTY_TREE;
  const tj = startsAt(j) ? memo.tree(j) : EMPTY_TREE;
  if (ti === EMPTY_TREE && tj === EMPTY_TREE) return [];
  const usable: number[] = [];
  const inTree = (t: PdsTree, v: number): boolean => t !== EMPTY_TREE && t.minDist[v] !== Infinity;
  for (const v of g.nodes) if (allowed[v] === 1 && (inTree(ti, v) || inTree(tj, v))) usable.push(v);
  if (usable.length < size) return [];
  return usable.length <= 30 ? sepSetsByMask(ti, tj, usable, allowed, size) : sepSetsGeneric(ti, tj, allowed, size);
}

/**
 * The reference concatenates tree i's list and tree j's list (each sorted by distance sum, combinations in
 * lexicographic order) and stable-sorts by distance sum: the order is (distance, tree i before j, lexicographic).
 * A set in both lists is kept once (a repeat could only repeat the same answer).
 */
function sepSetsByMask(ti: PdsTree, tj: PdsTree, usable: number[], allowed: Uint8Array, size: number): number[][] {
  const bitOf = new Int32Array(allowed.length).fill(-1);
  usable.forEach((v, k) => {
    bitOf[v] = k;
  });
  const ok = (v: number): boolean => allowed[v] === 1;
  const distOf = (t: PdsTree, mask: number): number => {
    let d = 0;
    for (let k = 0; k < usable.length; k++) if (mask & (1 << k)) d += t.minDist[usable[k]];
    return d;
  };
  const mi = ti.legalMaskSets(size, bitOf, ok);
  const mj = tj.legalMaskSets(size, bitOf, ok);
  const masks: number[] = [],
    dist: number[] = [],
    from: number[] = [];
  for (const m of mi) {
    masks.push(m);
    dist.push(distOf(ti, m));
    from.push(0);
  }
  for (const m of mj) {
    masks.push(m);
    dist.push(distOf(tj, m));
    from.push(1);
  }
  const order = masks.map((_, k) => k);
  // lexicographic order of sorted member lists = the lowest differing bit belongs to the smaller set
  order.sort((p, q) => dist[p] - dist[q] || from[p] - from[q] || lexMask(masks[p], masks[q]));
  const out: number[][] = [];
  const emitted = new Set<number>();
  for (const k of order) {
    const m = masks[k];
    if (emitted.has(m)) continue;
    emitted.add(m);
    const set: number[] = [];
    for (let b = 0; b < usable.length; b++) if (m & (1 << b)) set.push(usable[b]);
    out.push(set);
  }
  return out;
}

function lexMask(a: number, b: number): number {
  if (a === b) return 0;
  const d = a ^ b;
  const low = d & -d;
  return (a & low) !== 0 ? -1 : 1;
}

function sepSetsGeneric(ti: PdsTree, tj: PdsTree, allowed: Uint8Array, size: number): number[][] {
  const tagged: (RankedSet & { from: number })[] = [
    ...ti.legalSubsets(size, allowed).map((s) => ({ ...s, from: 0 })),
    ...tj.legalSubsets(size, allowed).map((s) => ({ ...s, from: 1 })),
  ];
  tagged.sort((p, q) => p.dist - q.dist || p.from - q.from);
  const seen = new Set<string>();
  const out: number[][] = [];
  for (const t of tagged) {
    const key = t.set.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(t.set);
  }
  return out;
}

export async function learnIcd(n: number, test: CiTest, opts: IcdOptions = {}): Promise<IcdResult> {
  const g = Pag.complete(n, opts.nodes, CIRCLE);
  const y = new Yielder(opts.signal);
  const nodes = g.nodes;
  let r = 0;
  let iterations = 0;
  let converged = false;
  const clear = (): void => {
    (test as { clearInverseCache?: () => void }).clearInverseCache?.();
  };

  for (;;) {
    let done = true;
    if (r === 0) {
      done = false;
      for (let a = 0; a < nodes.length; a++) {
        for (let b = a + 1; b < nodes.length; b++) {
          if (y.due()) await y.pause();
          if (test.independent(nodes[a], nodes[b], [])) {
            g.deleteEdge(nodes[a], nodes[b]);
            g.setSepset(nodes[a], nodes[b], []);
          }
        }
      }
      orientColliders(g);
      await applyRulesAsync(g, y, INITIAL_RULES);
    } else if (r === 1) {
      for (let a = 0; a < nodes.length; a++) {
        for (let b = a + 1; b < nodes.length; b++) {
          const i = nodes[a],
            j = nodes[b];
          if (!g.isAdjacent(i, j)) continue;
          // neighbours of i, then of j, each once
          const cands: number[] = [];
          const seen = new Set<number>();
          for (const z of [...g.neighbors(i), ...g.neighbors(j)]) {
            if (z === i || z === j || seen.has(z)) continue;
            seen.add(z);
            cands.push(z);
          }
          for (const z of cands) {
            done = false;
            if (y.due()) await y.pause();
            if (test.independent(i, j, [z])) {
              g.deleteEdge(i, j);
              g.setSepset(i, j, [z]);
              break;
            }
          }
        }
      }
      g.resetOrientations(CIRCLE);
      orientColliders(g);
      await applyRulesAsync(g, y, INITIAL_RULES);
      await applyRulesAsync(g, y, SELECTION_RULES);
      await applyRulesAsync(g, y, TAIL_RULES);
    } else {
      const memo = new IterationMemo(g, r);
      for (let a = 0; a < nodes.length; a++) {
        for (let b = a + 1; b < nodes.length; b++) {
          const i = nodes[a],
            j = nodes[b];
          if (!g.isAdjacent(i, j)) continue;
          if (y.due(true)) await y.pause();
          const sets = icdSepSets(g, i, j, r, memo);
          for (const s of sets) {
            done = false;
            if (y.due()) await y.pause();
            if (test.independent(i, j, s)) {
              g.deleteEdge(i, j);
              g.setSepset(i, j, s);
              if (opts.recomputeAfterDeletion) memo.clear();
              else memo.edgeDeleted(i, j);
              break;
            }
          }
        }
      }
      if (!done) {
        g.resetOrientations(CIRCLE);
        orientColliders(g);
        await applyRulesAsync(g, y, INITIAL_RULES);
      } else {
        await applyRulesAsync(g, y, SELECTION_RULES);
        await applyRulesAsync(g, y, TAIL_RULES);
      }
    }
    clear();
    iterations++;
    opts.onIteration?.({ r, pag: g.toJson(iterations), ciTests: test.testsRun });
    if (done) {
      converged = true;
      break;
    }
    if (opts.maxR !== undefined && r >= opts.maxR) break;
    r++;
  }
  return { pag: g, json: g.toJson(iterations), ciTests: test.testsRun, iterations, converged };
}
