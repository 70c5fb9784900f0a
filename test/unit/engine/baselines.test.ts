// Baselines on hand-computed cases: raw attention ranking, attention rollout, growing top-k sets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  baselineExplanation,
  rawAttentionRanking,
  rollout,
  rolloutRanking,
  rolloutRow,
} from '../../../src/engine/baselines';
import { syntheticAttention } from '../../../src/engine/testing/attention';

test('raw attention ranking: the target row, highest first, ties by position, target and excluded left out', () => {
  const att = [
    [0.1, 0.4, 0.1, 0.4],
    [0.25, 0.25, 0.25, 0.25],
    [0, 0, 1, 0],
    [0.3, 0.3, 0.2, 0.2],
  ];
  assert.deepEqual(rawAttentionRanking(att, 0), [1, 3, 2]);
  assert.deepEqual(rawAttentionRanking(att, 0, [3]), [1, 2]);
  assert.deepEqual(rawAttentionRanking(att, 3), [0, 1, 2]);
  assert.throws(() => rawAttentionRanking(att, 4), /target 4 is outside 0..3/);
});

test('attention rollout: R = Â_L···Â_1 with Â = ½A + ½I', () => {
  const a1 = [
    [1, 0, 0],
    [1, 0, 0],
    [0, 0, 1],
  ]; // token 1 reads token 0
  const a2 = [
    [0, 1, 0],
    [0, 1, 0],
    [0, 0, 1],
  ]; // token 0 reads token 1
  const r = rollout([a1, a2]);
  const close = (x: number[], y: number[]): void =>
    x.forEach((v, i) => assert.ok(Math.abs(v - y[i]) < 1e-15, `${x} vs ${y}`));
  close(r[0], [0.75, 0.25, 0]); // ½·[1,0,0] + ½·[½,½,0]
  close(rollout([a2, a1])[0], [0.5, 0.5, 0]);
  assert.deepEqual(rolloutRanking([a1, a2], 0), [1, 2]);
  assert.deepEqual(rolloutRanking([a1, a2], 1), [0, 2]);
});

test('rolloutRow equals the row of the full rollout matrix (3 layers of 40-token attention)', () => {
  const layers = [syntheticAttention(40, 1), syntheticAttention(40, 2), syntheticAttention(40, 3)];
  const full = rollout(layers);
  for (const t of [0, 17, 39]) {
    const row = rolloutRow(layers, t);
    row.forEach((v, j) => assert.ok(Math.abs(v - full[t][j]) < 1e-12, `row ${t}[${j}]: ${v} vs ${full[t][j]}`));
    assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-12, 'a rollout row sums to 1');
  }
  assert.throws(() => rolloutRow(layers, 40), /target 40 is outside 0..39/);
  assert.throws(() => rolloutRow([], 0), /at least one layer/);
});

test('baselineExplanation grows the top-k set until the tester confirms', async () => {
  const seen: number[][] = [];
  const found = await baselineExplanation([3, 1, 2], async (s) => {
    seen.push(s);
    return s.includes(1);
  });
  assert.deepEqual(found, { set: [3, 1], size: 2, testsRun: 2 });
  assert.deepEqual(seen, [[3], [3, 1]]);
  assert.deepEqual(await baselineExplanation([3, 1, 2], async () => false, 2), { set: null, size: null, testsRun: 2 });
});
