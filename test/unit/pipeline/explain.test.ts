import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attentionToCorrelation, averageHeads, learnPag, rawAttentionRanking } from '../../../src/engine';
import { loadModel, type LoadedModel } from '../../../src/model';
import { attentionMatrix, explainText, padTester, reexplain } from '../../../src/pipeline';
import { tinyModelFolder } from '../../support/tinyFixture';

const TEXT = 'The plot was thin, but the acting was wonderful.';
let shared: Promise<LoadedModel> | undefined;
const tiny = () =>
  (shared ??= loadModel({ model: tinyModelFolder({ files: ['fp32'], hidden: 32, layers: 2, heads: 2 }) }));

/** Independently: does padding `subset` flip the label? */
async function flips(model: LoadedModel, ids: number[], subset: number[], label: number): Promise<boolean> {
  const padded = ids.map((id, i) => (subset.includes(i) ? model.padTokenId : id));
  return (await model.runIds(padded)).labelIndex !== label;
}

function subsetsOf(items: number[], k: number): number[][] {
  if (k === 0) return [[]];
  return items.flatMap((x, i) => subsetsOf(items.slice(i + 1), k - 1).map((s) => [x, ...s]));
}

test("explainText: tokens, the PAG of the deepest layer's mean attention, and verified minimal explanations", async () => {
  const model = await tiny();
  const r = await explainText(model, TEXT, { maxSetSize: 2 });
  const run = await model.run(TEXT);
  assert.equal(r.model, model.id);
  assert.deepEqual(
    r.tokens,
    run.tokens.map(({ text, start, end, special }) => ({ text, start, end, special })),
  );
  assert.equal(r.layer, 1);
  assert.equal(r.head, 'mean');
  assert.equal(r.samples, 32);
  assert.equal(r.alpha, 0.01);
  // The same PAG as the engine learns directly from the head-averaged attention.
  const direct = await learnPag(
    attentionToCorrelation(
      averageHeads(
        run.attentions[1].map((h) => {
          const seq = run.seq;
          return Array.from({ length: seq }, (_, i) => Array.from(h.subarray(i * seq, (i + 1) * seq)));
        }),
      ),
    ),
    { samples: 32, alpha: 0.01 },
  );
  assert.deepEqual(r.pag, direct.json);
  assert.equal(r.pag.n, run.seq);

  const ex = r.explanation;
  assert.equal(ex.target, 0);
  assert.equal(ex.kind, 'tested');
  const specials = r.tokens.flatMap((t, i) => (t.special ? [i] : []));
  for (const c of ex.candidates) assert.ok(!specials.includes(c), `special token ${c} is a candidate`);
  // Every reported set flips the label, and no smaller candidate subset does (minimality).
  const label = run.prediction.labelIndex;
  assert.ok(ex.sets.length > 0, 'this fixed tiny model and text have an explanation');
  for (const s of ex.sets) assert.ok(await flips(model, run.inputIds, s, label), `set ${s} does not flip`);
  const smallest = ex.sets[0].length;
  for (let k = 1; k < smallest; k++) {
    for (const s of subsetsOf(ex.candidates, k))
      assert.ok(!(await flips(model, run.inputIds, s, label)), `smaller set ${s} flips`);
  }

  const b = r.baselines!;
  assert.deepEqual(b.rawAttention.ranking, rawAttentionRanking(attentionMatrix(run, 1, 'mean'), 0, specials));
  for (const base of [b.rawAttention, b.rollout]) {
    assert.equal(base.ranking.length, run.seq - specials.length);
    // both baselines find a flipping prefix of their ranking for this fixed tiny model and text
    assert.ok(base.set, 'the baseline found a set');
    assert.equal(base.size, base.set.length);
    assert.deepEqual(base.set, base.ranking.slice(0, base.size));
    assert.ok(await flips(model, run.inputIds, base.set, label));
  }
  for (const k of ['model', 'correlation', 'pag', 'explanation', 'baselines', 'total'] as const)
    assert.ok(r.timings[k] >= 0);
  assert.ok(r.timings.total >= r.timings.pag + r.timings.explanation);
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(r)));
});

test('layer and head choices reach the engine; reexplain re-uses the model run', async () => {
  const model = await tiny();
  const run = await model.run(TEXT);
  const a = await explainText(model, TEXT, { layer: 0, head: 1, alpha: 0.05, baselines: false });
  assert.equal(a.layer, 0);
  assert.equal(a.head, 1);
  assert.equal(a.baselines, null);
  const direct = await learnPag(attentionToCorrelation(attentionMatrix(run, 0, 1)), { samples: 32, alpha: 0.05 });
  assert.deepEqual(a.pag, direct.json);
  const again = await reexplain(run, model, { layer: 0, head: 1, alpha: 0.05, baselines: false });
  assert.deepEqual(again.pag, a.pag);
  assert.deepEqual(again.explanation, a.explanation);
  assert.equal(again.timings.model, 0);
  await assert.rejects(explainText(model, TEXT, { layer: 5 }), /layer 5 does not exist: the model has layers 0–1/);
  await assert.rejects(explainText(model, TEXT, { head: 2 }), /head 2 does not exist/);
});

test('progress stages are reported in order and an aborted signal cancels', async () => {
  const model = await tiny();
  const stages: string[] = [];
  await explainText(model, TEXT, { onProgress: (s) => stages.push(s), maxSetSize: 1 });
  assert.deepEqual(stages, ['model', 'correlation', 'pag', 'explanation', 'baselines', 'done']);
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(
    explainText(model, TEXT, { signal: ac.signal }),
    (e: unknown) => (e as Error).name === 'AbortError',
  );
});

test('padTester pads exactly the subset and stops at its budget', async () => {
  const model = await tiny();
  const run = await model.run(TEXT);
  const seen: number[][] = [];
  const runIds = async (ids: number[]) => {
    seen.push(ids);
    return { ...run.prediction, labelIndex: ids[2] === 0 ? 1 - run.prediction.labelIndex : run.prediction.labelIndex };
  };
  const fake = { padTokenId: 0, runIds, runIdsMany: (rows: number[][]) => Promise.all(rows.map(runIds)) };
  const t = padTester(fake, run, 2);
  assert.equal(await t.test([1]), false);
  assert.equal(await t.test([2, 3]), true);
  assert.deepEqual(
    seen[1],
    run.inputIds.map((id, i) => (i === 2 || i === 3 ? 0 : id)),
  );
  assert.equal(await t.test([2]), false); // over budget: not run
  assert.equal(t.calls, 2);
  assert.equal(t.exhausted, true);
  await assert.rejects(padTester(fake, run).test([99]), /outside/);
  // the batched probe: same verdicts in order, the budget cuts the batch and the rest are "no" without a run
  seen.length = 0;
  const many = padTester(fake, run, 2);
  const verdicts = await many.probeMany([[2], [1], [2, 3]]);
  assert.deepEqual(
    verdicts.map((v) => v.flips),
    [true, false, false],
  );
  assert.equal(seen.length, 2);
  assert.equal(many.calls, 2);
  assert.equal(many.exhausted, true);
});
