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
  /** Number of tree vertices (vertex 0 = the root). */
  readonly size: number;
  /** Per tree vertex: its graph node, parent vertex (−1 for the root), depth. */
  readonly label: Int32Array;
  readonly parent: Int32Array;
  readonly depth: Int32Array;
  /** Children as linked lists (−1 = none), in insertion order; built on first use. */
  private links: { firstChild: Int32Array; nextSibling: Int32Array } | null = null;
  /** Minimal depth of each graph node in the tree (Infinity when absent). */
  readonly minDist: Float64Array;
  /** The possible-d-sep set of the root: every node in the tree but the root, ascending. */
  readonly pdsSet: number[];

  /** From parallel arrays of vertices in insertion (breadth-first) order; vertex 0 is the root. */
  constructor(n: number, label: Int32Array, parent: Int32Array, depth: Int32Array, count: number) {
    this.size = count;
    this.root = label[0];
    this.label = label.slice(0, count);
    this.parent = parent.slice(0, count);
    this.depth = depth.slice(0, count);
    this.minDist = new Float64Array(n).fill(Infinity);
    const pds: number[] = [];
    for (let v = 1; v < count; v++) {
      const node = this.label[v];
      // breadth-first order: the first occurrence of a node is its shallowest
      if (this.minDist[node] === Infinity) {
        pds.push(node);
        this.minDist[node] = this.depth[v];
      }
    }
    this.pdsSet = pds.sort((a, b) => a - b);
  }

  private childLinks(): { firstChild: Int32Array; nextSibling: Int32Array } {
    if (this.links) return this.links;
    const firstChild = new Int32Array(this.size).fill(-1);
    const nextSibling = new Int32Array(this.size).fill(-1);
    const lastChild = new Int32Array(this.size).fill(-1);
    for (let v = 1; v < this.size; v++) {
      const p = this.parent[v];
      if (lastChild[p] < 0) firstChild[p] = v;
      else nextSibling[lastChild[p]] = v;
      lastChild[p] = v;
    }
    this.links = { firstChild, nextSibling };
    return this.links;
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
    for (let v = 1; v < this.size; v++) {
      if (this.label[v] === node && (best < 0 || this.depth[v] < this.depth[best])) best = v;
    }
    if (best < 0) return null;
    const path: number[] = [];
    for (let v = best; v >= 0; v = this.parent[v]) path.push(this.label[v]);
    return path.reverse();
  }

  /** Active vertices for a set: vertices whose whole path from the root (root excluded) lies in the set. */
  private activeVertices(inSet: Uint8Array): number[] {
    const { firstChild, nextSibling } = this.childLinks();
    const active = [0];
    for (let i = 0; i < active.length; i++) {
      for (let c = firstChild[active[i]]; c >= 0; c = nextSibling[c]) if (inSet[this.label[c]]) active.push(c);
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
    usable.forEach((v, i) => {
      bitOf[v] = i;
    });
    return this.legalMaskSets(size, bitOf, ok).map((mask) => usable.filter((_, i) => (mask & (1 << i)) !== 0));
  }

  /**
   * Legal sets of `size` as bit masks, bit bitOf[node] for each member (every usable node must have a bit < 30).
   * Grown level by level: a vertex can join once every label above it is in the set.
   */
  legalMaskSets(size: number, bitOf: Int32Array, ok: (v: number) => boolean): number[] {
    if (size === 0) return [0];
    // walk only the usable part of the tree: an unusable label blocks its whole subtree
    const { firstChild, nextSibling } = this.childLinks();
    const vBit: number[] = [],
      vAbove: number[] = [];
    const stackV: number[] = [],
      stackAbove: number[] = [];
    for (let c = firstChild[0]; c >= 0; c = nextSibling[c]) {
      stackV.push(c);
      stackAbove.push(0);
    }
    while (stackV.length > 0) {
      const v = stackV.pop() as number,
        pa = stackAbove.pop() as number;
      if (!ok(this.label[v])) continue;
      const b = 1 << bitOf[this.label[v]];
      vBit.push(b);
      vAbove.push(pa);
      for (let c = firstChild[v]; c >= 0; c = nextSibling[c]) {
        stackV.push(c);
        stackAbove.push(pa | b);
      }
    }
    return growMaskLevels(vBit, vAbove, size);
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
        const { firstChild, nextSibling } = this.childLinks();
        for (const v of this.activeVertices(inSet)) {
          for (let c = firstChild[v]; c >= 0; c = nextSibling[c]) {
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

/**
 * The distinct sets of `size` grown level by level from the empty set, as bit masks: vertex t (bit
 * vBit[t]) can join a set once every bit of vAbove[t] is in it (shared by PdsTree and ./icdSep.ts).
 */
export function growMaskLevels(vBit: readonly number[], vAbove: readonly number[], size: number): number[] {
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

export function lexCompare(a: readonly number[], b: readonly number[]): number {
  const k = Math.min(a.length, b.length);
  for (let i = 0; i < k; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/**
 * Scratch reused across calls: the skeleton as linked neighbour lists, and the vertex arrays under
 * construction. Node b's entries are flat[start[b] .. start[b] + len[b]), ascending; a tree restores a
 * node's links (a plain chain) the first time it touches the node, so a tree costs its own size, not the
 * whole skeleton's.
 */
let flat = new Int32Array(0);
let nxt = new Int32Array(0);
let prv = new Int32Array(0);
let head = new Int32Array(0);
let start = new Int32Array(0);
let len = new Int32Array(0);
/** touched[b] === stamp: b's links are this tree's (else they are stale and restored on first touch). */
let touched = new Int32Array(0);
let stamp = 0;
let posOf = new Int32Array(0); // posOf[b*n+c] = index in `flat` of c within b's list
/** The skeleton the lists describe (rebuilt when the PAG or its adjacency changes). */
let layout: { pag: WeakRef<Pag>; version: number; total: number } | null = null;
let bufLabel = new Int32Array(0);
let bufParent = new Int32Array(0);
let bufDepth = new Int32Array(0);

function prepareLists(g: Pag): number {
  const n = g.n;
  if (layout && layout.pag.deref() === g && layout.version === g.adjacencyVersion) return layout.total;
  let total = 0;
  for (const v of g.nodes) total += g.neighbors(v).length;
  if (flat.length < total) {
    flat = new Int32Array(total);
    nxt = new Int32Array(total);
    prv = new Int32Array(total);
  }
  if (posOf.length < n * n) posOf = new Int32Array(n * n);
  if (head.length < n) {
    head = new Int32Array(n);
    start = new Int32Array(n);
    len = new Int32Array(n);
    touched = new Int32Array(n);
  }
  touched.fill(0, 0, n);
  stamp = 0;
  len.fill(0, 0, n);
  let k = 0;
  for (const b of g.nodes) {
    const nb = g.neighbors(b);
    start[b] = k;
    len[b] = nb.length;
    for (let t = 0; t < nb.length; t++, k++) {
      flat[k] = nb[t];
      posOf[b * n + nb[t]] = k;
    }
  }
  layout = { pag: new WeakRef(g), version: g.adjacencyVersion, total };
  return total;
}

/** Restore b's list to the full ascending chain, once per tree. */
function touch(b: number): void {
  if (touched[b] === stamp) return;
  touched[b] = stamp;
  const s = start[b],
    e = s + len[b];
  head[b] = e > s ? s : -1;
  for (let k = s; k < e; k++) {
    prv[k] = k - 1;
    nxt[k] = k + 1;
  }
  if (e > s) {
    prv[s] = -1;
    nxt[e - 1] = -1;
  }
}

/**
 * create_pds_tree(pag, root, max_depth): breadth-first from the root; a neighbour c of node b, reached
 * from a, is added under b when a *–* b *–* c has b as a possible collider; each skeleton edge is walked
 * once (as the reference removes it from its skeleton copy). maxDepth defaults to (number of graph nodes − 1).
 * Vertices are created in breadth-first order, so the vertex list is the queue. Unwalked edges are kept as
 * ascending linked lists, so a node's walked edges are never scanned again.
 */
export function createPdsTree(g: Pag, root: number, maxDepth?: number): PdsTree {
  const n = g.n;
  const m = g.m;
  const limit = maxDepth ?? g.nodes.length - 1;
  const total = prepareLists(g);
  stamp++;
  const unlink = (b: number, c: number): void => {
    touch(b);
    const e = posOf[b * n + c];
    if (prv[e] >= 0) nxt[prv[e]] = nxt[e];
    else head[b] = nxt[e];
    if (nxt[e] >= 0) prv[nxt[e]] = prv[e];
  };
  const walk = (b: number, c: number): void => {
    unlink(b, c);
    unlink(c, b);
  };

  const maxV = total + 1;
  if (bufLabel.length < maxV) {
    bufLabel = new Int32Array(maxV);
    bufParent = new Int32Array(maxV);
    bufDepth = new Int32Array(maxV);
  }
  const label = bufLabel,
    parent = bufParent,
    depth = bufDepth;
  label[0] = root;
  parent[0] = -1;
  depth[0] = 0;
  let count = 1;
  for (const nb of g.neighbors(root)) {
    walk(root, nb);
    label[count] = nb;
    parent[count] = 0;
    depth[count] = 1;
    count++;
  }
  const ARROWHEAD = 2;
  for (let v = 1; v < count; v++) {
    if (depth[v] >= limit) continue;
    const a = label[parent[v]],
      b = label[v];
    const intoBFromA = m[a * n + b] === ARROWHEAD;
    touch(b);
    for (let e = head[b]; e >= 0;) {
      const c = flat[e];
      const after = nxt[e];
      // b is a possible collider on a *–* b *–* c: a and c adjacent, or arrowheads at b from both sides
      if (c !== a && (m[a * n + c] !== 0 || (intoBFromA && m[c * n + b] === ARROWHEAD))) {
        walk(b, c);
        label[count] = c;
        parent[count] = v;
        depth[count] = depth[v] + 1;
        count++;
      }
      e = after;
    }
  }
  return new PdsTree(n, label, parent, depth, count);
}
