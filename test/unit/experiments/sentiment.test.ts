import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel, type LoadedModel } from '../../../src/model';
import {
  analyseReview,
  summariseSentiment,
  sentimentMarkdown,
  METHODS,
  type ReviewRecord,
} from '../../../src/experiments/sentiment';
import { analyseLayers, summariseLayers, layersMarkdown } from '../../../src/experiments/layers';
import { Checkpoint, runResumable } from '../../../src/experiments/checkpoint';
import { tinyModelFolder, tempFolder } from '../../support/tinyFixture';

const TEXTS = [
  'The plot was thin, but the acting was wonderful.',
  'A dull, boring film with a terrible ending.',
  'I loved the music and the story was great fun.',
];
let shared: Promise<LoadedModel> | undefined;
const tiny = () =>
  (shared ??= loadModel({ model: tinyModelFolder({ files: ['fp32'], hidden: 32, layers: 2, heads: 2 }) }));

test('sentiment toy pipeline: sets verified against the model, sizes and faithfulness summarised', async () => {
  const model = await tiny();
  const items = TEXTS.map((text, i) => ({ id: `r${i}`, text }));
  const dir = tempFolder();
  let calls = 0;
  const analyse = async (it: { id: string; text: string }) => {
    calls++;
    return analyseReview(model, it.id, it.text, 1, { maxSetSize: 2, randomDraws: 2, seed: 5 });
  };
  const records = await runResumable(items, new Checkpoint<ReviewRecord>(dir, 'sentiment', { t: 1 }), analyse);
  assert.equal(calls, 3);
  // Resuming with the same configuration re-analyses nothing and returns the same records.
  const again = await runResumable(items, new Checkpoint<ReviewRecord>(dir, 'sentiment', { t: 1 }), analyse);
  assert.equal(calls, 3);
  assert.deepEqual(again, records);

  let found = 0;
  const withSet = new Map<string, number>(METHODS.map((m) => [m, 0]));
  for (const [i, r] of records.entries()) {
    const run = await model.run(TEXTS[i]);
    assert.equal(r.predicted, run.prediction.labelIndex);
    for (const m of METHODS) {
      const set = r.sets[m];
      assert.equal(r.sizes[m], set ? set.length : null);
      if (!set) continue;
      withSet.set(m, withSet.get(m)! + 1);
      // Independently re-check: padding the set flips the label.
      const ids = run.inputIds.map((id, k) => (set.includes(k) ? model.padTokenId : id));
      assert.notEqual(
        (await model.runIds(ids)).labelIndex,
        run.prediction.labelIndex,
        `${m} set ${set} of ${r.id} does not flip`,
      );
      assert.ok(set.every((k) => !run.tokens[k].special));
    }
    if (r.sizes.cleann !== null) {
      found++;
      assert.ok(r.sizes.cleann <= 2);
      assert.equal(r.atCleannSize!.k, r.sizes.cleann);
      assert.equal(r.atCleannSize!.cleann.flipped, true);
      assert.equal(r.atCleannSize!.random.length, 2);
      assert.ok(r.atCleannSize!.cleann.probDrop > 0);
    }
  }
  assert.ok(found > 0, 'the fixed tiny model explains at least one text');
  for (const m of METHODS) assert.ok(withSet.get(m)! > 0, `${m} found no set for any text: its re-check never ran`);
  const s = summariseSentiment(records, 'tiny', 'deepest', 2);
  assert.equal(s.n, 3);
  assert.equal(s.sizes.cleann.found, found);
  assert.equal(s.faithfulness.n, found);
  assert.equal(s.faithfulness.atCleannSize.cleann.flipRate, 1);
  assert.equal(s.faithfulness.atCleannSize.random.n, 2 * found);
  assert.match(sentimentMarkdown(s, { command: 'x', seconds: 1 }), /\| CLEANN \(ABCD PAG\) \| /);
});

test('layers toy pipeline: one entry per layer, the deepest agrees with itself', async () => {
  const model = await tiny();
  const rec = await analyseLayers(model, 'r0', TEXTS[0], { maxSetSize: 2 });
  assert.equal(rec.layers.length, 2);
  const deepest = rec.layers[1];
  assert.equal(deepest.vsDeepest.skeletonF1, 1);
  assert.equal(deepest.vsDeepest.shd, 0);
  assert.equal(deepest.vsNext, null);
  assert.ok(deepest.set && deepest.set.length > 0, 'the deepest layer explains this text');
  assert.equal(deepest.jaccardDeepest, 1);
  assert.notEqual(rec.layers[0].vsNext, null);
  const rows = summariseLayers([rec]);
  assert.equal(rows.length, 2);
  assert.equal(rows[1].skeletonF1VsDeepest, 1);
  assert.match(
    layersMarkdown(rows, { command: 'x', seconds: 1, model: 'tiny', n: 1, maxSetSize: 2, meanTokens: rec.tokens }),
    /1 \(deepest\)/,
  );
});
