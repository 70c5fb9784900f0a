// End to end, text → explanation with exact offsets, for every kind of model issue 16 adds: a
// RoBERTa (byte-level BPE) classifier, an XLM-R (Unigram) classifier, multi-class and multi-label
// heads, a sentence pair, and a masked-token prediction. Each explanation set is re-checked
// independently: replacing its tokens must flip the explained output as that kind defines it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel, type LoadedModel } from '../../../src/model';
import { explainText, type ExplainResult } from '../../../src/pipeline';
import { tinyModelFolder } from '../../support/tinyFixture';
import type { TinyFolderOptions } from '../../support/tinyBert';

// Seeds: random tiny weights explain some texts and not others; each seed below is one whose model has
// an explanation for its text (the assertions then check that explanation, not its existence alone).
const cache = new Map<string, Promise<LoadedModel>>();
function tiny(key: string, opts: TinyFolderOptions): Promise<LoadedModel> {
  let m = cache.get(key);
  if (!m) {
    m = loadModel({ model: tinyModelFolder({ files: ['fp32'], hidden: 32, layers: 2, heads: 2, ...opts }) });
    cache.set(key, m);
  }
  return m;
}
// the product's defaults: one PAG per head, the graph without [SEP]/[PAD]
const OPTS = { maxSetSize: 3, baselines: false, head: 'each', specialsInGraph: false } as const;

/** The logits after replacing `subset` by the pad token, with the run's token types and target. */
async function logitsWithout(
  model: LoadedModel,
  text: string,
  subset: number[],
  run?: { pair?: string; maskRange?: [number, number] },
): Promise<number[]> {
  const r = await model.run(text, run);
  const ids = r.inputIds.map((id, i) => (subset.includes(i) ? model.padTokenId : id));
  return (await model.runIds(ids, { typeIds: r.typeIds, position: r.target })).logits;
}
const argmax = (xs: number[]) => xs.reduce((b, x, i) => (x > xs[b] ? i : b), 0);

/** Every explained token's range holds the characters its piece stands for. */
function assertRanges(text: string, r: ExplainResult, expected: Record<string, string>): void {
  for (const [piece, chars] of Object.entries(expected)) {
    const t = r.tokens.find((x) => x.text === piece);
    assert.ok(t, `no token ${piece} in ${r.tokens.map((x) => x.text).join(' ')}`);
    assert.equal(text.slice(t.start, t.end), chars, piece);
  }
}

test('RoBERTa (byte-level BPE): <s> … </s> roles, <pad> replacement, Ġ pieces on their words, verified explanation', async () => {
  const model = await tiny('roberta', { tokenizer: 'bpe', seed: 8 });
  assert.equal(model.config.modelType, 'roberta');
  assert.equal(model.padTokenId, 1);
  const text = 'The plot was thin, but the acting was wonderful café 😀.';
  const r = await explainText(model, text, OPTS);
  assert.deepEqual(
    [r.tokens[0], r.tokens[r.tokens.length - 1]].map((t) => [t.text, t.special]),
    [
      ['<s>', true],
      ['</s>', true],
    ],
  );
  assertRanges(text, r, { Ġplot: 'plot', Ġwonderful: 'wonderful', Ġacting: 'acting', 'ĠcafÃ©': 'café', ',': ',' });
  assert.equal(r.explained?.kind, 'single-label');
  assert.equal(r.explained?.token, 0);
  assert.ok(r.explanation.sets.length > 0, `no explanation: ${r.search.summary}`);
  for (const set of r.explanation.sets) {
    assert.ok(
      set.every((i) => !r.tokens[i].special),
      'specials are never part of an explanation',
    );
    assert.notEqual(argmax(await logitsWithout(model, text, set)), r.prediction.labelIndex, `set ${set} does not flip`);
  }
});

test('XLM-R (SentencePiece Unigram): ▁ pieces, NFKC-composed accents and CJK on their characters, verified explanation', async () => {
  const model = await tiny('xlmr', { tokenizer: 'unigram', seed: 5 });
  assert.equal(model.config.modelType, 'xlm-roberta');
  const text = 'Le film était wonderful, cafe\u0301 中文 but the plot was thin';
  const r = await explainText(model, text, OPTS);
  assert.equal(r.tokens[0].text, '<s>');
  assertRanges(text, r, { '▁café': 'cafe\u0301', '▁中文': '中文', '▁wonderful': 'wonderful', '▁plot': 'plot' });
  assert.ok(r.explanation.sets.length > 0, `no explanation: ${r.search.summary}`);
  for (const set of r.explanation.sets)
    assert.notEqual(argmax(await logitsWithout(model, text, set)), r.prediction.labelIndex);
});

const EMOTIONS = ['anger', 'joy', 'sadness', 'fear', 'surprise'];

test('multi-class head (5 labels): the predicted class is explained; each set changes the argmax', async () => {
  const model = await tiny('multiclass', { tokenizer: 'bpe', labels: EMOTIONS, seed: 11 });
  const text = 'I love this movie, it was great and very good';
  const r = await explainText(model, text, OPTS);
  assert.equal(r.prediction.logits.length, 5);
  assert.equal(r.explained?.kind, 'single-label');
  assert.equal(r.explained?.label, EMOTIONS[argmax(r.prediction.logits)]);
  assert.ok(r.explanation.sets.length > 0, `no explanation: ${r.search.summary}`);
  for (const set of r.explanation.sets)
    assert.notEqual(argmax(await logitsWithout(model, text, set)), r.prediction.labelIndex);
  await assert.rejects(
    explainText(model, text, { ...OPTS, label: EMOTIONS.find((l) => l !== r.explained?.label) }),
    /single-label/,
  );
});

