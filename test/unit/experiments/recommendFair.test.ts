import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forward, randomWeights } from '../../../src/experiments/bert4rec';
import { buildDataset, recommend, REC_MASK, REC_METHODS, syntheticRatings } from '../../../src/experiments/recommend';
import { analyseUserFair, recommendFairExtras, recommendFairMarkdown } from '../../../src/experiments/recommendFair';
import { subsetsUpTo, topMForBudget } from '../../../src/experiments/subsetSearch';
import { rawAttentionRanking, averageHeads } from '../../../src/engine';

const K = 2,
  B = 12;

async function toyRecords() {
  const users = syntheticRatings(40, 20, 4, 12, 2);
  const ds = buildDataset(users, 10, 8, 1);
  const w = randomWeights(ds.vocabSize, 10, 16, 2, 2, 5);
  const records = [];
  for (const ev of ds.evaluation)
    records.push({ ev, r: await analyseUserFair(w, ev.user, ev.history, { maxSetSize: K, budget: B }) });
  return { w, records };
}

test('recommend at equal cap and budget: every method stays within K items and B runs, and its set changes the top item', async () => {
  const { w, records } = await toyRecords();
  const found = new Map<string, number>(REC_METHODS.map((m) => [m, 0]));
  for (const { ev, r } of records) {
    const exclude = new Set(ev.history);
    const topWithout = (set: number[]) =>
      recommend(
        w,
        ev.history.filter((_, p) => !set.includes(p)),
        exclude,
      ).ranking[0];
    for (const m of REC_METHODS) {
      const o = r.methods[m];
      assert.ok(o.runs <= B, `${m} used ${o.runs} runs > ${B}`);
      if (!o.set) {
        assert.equal(o.runsToFirst, null);
        continue;
      }
      found.set(m, found.get(m)! + 1);
      assert.ok(o.set.length <= K);
      assert.ok(o.runsToFirst !== null && o.runsToFirst <= o.runs);
      assert.notEqual(topWithout(o.set), r.top5[0]);
      assert.equal(o.newTop, topWithout(o.set));
    }
    // the raw-attention baseline only ever removes items among its top m
    if (r.methods.rawAttention.set) {
      const f = forward(w, [...ev.history, REC_MASK]);
      const ranking = rawAttentionRanking(averageHeads(f.attentions[f.attentions.length - 1]), ev.history.length);
      const top = ranking.slice(0, topMForBudget(ranking.length, K, B));
      for (const p of r.methods.rawAttention.set) assert.ok(top.includes(p), `${p} outside the top m`);
    }
    // the exhaustive minimum is a lower bound on every method's size, tested every set of ≤ K when none flips
    const ex = r.exhaustive;
    if (ex.min === null) {
      assert.equal(ex.runs, subsetsUpTo(ev.history.length, K));
      for (const m of REC_METHODS)
        assert.equal(r.methods[m].set, null, `${m} found a set the exhaustive search missed`);
    } else for (const m of REC_METHODS) if (r.methods[m].set) assert.ok(r.methods[m].set!.length >= ex.min);
  }
  for (const m of REC_METHODS)
    assert.ok(found.get(m)! > 0, `${m} found no set for any user: its checks ran on nothing`);
});

test('recommend extras: failures count as B in the median runs, the minimum-size share is over users with a known minimum', async () => {
  const { records } = await toyRecords();
  const rs = records.map((x) => x.r);
  const x = recommendFairExtras(rs, B);
  assert.equal(x.exhaustiveKnown, rs.filter((r) => r.exhaustive.min !== null).length);
  for (const m of REC_METHODS) {
    const runs = rs.map((r) => r.methods[m].runsToFirst ?? B).sort((a, b) => a - b);
    const h = runs.length >> 1;
    assert.equal(x.medianRunsToFirst[m].estimate, runs.length % 2 ? runs[h] : (runs[h - 1] + runs[h]) / 2);
  }
  const known = rs.filter((r) => r.exhaustive.min !== null);
  assert.equal(
    x.hitsMinimum.cleann.estimate,
    known.filter((r) => r.methods.cleann.set?.length === r.exhaustive.min).length / known.length,
  );
  assert.match(recommendFairMarkdown(x, { maxSetSize: K, budget: B }), /cap K = 2, budget B = 12 runs/);
});
