// The PDS-tree's legal-subset generator against the reference's definition, computed by brute force:
// every k-combination of the possible-d-sep set (lexicographic), kept when ICD-Sep condition 2-b holds
// (each member reachable from the root through members only), stable-sorted by the sum of minimal distances.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pag, type MarkCode } from '../../../src/engine/pag';
import { createPdsTree, type PdsTree } from '../../../src/engine/pdsTree';
import { rng } from '../../../src/engine/testing/dag';

function combinations(items: number[], k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  items.forEach((v, i) => { for (const rest of combinations(items.slice(i + 1), k - 1)) out.push([v, ...rest]); });
  return out;
}

function bruteForce(tree: PdsTree, k: number, allowed?: (v: number) => boolean): [number[], number][] {
  const nodes = tree.pdsSet.filter((v) => !allowed || allowed(v));
  const legal = combinations(nodes, k).filter((s) => tree.isLegal(s));
  const ranked = legal.map((s): [number[], number] => [s, s.reduce((a, v) => a + tree.minDist[v], 0)]);
  return ranked.sort((p, q) => p[1] - q[1]); // stable: ties keep the lexicographic order
}

/** A random PAG: each pair adjacent with probability p, each end a random mark. */
function randomPag(n: number, p: number, seed: number): Pag {
  const rand = rng(seed);
  const g = new Pag(n);
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) {
    if (rand() < p) g.addEdge(a, b, (1 + Math.floor(rand() * 3)) as MarkCode, (1 + Math.floor(rand() * 3)) as MarkCode);
  }
  return g;
}

test('legal subsets equal the brute-force reference definition (mask path and list path)', () => {
  let compared = 0, nonEmpty = 0, bigTrees = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const n = seed % 3 === 0 ? 40 : 8 + (seed % 10); // n = 40: more than 30 usable nodes, the list path
    const g = randomPag(n, n === 40 ? 0.3 : 0.35, seed);
    for (const depth of [2, 3, undefined]) {
      const tree = createPdsTree(g, seed % n, depth);
      if (tree.pdsSet.length > 30) bigTrees++;
      for (const k of [1, 2, 3]) {
        if (n === 40 && (k > 2 || depth === undefined)) continue; // keep the brute force small
        const fast = tree.legalSubsets(k).map((s): [number[], number] => [s.set, s.dist]);
        assert.deepEqual(fast, bruteForce(tree, k), `seed ${seed}, depth ${depth}, k ${k}`);
        const allowed = new Uint8Array(n).map((_, v) => (v % 3 === 1 ? 0 : 1));
        const fastA = tree.legalSubsets(k, allowed).map((s): [number[], number] => [s.set, s.dist]);
        assert.deepEqual(fastA, bruteForce(tree, k, (v) => allowed[v] === 1), `seed ${seed}, depth ${depth}, k ${k}, allowed`);
        compared += 2;
        if (fast.length) nonEmpty++;
      }
    }
  }
  assert.ok(compared > 300 && nonEmpty > 100 && bigTrees > 10, `${compared} ${nonEmpty} ${bigTrees}`);
});

test('PDS-tree: every tree path is a legal possible-d-sep path and each skeleton edge is walked once', () => {
  for (let seed = 1; seed <= 30; seed++) {
    const g = randomPag(12, 0.4, 100 + seed);
    const tree = createPdsTree(g, 0);
    const walked = new Set<string>();
    for (let v = 1; v < tree.size; v++) {
      const b = tree.label[v], pv = tree.parent[v];
      const a = tree.label[pv];
      assert.ok(g.isAdjacent(a, b));
      const key = `${Math.min(a, b)},${Math.max(a, b)}`;
      assert.ok(!walked.has(key), `edge ${key} walked twice`);
      walked.add(key);
      if (pv > 0) assert.ok(g.isPossibleCollider(tree.label[tree.parent[pv]], a, b), 'inner nodes are possible colliders');
      assert.equal(tree.depth[v], tree.depth[pv] + 1);
    }
    assert.deepEqual(tree.pdsSet.filter((x) => g.isAdjacent(0, x)), g.neighbors(0), 'all neighbours are in the tree');
  }
});