test('multi-label head: the chosen label is explained; each set moves its sigmoid across 0.5', async () => {
  const model = await tiny('multilabel', {
    tokenizer: 'unigram',
    labels: EMOTIONS,
    seed: 13,
    config: { problem_type: 'multi_label_classification' },
  });
  assert.equal(model.config.multiLabel, true);
  const text = 'the acting was terrible but the film was great';
  const run = await model.run(text);
  const found: string[] = [];
  for (const [k, label] of EMOTIONS.entries()) {
    const r = await explainText(model, text, { ...OPTS, label });
    assert.equal(r.explained?.kind, 'multi-label');
    assert.equal(r.explained?.labelIndex, k);
    assert.ok(Math.abs((r.explained?.score ?? 0) - 1 / (1 + Math.exp(-run.prediction.logits[k]))) < 1e-9);
    const on = run.prediction.logits[k] >= 0;
    for (const set of r.explanation.sets)
      assert.notEqual((await logitsWithout(model, text, set))[k] >= 0, on, `${label}: set ${set} does not cross 0.5`);
    if (r.explanation.sets.length) found.push(label);
  }
  assert.ok(found.length > 0, 'no label of five was explained');
  // default: the highest-scoring label
  assert.equal((await explainText(model, text, OPTS)).explained?.labelIndex, argmax(run.prediction.logits));
  await assert.rejects(explainText(model, text, { ...OPTS, label: 'boredom' }), /no label "boredom"/);
});

test('sentence pair (BERT): [CLS] A [SEP] B [SEP] with token types 0/1 fed, tokens in both texts, verified explanation', async () => {
  const model = await tiny('bert-pair', { seed: 1 });
  const premise = 'the movie was good',
    hypothesis = 'the film was not bad';
  const run = await model.run(premise, { pair: hypothesis });
  assert.deepEqual(
    run.tokens.map((t) => t.text),
    ['[CLS]', 'the', 'movie', 'was', 'good', '[SEP]', 'the', 'film', 'was', 'not', 'bad', '[SEP]'],
  );
  assert.deepEqual(run.typeIds, [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1]);
  for (const t of run.tokens.filter((x) => !x.special))
    assert.equal((t.segment === 1 ? hypothesis : premise).slice(t.start, t.end), t.text);
  // the token types matter: all zeros gives other logits
  const zeros = await model.runIds(run.inputIds, { typeIds: run.typeIds?.map(() => 0) });
  assert.notDeepEqual(zeros.logits, run.prediction.logits);
  assert.deepEqual((await model.runIds(run.inputIds, { typeIds: run.typeIds })).logits, run.prediction.logits);
  const r = await explainText(model, premise, { ...OPTS, pair: hypothesis });
  assert.ok(r.tokens.some((t) => t.segment === 1) && r.tokens.some((t) => t.segment === 0));
  assert.ok(r.explanation.sets.length > 0, `no explanation: ${r.search.summary}`);
  for (const set of r.explanation.sets)
    assert.notEqual(argmax(await logitsWithout(model, premise, set, { pair: hypothesis })), r.prediction.labelIndex);
});

test('sentence pair (RoBERTa): <s> A </s></s> B </s>', async () => {
  const model = await tiny('roberta', { tokenizer: 'bpe', seed: 8 });
  const run = await model.run('the cat sat', { pair: 'a dog' });
  assert.deepEqual(
    run.tokens.map((t) => [t.text, t.segment]),
    [
      ['<s>', 0],
      ['the', 0],
      ['Ġcat', 0],
      ['Ġsat', 0],
      ['</s>', 0],
      ['</s>', 0],
      ['a', 1],
      ['Ġdog', 1],
      ['</s>', 1],
    ],
  );
});

test('masked LM (BertForMaskedLM): the marked word becomes [MASK], its prediction is explained; each set changes the predicted token', async () => {
  const model = await tiny('mlm', { head: 'mlm', seed: 1 });
  assert.equal(model.config.task, 'masked-lm');
  const text = 'the plot was thin but the acting was wonderful';
  const at = text.indexOf('wonderful');
  const maskRange: [number, number] = [at, at + 'wonderful'.length];
  const run = await model.run(text, { maskRange });
  assert.equal(run.tokens[run.target].text, '[MASK]');
  assert.deepEqual([run.tokens[run.target].start, run.tokens[run.target].end], maskRange);
  assert.equal(run.inputIds[run.target], model.maskTokenId);
  assert.equal(run.prediction.logits.length, model.config.labels.length || run.prediction.logits.length);
  const r = await explainText(model, text, { ...OPTS, maskRange });
  assert.equal(r.explained?.kind, 'masked-token');
  assert.equal(r.explained?.token, run.target);
  assert.equal(r.explanation.target, run.target);
  assert.ok(r.explanation.sets.length > 0, `no explanation: ${r.search.summary}`);
  for (const set of r.explanation.sets) {
    assert.ok(!set.includes(run.target), 'the mask itself is never replaced');
    assert.notEqual(argmax(await logitsWithout(model, text, set, { maskRange })), r.prediction.labelIndex);
  }
  await assert.rejects(model.run(text), /mark the word to predict/);
});
