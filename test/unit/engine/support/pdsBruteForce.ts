// The reference's PDS-tree and legal subsets (create_pds_tree, PDSTree.get_subsets_list), written from
// its definition on a plain mark matrix with explicit tree objects and exhaustive enumeration. It uses
// nothing of src/engine (no Pag, no PdsTree helpers), so the engine's tree can be checked against it.

/** A tree vertex: the graph node it stands for, its depth (root 0), its children in the order added. */
export interface BruteVertex {
  node: number;
  depth: number;
  parent: BruteVertex | null;
  children: BruteVertex[];
}

export interface BruteTree {
  root: BruteVertex;
  /** Every vertex in the order it was created (breadth-first; the root first). */
  vertices: BruteVertex[];
}

const ARROWHEAD = 2;

/**
 * adj[a][b] = mark at b on a–b (0 none). `mid` may be passed on x *–* mid *–* y when x and y are
 * adjacent (a triangle) or both edges have an arrowhead at mid (a collider).
 */
export function possibleCollider(adj: readonly (readonly number[])[], x: number, mid: number, y: number): boolean {
  if (x === y || adj[x][mid] === 0 || adj[mid][y] === 0) return false;
  return adj[x][y] !== 0 || (adj[x][mid] === ARROWHEAD && adj[y][mid] === ARROWHEAD);
}

/** Breadth-first from the root; each skeleton edge may be walked once; depth limit as the reference's max_depth. */
export function bruteForcePdsTree(adj: readonly (readonly number[])[], rootNode: number, maxDepth?: number): BruteTree {
  const n = adj.length;
  const unwalked = new Set<string>();
  const key = (a: number, b: number) => (a < b ? `${a}-${b}` : `${b}-${a}`);
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (adj[a][b] !== 0) unwalked.add(key(a, b));
  const neighbours = (v: number) =>
    Array.from({ length: n }, (_, u) => u).filter((u) => u !== v && unwalked.has(key(v, u)));

  const root: BruteVertex = { node: rootNode, depth: 0, parent: null, children: [] };
  const vertices = [root];
  const queue: BruteVertex[] = [];
  for (const u of neighbours(rootNode)) {
    unwalked.delete(key(rootNode, u));
    const child: BruteVertex = { node: u, depth: 1, parent: root, children: [] };
    root.children.push(child);
    vertices.push(child);
    queue.push(child);
  }
  const limit = maxDepth ?? n - 1;
  while (queue.length > 0) {
    const v = queue.shift() as BruteVertex;
    if (v.depth >= limit) continue;
    const prev = (v.parent as BruteVertex).node;
    for (const u of neighbours(v.node)) {
      // listed before any edge of this round is walked, as the reference does
      if (!possibleCollider(adj, prev, v.node, u)) continue;
      unwalked.delete(key(v.node, u));
      const child: BruteVertex = { node: u, depth: v.depth + 1, parent: v, children: [] };
      v.children.push(child);
      vertices.push(child);
      queue.push(child);
    }
  }
  return { root, vertices };
}

/** Graph nodes in the tree, root excluded, ascending. */
export function treeNodes(t: BruteTree): number[] {
  return [...new Set(t.vertices.slice(1).map((v) => v.node))].filter((v) => v !== t.root.node).sort((a, b) => a - b);
}

/** Smallest depth at which `node` occurs in the tree (Infinity when it does not). */
export function minimalDepth(t: BruteTree, node: number): number {
  return Math.min(Infinity, ...t.vertices.filter((v) => v !== t.root && v.node === node).map((v) => v.depth));
}

/** ICD-Sep condition 2-b: each member is reached from the root along a tree path whose nodes are all members. */
export function isLegalSet(t: BruteTree, set: readonly number[]): boolean {
  const members = new Set(set);
  const reaches = (v: BruteVertex, goal: number): boolean =>
    v.children.some((c) => c.node === goal || (members.has(c.node) && reaches(c, goal)));
  return set.every((s) => reaches(t.root, s));
}

export function combinations(items: readonly number[], k: number): number[][] {
  if (k === 0) return [[]];
  return items.flatMap((v, i) => combinations(items.slice(i + 1), k - 1).map((rest) => [v, ...rest]));
}

/** Every legal k-subset of the tree's nodes (over `allowed` ones), stable-sorted by the sum of minimal depths. */
export function bruteForceLegalSubsets(
  t: BruteTree,
  k: number,
  allowed?: (v: number) => boolean,
): [number[], number][] {
  const nodes = treeNodes(t).filter((v) => !allowed || allowed(v));
  const ranked = combinations(nodes, k)
    .filter((s) => isLegalSet(t, s))
    .map((s): [number[], number] => [s, s.reduce((sum, v) => sum + minimalDepth(t, v), 0)]);
  return ranked.sort((p, q) => p[1] - q[1]); // stable: ties keep the lexicographic order of combinations()
}
