// ICD-Sep's conditioning sets for one edge as a stream, in the reference's order (./icdSep.ts), so a
// round's memory stays bounded when an edge has very many candidate sets: on a complete graph every
// one of the C(n − 2, r) subsets is a candidate (an equicorrelated matrix of 60 nodes has 30,856 sets
// of size 3 per edge, 424,270 of size 4). Small cases keep the listed sets (cheaper per set); above
// EAGER_SET_LIMIT possible sets per tree, each tree's legal sets are walked by distance sum with
// ./lazySubsets.ts and the two walks are merged the way the listed version merges its lists.
import { icdSepTrees, listSepSets, type IterationMemo, type SepTree } from './icdSep';
import { STEP, SubsetSpace, type SubsetStep } from './lazySubsets';
import type { Pag } from './pag';

/** Above this many possible sets of a size in one tree (C(nodes, size)), the sets are walked, not listed. */
export const EAGER_SET_LIMIT = 4096;

/** What the ICD-Sep stream materialised since the last reset (tests read these: memory as counts). */
export const sepSetCounters = {
  /** Sets held in listed (eager) form, summed over the edges. */
  listed: 0,
  /** The longest list of one edge. */
  largestList: 0,
  /** Edges whose sets were walked lazily. */
  walkedEdges: 0,
  reset(): void {
    this.listed = 0;
    this.largestList = 0;
    this.walkedEdges = 0;
  },
};

/**
 * The conditioning sets of `size` for the edge i–j (as icdSepSets), interleaved with STEP ticks when they
 * are walked (long illegal stretches still let the caller check cancellation and its budget). Consume it
 * before the graph changes: a walk reads the trees as they were when it started.
 */
export function icdSepStream(
  g: Pag,
  i: number,
  j: number,
  size: number,
  memo: IterationMemo,
  eagerLimit = EAGER_SET_LIMIT,
): Iterable<SubsetStep> {
  const trees = icdSepTrees(g, i, j, size, memo);
  if (!trees) return [];
  if (size === 0 || trees.every((t) => combinations(t.nodes.length, size, eagerLimit) <= eagerLimit)) {
    const list = listSepSets(trees, size);
    sepSetCounters.listed += list.length;
    sepSetCounters.largestList = Math.max(sepSetCounters.largestList, list.length);
    return list;
  }
  sepSetCounters.walkedEdges++;
  return mergedWalk(space(trees[0]), space(trees[1]), size);
}

/** C(k, size), or a number above `cap` as soon as it passes it. */
function combinations(k: number, size: number, cap: number): number {
  let c = 1;
  for (let t = 0; t < size; t++) {
    c = (c * (k - t)) / (t + 1);
    if (c > cap) return c;
  }
  return Math.round(c);
}

/** A tree's vertices as a SubsetSpace: a vertex's support is the nodes above it (itself excluded). */
function space(t: SepTree): SubsetSpace | null {
  if (!t.built || t.verts.length === 0) return null;
  const nodes = t.nodes;
  const pos = new Map<number, number>();
  nodes.forEach((v, k) => pos.set(v, k));
  const md = t.minDist as Uint16Array;
  const supports: Int32Array[][] = nodes.map(() => []);
  const seen = nodes.map(() => new Set<string>());
  for (const { node, above } of t.verts) {
    const at = pos.get(node) as number;
    const others = above.filter((u) => u !== node).map((u) => pos.get(u));
    // a node above that no vertex offers can never be in a set: the listed growth never adds this vertex
    if (others.some((p) => p === undefined)) continue;
    const support = Int32Array.from(new Set(others as number[])).sort();
    const key = support.join(',');
    if (!seen[at].has(key)) {
      seen[at].add(key);
      supports[at].push(support);
    }
  }
  return new SubsetSpace({ nodes, dist: Int32Array.from(nodes, (v) => md[v]), supports });
}

/**
 * The listed version's order: by distance sum; within a sum, tree i's sets then tree j's, each
 * lexicographic; a set in both trees kept where it first appears (tree j's copy when its sum is smaller).
 */
function* mergedWalk(a: SubsetSpace | null, b: SubsetSpace | null, size: number): Generator<SubsetStep> {
  const sa = a ? reachableSums(a.dist, size) : new Set<number>(),
    sb = b ? reachableSums(b.dist, size) : new Set<number>();
  for (const d of [...new Set([...sa, ...sb])].sort((x, y) => x - y)) {
    if (a && sa.has(d))
      for (const s of a.withSum(size, d)) {
        if (s === STEP) yield STEP;
        else if (!(b && b.isLegal(s) && b.distSum(s) < d)) yield s;
      }
    if (b && sb.has(d))
      for (const s of b.withSum(size, d)) {
        if (s === STEP) yield STEP;
        else if (!(a && a.isLegal(s) && a.distSum(s) <= d)) yield s;
      }
  }
}

/**
 * The distance sums some `size` of these distances add up to (legality aside): the walk visits these
 * sums only, not every integer between the extremes (an unreached node's distance is the summary's
 * ABSENT marker, 65,535, so the range can be that wide). Few distinct sums: the distances are small.
 */
function reachableSums(dist: Int32Array, size: number): Set<number> {
  if (dist.length < size) return new Set();
  const reach: Set<number>[] = Array.from({ length: size + 1 }, () => new Set<number>());
  reach[0].add(0);
  for (const d of dist) for (let c = size; c >= 1; c--) for (const s of reach[c - 1]) reach[c].add(s + d);
  return reach[size];
}
