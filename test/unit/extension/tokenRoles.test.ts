import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverMarkdown, tokenEvidence, tokenRoles } from '../../../src/extension/tokenRoles';
import { edgeNotation, edgeText } from '../../../src/shared/pagNotation';
import type { ExplainResultPayload } from '../../../src/protocol';

// "[CLS] not good film [SEP]": text offsets of "not good film".
const result: Pick<ExplainResultPayload, 'tokens' | 'explanation' | 'pag' | 'prediction' | 'layer' | 'head'> = {
  tokens: [
    { text: '[CLS]', start: 0, end: 0, special: true },
    { text: 'not', start: 0, end: 3, special: false },
    { text: 'good', start: 4, end: 8, special: false },
    { text: 'film', start: 9, end: 13, special: false },
    { text: '[SEP]', start: 13, end: 13, special: true },
  ],
  explanation: { target: 0, sets: [[1], [2]], candidates: [1, 2, 3], evidence: {} },
  pag: {
    n: 5,
    edges: [
      { a: 0, b: 1, markA: 'circle', markB: 'arrow' },
      { a: 1, b: 2, markA: 'arrow', markB: 'arrow' },
      { a: 2, b: 3, markA: 'tail', markB: 'arrow' },
    ],
    sepsets: [
      { a: 1, b: 3, set: [2] },
      { a: 0, b: 4, set: [] },
    ],
    iterations: 2,
  },
  prediction: { label: 'NEGATIVE', score: 0.91 },
  layer: 1,
  head: 'mean',
};

test('tokenRoles: explanation = union of minimal sets, candidate = the rest, specials never highlighted', () => {
  assert.deepEqual(tokenRoles(result), [
    { tokenIndex: 1, role: 'explanation', start: 0, end: 3 },
    { tokenIndex: 2, role: 'explanation', start: 4, end: 8 },
    { tokenIndex: 3, role: 'candidate', start: 9, end: 13 },
  ]);
});

test('tokenRoles: a visible target token gets the target role', () => {
  const masked = { ...result, explanation: { ...result.explanation, target: 3 } };
  assert.deepEqual(tokenRoles(masked).find((s) => s.tokenIndex === 3)?.role, 'target');
});

test('edge notation (one definition for the engine, CLI, hover and panel) reads the marks from one end to the other', () => {
  assert.equal(edgeNotation('circle', 'arrow'), 'o->');
  assert.equal(edgeNotation('arrow', 'arrow'), '<->');
  assert.equal(edgeNotation('tail', 'arrow'), '-->');
  assert.equal(edgeNotation('circle', 'circle'), 'o-o');
  assert.equal(edgeNotation('arrow', 'tail'), '<--');
  assert.equal(edgeText({ a: 3, b: 5, markA: 'circle', markB: 'arrow' }), '3 o-> 5');
  assert.equal(
    edgeText({ a: 0, b: 1, markA: 'tail', markB: 'tail' }, (i) => ['x', 'y'][i]),
    'x --- y',
  );
});

test('tokenEvidence: neighbours with marks seen from the token, separating sets', () => {
  const ev = tokenEvidence(result, 1);
  assert.deepEqual(ev.neighbours, [
    { index: 0, text: '[CLS]', glyph: '<-o' },
    { index: 2, text: 'good', glyph: '<->' },
  ]);
  assert.deepEqual(ev.sepsets, [{ other: 3, otherText: 'film', set: [{ index: 2, text: 'good' }] }]);
  assert.deepEqual(tokenEvidence(result, 3).neighbours, [{ index: 2, text: 'good', glyph: '<--' }]);
});

test('hoverMarkdown names the role, the prediction and the evidence', () => {
  const md = hoverMarkdown(result, { tokenIndex: 1, role: 'explanation', start: 0, end: 3 });
  assert.match(md, /`not` \(token 1\)/);
  assert.match(md, /explanation token/);
  assert.match(md, /NEGATIVE\*\* 91% · layer 1, head mean/, 'the probability as the status bar says it');
  assert.match(md, /PAG neighbours \(2\): `not <-o \[CLS\]`, `not <-> good`/);
  assert.match(md, /- `film` given \{good\}/);
});

test('hover: an explanation the greedy search found says a smaller one may exist; the smallest-first one does not', () => {
  const greedy = {
    ...result,
    explanation: { ...result.explanation, kind: 'tested' as const, minimality: 'irreducible' as const },
  };
  assert.match(
    hoverMarkdown(greedy, { tokenIndex: 1, role: 'explanation', start: 0, end: 3 }),
    /\*Found by the greedy search:\* removing any one of these tokens no longer flips the prediction, but a smaller explanation may exist/,
  );
  const unpruned = { ...greedy, explanation: { ...greedy.explanation, minimality: 'unpruned' as const } };
  assert.match(
    hoverMarkdown(unpruned, { tokenIndex: 1, role: 'explanation', start: 0, end: 3 }),
    /it may not be minimal/,
  );
  const smallest = { ...greedy, explanation: { ...greedy.explanation, minimality: 'smallest' as const } };
  assert.doesNotMatch(hoverMarkdown(smallest, { tokenIndex: 1, role: 'explanation', start: 0, end: 3 }), /greedy/);
  assert.doesNotMatch(
    hoverMarkdown(greedy, { tokenIndex: 3, role: 'candidate', start: 9, end: 13 }),
    /greedy/,
    'only explanation tokens carry it',
  );
});

test('hover: which head explained a token (per-head search); a partial result is labelled not an explanation', () => {
  const each = {
    ...result,
    head: 'each' as const,
    explanation: { ...result.explanation, kind: 'tested' as const, setHeads: [[0], [1, 2]] },
  };
  assert.match(
    hoverMarkdown(each, { tokenIndex: 2, role: 'explanation', start: 4, end: 8 }),
    /Explained by head 1, 2 \(one PAG per head\)/,
  );
  assert.doesNotMatch(
    hoverMarkdown(result, { tokenIndex: 2, role: 'explanation', start: 4, end: 8 }),
    /Explained by head/,
    'no head line for the mean',
  );
  const partial = {
    ...result,
    explanation: {
      ...result.explanation,
      sets: [],
      kind: 'partial' as const,
      summary: 'no explanation within 2,000 model runs / 2.0 s',
      partial: { set: [3], drop: 0.25 },
    },
  };
  const md = hoverMarkdown(partial, { tokenIndex: 3, role: 'candidate', start: 9, end: 13 });
  assert.match(md, /no explanation within 2,000 model runs \/ 2\\\.0 s/);
  assert.match(
    md,
    /\*Not an explanation:\* this token is in the tested set that lowered the predicted probability the most \(by 0\.250\)/,
  );
  assert.doesNotMatch(
    hoverMarkdown(partial, { tokenIndex: 1, role: 'candidate', start: 0, end: 3 }),
    /Not an explanation/,
  );
  assert.deepEqual(
    tokenRoles(partial).map((s) => s.role),
    ['candidate', 'candidate', 'candidate'],
    'a partial set is never highlighted as an explanation',
  );
});
