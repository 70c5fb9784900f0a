import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attentionToCorrelation } from '../../../src/engine';
import { makeScm, observedCorrelation } from '../../../src/experiments/scm';
import {
  truePag,
  idealAttention,
  thresholdAttentionPag,
  runShape,
  idealAttentionSource,
} from '../../../src/experiments/synthetic';

test('answer key: the d-separation oracle PAG of a collider has the v-structure and the propagated tail', async () => {
  const { pag, skeletonChecked } = await truePag(makeScm({ kind: 'collider', nodes: 4, seed: 1 })); // 0→2←1, 2→3
  assert.equal(skeletonChecked, true);
  assert.deepEqual(
    pag.edges.map((e) => `${e.a}${e.markA[0]}${e.markB[0]}${e.b}`),
    ['0ca2', '1ca2', '2ta3'],
  );
});

test('answer key: a hidden confounder leaves an edge the DAG does not have, skeleton cross-checked', async () => {
  const scm = makeScm({ kind: 'confounded', nodes: 6, seed: 3 });
  const { pag, skeletonChecked } = await truePag(scm);
  assert.equal(skeletonChecked, true);
  const [a, b] = scm.weights[0].map((w, j) => (w ? j - 1 : -1)).filter((j) => j >= 0);
  assert.ok(pag.edges.some((e) => e.a === a && e.b === b));
});

test('ideal attention reproduces the exact correlation (A·Aᵀ = covariance)', () => {
  const scm = makeScm({ kind: 'random', nodes: 6, seed: 9 });
  const c1 = attentionToCorrelation(idealAttention(scm)),
    c2 = observedCorrelation(scm);
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) assert.ok(Math.abs(c1[i][j] - c2[i][j]) < 1e-9);
});

test('attention threshold baseline: edges above 1/d, circle marks', () => {
  const att = [
    [0.8, 0.1, 0.1],
    [0.7, 0.2, 0.1],
    [0.1, 0.1, 0.8],
  ];
  assert.deepEqual(thresholdAttentionPag(att).edges, [{ a: 0, b: 1, markA: 'circle', markB: 'circle' }]);
});

test('toy pipeline: ideal attention with a large sample size recovers the true PAG exactly', async () => {
  const r = await runShape(
    { kind: 'collider', nodes: 5, seed: 3 },
    {
      shapes: [],
      trainSequences: 3000,
      testSequences: 2,
      bins: 4,
      alpha: 0.01,
      seed: 1,
      altSamples: 30,
      source: idealAttentionSource(1e6),
    },
  );
  assert.equal(r.keySkeletonChecked, true);
  const get = (route: string, n: number | null) => r.routes.find((x) => x.route === route && x.samples === n)!.score;
  assert.deepEqual(
    r.routes.map((x) => `${x.route}@${x.samples}`),
    ['exact@1000000', 'exact@30', 'data@3000', 'abcd@1000000', 'abcd@30', 'attention@null'],
  );
  const abcd = get('abcd', 1e6);
  assert.deepEqual([abcd.f1, abcd.shd, abcd.orientation, abcd.n], [1, 0, 1, 2]);
  assert.equal(get('exact', 1e6).shd, 0);
  // Ideal attention and exact correlation are the same matrix: same PAG at any n.
  assert.deepEqual(get('abcd', 30), { ...get('exact', 30), n: 2 });
  assert.ok(get('data', 3000).f1 > 0.8, `data F1 ${get('data', 3000).f1}`);
});
