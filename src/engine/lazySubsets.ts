// Lazy enumeration of the PDS-tree's legal subsets for CLEANN (and for ICD-Sep's large rounds), in the reference's order (sum of the
// members' minimal tree distances, then lexicographic) without ever holding all subsets of a size:
// one depth-first walk per (size, distance sum), memory O(tree + size). The walk is a generator
// that also yields STEP ticks, so a caller can check cancellation and its budget between steps
// even when long stretches of combinations are illegal and nothing is tested.
import type { PdsTree } from './pdsTree';

/** Yielded every `stepsPerTick` walk steps (a step = one node considered for one position). */
export const STEP = null;
export type SubsetStep = number[] | typeof STEP;

/** What a SubsetSpace walks: usable nodes (ascending), their distances, and per node its supports (positions). */
export interface SubsetSource {
  nodes: number[];
  dist: Int32Array;
  supports: Int32Array[][];
}

/** What the walk needs from one PDS-tree, computed once per (tree, allowed nodes). */
export class SubsetSpace {
  /** Usable candidate nodes (not the root, allowed), ascending. */
  readonly nodes: number[];
  /** Minimal tree distance of nodes[i]. */
  readonly dist: Int32Array;
  /**
   * supports[i]: for each tree vertex labelled nodes[i] whose path is made of usable nodes only,
   * the positions (indices into `nodes`) of the other labels on its path from the root, ascending.
   * A set is legal iff each member has one support inside the set (ICD-Sep condition 2-b).
   */
  readonly supports: Int32Array[][];
  /** Graph node → its index in `nodes`. */
  private readonly position: Map<number, number>;
  private readonly sufMin: Int32Array;
  private readonly sufMax: Int32Array;

  /** From a PDS-tree (CLEANN), or from nodes, distances and supports already worked out (ICD-Sep: ./icdSepStream.ts). */
  constructor(tree: PdsTree | SubsetSource, allowed?: Uint8Array) {
    const source = 'root' in tree ? sourceFromTree(tree, allowed) : tree;
    this.nodes = source.nodes;
    this.dist = source.dist;
    this.supports = source.supports;
    const pos = new Map<number, number>();
    this.nodes.forEach((v, i) => pos.set(v, i));
    this.position = pos;
    const n = this.nodes.length;
    this.sufMin = new Int32Array(n + 1).fill(2 ** 30);
    this.sufMax = new Int32Array(n + 1);
    for (let i = n - 1; i >= 0; i--) {
      this.sufMin[i] = Math.min(this.sufMin[i + 1], this.dist[i]);
      this.sufMax[i] = Math.max(this.sufMax[i + 1], this.dist[i]);
    }
  }

  /** Is this set of graph nodes legal here: every member usable, with one support inside the set. */
  isLegal(set: readonly number[]): boolean {
    const positions = new Set<number>();
    for (const v of set) {
      const p = this.position.get(v);
      if (p === undefined) return false;
      positions.add(p);
    }
    for (const p of positions) {
      if (!this.supports[p].some((support) => support.every((q) => positions.has(q)))) return false;
    }
    return true;
  }

  /** The distance sum of a set of usable nodes. */
  distSum(set: readonly number[]): number {
    let d = 0;
    for (const v of set) d += this.dist[this.position.get(v) as number];
    return d;
  }

  /** Smallest and largest distance sum a set of `size` usable nodes can have (null when there are fewer nodes). */
  sumRange(size: number): { min: number; max: number } | null {
    if (size < 1 || size > this.nodes.length) return null;
    const sorted = Array.from(this.dist).sort((a, b) => a - b);
    let min = 0,
      max = 0;
    for (let i = 0; i < size; i++) {
      min += sorted[i];
      max += sorted[sorted.length - 1 - i];
    }
    return { min, max };
  }

