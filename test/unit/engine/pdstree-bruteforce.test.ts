// The engine's PDS-tree and legal-subset generator against the reference's definition computed by brute
// force (support/pdsBruteForce.ts: its own tree of objects built from the mark matrix, every k-combination
// of the tree's nodes kept when ICD-Sep condition 2-b holds, stable-sorted by the sum of minimal distances).
// Nothing of the engine's tree (isLegal, minDist, pdsSet, isPossibleCollider) is used to compute the expectation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pag } from '../../../src/engine/pag';
import { createPdsTree, type PdsTree } from '../../../src/engine/pdsTree';
import { randomMarks } from './support/randomPag';
import {
  bruteForceLegalSubsets,
  bruteForcePdsTree,
  minimalDepth,
  possibleCollider,
  treeNodes,
  type BruteTree,
} from './support/pdsBruteForce';

/** The engine's tree as [node, parent vertex, depth] per vertex, in creation order. */
function engineShape(tree: PdsTree): [number, number, number][] {
  return Array.from({ length: tree.size }, (_, v) => [tree.label[v], tree.parent[v], tree.depth[v]]);
}

function bruteShape(t: BruteTree): [number, number, number][] {
  return t.vertices.map((v) => [v.node, v.parent ? t.vertices.indexOf(v.parent) : -1, v.depth]);
}

test('PDS-tree: the same vertices, parents, depths, node set, minimal distances and depth as the brute force', () => {
  let vertices = 0,
    deepTrees = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const n = 6 + (seed % 12);
    const adj = randomMarks(n, 0.25 + (seed % 4) * 0.1, 500 + seed);
    const g = Pag.fromMatrix(adj);
    for (const depth of [1, 2, 3, undefined]) {
      const root = seed % n;
      const tree = createPdsTree(g, root, depth);
      const brute = bruteForcePdsTree(adj, root, depth);
      const where = `seed ${seed}, depth ${depth}`;
      assert.deepEqual(engineShape(tree), bruteShape(brute), where);
      assert.deepEqual(tree.pdsSet, treeNodes(brute), where);
      for (let v = 0; v < n; v++)
        if (v !== root) assert.equal(tree.minDist[v], minimalDepth(brute, v), `${where}, node ${v}`);
      assert.equal(tree.maxDepth(), Math.max(...brute.vertices.map((x) => x.depth)) + 1, where);
      vertices += brute.vertices.length;
      if (brute.vertices.some((x) => x.depth >= 3)) deepTrees++;
    }
  }
  assert.ok(vertices > 1000 && deepTrees > 40, `${vertices} vertices, ${deepTrees} trees of depth ≥ 3`);
});

test('legal subsets equal the brute-force reference definition (mask path and list path)', () => {
  let compared = 0,
    nonEmpty = 0,
    bigTrees = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const n = seed % 3 === 0 ? 40 : 8 + (seed % 10); // n = 40: more than 30 usable nodes, the list path
    const adj = randomMarks(n, n === 40 ? 0.3 : 0.35, seed);
    const g = Pag.fromMatrix(adj);
    for (const depth of [2, 3, undefined]) {
      const tree = createPdsTree(g, seed % n, depth);
      const brute = bruteForcePdsTree(adj, seed % n, depth);
      if (treeNodes(brute).length > 30) bigTrees++;
      for (const k of [1, 2, 3]) {
        if (n === 40 && (k > 2 || depth === undefined)) continue; // keep the brute force small
        const fast = tree.legalSubsets(k).map((s): [number[], number] => [s.set, s.dist]);
        assert.deepEqual(fast, bruteForceLegalSubsets(brute, k), `seed ${seed}, depth ${depth}, k ${k}`);
        const allowed = new Uint8Array(n).map((_, v) => (v % 3 === 1 ? 0 : 1));
        const fastA = tree.legalSubsets(k, allowed).map((s): [number[], number] => [s.set, s.dist]);
        assert.deepEqual(
          fastA,
          bruteForceLegalSubsets(brute, k, (v) => allowed[v] === 1),
          `seed ${seed}, depth ${depth}, k ${k}, allowed`,
        );
        compared += 2;
        if (fast.length) nonEmpty++;
      }
    }
  }
  assert.ok(compared > 300 && nonEmpty > 100 && bigTrees > 10, `${compared} ${nonEmpty} ${bigTrees}`);
});

test('PDS-tree: every tree path is a legal possible-d-sep path and each skeleton edge is walked once', () => {
  let inner = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const adj = randomMarks(12, 0.4, 100 + seed);
    const tree = createPdsTree(Pag.fromMatrix(adj), 0);
    const walked = new Set<string>();
    for (let v = 1; v < tree.size; v++) {
      const b = tree.label[v],
        pv = tree.parent[v];
      const a = tree.label[pv];
      assert.notEqual(adj[a][b], 0, `${a}–${b} is an edge`);
      const key = `${Math.min(a, b)},${Math.max(a, b)}`;
      assert.ok(!walked.has(key), `edge ${key} walked twice`);
      walked.add(key);
      if (pv > 0) {
        inner++;
        assert.ok(possibleCollider(adj, tree.label[tree.parent[pv]], a, b), 'inner nodes are possible colliders');
      }
      assert.equal(tree.depth[v], tree.depth[pv] + 1);
    }
    const neighbours = adj[0].flatMap((mark, x) => (mark !== 0 ? [x] : []));
    assert.deepEqual(
      tree.pdsSet.filter((x) => adj[0][x] !== 0),
      neighbours,
      'all neighbours are in the tree',
    );
  }
  assert.ok(inner > 30, `${inner} inner vertices checked`);
});
