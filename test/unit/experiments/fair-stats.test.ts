import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  bootstrapCI,
  censoredMedianRuns,
  meanOf,
  quantileSorted,
  successCurve,
  successCurveCI,
} from '../../../src/experiments/stats';
import {
  binomial,
  combinations,
  exhaustiveMinimum,
  rankedSubsetSearch,
  subsetsByRankSum,
  subsetsUpTo,
  topMForBudget,
  type BatchVerdicts,
} from '../../../src/experiments/subsetSearch';
import { fairMarkdown, summariseFair, type FairRecord, FAIR_METHODS } from '../../../src/experiments/fair';

test('quantileSorted interpolates between order statistics (type 7)', () => {
  assert.equal(quantileSorted([1, 2, 3, 4], 0.5), 2.5);
  assert.equal(quantileSorted([10], 0.9), 10);
  assert.equal(quantileSorted([0, 10], 0.25), 2.5);
  assert.throws(() => quantileSorted([], 0.5), RangeError);
});

test('bootstrap CI: contains the estimate, is seeded, narrows with n, degenerate for constant data', () => {
  const small = Array.from({ length: 20 }, (_, i) => (i % 4 === 0 ? 1 : 0));
  const big = Array.from({ length: 2000 }, (_, i) => (i % 4 === 0 ? 1 : 0));
  const a = bootstrapCI(small, meanOf, { seed: 3 });
  assert.equal(a.estimate, 0.25);
  assert.ok(a.lo! <= 0.25 && 0.25 <= a.hi!, JSON.stringify(a));
  assert.ok(a.lo! > 0 || a.hi! < 1, 'not the trivial [0, 1]');
  assert.deepEqual(bootstrapCI(small, meanOf, { seed: 3 }), a, 'same seed, same interval');
  const b = bootstrapCI(big, meanOf, { seed: 3 });
  assert.ok(b.hi! - b.lo! < (a.hi! - a.lo!) / 5, `n = 2000 narrower: ${JSON.stringify(b)} vs ${JSON.stringify(a)}`);
  // normal approximation: half-width ≈ 1.96·sqrt(p(1−p)/n) = 0.019 at n = 2000
  assert.ok(Math.abs((b.hi! - b.lo!) / 2 - 0.019) < 0.004, JSON.stringify(b));
  assert.deepEqual(bootstrapCI([2, 2, 2], meanOf), { estimate: 2, lo: 2, hi: 2 });
  assert.deepEqual(bootstrapCI([], meanOf), { estimate: null, lo: null, hi: null });
});

test('paired bootstrap: a difference that holds on every item has a CI excluding zero', () => {
  const items = Array.from({ length: 50 }, (_, i) => ({ a: i % 2, b: (i % 2) + 1 }));
  const d = bootstrapCI(items, (xs) => meanOf(xs.map((x) => x.b - x.a)));
  assert.deepEqual(d, { estimate: 1, lo: 1, hi: 1 });
  // unpaired resampling would blur it; paired keeps it exact
});

test('censored success curve: failures stay in the denominator at every k', () => {
  const sizes = [1, 2, null, 3, null, 1, 5];
  assert.deepEqual(successCurve(sizes, 3), [2 / 7, 3 / 7, 4 / 7]);
  // dropping the failures (the old table's mistake) would give 2/5, 3/5, 4/5
  const ci = successCurveCI(sizes, 3);
  assert.equal(ci.length, 3);
  ci.forEach((c, k) => assert.ok(c.lo! <= c.estimate! && c.estimate! <= c.hi!, `k = ${k + 1}`));
  assert.ok(ci[0].estimate! <= ci[1].estimate! && ci[1].estimate! <= ci[2].estimate!, 'monotone in k');
  assert.deepEqual(successCurve([null, null], 2), [0, 0]);
});

