// TEST ORACLE — the straightforward engine as of 8fa1fd0 (before issue 12's fast paths), copied unchanged
// but for import paths. The fast engine must give exactly its PAGs, separating sets and test counts; do not optimise.
// A partial ancestral graph over node indices 0..n−1 (optionally restricted to a subset `nodes`).
// Storage follows the reference's matrix encoding: m[a][b] is the mark at b's end of the edge a–b,
// 0 = no edge, 1 = circle, 2 = arrowhead, 3 = tail.
import { EngineInputError } from '../../../../../src/engine/errors';
import type { Mark, PagEdgeJson, PagJson, SepsetJson } from '../../../../../src/engine/types';

export const NONE = 0;
export const CIRCLE = 1;
export const ARROW = 2;
export const TAIL = 3;
export type MarkCode = 0 | 1 | 2 | 3;

const MARK_NAMES: Record<number, Mark> = { [CIRCLE]: 'circle', [ARROW]: 'arrow', [TAIL]: 'tail' };
const MARK_CODES: Record<Mark, MarkCode> = { circle: CIRCLE, arrow: ARROW, tail: TAIL };

export function markName(code: number): Mark {
  const m = MARK_NAMES[code];
  if (!m) throw new Error(`no mark for code ${code}`);
  return m;
}
export function markCode(mark: Mark): MarkCode {
  return MARK_CODES[mark];
}

export class Pag {
  readonly n: number;
  /** The graph's nodes, ascending (all of 0..n−1 unless restricted). */
  readonly nodes: readonly number[];
  readonly inGraph: Uint8Array;
  /** m[a*n+b]: mark at b on the edge a–b. */
  readonly m: Uint8Array;
  /** Separating sets of removed edges, keyed a*n+b with a < b. */
  readonly sepsets = new Map<number, number[]>();
  /** Neighbour lists, rebuilt lazily after an edge is added or deleted (change `m` only through the methods). */
  private readonly nbCache: (number[] | undefined)[] = [];
  /** Bumped whenever an edge appears or disappears (lets skeleton-derived caches know they are stale). */
  adjacencyVersion = 0;

  constructor(n: number, nodes?: readonly number[]) {
    if (!Number.isInteger(n) || n < 0) throw new EngineInputError(`PAG size must be a non-negative integer, got ${n}`);
    this.n = n;
    const list = nodes ? [...new Set(nodes)].sort((a, b) => a - b) : Array.from({ length: n }, (_, i) => i);
    for (const v of list)
      if (!Number.isInteger(v) || v < 0 || v >= n) throw new EngineInputError(`node ${v} is outside 0..${n - 1}`);
    this.nodes = list;
    this.inGraph = new Uint8Array(n);
    for (const v of list) this.inGraph[v] = 1;
    this.m = new Uint8Array(n * n);
  }

  /** Every pair of the graph's nodes joined by an edge with `mark` at both ends (ICD starts from o–o). */
  static complete(n: number, nodes?: readonly number[], mark: MarkCode = CIRCLE): Pag {
    const g = new Pag(n, nodes);
    for (const a of g.nodes) for (const b of g.nodes) if (a !== b) g.m[a * n + b] = mark;
    return g;
  }

  /** From the reference's adjacency-matrix encoding (adj[a][b] = mark at b: 0 none, 1 o, 2 >, 3 −). */
  static fromMatrix(adj: readonly (readonly number[])[]): Pag {
    const n = adj.length;
    const g = new Pag(n);
    for (let a = 0; a < n; a++) {
      if (adj[a].length !== n)
        throw new EngineInputError(`adjacency matrix must be square: row ${a} has ${adj[a].length} entries`);
      for (let b = 0; b < n; b++) {
        const v = adj[a][b];
        if (!(v === 0 || v === 1 || v === 2 || v === 3))
          throw new EngineInputError(`adjacency entry [${a}][${b}] must be 0..3, got ${v}`);
        if (a === b && v !== 0) throw new EngineInputError(`adjacency diagonal must be 0 at [${a}][${a}]`);
        g.m[a * n + b] = v;
      }
    }
    for (let a = 0; a < n; a++)
      for (let b = a + 1; b < n; b++) {
        if ((g.m[a * n + b] === 0) !== (g.m[b * n + a] === 0))
          throw new EngineInputError(`adjacency matrix has a half edge between ${a} and ${b}`);
      }
    return g;
  }

