// ICD's budget (issue 9): an equicorrelated matrix keeps the graph complete, so round r would test all
// C(n − 2, r) subsets for every edge. With a CI-test or time budget ICD stops inside the round in
// progress and returns the last completed round's PAG, flagged; memory stays bounded because the large
// rounds' conditioning sets are walked, not listed. Counts only, no clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attentionToCorrelation, defaultMaxTests, learnPag } from '../../../src/engine';
import { EAGER_SET_LIMIT, sepSetCounters } from '../../../src/engine/icdSepStream';
import { syntheticAttention } from '../../../src/engine/testing/attention';

const equicorrelated = (n: number, rho = 0.3): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : rho)));

// 40 nodes: round 0 has 780 tests, round 1 29,640, round 2 780·C(38, 2) = 548,340 (578,760 in all);
// round 3 would need 780·C(38, 3) = 6,580,080 (its sets are walked: C(38, 3) = 8,436 > EAGER_SET_LIMIT)
const corr40 = equicorrelated(40);

test('a CI-test budget spent in round 3 returns round 2 PAG, flagged, equal to a run stopped at r = 2', async () => {
  sepSetCounters.reset();
  const budget = 600_000;
  const res = await learnPag(corr40, { maxTests: budget });
  assert.deepEqual(res.truncated, { round: 2, testsRun: budget, reason: 'tests' });
  assert.equal(res.ciTests, budget);
  assert.equal(res.converged, false);
  const capped = await learnPag(corr40, { maxR: 2 });
  assert.equal(capped.truncated, undefined);
  const { truncated, ...json } = res.json;
  assert.deepEqual(truncated, res.truncated, 'the JSON carries the flag');
  assert.deepEqual(json, capped.json);
  assert.equal(res.iterations, capped.iterations);
  assert.deepEqual(res.pag.toMatrix(), capped.pag.toMatrix());
  // round 3 walked its sets; no edge ever held more than the listed limit (round 2: C(38, 2) = 703)
  assert.ok(sepSetCounters.walkedEdges >= 1, `${sepSetCounters.walkedEdges} edges walked`);
  assert.ok(sepSetCounters.largestList <= EAGER_SET_LIMIT, `largest list ${sepSetCounters.largestList}`);
});

test('a budget spent inside round 1 (the fast round) returns round 0 PAG, within one check interval of the budget', async () => {
  const budget = 5_000;
  const res = await learnPag(corr40, { maxTests: budget });
  assert.equal(res.truncated?.round, 0);
  assert.equal(res.truncated?.reason, 'tests');
  // the fast round counts its tests in blocks of 1,024 between checks
  assert.ok(res.ciTests >= budget && res.ciTests <= budget + 1024, `${res.ciTests} tests`);
  assert.deepEqual(
    { ...res.json, truncated: undefined },
    { ...(await learnPag(corr40, { maxR: 0 })).json, truncated: undefined },
  );
});

test('a budget below round 0 still completes round 0 (n(n − 1)/2 tests) and stops after it', async () => {
  const res = await learnPag(corr40, { maxTests: 10 });
  assert.equal(res.truncated?.round, 0);
  assert.ok(res.ciTests >= 780 && res.ciTests <= 780 + 1024, `${res.ciTests} tests`);
});

test('a time limit of 0 stops at the first check after round 0: flagged "time", the PAG of a completed round', async () => {
  const res = await learnPag(corr40, { timeLimitMs: 0 });
  const t = res.truncated;
  assert.ok(t && t.reason === 'time', JSON.stringify(t));
  assert.deepEqual(
    { ...res.json, truncated: undefined },
    { ...(await learnPag(corr40, { maxR: t.round })).json, truncated: undefined },
  );
});

test('the default budget leaves an ordinary input untouched: same PAG and test count as no budget', async () => {
  const corr = attentionToCorrelation(syntheticAttention(48, 5));
  const free = await learnPag(corr);
  const budgeted = await learnPag(corr, { maxTests: defaultMaxTests(corr.length) });
  assert.equal(budgeted.truncated, undefined);
  assert.equal(budgeted.converged, free.converged);
  assert.equal(budgeted.ciTests, free.ciTests);
  assert.deepEqual(budgeted.json, free.json);
});