test('censored median of runs to the first explanation', () => {
  assert.equal(censoredMedianRuns([10, 20, null], 500), 20);
  assert.equal(censoredMedianRuns([10, null, null, 40], 500), null, 'half failed: beyond the budget');
  assert.equal(censoredMedianRuns([10, 30, null, 40, 50], 100), 40);
  assert.equal(censoredMedianRuns([], 5), null);
});

test('subset counting and the top-m that fits a budget', () => {
  assert.equal(binomial(5, 2), 10);
  assert.equal(binomial(126, 3), 325500);
  assert.equal(subsetsUpTo(15, 4), 15 + 105 + 455 + 1365);
  assert.equal(topMForBudget(100, 4, 2000), 15);
  assert.equal(topMForBudget(100, 3, 500), 14);
  assert.equal(topMForBudget(6, 3, 10000), 6, 'never more than n');
  assert.deepEqual(subsetsByRankSum(4, 2), [
    [0, 1],
    [0, 2],
    [0, 3],
    [1, 2],
    [1, 3],
    [2, 3],
  ]);
  assert.deepEqual(subsetsByRankSum(5, 2).slice(0, 4), [
    [0, 1],
    [0, 2],
    [0, 3],
    [1, 2],
  ]);
  assert.deepEqual(
    [...combinations(['a', 'b', 'c'], 2)],
    [
      ['a', 'b'],
      ['a', 'c'],
      ['b', 'c'],
    ],
  );
  assert.deepEqual([...combinations([1, 2], 3)], []);
});

/** A tester over token positions: a set flips when it contains all of some rule's tokens. */
function ruleTester(rules: number[][], log: number[][][] = []): BatchVerdicts {
  return async (sets) => {
    log.push(sets);
    return sets.map((s) => rules.some((r) => r.every((t) => s.includes(t))));
  };
}

test('exhaustive minimum on a tiny case: smallest size over ALL tokens, counted runs, censored when the budget ends', async () => {
  const tokens = [1, 2, 3, 4, 5];
  // {4} alone does not flip; {2,5} does; {1,3,4} does: the minimum is 2
  const r = await exhaustiveMinimum(
    tokens,
    ruleTester([
      [2, 5],
      [1, 3, 4],
    ]),
    { maxSize: 3, budget: 1000, batch: 3 },
  );
  assert.equal(r.min, 2);
  assert.deepEqual(r.set, [2, 5]);
  // 5 singles, then pairs in itertools order: (1,2) (1,3) (1,4) (1,5) (2,3) (2,4) (2,5) → the 12th set
  assert.equal(r.runsToFirst, 12);
  assert.equal(r.completeSize, 1);
  assert.equal(r.runs, 14, 'the rest of the flip batch (3 sets) counts in runs, not in runsToFirst');
  // nothing flips with ≤ 2 tokens: the minimum is 3, found among the triples
  const t = await exhaustiveMinimum(tokens, ruleTester([[1, 3, 4]]), { maxSize: 3, budget: 1000 });
  assert.equal(t.min, 3);
  assert.equal(t.completeSize, 2);
  // budget of 8 runs: singles and 3 pairs, no flip → censored: the minimum is > 1, unknown beyond
  const c = await exhaustiveMinimum(tokens, ruleTester([[2, 5]]), { maxSize: 3, budget: 8, batch: 4 });
  assert.equal(c.min, null);
  assert.equal(c.completeSize, 1);
  assert.equal(c.runs, 8);
  // nothing flips at all within the cap: complete to the cap, min null
  const n = await exhaustiveMinimum(tokens, ruleTester([]), { maxSize: 2, budget: 1000 });
  assert.deepEqual([n.min, n.completeSize, n.runs], [null, 2, 15]);
});

