// The pipeline's explanation search on a real (tiny) model: the budget in model runs, honest partial
// results, one PAG per head with each explanation tagged by its head, the graph without special
// tokens, and the [MASK] replacement. Every explanation reported is re-checked against the model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultModelPath, loadModel, type LoadedModel } from '../../../src/model';
import { attentionMatrix, explainText, searchSummary } from '../../../src/pipeline';
import {
  attentionToCorrelation,
  createPdsTree,
  explainCleann,
  learnPag,
  Pag,
  CIRCLE,
  SubsetSpace,
} from '../../../src/engine';
import { tinyModelFolder } from '../../support/tinyFixture';

const TEXT = 'The plot was thin, but the acting was wonderful.';
let shared: Promise<LoadedModel> | undefined;
const tiny = () =>
  (shared ??= loadModel({ model: tinyModelFolder({ files: ['fp32'], hidden: 32, layers: 2, heads: 2 }) }));

async function flips(
  model: LoadedModel,
  ids: number[],
  subset: number[],
  label: number,
  replacement = model.padTokenId,
): Promise<boolean> {
  return (await model.runIds(ids.map((id, i) => (subset.includes(i) ? replacement : id)))).labelIndex !== label;
}

test('a spent model-run budget gives an honest partial result: no sets, a plain summary, a warning; the closest set is re-checked', async () => {
  const model = await tiny();
  const text = 'The music was fine but the story dragged on and on.'; // on this tiny model: 2 legal sets, neither flips
  const r = await explainText(model, text, { maxTests: 1, baselines: false });
  assert.equal(r.explanation.kind, 'partial');
  assert.deepEqual(r.explanation.sets, []);
  assert.equal(r.explanation.testsRun, 1);
  assert.equal(r.explanation.stop, 'model-runs');
  assert.match(r.search.summary, /^no explanation within 1 model run \/ 1\.0 s/);
  assert.ok(r.warnings.some((w) => /stopped after 1 model runs/.test(w)));

  const all = await explainText(model, text, { baselines: false });
  assert.equal(all.explanation.stop, 'all-sets');
  assert.match(all.search.summary, /^no explanation: removing any legal set/);
  const best = all.explanation.best;
  assert.ok(best && best.drop > 0, 'the closest tested set lowered the probability');
  const run = await model.run(text);
  assert.ok(
    !(await flips(model, run.inputIds, best.set, run.prediction.labelIndex)),
    'and it does not flip the prediction',
  );
  const after = await model.runIds(run.inputIds.map((id, i) => (best.set.includes(i) ? model.padTokenId : id)));
  const p = (l: number[]) => Math.exp(l[run.prediction.labelIndex]) / l.reduce((a, x) => a + Math.exp(x), 0);
  assert.ok(
    Math.abs(best.drop - (p(run.prediction.logits) - p(after.logits))) < 1e-9,
    'drop = P(label) before − after',
  );
});

test("head 'each': one PAG per head, explanations over all heads tagged with their heads, each confirmed by the model", async () => {
  const model = await tiny();
  const run = await model.run(TEXT);
  const r = await explainText(model, TEXT, { head: 'each', baselines: false });
  assert.equal(r.head, 'each');
  assert.deepEqual(r.sources, [0, 1]);
  assert.equal(r.headPags?.length, 2);
  for (const h of [0, 1]) {
    const direct = await learnPag(attentionToCorrelation(attentionMatrix(run, 1, h)), { samples: 32, alpha: 0.01 });
    assert.deepEqual(r.headPags?.[h].pag, direct.json, `head ${h}'s PAG`);
  }
  assert.deepEqual(r.pag, r.headPags?.[r.pagHead ?? -1].pag);
  const ex = r.explanation;
  assert.equal(ex.origins.length, ex.sets.length);
  for (const [i, s] of ex.sets.entries()) {
    assert.ok(await flips(model, run.inputIds, s, run.prediction.labelIndex), `set ${s} flips`);
    for (const o of ex.origins[i]) {
      // the set is a legal subset of that head's own PDS-tree: CLEANN on that head alone proposes it
      const own = await explainCleann(Pag.fromJson(r.headPags![o].pag), 0, {
        exclude: [0, run.seq - 1],
        maxSetSize: s.length,
        tester: async (x) => x.join() === s.join(),
      });
      assert.deepEqual(own.sets, [s], `head ${o} proposes ${s}`);
    }
  }
});

