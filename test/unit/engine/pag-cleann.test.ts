// The PAG type (reference matrix encoding, queries), the PDS-tree and CLEANN on hand-built PAGs with known answers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pag, edgeText } from '../../../src/engine/pag';
import { createPdsTree } from '../../../src/engine/pdsTree';
import { explainCleann } from '../../../src/engine/cleann';

// 0 o-> 1 <-o 2 (collider at 1), 0 o-o 3 o-o 4 (3 a non-collider); reference encoding adj[a][b] = mark at b
const ADJ = [
  [0, 2, 0, 1, 0],
  [1, 0, 1, 0, 0],
  [0, 2, 0, 0, 0],
  [1, 0, 0, 0, 1],
  [0, 0, 0, 1, 0],
];
function example(): Pag {
  const g = Pag.fromMatrix(ADJ);
  g.setSepset(0, 2, [3]);
  g.setSepset(0, 4, [3]);
  g.setSepset(1, 3, [0]);
  return g;
}

test('PAG: reference matrix encoding round-trips; JSON edges sorted with marks per end', () => {
  const g = example();
  assert.deepEqual(g.toMatrix(), ADJ);
  assert.deepEqual(g.toJson(3).edges, [
    { a: 0, b: 1, markA: 'circle', markB: 'arrow' },
    { a: 0, b: 3, markA: 'circle', markB: 'circle' },
    { a: 1, b: 2, markA: 'arrow', markB: 'circle' },
    { a: 3, b: 4, markA: 'circle', markB: 'circle' },
  ]);
  assert.equal(g.toJson(3).iterations, 3);
  assert.deepEqual(Pag.fromJson(g.toJson(3)).toMatrix(), ADJ);
  assert.equal(
    g
      .edges()
      .map((e) => edgeText(e))
      .join(', '),
    '0 o-> 1, 0 o-o 3, 1 <-o 2, 3 o-o 4',
  );
  assert.throws(
    () =>
      Pag.fromMatrix([
        [0, 1],
        [0, 0],
      ]),
    /half edge between 0 and 1/,
  );
  assert.throws(
    () =>
      Pag.fromMatrix([
        [0, 5],
        [1, 0],
      ]),
    /must be 0..3/,
  );
});

test('PAG queries: adjacency, possible colliders, possible ancestors', () => {
  const g = example();
  assert.deepEqual(g.neighbors(0), [1, 3]);
  assert.equal(g.isPossibleCollider(0, 1, 2), true, 'definite collider');
  assert.equal(g.isPossibleCollider(0, 3, 4), false, 'unshielded non-collider');
  assert.equal(g.isPossibleAncestor(4, 0), true, 'o-o path 4 o-o 3 o-o 0');
  assert.equal(g.isPossibleAncestor(1, 0), false, 'arrowhead at 1 on 0 o-> 1');
  assert.equal(g.isPossibleAncestor(0, 1), true);
  g.setMark(4, 3, 3); // 4 *-- 3 tail at 3 ... and arrow at 4: 3 --> 4
  g.setMark(3, 4, 2);
  assert.equal(g.isPossibleAncestor(4, 0), false, '3 --> 4: 4 cannot be an ancestor of 3');
});

test('PDS-tree: possible-d-sep nodes, minimal distances, legal subsets in reference order', () => {
  const tree = createPdsTree(example(), 0);
  assert.deepEqual(tree.pdsSet, [1, 2, 3]); // 2 through the collider at 1; 4 is blocked by the non-collider 3
  assert.deepEqual(
    [1, 2, 3].map((v) => tree.minDist[v]),
    [1, 2, 1],
  );
  assert.equal(tree.maxDepth(), 3);
  assert.deepEqual(
    tree.legalSubsets(1).map((s) => s.set),
    [[1], [3]],
    '2 alone is not reachable',
  );
  assert.deepEqual(
    tree.legalSubsets(2).map((s) => [s.set, s.dist]),
    [
      [[1, 3], 2],
      [[1, 2], 3],
    ],
  );
  assert.deepEqual(
    tree.legalSubsets(3).map((s) => s.set),
    [[1, 2, 3]],
  );
  assert.equal(tree.isLegal([2, 3]), false);
  assert.deepEqual(createPdsTree(example(), 0, 1).pdsSet, [1, 3], 'max depth 1: neighbours only');
});

test('CLEANN: smallest explanations, every tie, in order of tree distance', async () => {
  const g = example();
  const calls: number[][] = [];
  const needs2 = await explainCleann(g, 0, {
    tester: async (s) => {
      calls.push(s);
      return s.includes(2);
    },
  });
  assert.deepEqual(calls, [[1], [3], [1, 3], [1, 2]]);
  assert.deepEqual(needs2.sets, [[1, 2]]);
  assert.equal(needs2.kind, 'tested');
  assert.equal(needs2.testsRun, 4);
  assert.deepEqual(needs2.candidates, [1, 2, 3]);
  const ev = needs2.evidence[0];
  assert.deepEqual(ev.paths, [
    { node: 1, distance: 1, path: [0, 1] },
    { node: 2, distance: 2, path: [0, 1, 2] },
  ]);
  assert.deepEqual(
    ev.edges.map((e) => e.text),
    ['0 o-> 1', '1 <-o 2'],
  );
  assert.deepEqual(ev.sepsets, [{ a: 0, b: 2, set: [3] }], 'why 1 is a collider: 0 ⊥ 2 | {3}, 1 not in it');

  const ties = await explainCleann(g, 0, { tester: async (s) => s.includes(1) || s.includes(3) });
  assert.deepEqual(ties.sets, [[1], [3]], 'all minimal sets of the smallest size');
  assert.equal(ties.testsRun, 2);

  const none = await explainCleann(g, 0, { tester: async () => false, maxSetSize: 2 });
  assert.deepEqual(none.sets, []);
  assert.equal(none.testsRun, 4);
});

test('CLEANN without a tester returns the full candidate set, labelled; exclude and maxRange', async () => {
  const g = example();
  const full = await explainCleann(g, 0);
  assert.equal(full.kind, 'candidate-set');
  assert.deepEqual(full.sets, [[1, 2, 3]]);
  assert.deepEqual(
    (await explainCleann(g, 0, { maxSetSize: 2 })).sets,
    [],
    'the reference returns nothing when the set is larger than max_set_size',
  );
  const ex = await explainCleann(g, 0, { exclude: [1], tester: async () => true });
  assert.deepEqual(ex.candidates, [2, 3]);
  assert.deepEqual(ex.sets, [[3]], 'without 1, 2 is unreachable');
  assert.deepEqual((await explainCleann(g, 0, { maxRange: 1 })).candidates, [1, 3]);
  await assert.rejects(explainCleann(g, 9), /target 9 is not a node/);
  const ctl = new AbortController();
  ctl.abort();
  await assert.rejects(explainCleann(g, 0, { tester: async () => false, signal: ctl.signal }), { name: 'AbortError' });
});
