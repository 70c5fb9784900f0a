// The PDS-tree (ICD, Rohekar et al. 2021; the reference's create_pds_tree): breadth-first over
// possible-d-sep paths from a root, where every inner node of a path is a possible collider
// (a definite collider or the middle of a triangle). Each skeleton edge is walked at most once.
import type { Pag } from './pag';

export interface RankedSet {
  /** Sorted node indices. */
  set: number[];
  /** Sum of the members' minimal tree distances to the root. */
  dist: number;
}

export class PdsTree {
  readonly root: number;
  /** Per tree vertex (0 = root): its graph node, parent vertex, depth. */
  readonly label: number[] = [];
  readonly parent: number[] = [];
  readonly depth: number[] = [];
  readonly children: number[][] = [];
  /** Minimal depth of each graph node in the tree (Infinity when absent). */
  readonly minDist: Float64Array;
  /** The possible-d-sep set of the root: every node in the tree but the root, ascending. */
  readonly pdsSet: number[];

  constructor(root: number, n: number) {
    this.root = root;
    this.minDist = new Float64Array(n).fill(Infinity);
    this.pdsSet = [];
    this.addVertex(root, -1);
  }

  addVertex(node: number, parent: number): number {
    const v = this.label.length;
    this.label.push(node);
    this.parent.push(parent);
    const d = parent < 0 ? 0 : this.depth[parent] + 1;
    this.depth.push(d);
    this.children.push([]);
    if (parent >= 0) {
      this.children[parent].push(v);
      if (this.minDist[node] === Infinity) this.pdsSet.push(node);
      if (d < this.minDist[node]) this.minDist[node] = d;
    }
    return v;
  }

  /** get_max_depth(): number of nodes on the longest root-to-leaf path, root included. */
  maxDepth(): number {
    let m = 0;
    for (const d of this.depth) if (d > m) m = d;
    return m + 1;
  }

  /** Tree path root → … → node along a shallowest occurrence of node (graph nodes, root first), or null. */
  pathTo(node: number): number[] | null {
    let best = -1;
    for (let v = 1; v < this.label.length; v++) {
      if (this.label[v] === node && (best < 0 || this.depth[v] < this.depth[best])) best = v;
    }
    if (best < 0) return null;
    const path: number[] = [];
    for (let v = best; v >= 0; v = this.parent[v]) path.push(this.label[v]);
    return path.reverse();
  }

  /** Active vertices for a set: vertices whose whole path from the root (root excluded) lies in the set. */
  private activeVertices(inSet: Uint8Array): number[] {
    const active = [0];
    for (let i = 0; i < active.length; i++) {
      for (const c of this.children[active[i]]) if (inSet[this.label[c]]) active.push(c);
    }
    return active;
  }

  /** ICD-Sep condition 2-b: every member is reachable from the root through members only. */
  isLegal(set: readonly number[]): boolean {
    const inSet = new Uint8Array(this.minDist.length);
    for (const s of set) inSet[s] = 1;
    const reached = new Uint8Array(this.minDist.length);
    for (const v of this.activeVertices(inSet)) if (v > 0) reached[this.label[v]] = 1;
    return set.every((s) => reached[s] === 1);
  }

  /**
   * Every legal subset of the possible-d-sep set with `size` members, optionally only over nodes with
   * allowed[node] = 1 (sets with a disallowed member are dropped, as the reference filters them later),
   * ordered as the reference orders them: by the sum of minimal distances, then lexicographically.
   * Built level by level (each legal set extends a legal set one smaller), never enumerating illegal combinations.
   */
  legalSubsets(size: number, allowed?: Uint8Array): RankedSet[] {
    const ok = (v: number): boolean => v !== this.root && (!allowed || allowed[v] === 1);
    const usable = this.pdsSet.filter(ok);
    const level = usable.length <= 30 ? this.legalMasks(size, usable, ok) : this.legalSetsGeneric(size, ok);
    const ranked = level.map((set) => ({ set, dist: set.reduce((s, v) => s + this.minDist[v], 0) }));
    ranked.sort((p, q) => p.dist - q.dist || lexCompare(p.set, q.set));
    return ranked;
  }

