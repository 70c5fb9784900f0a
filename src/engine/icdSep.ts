// ICD-Sep: the conditioning sets ICD tests for an edge i–j in iteration r (the reference's
// _get_pdsep_range_sets), in the reference's order, from per-root PDS summaries (./pdsSummary.ts) instead
// of whole PDS-trees: on dense graphs a tree holds every edge, and a tree per root per iteration cost
// O(n·edges) time and memory; a summary is n·2 bytes plus the few deep vertices an allowed path can use.
import type { Pag } from './pag';
import { ABSENT, allowedVertices, buildPdsSummary, type PdsSummary } from './pdsSummary';
import { growMaskLevels } from './pdsTree';
import { RoundBits } from './roundBits';

/**
 * Per-iteration memo of PDS summaries and possible-ancestor sets by root. Both depend only on the graph
 * and r, and within an iteration the graph changes only when an edge is deleted: then what the deletion
 * can change is dropped (edgeDeleted).
 */
export class IterationMemo {
  private summaries = new Map<number, PdsSummary>();
  private ancestors = new Map<number, Uint8Array>();
  private bits: RoundBits;
  /** icdSepSets' per-call "allowed" flags (one buffer per iteration instead of one per edge). */
  readonly scratch: Uint8Array;
  constructor(
    private readonly g: Pag,
    private readonly size: number,
  ) {
    this.scratch = new Uint8Array(g.n);
    this.bits = new RoundBits(g);
  }

  /** The bit rows, rebuilt (and every cache dropped) if the PAG changed without edgeDeleted. */
  roundBits(): RoundBits {
    if (this.bits.version !== this.g.adjacencyVersion) {
      this.bits = new RoundBits(this.g);
      this.clear();
    }
    return this.bits;
  }

  summary(root: number): PdsSummary {
    const bits = this.roundBits();
    let s = this.summaries.get(root);
    if (!s) {
      s = buildPdsSummary(bits, this.g.m, root, this.size);
      this.summaries.set(root, s);
    }
    return s;
  }

  ancestorFlags(node: number): Uint8Array {
    this.roundBits();
    let a = this.ancestors.get(node);
    if (!a) {
      a = this.g.possibleAncestorFlags([node]);
      this.ancestors.set(node, a);
    }
    return a;
  }

  clear(): void {
    this.summaries.clear();
    this.ancestors.clear();
  }

  /**
   * After deleting the edge i–j (already done on the PAG), forget what it can change (`all`: everything,
   * as the reference recomputes). A PDS-tree only consults the edge i–j from a vertex labelled i or j
   * towards the other, so a tree holding only one of them (the root counts) is unchanged. Possible
   * ancestors of x shrink only if a possibly directed path into x used i–j, which needs both i and j among
   * x's possible ancestors (or equal to x).
   */
  edgeDeleted(i: number, j: number, all = false): void {
    if (this.bits.version !== this.g.adjacencyVersion - 1) {
      this.bits = new RoundBits(this.g);
      this.clear();
      return;
    }
    this.bits.deleteEdge(i, j, this.g.adjacencyVersion);
    if (all) {
      this.clear();
      return;
    }
    for (const [root, s] of this.summaries) if (s.has(i) && s.has(j)) this.summaries.delete(root);
    for (const [x, a] of this.ancestors) if ((a[i] || i === x) && (a[j] || j === x)) this.ancestors.delete(x);
  }
}

/** ICD-Sep conditioning sets of `size` for the edge i–j, in the order the reference tests them. */
export function icdSepSets(g: Pag, i: number, j: number, size: number, memo = new IterationMemo(g, size)): number[][] {
  const trees = icdSepTrees(g, i, j, size, memo);
  return trees ? listSepSets(trees, size) : [];
}

/** Every set of the two trees, listed at once (./icdSepStream.ts walks them lazily when there are many). */
export function listSepSets(trees: [SepTree, SepTree], size: number): number[][] {
  const lists = trees.map((t) => treeSets(t, size));
  return mergeLists(lists[0], lists[1]);
}

/** One root's part of ICD-Sep for an edge: its PDS summary's allowed vertices (none when it was not built). */
export interface SepTree {
  built: boolean;
  minDist: Uint16Array | null;
  verts: Vertex[];
  /** The distinct nodes of `verts`, ascending. */
  nodes: number[];
}