  /**
   * Legal sets of `size` members whose distances sum to `sum`, lexicographically (as node lists),
   * interleaved with STEP every `stepsPerTick` walk steps.
   */
  *withSum(size: number, sum: number, stepsPerTick = 256): Generator<SubsetStep, void, undefined> {
    const n = this.nodes.length;
    if (size < 1 || size > n) return;
    const chosen = new Int32Array(size); // positions picked so far, ascending
    const isChosen = new Uint8Array(n);
    // iterative walk: next[d] = the next position to try at depth d
    const next = new Int32Array(size + 1);
    const sumAt = new Int32Array(size + 1); // distance sum of chosen[0..d)
    let depth = 0;
    next[0] = 0;
    let steps = 0;
    while (depth >= 0) {
      const j = next[depth];
      const left = size - depth; // members still to pick, this one included
      if (j > n - left) {
        // no room: back up
        depth--;
        if (depth >= 0) {
          isChosen[chosen[depth]] = 0;
        }
        continue;
      }
      next[depth] = j + 1;
      if (++steps >= stepsPerTick) {
        steps = 0;
        yield STEP;
      }
      const rest = sum - sumAt[depth] - this.dist[j];
      const after = left - 1;
      // the sum must stay reachable with `after` members from positions > j
      if (after === 0 ? rest !== 0 : rest < after * this.sufMin[j + 1] || rest > after * this.sufMax[j + 1]) {
        // distances are not sorted by position, so a later j may still fit: keep scanning
        continue;
      }
      chosen[depth] = j;
      isChosen[j] = 1;
      if (!this.supportable(chosen, depth + 1, isChosen, j, after)) {
        isChosen[j] = 0;
        continue;
      }
      if (after === 0) {
        const set = Array.from(chosen, (p) => this.nodes[p]);
        isChosen[j] = 0;
        yield set;
        continue;
      }
      sumAt[depth + 1] = sumAt[depth] + this.dist[j];
      depth++;
      next[depth] = j + 1;
    }
  }

  /**
   * Each chosen member still has a support whose unchosen positions all lie after `last` (positions
   * up to `last` are decided) and number at most `room`.
   */
  private supportable(chosen: Int32Array, count: number, isChosen: Uint8Array, last: number, room: number): boolean {
    for (let c = 0; c < count; c++) {
      let ok = false;
      for (const support of this.supports[chosen[c]]) {
        let missing = 0;
        for (let t = 0; t < support.length; t++) {
          const p = support[t];
          if (isChosen[p]) continue;
          if (p <= last) {
            missing = Infinity;
            break;
          }
          missing++;
        }
        if (missing <= room) {
          ok = true;
          break;
        }
      }
      if (!ok) return false;
    }
    return true;
  }
}

/** A PDS-tree's usable nodes, distances and supports (the labels on each vertex's path, itself excluded). */
function sourceFromTree(tree: PdsTree, allowed?: Uint8Array): SubsetSource {
  const ok = (v: number): boolean => v !== tree.root && (!allowed || allowed[v] === 1);
  const nodes = tree.pdsSet.filter(ok);
  const pos = new Map<number, number>();
  nodes.forEach((v, i) => pos.set(v, i));
  const dist = Int32Array.from(nodes, (v) => tree.minDist[v]);
  const supports: Int32Array[][] = nodes.map(() => []);
  const seen = nodes.map(() => new Set<string>());
  for (let v = 1; v < tree.size; v++) {
    const at = pos.get(tree.label[v]);
    if (at === undefined) continue;
    const path = new Set<number>();
    let usable = true;
    for (let u = tree.parent[v]; u > 0; u = tree.parent[u]) {
      const p = pos.get(tree.label[u]);
      if (p === undefined) {
        usable = false;
        break;
      } // an unusable label blocks its subtree
      if (p !== at) path.add(p); // a repeat of the node itself: its shallower vertex's support is a subset
    }
    if (!usable) continue;
    const support = Int32Array.from([...path].sort((a, b) => a - b));
    const key = support.join(',');
    if (!seen[at].has(key)) {
      seen[at].add(key);
      supports[at].push(support);
    }
  }
  return { nodes, dist, supports };
}
