// What ICD-Sep needs of one root's depth-limited PDS-tree, without building the tree.
//
// createPdsTree (./pdsTree.ts) makes a vertex per walked skeleton edge: on a dense PAG that is every edge,
// for every root, in every iteration, and almost all of them at depth 2, while a query only ever looks at
// the few "allowed" nodes (possible ancestors of the edge's ends). The first two levels have a closed form
// (below), so only the edges left for depth 3 and deeper are walked, with bit rows (./roundBits.ts); what
// is kept per root is the minimal depth of every node and the deep vertices whose whole path could be
// allowed. The result is exactly the tree's: same minimal depths, same vertices on allowed paths.
//
// The tree, root x, N(v) the neighbours of v (createPdsTree's rules, each edge walked once, breadth first):
// - depth 1: every b in N(x), ascending; all of x's edges are walked.
// - depth 2: b's children, b ascending, are its unwalked neighbours c ≠ x with x–c adjacent (then c in N(x),
//   and the edge b–c is unwalked only for c > b: a smaller c took it first) or with x *–> b <–* c.
//   So a node c outside N(x) is at depth 2 iff some b has arrowheads at b from both x and c.
// - depth 3 and on: the vertices of depth 2, in that order, then deeper ones as created, each walking
//   its label's remaining edges; the edges left after depth 2 follow from the same two rules.
import type { RoundBits } from './roundBits';

const ARROW = 2;

/** minDist value of a node not in the tree. */
export const ABSENT = 0xffff;

export class PdsSummary {
  /**
   * @param minDist minimal depth of each node in the tree (ABSENT when not in it; the root is ABSENT)
   * @param deep vertices of depth ≥ 3 whose path (root excluded) is all RoundBits.ancestral, as
   *             records [length k, then the k labels of the path, the vertex's own last]
   */
  constructor(
    readonly root: number,
    readonly minDist: Uint16Array,
    readonly deep: Int32Array,
  ) {}

  has(v: number): boolean {
    return v === this.root || this.minDist[v] !== ABSENT;
  }
}

// Scratch shared by all builds (one build at a time; grown on demand).
let remaining = new Uint32Array(0);
/** Per node c: the words of R(c) that were non-zero after depth 2, at nz[c·W …], nzLen[c] of them (R only loses bits). */
let nz = new Int32Array(0),
  nzLen = new Int32Array(0);
let qLabel: Int32Array = new Int32Array(0),
  qParent: Int32Array = new Int32Array(0),
  qDepth: Int32Array = new Int32Array(0),
  qUp: Int32Array = new Int32Array(0);
let qB: Int32Array = new Int32Array(0),
  qC: Int32Array = new Int32Array(0);
let records: number[] = [];

function growQueue(size: number): void {
  if (qLabel.length >= size) return;
  const cap = Math.max(size, qLabel.length * 2, 64);
  const grow = (a: Int32Array): Int32Array => {
    const b = new Int32Array(cap);
    b.set(a);
    return b;
  };
  qLabel = grow(qLabel);
  qParent = grow(qParent);
  qDepth = grow(qDepth);
  qUp = grow(qUp);
  qB = grow(qB);
  qC = grow(qC);
}

