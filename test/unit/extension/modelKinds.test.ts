// The editor side of issue 16's model kinds, in pure code: a sentence pair's tokens laid into one
// text (two selections, or a typed second text), the messages for a model that cannot answer a
// command, and the words the status bar and panel use for the explained output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { documentTokens, layTokens, pairLayout, TYPED_PAIR_SEPARATOR } from '../../../src/extension/pairLayout';
import { requireClassifier, requireMaskedLm, requireMultiLabel } from '../../../src/extension/modelKinds';
import { explainedHeadline, pieceAsWord } from '../../../src/shared/explainedText';
import { parseWebviewMessage, type TokenInfo } from '../../../src/protocol';

// "the movie was good" at document offset 10; "the film" at 40 (the document between: 12 characters)
const DOC = `${'x'.repeat(10)}the movie was good${'-'.repeat(12)}the film`;
const TOKENS: TokenInfo[] = [
  { text: '[CLS]', start: 0, end: 0, special: true, segment: 0 },
  { text: 'movie', start: 4, end: 9, special: false, segment: 0 },
  { text: '[SEP]', start: 0, end: 0, special: true, segment: 0 },
  { text: 'the', start: 0, end: 3, special: false, segment: 1 },
  { text: 'film', start: 4, end: 8, special: false, segment: 1 },
  { text: '[SEP]', start: 0, end: 0, special: true, segment: 1 },
];

test('pair in the document: one text from the first to the end of the second; every token on its document characters', () => {
  const layout = pairLayout(
    { text: 'the movie was good', base: 10 },
    { text: 'the film', base: 40 },
    DOC.slice(28, 40),
  );
  assert.deepEqual(layout, { text: DOC.slice(10), pairStart: 30, inDocument: true });
  const laid = documentTokens(TOKENS, layout);
  for (const t of laid.filter((x) => !x.special)) assert.equal(DOC.slice(10 + t.start, 10 + t.end), t.text);
  assert.deepEqual(
    laid.map((t) => [t.start, t.end]),
    [
      [0, 0],
      [4, 9],
      [0, 0],
      [30, 33],
      [34, 38],
      [0, 0],
    ],
  );
  assert.throws(
    () => pairLayout({ text: 'abc', base: 10 }, { text: 'd', base: 12 }, ''),
    /must start after the first one ends/,
  );
  assert.throws(() => pairLayout({ text: 'abc', base: 10 }, { text: 'd', base: 20 }, 'short'), /7 characters long/);
});

test("typed second text: the panel text joins both with a separator; the editor draws only the first text's tokens", () => {
  const layout = pairLayout({ text: 'the movie was good', base: 10 }, { text: 'the film', base: null });
  assert.equal(layout.text, `the movie was good${TYPED_PAIR_SEPARATOR}the film`);
  assert.equal(layout.inDocument, false);
  const panel = layTokens(TOKENS, layout);
  for (const t of panel.filter((x) => !x.special)) assert.equal(layout.text.slice(t.start, t.end), t.text);
  const editor = documentTokens(TOKENS, layout);
  assert.deepEqual(
    editor.filter((t) => t.end > t.start).map((t) => t.text),
    ['movie'],
    'nothing is drawn for typed tokens',
  );
});

const classifier = {
  id: 'org/sst2',
  config: { task: 'classification' as const, multiLabel: false, labels: ['NEGATIVE', 'POSITIVE'] },
};
const multiLabel = {
  id: 'org/goemotions',
  config: { task: 'classification' as const, multiLabel: true, labels: ['anger', 'joy'] },
};
const mlm = { id: 'org/bert-mlm', config: { task: 'masked-lm' as const, multiLabel: false, labels: [] } };

test('a model that cannot answer the command: a ModelError naming the model, what it is, and what to run instead', () => {
  requireClassifier(classifier, 'Explain Causally');
  requireMaskedLm(mlm);
  requireMultiLabel(multiLabel);
  const err = (f: () => void) => {
    try {
      f();
    } catch (e) {
      return e as Error;
    }
    assert.fail('no error');
  };
  const a = err(() => requireClassifier(mlm, 'Compare Layers'));
  assert.equal(a.name, 'ModelError');
  assert.match(
    a.message,
    /^Compare Layers explains a classifier's label, but "org\/bert-mlm" is a masked-language model .*Explain Masked Prediction/,
  );
  const b = err(() => requireMaskedLm(classifier));
  assert.match(
    b.message,
    /^Explain Masked Prediction needs a masked-language model .*"org\/sst2" is a text classifier \(labels NEGATIVE, POSITIVE\)\. Use Explain Causally/,
  );
  const c = err(() => requireMultiLabel(classifier));
  assert.match(c.message, /is for multi-label models .*"org\/sst2" is single-label/);
  assert.match(err(() => requireMultiLabel(mlm)).message, /masked-language model/);
});

test('the explained output in words: class, multi-label label with the others listed, the masked token as a word', () => {
  const single = explainedHeadline({
    kind: 'single-label',
    label: 'POSITIVE',
    labelIndex: 1,
    score: 0.97,
    token: 0,
    flip: 'the predicted class changes from "POSITIVE"',
  });
  assert.deepEqual([single.label, single.score], ['POSITIVE', 0.97]);
  assert.match(
    single.detail,
    /the predicted class "POSITIVE" \(97\.0%\).*with it replaced, the predicted class changes from "POSITIVE"\./,
  );
  const ml = explainedHeadline({
    kind: 'multi-label',
    label: 'joy',
    labelIndex: 1,
    score: 0.2,
    token: 0,
    flip: '"joy" rises to 0.5 (now 0.200)',
    labels: [
      { label: 'anger', score: 0.7 },
      { label: 'joy', score: 0.2 },
    ],
  });
  assert.equal(ml.label, 'joy (multi-label)');
  assert.match(
    ml.detail,
    /the label "joy" of a multi-label head \(its sigmoid, 0\.200, off\).*"joy" rises to 0\.5.*Other labels: anger 0\.70 \(on\)\./,
  );
  const masked = explainedHeadline({
    kind: 'masked-token',
    label: 'Ġgreat',
    labelIndex: 7,
    score: 0.4,
    token: 5,
    flip: 'the token predicted at the mask changes from "Ġgreat"',
  });
  assert.equal(masked.label, '[MASK] → great');
  assert.match(masked.detail, /predicted at the mask \(#5\), "Ġgreat" 40\.0%/);
  assert.deepEqual(['▁café', 'Ġ', '##ful', 'word'].map(pieceAsWord), ['café', 'Ġ', '##ful', 'word']);
});

test('the panel may ask for another label: rerun carries a label index, anything else is rejected', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'rerun', label: 3 }), { type: 'rerun', label: 3 });
  assert.deepEqual(parseWebviewMessage({ type: 'rerun', label: 0, alpha: 0.05 }), {
    type: 'rerun',
    alpha: 0.05,
    label: 0,
  });
  for (const label of [-1, 1.5, 'joy', null, 1e9])
    assert.equal(parseWebviewMessage({ type: 'rerun', label }), null, JSON.stringify(label));
});