/** The trees of i and of j for the edge i–j's sets of `size`, or null when no set of that size can exist. */
export function icdSepTrees(
  g: Pag,
  i: number,
  j: number,
  size: number,
  memo: IterationMemo,
): [SepTree, SepTree] | null {
  // ICD-Sep condition 3: every member is a possible ancestor of i or of j; members are never i or j.
  const ai = memo.ancestorFlags(i),
    aj = memo.ancestorFlags(j);
  const n = g.n,
    m = g.m;
  const allowed = memo.scratch;
  const allowedList: number[] = [];
  for (let v = 0; v < n; v++) {
    const f = v === i || v === j ? 0 : ai[v] | aj[v];
    allowed[v] = f;
    if (f) allowedList.push(v);
  }
  if (allowedList.length < size) return null;
  // A legal set starts at a neighbour of the root: a root with no allowed neighbour yields nothing.
  const startsAt = (root: number): boolean => allowedList.some((v) => m[root * n + v] !== 0);
  const si = startsAt(i) ? memo.summary(i) : null;
  const sj = startsAt(j) ? memo.summary(j) : null;
  if (!si && !sj) return null;
  const usable = allowedList.filter(
    (v) => (si !== null && si.minDist[v] !== ABSENT) || (sj !== null && sj.minDist[v] !== ABSENT),
  );
  if (usable.length < size) return null;
  const bits = memo.roundBits();
  const tree = (t: PdsSummary | null): SepTree => {
    const verts: Vertex[] = [];
    if (t) allowedVertices(t, bits, m, allowedList, allowed, (node, above) => verts.push({ node, above }));
    const nodes = [...new Set(verts.map((v) => v.node))].sort((p, q) => p - q);
    return { built: t !== null, minDist: t?.minDist ?? null, verts, nodes };
  };
  return [tree(si), tree(sj)];
}

export interface Vertex {
  node: number;
  above: readonly number[];
}

/** One tree's legal sets of a size, sorted by (distance sum, lexicographic), with a membership test. */
interface TreeSets {
  sets: number[][];
  dist: number[];
  /** The set's distance sum in this tree, −1 when it is not one of its sets. */
  distOf(set: readonly number[]): number;
}

/**
 * The reference concatenates tree i's list and tree j's list (each sorted by distance sum, combinations in
 * lexicographic order) and stable-sorts by distance sum: the order is (distance, tree i before j,
 * lexicographic), i.e. the two sorted lists merged, ties to tree i. A set in both lists is kept once, where
 * it first appears (a repeat could only repeat the same answer).
 */
function mergeLists(a: TreeSets, b: TreeSets): number[][] {
  const out: number[][] = [];
  let p = 0,
    q = 0;
  while (p < a.sets.length || q < b.sets.length) {
    if (q >= b.sets.length || (p < a.sets.length && a.dist[p] <= b.dist[q])) {
      // an equal set of b comes first only with a smaller distance: it was emitted before
      const s = a.sets[p],
        d = a.dist[p++];
      const other = b.distOf(s);
      if (!(other >= 0 && other < d)) out.push(s);
    } else {
      const s = b.sets[q],
        d = b.dist[q++];
      const other = a.distOf(s);
      if (!(other >= 0 && other <= d)) out.push(s);
    }
  }
  return out;
}

const NO_SETS: TreeSets = { sets: [], dist: [], distOf: () => -1 };

/**
 * A tree's legal sets of `size`: grown level by level (every legal set extends a legal set one smaller; a
 * vertex can join once every node above it is in the set), as bit masks over the tree's own nodes
 * (ascending, so the lowest differing bit belongs to the lexicographically smaller set), or as sorted
 * lists when it has more than 30. A tree that was not built has no vertices, but the empty set of size 0
 * (as the tree-based code had).
 */
function treeSets({ built, minDist, verts, nodes }: SepTree, size: number): TreeSets {
  if (size === 0) return { sets: [[]], dist: [0], distOf: (set) => (set.length === 0 ? 0 : -1) };
  if (!built || verts.length === 0) return NO_SETS;
  const md = minDist as Uint16Array;
  return nodes.length <= 30 ? maskSets(md, nodes, verts, size) : listSets(md, nodes, verts, size);
}