test('the graph without special tokens keeps [CLS] and drops [SEP]; [MASK] replacement is what the tester uses', async () => {
  const model = await tiny();
  const run = await model.run(TEXT);
  const sep = run.seq - 1;
  const r = await explainText(model, TEXT, { specialsInGraph: false, replacement: 'mask', baselines: false });
  assert.ok(r.pag.edges.length > 0, 'the graph has edges');
  assert.ok(
    r.pag.edges.every((e) => e.a !== sep && e.b !== sep),
    '[SEP] is not in the graph',
  );
  assert.ok(
    r.pag.edges.some((e) => e.a === 0 || e.b === 0),
    '[CLS] is in the graph',
  );
  // this fixed tiny model and text have an explanation under [MASK] replacement
  assert.equal(r.explanation.stop, 'found');
  assert.ok(r.explanation.sets.length > 0);
  for (const s of r.explanation.sets)
    assert.ok(await flips(model, run.inputIds, s, run.prediction.labelIndex, model.maskTokenId));
});

test('searchSummary says why nothing was tested, and never calls a partial set an explanation', async () => {
  const g = new Pag(3);
  g.addEdge(0, 1, CIRCLE, CIRCLE);
  g.addEdge(1, 2, CIRCLE, CIRCLE);
  const budget = { modelRuns: 2000, timeMs: 1000 };
  const unreachable = await explainCleann(g, 0, { exclude: [1], tester: async () => true, maxRange: 1 });
  assert.match(searchSummary(unreachable, budget, '[CLS]'), /^nothing to test: no token is connected to \[CLS\]/);
  const g2 = new Pag(4);
  g2.addEdge(0, 1, CIRCLE, 2);
  g2.addEdge(1, 2, 2, CIRCLE);
  g2.addEdge(1, 3, 2, CIRCLE);
  const viaSpecial = await explainCleann(g2, 0, { exclude: [1], tester: async () => true });
  assert.match(
    searchSummary(viaSpecial, budget, '[CLS]'),
    /^nothing to test: the 2 candidates reach \[CLS\] only through special tokens/,
  );
  const star = new Pag(4);
  for (const v of [1, 2, 3]) star.addEdge(0, v, CIRCLE, CIRCLE);
  const none = await explainCleann(star, 0, { tester: async () => ({ flips: false, drop: 0.1 }), maxTests: 1 });
  assert.match(searchSummary(none, budget), /^no explanation within 2,000 model runs \/ 1\.0 s/);
  const found = await explainCleann(g, 0, { tester: async () => true });
  assert.match(searchSummary(found, budget), /^1 explanation of 1 token, confirmed by the model \(1 model run\)/);
});

test('the shipped model: every greedy explanation flips the prediction and no single member can be dropped', async () => {
  const model = await loadModel({ model: defaultModelPath(), quantized: false });
  const sentences = [
    "if you 've ever entertained the notion of doing what the title of this film implies , what sex with strangers actually shows may put you off the idea forever .",
    'k-19 exploits our substantial collective fear of nuclear holocaust to generate cheap hollywood tension .',
    "it 's played in the most straight-faced fashion , with little humor to lighten things up .",
    'there is a fabric of complex ideas here , and feelings that profoundly deepen them .',
  ];
  let greedy = 0,
    irreducible = 0;
  for (const text of sentences) {
    // a budget in runs only (no clock): the smallest-first search gets 60 of them, then the greedy one
    const r = await explainText(model, text, { head: 'each', maxTests: 120, timeBudgetMs: 1e9, baselines: false });
    if (r.explanation.stop !== 'found-greedy') continue;
    greedy++;
    const ex = r.explanation;
    assert.equal(ex.kind, 'tested');
    assert.equal(ex.sets.length, 1);
    assert.match(r.search.summary, /found by the greedy search/);
    const run = await model.run(text);
    const label = run.prediction.labelIndex;
    const [set] = ex.sets;
    assert.ok(await flips(model, run.inputIds, set, label), `"${text}": {${set}} flips`);
    const allowed = Uint8Array.from(run.tokens, (t) => (t.special ? 0 : 1));
    assert.notEqual(ex.minimality, 'smallest');
    if (ex.minimality === 'irreducible') {
      irreducible++;
      for (const v of set) {
        if (set.length === 1) break;
        const rest = set.filter((u) => u !== v);
        // a member whose removal keeps the flip would have been pruned, unless the smaller set is illegal in every head
        if (await flips(model, run.inputIds, rest, label)) {
          const legalSomewhere = (r.headPags ?? []).some(({ pag }) =>
            new SubsetSpace(createPdsTree(Pag.fromJson(pag), 0), allowed).isLegal(rest),
          );
          assert.ok(
            !legalSomewhere,
            `"${text}": {${rest}} still flips and is legal, yet {${set}} was called irreducible`,
          );
        }
      }
    }
  }
  assert.ok(
    greedy >= 1 && irreducible >= 1,
    `${greedy} of ${sentences.length} sentences needed the greedy search, ${irreducible} irreducible`,
  );
  await model.dispose();
});