  /** From the PAG JSON shape (edges and sepsets). */
  static fromJson(json: PagJson): Pag {
    const g = new Pag(json.n);
    for (const e of json.edges) g.addEdge(e.a, e.b, markCode(e.markA), markCode(e.markB));
    for (const s of json.sepsets) g.setSepset(s.a, s.b, s.set);
    return g;
  }

  toMatrix(): number[][] {
    const n = this.n;
    return Array.from({ length: n }, (_, a) => Array.from(this.m.subarray(a * n, a * n + n)));
  }

  clone(): Pag {
    const g = new Pag(this.n, this.nodes);
    g.m.set(this.m);
    for (const [k, v] of this.sepsets) g.sepsets.set(k, v.slice());
    return g;
  }

  /** Mark at b's end of the edge a–b (NONE when not adjacent). */
  mark(a: number, b: number): number {
    return this.m[a * this.n + b];
  }
  /** Set the mark at `target`'s end of the edge source–target (the reference's replace_edge_mark). */
  setMark(source: number, target: number, mark: MarkCode): void {
    const k = source * this.n + target;
    if ((this.m[k] === NONE) !== (mark === NONE)) {
      this.nbCache[source] = undefined;
      this.nbCache[target] = undefined;
      this.adjacencyVersion++;
    }
    this.m[k] = mark;
  }

  isAdjacent(a: number, b: number): boolean {
    return a !== b && this.m[a * this.n + b] !== NONE;
  }

  /** is_edge(a, b, markAtA, markAtB). */
  isEdge(a: number, b: number, markAtA: number, markAtB: number): boolean {
    return this.m[b * this.n + a] === markAtA && this.m[a * this.n + b] === markAtB;
  }

  addEdge(a: number, b: number, markAtA: MarkCode, markAtB: MarkCode): void {
    if (a === b) throw new EngineInputError(`self-loop at ${a}`);
    this.nbCache[a] = undefined;
    this.nbCache[b] = undefined;
    this.adjacencyVersion++;
    this.m[b * this.n + a] = markAtA;
    this.m[a * this.n + b] = markAtB;
  }

  deleteEdge(a: number, b: number): void {
    this.nbCache[a] = undefined;
    this.nbCache[b] = undefined;
    this.adjacencyVersion++;
    this.m[a * this.n + b] = NONE;
    this.m[b * this.n + a] = NONE;
  }

  /** Neighbours of a, ascending (a shared cached array: do not modify). */
  neighbors(a: number): readonly number[] {
    const hit = this.nbCache[a];
    if (hit) return hit;
    const out: number[] = [];
    const row = a * this.n;
    for (const v of this.nodes) if (v !== a && this.m[row + v] !== NONE) out.push(v);
    this.nbCache[a] = out;
    return out;
  }

  /** Nodes v with the given mark at `at`'s end of the edge v–at, ascending (the reference's _graph[at][mark]). */
  withMarkAt(at: number, mark: number): number[] {
    const out: number[] = [];
    for (const v of this.nodes) if (v !== at && this.m[v * this.n + at] === mark) out.push(v);
    return out;
  }

  /** Every edge's ends set to `mark`, for all edges among `among` (default: all). */
  resetOrientations(mark: MarkCode, among?: readonly number[]): void {
    const list = among ?? this.nodes;
    for (const a of list)
      for (const b of list) if (a !== b && this.m[a * this.n + b] !== NONE) this.m[a * this.n + b] = mark;
  }