/** The summary of createPdsTree(g, x, limit) for the PAG described by `bits` and its mark matrix `m`. */
export function buildPdsSummary(bits: RoundBits, m: Uint8Array, x: number, limit: number): PdsSummary {
  const n = bits.n,
    W = bits.words,
    adj = bits.adj,
    into = bits.into,
    out = bits.out,
    anc = bits.ancestral;
  const minDist = new Uint16Array(n).fill(ABSENT);
  const xRow = x * W;
  for (let k = 0; k < W; k++) {
    for (let w = adj[xRow + k]; w !== 0; w &= w - 1) minDist[(k << 5) | (31 - Math.clz32(w & -w))] = 1;
  }
  if (limit < 2) return new PdsSummary(x, minDist, new Int32Array(0));
  // depth 2 outside N(x): out(x) ∩ out(d) ≠ ∅ (out rows only hold neighbours, so b is in N(x) ∩ N(d))
  for (let d = 0; d < n; d++) {
    if (d === x || minDist[d] !== ABSENT) continue;
    const dRow = d * W;
    for (let k = 0; k < W; k++)
      if ((out[xRow + k] & out[dRow + k]) !== 0) {
        minDist[d] = 2;
        break;
      }
  }
  if (limit < 3) return new PdsSummary(x, minDist, new Int32Array(0));

  // Edges left after depth 2, per node: c in N(x) keeps its edges to nodes outside N(x) that did not
  // become its depth-2 children; d outside N(x) loses its edges to the b with x *–> b <–* d.
  if (remaining.length < n * W) {
    remaining = new Uint32Array(n * W);
    nz = new Int32Array(n * W);
  }
  if (nzLen.length < n) nzLen = new Int32Array(n);
  const R = remaining;
  const xBitK = x >>> 5,
    xBit = 1 << (x & 31);
  for (let c = 0; c < n; c++) {
    const cRow = c * W;
    let len = 0;
    if (c === x) {
      R.fill(0, cRow, cRow + W);
      nzLen[c] = 0;
      continue;
    }
    if (minDist[c] === 1) {
      const intoC = m[x * n + c] === ARROW;
      for (let k = 0; k < W; k++) {
        let r = adj[cRow + k] & ~adj[xRow + k];
        if (intoC) r &= ~into[cRow + k];
        if (k === xBitK) r &= ~xBit;
        R[cRow + k] = r;
        if (r !== 0) nz[cRow + len++] = k;
      }
    } else {
      for (let k = 0; k < W; k++) {
        const r = adj[cRow + k] & ~(out[xRow + k] & out[cRow + k]);
        R[cRow + k] = r;
        if (r !== 0) nz[cRow + len++] = k;
      }
    }
    nzLen[c] = len;
  }
  // On dense graphs most edges are walked by depth 2: a label's few remaining words are all a vertex scans.
  const alive = (v: number): boolean => {
    const row = v * W;
    for (let t = 0, e = nzLen[v]; t < e; t++) if (R[row + nz[row + t]] !== 0) return true;
    return false;
  };
  let count = 0;
  records = [];
  /** Vertex `parent` (label a, parent label p, into = arrowhead at a from p) walks its label's remaining edges. */
  const expand = (p: number, a: number, depth: number, parentIdx: number, b: number, c: number): void => {
    const aRow = a * W,
      pRow = p * W;
    const intoA = m[p * n + a] === ARROW;
    for (let t = 0, e = nzLen[a]; t < e; t++) {
      const k = nz[aRow + t];
      let kids = R[aRow + k] & (adj[pRow + k] | (intoA ? into[aRow + k] : 0));
      if (k === p >>> 5) kids &= ~(1 << (p & 31));
      for (; kids !== 0; kids &= kids - 1) {
        const d = (k << 5) | (31 - Math.clz32(kids & -kids));
        R[aRow + k] &= ~(1 << (d & 31));
        R[d * W + (a >>> 5)] &= ~(1 << (a & 31));
        growQueue(count + 1);
        qLabel[count] = d;
        qParent[count] = a;
        qDepth[count] = depth + 1;
        qUp[count] = parentIdx;
        qB[count] = b;
        qC[count] = c;
        count++;
        if (minDist[d] === ABSENT) minDist[d] = depth + 1;
      }
    }
  };
  // depth-2 vertices in tree order: b in N(x) ascending, then its children ascending; only labels with
  // remaining edges can have children
  for (let kb = 0; kb < W; kb++) {
    for (let wb = adj[xRow + kb]; wb !== 0; wb &= wb - 1) {
      const b = (kb << 5) | (31 - Math.clz32(wb & -wb));
      const bRow = b * W;
      const intoB = m[x * n + b] === ARROW;
      for (let k = 0; k < W; k++) {
        // children of b: neighbours c > b in N(x), and (x *–> b) neighbours c outside N(x) with c *–> b
        let kids = adj[bRow + k] & adj[xRow + k];
        if (k < kb) kids = 0;
        else if (k === kb) kids &= b % 32 === 31 ? 0 : ~((2 << (b & 31)) - 1);
        if (intoB) kids |= into[bRow + k] & ~adj[xRow + k] & (k === xBitK ? ~xBit : ~0);
        for (; kids !== 0; kids &= kids - 1) {
          const c = (k << 5) | (31 - Math.clz32(kids & -kids));
          if (alive(c)) expand(b, c, 2, -1, b, c);
        }
      }
    }
  }
  for (let v = 0; v < count; v++) {
    if (qDepth[v] >= limit) continue;
    const a = qLabel[v];
    if (alive(a)) expand(qParent[v], a, qDepth[v], v, qB[v], qC[v]);
  }
  // keep the deep vertices whose path could be allowed
  const keep = new Uint8Array(count);
  for (let v = 0; v < count; v++) {
    const up = qUp[v];
    keep[v] = anc[qLabel[v]] === 1 && (up < 0 ? anc[qB[v]] === 1 && anc[qC[v]] === 1 : keep[up] === 1) ? 1 : 0;
    if (keep[v] === 0) continue;
    const path: number[] = [];
    for (let u = v; u >= 0; u = qUp[u]) path.push(qLabel[u]);
    path.push(qC[v], qB[v]);
    records.push(path.length, ...path.reverse());
  }
  return new PdsSummary(x, minDist, Int32Array.from(records));
}

/**
 * The tree's vertices whose whole path (root excluded) is allowed, as (own node, nodes above it) for the
 * legal-set growth: `vertex(node, above)` is called once per vertex, `above` listing the path's other
 * nodes from depth 1 down. Depth 1 and 2 come from the closed form on the current bit rows.
 */
export function allowedVertices(
  s: PdsSummary,
  bits: RoundBits,
  m: Uint8Array,
  allowedList: readonly number[],
  allowed: Uint8Array,
  vertex: (node: number, above: readonly number[]) => void,
): void {
  const x = s.root,
    n = bits.n;
  const above1: number[] = [];
  for (const b of allowedList) {
    if (s.minDist[b] !== 1) continue;
    vertex(b, above1);
    const intoB = m[x * n + b] === ARROW;
    const aboveB = [b];
    if (!intoB) continue;
    // b's children outside N(x) (those in N(x) are at depth 1 too, where nothing is above them: such a
    // child never makes a set legal that is not legal already)
    for (const c of allowedList) {
      if (s.minDist[c] !== 1 && m[c * n + b] === ARROW) vertex(c, aboveB);
    }
  }
  const d = s.deep;
  for (let p = 0; p < d.length;) {
    const k = d[p];
    let ok = true;
    for (let t = 1; t <= k && ok; t++) ok = allowed[d[p + t]] === 1;
    if (ok) vertex(d[p + k], Array.from(d.subarray(p + 1, p + k)));
    p += k + 1;
  }
}