  /** Level-by-level growth with sets as 30-bit masks over the usable nodes (fast path). */
  private legalMasks(size: number, usable: number[], ok: (v: number) => boolean): number[][] {
    const bitOf = new Int32Array(this.minDist.length).fill(-1);
    usable.forEach((v, i) => { bitOf[v] = i; });
    return this.legalMaskSets(size, bitOf, ok).map((mask) => usable.filter((_, i) => (mask & (1 << i)) !== 0));
  }

  /**
   * Legal sets of `size` as bit masks, bit bitOf[node] for each member (every usable node must have a bit < 30).
   * Grown level by level: a vertex can join once every label above it is in the set.
   */
  legalMaskSets(size: number, bitOf: Int32Array, ok: (v: number) => boolean): number[] {
    if (size === 0) return [0];
    const vBit: number[] = [], vAbove: number[] = [];
    const above = new Int32Array(this.label.length).fill(-1);
    above[0] = 0;
    for (let v = 1; v < this.label.length; v++) {
      const pa = above[this.parent[v]];
      if (pa < 0 || !ok(this.label[v])) continue; // an unusable label blocks its whole subtree
      const b = 1 << bitOf[this.label[v]];
      above[v] = pa | b;
      vBit.push(b);
      vAbove.push(pa);
    }
    let level: number[] = [0];
    for (let k = 0; k < size && level.length > 0; k++) {
      const next = new Set<number>();
      for (const set of level) {
        for (let t = 0; t < vBit.length; t++) {
          if ((vAbove[t] & ~set) === 0 && (vBit[t] & set) === 0) next.add(set | vBit[t]);
        }
      }
      level = [...next];
    }
    return level;
  }

  /** The same growth over explicit node lists, for trees with more than 30 usable nodes. */
  private legalSetsGeneric(size: number, ok: (v: number) => boolean): number[][] {
    const n = this.minDist.length;
    let level: number[][] = [[]];
    const inSet = new Uint8Array(n);
    for (let k = 0; k < size && level.length > 0; k++) {
      const next = new Map<string, number[]>();
      for (const set of level) {
        for (const s of set) inSet[s] = 1;
        const cands = new Set<number>();
        for (const v of this.activeVertices(inSet)) {
          for (const c of this.children[v]) {
            const node = this.label[c];
            if (!inSet[node] && ok(node)) cands.add(node);
          }
        }
        for (const s of set) inSet[s] = 0;
        for (const c of cands) {
          const grown = [...set, c].sort((p, q) => p - q);
          const key = grown.join(',');
          if (!next.has(key)) next.set(key, grown);
        }
      }
      level = [...next.values()];
    }
    return size === 0 ? [[]] : level;
  }
}

export function lexCompare(a: readonly number[], b: readonly number[]): number {
  const k = Math.min(a.length, b.length);
  for (let i = 0; i < k; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Reusable scratch for "edge already walked" flags, so trees over big graphs allocate nothing per call. */
let walked = new Uint8Array(0);

/**
 * create_pds_tree(pag, root, max_depth): breadth-first from the root; a neighbour c of node b, reached
 * from a, is added under b when a *–* b *–* c has b as a possible collider; each skeleton edge is walked once.
 * maxDepth defaults to (number of graph nodes − 1).
 */
export function createPdsTree(g: Pag, root: number, maxDepth?: number): PdsTree {
  const n = g.n;
  const limit = maxDepth ?? g.nodes.length - 1;
  const tree = new PdsTree(root, n);
  if (walked.length < n * n) walked = new Uint8Array(n * n);
  const touched: number[] = [];
  const walk = (a: number, b: number): void => {
    walked[a * n + b] = 1; walked[b * n + a] = 1;
    touched.push(a * n + b, b * n + a);
  };
  // queue of (previous node, current node, tree vertex of current)
  const qa: number[] = [], qb: number[] = [], qv: number[] = [];
  for (const nb of g.neighbors(root)) {
    walk(root, nb);
    qa.push(root); qb.push(nb); qv.push(tree.addVertex(nb, 0));
  }
  for (let h = 0; h < qb.length; h++) {
    const a = qa[h], b = qb[h], v = qv[h];
    if (tree.depth[v] >= limit) continue;
    for (const c of g.neighbors(b)) {
      if (walked[b * n + c]) continue;
      if (g.isPossibleCollider(a, b, c)) {
        walk(b, c);
        qa.push(b); qb.push(c); qv.push(tree.addVertex(c, v));
      }
    }
  }
  for (const t of touched) walked[t] = 0;
  tree.pdsSet.sort((p, q) => p - q);
  return tree;
}