test('ranked subset search: searches subsets of the top-m, not only prefixes, within the budget', async () => {
  const ranking = [9, 8, 7, 6, 5, 4];
  // the flip needs ranks 1 and 3 (tokens 9 and 7): the prefix {9, 8} misses, the subset search finds it
  const log: number[][][] = [];
  const r = await rankedSubsetSearch(ranking, ruleTester([[9, 7]], log), { maxSize: 2, budget: 100, batch: 2 });
  assert.deepEqual(r.set, [9, 7]);
  assert.equal(r.m, 6);
  // 6 singles, then {9,8}, {9,7}
  assert.equal(r.runsToFirst, 8);
  assert.ok(
    log.flat().every((s) => s.length <= 2),
    'cap respected',
  );
  // a budget of 7 covers top-m = 3 (3 + 3 = 6 subsets); token 4 (rank 6) is never tried
  const b = await rankedSubsetSearch(ranking, ruleTester([[4]]), { maxSize: 2, budget: 7 });
  assert.equal(b.m, 3);
  assert.equal(b.set, null);
  assert.equal(b.runs, 6);
  assert.equal(b.completeSize, 2);
});

function record(id: string, sizes: (number | null)[], min: number | null): FairRecord {
  const methods = Object.fromEntries(
    FAIR_METHODS.map((m, i) => [
      m,
      {
        size: sizes[i],
        set: sizes[i] === null ? null : [1],
        runs: 10,
        runsToFirst: sizes[i] === null ? null : 5,
        minimality: 'smallest',
      },
    ]),
  ) as FairRecord['methods'];
  return {
    id,
    gold: 1,
    tokens: 10,
    words: 8,
    truncated: false,
    predicted: 1,
    score: 0.9,
    layer: 3,
    methods,
    exhaustive: { min, completeSize: min === null ? 3 : min - 1, runs: 20, runsToFirst: null, set: null },
    ms: 1,
  };
}

test('summariseFair: every item counts, paired differences, hits of the exhaustive minimum', () => {
  // methods: cleannEach, cleannMean, rawAttention, rollout, random
  const recs = [
    record('a', [1, 2, 2, null, null], 1),
    record('b', [2, 2, 3, 3, null], 2),
    record('c', [null, null, 3, 3, null], 3),
    record('d', [null, null, null, null, null], null),
  ];
  const s = summariseFair(recs, { maxSize: 3, budget: 10, exhaustiveBudget: 20 });
  assert.equal(s.n, 4);
  assert.deepEqual(
    s.curves.cleannEach.map((c) => c.estimate),
    [0.25, 0.5, 0.5],
  );
  assert.deepEqual(
    s.curves.rawAttention.map((c) => c.estimate),
    [0, 0.25, 0.75],
  );
  assert.deepEqual(
    s.exhaustiveCurve!.map((c) => c.estimate),
    [0.25, 0.5, 0.75],
  );
  assert.equal(s.diffVsCleann.rawAttention.estimate, 0.25);
  assert.deepEqual(s.sizeVsCleann.rawAttention, { n: 2, cleannSmaller: 2, equal: 0, cleannLarger: 0 });
  assert.equal(s.vsExhaustive.cleannEach.n, 3);
  assert.equal(s.vsExhaustive.cleannEach.found, 2);
  assert.equal(s.vsExhaustive.cleannEach.atMinimum.estimate, 2 / 3);
  assert.equal(s.vsExhaustive.rawAttention.meanExcess, (1 + 1 + 0) / 3);
  assert.equal(s.exhaustiveResolved, 4);
  assert.equal(s.runsToFirst.random.estimate, null, 'all failed: beyond the budget');
});