function maskSets(md: Uint16Array, nodes: number[], verts: Vertex[], size: number): TreeSets {
  const bitOf = new Map<number, number>();
  nodes.forEach((v, k) => bitOf.set(v, 1 << k));
  const vBit = verts.map((v) => bitOf.get(v.node) as number);
  const vAbove = verts.map((v) => v.above.reduce((acc, u) => acc | (bitOf.get(u) as number), 0));
  const level = growMaskLevels(vBit, vAbove, size);
  const distOfMask = (mask: number): number => {
    let d = 0;
    for (let k = 0; k < nodes.length; k++) if (mask & (1 << k)) d += md[nodes[k]];
    return d;
  };
  const dist = level.map(distOfMask);
  const order = level.map((_, k) => k);
  order.sort((p, q) => dist[p] - dist[q] || lexMask(level[p], level[q]));
  const distByMask = new Map<number, number>();
  level.forEach((mask, k) => distByMask.set(mask, dist[k]));
  return {
    sets: order.map((k) => nodes.filter((_, b) => (level[k] & (1 << b)) !== 0)),
    dist: order.map((k) => dist[k]),
    distOf: (set) => {
      let mask = 0;
      for (const v of set) {
        const b = bitOf.get(v);
        if (b === undefined) return -1;
        mask |= b;
      }
      return distByMask.get(mask) ?? -1;
    },
  };
}

function lexMask(a: number, b: number): number {
  if (a === b) return 0;
  const d = a ^ b;
  const low = d & -d;
  return (a & low) !== 0 ? -1 : 1;
}

/**
 * maskSets for a tree with more than 30 allowed nodes: sets as sorted arrays of indices into `nodes`,
 * deduplicated by a numeric key (the indices as digits in base nodes.length) while that is exact, else by text.
 */
function listSets(md: Uint16Array, nodes: number[], verts: Vertex[], size: number): TreeSets {
  const B = nodes.length;
  const local = new Map<number, number>();
  nodes.forEach((v, k) => local.set(v, k));
  const vIdx = verts.map((v) => local.get(v.node) as number);
  const vAbove = verts.map((v) => v.above.map((u) => local.get(u) as number));
  const numeric = Math.pow(B, size) < 2 ** 53;
  const keyOf = (set: ArrayLike<number>): number | string => {
    if (!numeric) return Array.prototype.join.call(set, ',');
    let key = 0;
    for (let t = 0; t < set.length; t++) key = key * B + set[t];
    return key;
  };
  const flags = new Uint8Array(B);
  let level: Int32Array[] = [new Int32Array(0)];
  const grown = new Int32Array(size);
  for (let k = 0; k < size && level.length > 0; k++) {
    const next = new Map<number | string, Int32Array>();
    for (const set of level) {
      for (let t = 0; t < k; t++) flags[set[t]] = 1;
      for (let t = 0; t < vIdx.length; t++) {
        const v = vIdx[t];
        if (flags[v]) continue;
        const above = vAbove[t];
        let ok = true;
        for (let u = 0; u < above.length && ok; u++) ok = flags[above[u]] === 1;
        if (!ok) continue;
        // set ∪ {v}, sorted
        let p = 0,
          q = 0;
        while (p < k && set[p] < v) grown[q++] = set[p++];
        grown[q++] = v;
        while (p < k) grown[q++] = set[p++];
        const view = grown.subarray(0, k + 1);
        const key = keyOf(view);
        if (!next.has(key)) next.set(key, view.slice());
      }
      for (let t = 0; t < k; t++) flags[set[t]] = 0;
    }
    level = [...next.values()];
  }
  const dist = level.map((set) => {
    let d = 0;
    for (const t of set) d += md[nodes[t]];
    return d;
  });
  const order = level.map((_, k) => k);
  const lex = (a: Int32Array, b: Int32Array): number => {
    for (let t = 0; t < a.length; t++) if (a[t] !== b[t]) return a[t] - b[t];
    return 0;
  };
  order.sort((p, q) => dist[p] - dist[q] || lex(level[p], level[q]));
  const distByKey = new Map<number | string, number>();
  level.forEach((set, k) => distByKey.set(keyOf(set), dist[k]));
  return {
    sets: order.map((k) => Array.from(level[k], (t) => nodes[t])),
    dist: order.map((k) => dist[k]),
    distOf: (set) => {
      const idx: number[] = [];
      for (const v of set) {
        const t = local.get(v);
        if (t === undefined) return -1;
        idx.push(t);
      }
      return distByKey.get(keyOf(idx)) ?? -1;
    },
  };
}
