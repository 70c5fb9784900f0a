// The PAG facts behind an explanation set: each member's PDS-tree path from the target, the edges on those
// paths with their marks, and the separating sets that make the paths' middle nodes colliders.
import { edgeText, markName, type Pag } from './pag';
import type { PdsTree } from './pdsTree';
import type { SetEvidence } from './cleannTypes';
import type { PagEdgeJson, SepsetJson } from './types';

/** One searched PAG and its PDS-tree around the target. */
export interface Source {
  pag: Pag;
  tree: PdsTree;
}

export function evidenceFor(pag: Pag, tree: PdsTree, set: number[]): SetEvidence {
  const paths: SetEvidence['paths'] = [];
  const edgeKeys = new Set<string>();
  const edges: SetEvidence['edges'] = [];
  const sepKeys = new Set<string>();
  const sepsets: SepsetJson[] = [];
  for (const node of set) {
    const path = tree.pathTo(node) ?? [];
    paths.push({ node, distance: path.length - 1, path });
    for (let i = 0; i + 1 < path.length; i++) {
      const a = Math.min(path[i], path[i + 1]),
        b = Math.max(path[i], path[i + 1]);
      const key = `${a},${b}`;
      if (edgeKeys.has(key) || !pag.isAdjacent(a, b)) continue;
      edgeKeys.add(key);
      const e: PagEdgeJson = { a, b, markA: markName(pag.mark(b, a)), markB: markName(pag.mark(a, b)) };
      edges.push({ ...e, text: edgeText(e) });
    }
    for (let i = 0; i + 2 < path.length; i++) {
      const a = Math.min(path[i], path[i + 2]),
        b = Math.max(path[i], path[i + 2]);
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

/** Evidence for a set over several PAGs: each member's path from the first PAG whose tree holds it. */
export function evidenceAcross(sources: readonly Source[], set: number[]): SetEvidence {
  if (sources.length === 1) return evidenceFor(sources[0].pag, sources[0].tree, set);
  const parts = set.map((node) => {
    const s = sources.find((src) => src.tree.minDist[node] !== Infinity) ?? sources[0];
    return evidenceFor(s.pag, s.tree, [node]);
  });
  const edges = new Map<string, SetEvidence['edges'][number]>();
  const sepsets = new Map<string, SepsetJson>();
  for (const p of parts) {
    for (const e of p.edges) edges.set(`${e.a},${e.b}`, e);
    for (const sp of p.sepsets) sepsets.set(`${sp.a},${sp.b}`, sp);
  }
  return {
    set,
    paths: parts.flatMap((p) => p.paths),
    edges: [...edges.values()].sort((p, q) => p.a - q.a || p.b - q.b),
    sepsets: [...sepsets.values()].sort((p, q) => p.a - q.a || p.b - q.b),
  };
}