test('fairMarkdown: a run without the exhaustive search says so and prints no exhaustive row or section', () => {
  const recs = [record('a', [1, 2, 2, null, null], 1), record('b', [2, 2, 3, 3, null], 2)];
  const meta = { title: 't', command: 'c', seconds: 1, model: 'm', data: 'd', failed: 0 };
  const withEx = fairMarkdown(summariseFair(recs, { maxSize: 3, budget: 10, exhaustiveBudget: 20 }), meta);
  assert.match(withEx, /within 20 runs; resolved/);
  assert.match(withEx, /## Against the exhaustive minimum/);
  assert.match(withEx, /\*exhaustive minimum \(all tokens, budget 20\)\*/);
  const noEx = fairMarkdown(summariseFair(recs, { maxSize: 3, budget: 10, exhaustiveBudget: 0 }), meta);
  assert.match(noEx, /No exhaustive search in this run \(--exhaustive-budget 0\)/);
  assert.doesNotMatch(noEx, /exhaustive minimum|exhaustive row|resolved/i);
});

test('analyseFair on a tiny BERT: every set flips the label when re-checked; the exhaustive minimum is never beaten', async () => {
  const { loadModel } = await import('../../../src/model');
  const { analyseFair } = await import('../../../src/experiments/fair');
  const { analyseLayerHeads, summariseLayerHeads, layerHeadsMarkdown } =
    await import('../../../src/experiments/layerHeads');
  const { tinyModelFolder } = await import('../../support/tinyFixture');
  const model = await loadModel({ model: tinyModelFolder({ files: ['fp32'], hidden: 32, layers: 2, heads: 2 }) });
  try {
    const texts = [
      'The plot was thin, but the acting was wonderful.',
      'A dull, boring film with a terrible ending.',
      'I loved the music and the story was great fun.',
    ];
    let sets = 0,
      known = 0;
    for (const [i, text] of texts.entries()) {
      const r = await analyseFair(model, `t${i}`, text, null, {
        maxSize: 2,
        budget: 60,
        exhaustiveBudget: 400,
        seed: 3,
      });
      const run = await model.run(text);
      assert.equal(r.predicted, run.prediction.labelIndex);
      for (const m of FAIR_METHODS) {
        const o = r.methods[m];
        assert.ok(o.runs <= 60, `${m}: ${o.runs} runs over the budget`);
        if (!o.set) {
          assert.equal(o.runsToFirst, null);
          continue;
        }
        sets++;
        assert.ok(o.set.length <= 2 && o.set.every((t) => !run.tokens[t].special), `${m}: ${JSON.stringify(o.set)}`);
        assert.ok(o.runsToFirst! >= 1 && o.runsToFirst! <= o.runs);
        const ids = run.inputIds.slice();
        for (const t of o.set) ids[t] = model.padTokenId;
        assert.notEqual((await model.runIds(ids)).labelIndex, run.prediction.labelIndex, `${m}: the set does not flip`);
        if (r.exhaustive!.min !== null)
          assert.ok(r.exhaustive!.min <= o.set.length, `${m} found ${o.set.length} < exhaustive ${r.exhaustive!.min}`);
      }
      if (r.exhaustive!.min !== null) known++;
    }
    assert.ok(sets > 0 && known > 0, `preconditions: sets ${sets}, known minima ${known}`);
    const lh = [];
    for (const [i, text] of texts.entries())
      lh.push(await analyseLayerHeads(model, `t${i}`, text, { maxSize: 2, budget: 40, seed: 3 }));
    assert.equal(lh[0].layers.length, 2);
    assert.deepEqual(
      lh[0].pairs.map((p) => [p.a, p.b]),
      [[0, 1]],
    );
    for (const r of lh) for (const e of r.layers) assert.ok(e.heads.f1 >= 0 && e.heads.f1 <= 1 && e.cleann.runs <= 40);
    const s = summariseLayerHeads(lh, { maxSize: 2, budget: 40 });
    assert.equal(s.layers[1].diffVsDeepest.estimate, 0, 'the deepest layer against itself');
    assert.match(
      layerHeadsMarkdown(s, { command: 'x', seconds: 1, model: 'tiny', data: 'd', meanTokens: 10, failed: 0 }),
      /\| 1 \(deepest\) \|/,
    );
  } finally {
    await model.dispose();
  }
});

test('chance F1 of unrelated skeletons', async () => {
  const { chanceF1 } = await import('../../../src/experiments/layerHeads');
  assert.equal(chanceF1(0.5, 0.5), 0.5);
  assert.equal(chanceF1(0, 0), 0);
  assert.ok(Math.abs(chanceF1(0.2, 0.6) - 0.3) < 1e-12);
});