  // --- separating sets ---
  setSepset(a: number, b: number, set: readonly number[]): void {
    const [x, y] = a < b ? [a, b] : [b, a];
    this.sepsets.set(
      x * this.n + y,
      [...set].sort((p, q) => p - q),
    );
  }
  /** The recorded separating set, or [] when none was recorded (as the reference's SeparationSet default). */
  sepset(a: number, b: number): number[] {
    const [x, y] = a < b ? [a, b] : [b, a];
    return this.sepsets.get(x * this.n + y) ?? [];
  }
  hasSepset(a: number, b: number): boolean {
    const [x, y] = a < b ? [a, b] : [b, a];
    return this.sepsets.has(x * this.n + y);
  }

  // --- ancestral queries ---
  /** No arrowhead at p and no tail at c on the edge p–c (circles allowed). */
  isPossibleParent(p: number, c: number): boolean {
    if (p === c) return false;
    const atC = this.m[p * this.n + c];
    if (atC === NONE || atC === TAIL) return false;
    return this.m[c * this.n + p] !== ARROW;
  }

  possibleChildren(p: number, exclude: readonly number[] = []): number[] {
    return this.nodes.filter((c) => !exclude.includes(c) && this.isPossibleParent(p, c));
  }

  possibleParents(c: number, exclude: readonly number[] = []): number[] {
    return this.nodes.filter((p) => !exclude.includes(p) && this.isPossibleParent(p, c));
  }

  /** Flags (indexed by node) of every node with a possibly directed path into one of `targets` (targets excluded unless on a cycle). */
  possibleAncestorFlags(targets: readonly number[]): Uint8Array {
    const n = this.n;
    const flags = new Uint8Array(n);
    const stack = [...targets];
    const seen = new Uint8Array(n);
    for (const t of targets) seen[t] = 1;
    while (stack.length > 0) {
      const c = stack.pop() as number;
      for (const p of this.nodes) {
        if (flags[p] || !this.isPossibleParent(p, c)) continue;
        flags[p] = 1;
        if (!seen[p]) {
          seen[p] = 1;
          stack.push(p);
        }
      }
    }
    return flags;
  }

  isPossibleAncestor(ancestor: number, descendant: number): boolean {
    return this.possibleAncestorFlags([descendant])[ancestor] === 1;
  }

  isParent(p: number, c: number): boolean {
    return this.m[p * this.n + c] === ARROW && this.m[c * this.n + p] === TAIL;
  }

  /** x *–> mid <–* y. */
  isCollider(x: number, mid: number, y: number): boolean {
    return this.m[x * this.n + mid] === ARROW && this.m[y * this.n + mid] === ARROW;
  }

  /** mid may be a collider on x *–* mid *–* y: the triple is a triangle or mid is a definite collider. */
  isPossibleCollider(x: number, mid: number, y: number): boolean {
    if (x === y || !this.isAdjacent(x, mid) || !this.isAdjacent(mid, y)) return false;
    return this.isAdjacent(x, y) || this.isCollider(x, mid, y);
  }

  // --- output ---
  edges(): PagEdgeJson[] {
    const out: PagEdgeJson[] = [];
    const n = this.n;
    for (let a = 0; a < n; a++)
      for (let b = a + 1; b < n; b++) {
        const atB = this.m[a * n + b];
        if (atB === NONE) continue;
        out.push({ a, b, markA: markName(this.m[b * n + a]), markB: markName(atB) });
      }
    return out;
  }

  sepsetList(): SepsetJson[] {
    const out: SepsetJson[] = [];
    for (const [k, set] of this.sepsets) out.push({ a: Math.floor(k / this.n), b: k % this.n, set: set.slice() });
    return out.sort((p, q) => p.a - q.a || p.b - q.b);
  }

  toJson(iterations = 0): PagJson {
    return { n: this.n, edges: this.edges(), sepsets: this.sepsetList(), iterations };
  }
}

const GLYPH_A: Record<Mark, string> = { tail: '-', arrow: '<', circle: 'o' };
const GLYPH_B: Record<Mark, string> = { tail: '-', arrow: '>', circle: 'o' };

/** "3 o-> 5" style text for one edge. */
export function edgeText(e: PagEdgeJson, label: (i: number) => string = String): string {
  return `${label(e.a)} ${GLYPH_A[e.markA]}-${GLYPH_B[e.markB]} ${label(e.b)}`;
}
