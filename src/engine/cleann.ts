// CLEANN (the reference's cleann_explainer.CLEANN.explain): the minimal explanation of a target node,
// searched among the nodes of the PDS-tree rooted at the target, smallest sets first, each size in
// increasing order of the sum of the members' tree distances to the target.
import { throwIfAborted } from './errors';
import { edgeText, type Pag } from './pag';
import { createPdsTree } from './pdsTree';
import type { PagEdgeJson, SepsetJson } from './types';

export interface CleannOptions {
  /** Largest explanation size tried (default: the whole candidate set). */
  maxSetSize?: number;
  /** PDS-tree depth limit around the target (default: unlimited). */
  maxRange?: number;
  /** Nodes that may not be part of an explanation (e.g. special tokens); subsets containing them are skipped. */
  exclude?: number[];
  /** The explanation tester: true when removing `subset` changes the prediction. Without it, no search runs. */
  tester?: (subset: number[]) => Promise<boolean>;
  signal?: AbortSignal;
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

export interface Explanation {
  target: number;
  /** 'tested': sets are the smallest sets the tester confirmed; 'candidate-set': no tester, sets = [the full candidate set]. */
  kind: 'tested' | 'candidate-set';
  /** The PDS-tree nodes around the target (minus excluded nodes), ascending. */
  candidates: number[];
  /** Minimal distance of each candidate to the target in the PDS-tree. */
  distances: { node: number; distance: number }[];
  /** Every explanation of the smallest size found (empty when none up to maxSetSize). */
  sets: number[][];
  evidence: SetEvidence[];
  /** Tester calls made. */
  testsRun: number;
  /** Depth of the PDS tree in nodes, root included (the reference's max_pds_tree_depth). */
  treeDepth: number;
}

function evidenceFor(pag: Pag, tree: ReturnType<typeof createPdsTree>, set: number[]): SetEvidence {
  const paths: SetEvidence['paths'] = [];
  const edgeKeys = new Set<string>();
  const edges: SetEvidence['edges'] = [];
  const sepKeys = new Set<string>();
  const sepsets: SepsetJson[] = [];
  for (const node of set) {
    const path = tree.pathTo(node) ?? [];
    paths.push({ node, distance: path.length - 1, path });
    for (let i = 0; i + 1 < path.length; i++) {
      const a = Math.min(path[i], path[i + 1]), b = Math.max(path[i], path[i + 1]);
      const key = `${a},${b}`;
      if (edgeKeys.has(key) || !pag.isAdjacent(a, b)) continue;
      edgeKeys.add(key);
      const e: PagEdgeJson = { a, b, markA: markOf(pag, b, a), markB: markOf(pag, a, b) };
      edges.push({ ...e, text: edgeText(e) });
    }
    for (let i = 0; i + 2 < path.length; i++) {
      const a = Math.min(path[i], path[i + 2]), b = Math.max(path[i], path[i + 2]);
      const key = `${a},${b}`;
      if (sepKeys.has(key) || pag.isAdjacent(a, b) || !pag.hasSepset(a, b)) continue;
      sepKeys.add(key);
      sepsets.push({ a, b, set: pag.sepset(a, b) });
    }
  }
  edges.sort((p, q) => p.a - q.a || p.b - q.b);
  sepsets.sort((p, q) => p.a - q.a || p.b - q.b);
  return { set, paths, edges, sepsets };
}

function markOf(pag: Pag, a: number, b: number): PagEdgeJson['markA'] {
  const code = pag.mark(a, b);
  return code === 1 ? 'circle' : code === 2 ? 'arrow' : 'tail';
}

export async function explainCleann(pag: Pag, target: number, opts: CleannOptions = {}): Promise<Explanation> {
  if (!Number.isInteger(target) || target < 0 || target >= pag.n || !pag.inGraph[target]) {
    throw new RangeError(`target ${target} is not a node of the graph (0..${pag.n - 1})`);
  }
  const tree = createPdsTree(pag, target, opts.maxRange);
  const excluded = new Set(opts.exclude ?? []);
  const candidates = tree.pdsSet.filter((v) => !excluded.has(v));
  const distances = candidates.map((node) => ({ node, distance: tree.minDist[node] }));
  const maxSize = opts.maxSetSize ?? candidates.length;
  const base = { target, candidates, distances, treeDepth: tree.maxDepth() };

  if (!opts.tester) {
    const sets = candidates.length > 0 && candidates.length <= maxSize ? [candidates] : [];
    return { ...base, kind: 'candidate-set', sets, evidence: sets.map((s) => evidenceFor(pag, tree, s)), testsRun: 0 };
  }
  const allowed = new Uint8Array(pag.n).fill(1);
  for (const v of excluded) if (v >= 0 && v < pag.n) allowed[v] = 0;
  const sets: number[][] = [];
  let testsRun = 0;
  for (let size = 1; size <= maxSize && sets.length === 0; size++) {
    for (const { set } of tree.legalSubsets(size, allowed)) {
      throwIfAborted(opts.signal);
      testsRun++;
      if (await opts.tester(set.slice())) sets.push(set);
    }
  }
  throwIfAborted(opts.signal);
  return { ...base, kind: 'tested', sets, evidence: sets.map((s) => evidenceFor(pag, tree, s)), testsRun };
}
