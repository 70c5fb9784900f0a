import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forward, randomWeights } from '../../../src/experiments/bert4rec';
import {
  parseRatings,
  syntheticRatings,
  buildDataset,
  analyseUser,
  recommend,
  summariseRecommend,
  recommendMarkdown,
  REC_METHODS,
  REC_OFFSET,
} from '../../../src/experiments/recommend';

test('parseRatings: MovieLens format, time order with movie-id tie-break, clear error on bad lines', () => {
  const u = parseRatings('1::20::5::300\n1::10::3::100\n2::10::4::50\n1::5::2::300\n');
  assert.deepEqual(u.get('1'), ['10', '5', '20']);
  assert.deepEqual(u.get('2'), ['10']);
  assert.equal(u.size, 2);
  assert.throws(() => parseRatings('1,2,3,4\n'), /line 1 is not UserID::MovieID::Rating::Timestamp/);
});

test('synthetic sequences are deterministic and follow the clustered process', () => {
  const a = syntheticRatings(50, 30, 3, 20, 4),
    b = syntheticRatings(50, 30, 3, 20, 4);
  assert.deepEqual(a, b);
  // P(next in the group of the item two back) ≥ 0.5 by construction: well above chance (1/3).
  let same = 0,
    all = 0;
  for (const s of a.values())
    for (let t = 2; t < s.length; t++) {
      all++;
      if (Number(s[t]) % 3 === Number(s[t - 2]) % 3) same++;
    }
  assert.ok(same / all > 0.55, String(same / all));
  for (const seq of a.values()) assert.equal(new Set(seq).size, seq.length, 'no repeats within a user');
  assert.throws(() => syntheticRatings(1, 5, 2, 6, 1), RangeError);
});

test('dataset: item ids remapped, last item held out for evaluation', () => {
  const ds = buildDataset(
    new Map([
      ['1', ['7', '8', '9', '7']],
      ['2', ['9', '8']],
    ]),
    4,
    5,
    1,
  );
  assert.deepEqual(ds.itemIds, ['7', '8', '9']);
  assert.equal(ds.vocabSize, REC_OFFSET + 3);
  assert.deepEqual(
    ds.train,
    [[2, 3, 4], [4]].filter((s) => s.length >= 2),
  );
  assert.deepEqual(ds.evaluation, [{ user: '1', history: [2, 3, 4], next: 2 }]);
});

test('forward pass: attention rows are distributions; logits depend on the history', () => {
  const w = randomWeights(REC_OFFSET + 20, 10, 16, 2, 2, 3);
  const f = forward(w, [2, 5, 7, 1]);
  assert.equal(f.attentions.length, 2);
  for (const layer of f.attentions)
    for (const head of layer) for (const row of head) assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-12);
  assert.notDeepEqual(forward(w, [2, 6, 7, 1]).logits, f.logits);
});

test('toy recommendation pipeline: every explanation changes the top item, ranks are consistent', async () => {
  const users = syntheticRatings(40, 20, 4, 12, 2);
  const ds = buildDataset(users, 10, 6, 1);
  const w = randomWeights(ds.vocabSize, 10, 16, 2, 2, 5);
  const records = [];
  for (const ev of ds.evaluation) records.push(await analyseUser(w, ev.user, ev.history, { maxSetSize: 2 }));
  let found = 0;
  const withSet = new Map<string, number>(REC_METHODS.map((m) => [m, 0]));
  for (const [i, r] of records.entries()) {
    const hist = ds.evaluation[i].history;
    const exclude = new Set(hist);
    assert.deepEqual(r.top5, recommend(w, hist, exclude).ranking.slice(0, 5));
    for (const m of REC_METHODS) {
      const { set, newTop, rank } = r.methods[m];
      if (!set) {
        assert.equal(rank, null);
        continue;
      }
      withSet.set(m, withSet.get(m)! + 1);
      if (m === 'cleann') {
        found++;
        assert.ok(set.length <= 2);
      }
      const top = recommend(
        w,
        hist.filter((_, p) => !set.includes(p)),
        exclude,
      ).ranking[0];
      assert.equal(newTop, top);
      assert.notEqual(top, r.top5[0]);
      assert.equal(rank, r.top5.includes(top) ? r.top5.indexOf(top) + 1 : null);
    }
  }
  // every method's checks above ran on at least one user (a method that never finds a set checks nothing)
  for (const m of REC_METHODS) assert.ok(withSet.get(m)! > 0, `${m} found no set for any user`);
  const s = summariseRecommend(records);
  assert.equal(s.n, records.length);
  assert.equal(s.size.cleann.found, found);
  assert.equal(s.ranks.cleann.n, found);
  assert.equal(s.ranksWhereCleannFound.cleann.n, found);
  assert.equal(
    s.ranksWhereCleannFound.random.n,
    records.filter((r) => r.methods.cleann.set && r.methods.random.set).length,
  );
  assert.equal(s.ranks.rawAttention.counts[0], 0); // rank 1 is impossible: the top item changed
  assert.match(
    recommendMarkdown(s, {
      command: 'x',
      seconds: 1,
      data: 'toy',
      model: 'random',
      hitRate10: null,
      users: 40,
      items: 20,
      maxLen: 10,
      forwardCheck: null,
    }),
    /rank 2–3/,
  );
});
