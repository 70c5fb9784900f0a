// Pure parts of issue 13's panel work: the neighbourhood a long text opens on, the status bar's
// words for a prediction and for a file, the new host ↔ webview messages and their validation,
// the saved UI state's new fields, and the Explain File summary's per-row table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { PagJson } from '../../src/protocol';
import { isHostMessage, parseWebviewMessage } from '../../src/protocol';
import { neighbourhood } from '../../webview/neighbourhood';
import { coerceState, defaultState } from '../../webview/state';
import { fileLabelsText, predictionText } from '../../src/shared/statusText';
import { summarize, summaryMarkdown, SUMMARY_MAX_ROWS } from '../../src/datasets/summary';

const pag = (n: number, pairs: [number, number][]): PagJson => ({
  n,
  edges: pairs.map(([a, b]) => ({ a, b, markA: 'circle', markB: 'arrow' })),
  sepsets: [],
  iterations: 1,
});

test('neighbourhood: the focus and its neighbours; a cap keeps the best-connected neighbours, then reading order', () => {
  // 0 is the target; 5 the explanation. 1, 2 touch 0; 6 touches 5; 3 touches both 0 and 5; 9 is far away.
  const g = pag(10, [
    [0, 1],
    [0, 2],
    [0, 3],
    [3, 5],
    [5, 6],
    [8, 9],
    [1, 2],
  ]);
  assert.deepEqual(neighbourhood(g, [0, 5]), { shown: [0, 1, 2, 3, 5, 6], omitted: 0 });
  // Cap 4: the focus (2) plus 3 (two focus neighbours) and then the lowest index, 1.
  assert.deepEqual(neighbourhood(g, [0, 5], 4), { shown: [0, 1, 3, 5], omitted: 2 });
  // A focus larger than the cap is kept whole; out-of-range indices are ignored.
  assert.deepEqual(neighbourhood(g, [0, 5, 8, 42, -1], 2), { shown: [0, 5, 8], omitted: 5 });
  assert.deepEqual(neighbourhood(g, []), { shown: [], omitted: 0 });
});

test('status bar words: the predicted class with its probability as a percentage; a file as rows per label', () => {
  assert.equal(predictionText('POSITIVE', 0.8712), 'POSITIVE 87%');
  assert.equal(predictionText('NEGATIVE', 0.5), 'NEGATIVE 50%');
  // Never "100%" or "0%" for a probability that is not exactly that.
  assert.equal(predictionText('POSITIVE', 0.9981), 'POSITIVE 99.8%');
  assert.equal(predictionText('joy (multi-label)', 0.003), 'joy (multi-label) 0.3%');
  assert.equal(predictionText('POSITIVE', 1), 'POSITIVE 100.0%');
  assert.equal(
    fileLabelsText([
      { label: 'POSITIVE', count: 3 },
      { label: 'NEGATIVE', count: 2 },
    ]),
    'file: 3 POSITIVE / 2 NEGATIVE',
  );
  assert.equal(fileLabelsText([]), 'file: no rows');
});

test('new webview → host messages are validated: showExplanation, revealRow, writeResults', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'showExplanation', set: 2 }), { type: 'showExplanation', set: 2 });
  assert.deepEqual(parseWebviewMessage({ type: 'showExplanation', set: null }), { type: 'showExplanation', set: null });
  for (const bad of [
    { type: 'showExplanation' },
    { type: 'showExplanation', set: -1 },
    { type: 'showExplanation', set: 1.5 },
    { type: 'showExplanation', set: '1' },
    { type: 'showExplanation', set: 0, extra: 1 },
  ]) {
    assert.equal(parseWebviewMessage(bad), null, JSON.stringify(bad));
  }
  assert.deepEqual(parseWebviewMessage({ type: 'revealRow', line: 12 }), { type: 'revealRow', line: 12 });
  for (const bad of [
    { type: 'revealRow', line: 0 },
    { type: 'revealRow', line: 2.5 },
    { type: 'revealRow' },
    { type: 'revealRow', line: 3, index: 1 },
  ]) {
    assert.equal(parseWebviewMessage(bad), null, JSON.stringify(bad));
  }
  assert.deepEqual(parseWebviewMessage({ type: 'writeResults' }), { type: 'writeResults' });
  assert.equal(
    parseWebviewMessage({ type: 'writeResults', path: '/etc/passwd' }),
    null,
    'the host decides where results go',
  );
});

test("new host → webview messages pass the webview's check: appearance, fileSummary", () => {
  assert.ok(isHostMessage({ type: 'appearance', explanationColor: '#ff000040' }));
  assert.ok(isHostMessage({ type: 'appearance', explanationColor: null }));
  assert.ok(!isHostMessage({ type: 'appearance', explanationColor: 3 }));
  assert.ok(
    isHostMessage({
      type: 'fileSummary',
      file: 'a.csv',
      rows: [],
      malformed: [],
      labels: [],
      cancelled: false,
      resultsPath: null,
      written: null,
    }),
  );
  assert.ok(!isHostMessage({ type: 'fileSummary', file: 'a.csv', rows: 'x', malformed: [], labels: [] }));
});

test('saved UI state: the chosen alternative, the graph view and the file summary survive; bad values are repaired', () => {
  const file = {
    type: 'fileSummary',
    file: 'a.csv',
    rows: [],
    malformed: [],
    labels: [],
    cancelled: false,
    resultsPath: null,
    written: null,
  };
  const s = coerceState({
    version: 1,
    result: null,
    compare: null,
    file,
    ui: { view: 'file', chosenSet: 2, graphView: 'matrix' },
  });
  assert.equal(s?.ui.view, 'file');
  assert.equal(s?.ui.chosenSet, 2);
  assert.equal(s?.ui.graphView, 'matrix');
  assert.deepEqual(s?.file, file);
  const bad = coerceState({ version: 1, ui: { view: 'file', chosenSet: -1, graphView: 'hairball' } });
  assert.equal(bad?.ui.view, 'result', 'no file summary: back to the result view');
  assert.equal(bad?.ui.chosenSet, null);
  assert.equal(bad?.ui.graphView, 'auto');
  assert.equal(defaultState().ui.graphView, 'auto');
});

test('Explain File summary: every row in line order with its prediction and explanation or none; rows link to their lines', () => {
  const s = summarize(
    'r.csv',
    [
      { lineNumber: 4, label: 'POSITIVE', score: 0.7, explanationSize: null, explanation: [], totalMs: 200 },
      { lineNumber: 2, label: 'POSITIVE', score: 0.9, explanationSize: 2, explanation: ['good', 'a|b'], totalMs: 100 },
      { lineNumber: 3, label: 'NEGATIVE', score: 0.8, explanationSize: 1, explanation: ['`bad`'], totalMs: 300 },
    ],
    [],
  );
  assert.deepEqual(s.perRow, [
    { lineNumber: 2, label: 'POSITIVE', score: 0.9, explanation: ['good', 'a|b'] },
    { lineNumber: 3, label: 'NEGATIVE', score: 0.8, explanation: ['`bad`'] },
    { lineNumber: 4, label: 'POSITIVE', score: 0.7, explanation: null },
  ]);
  const md = summaryMarkdown(s, { rowLink: (n) => `file:///d/r.csv#L${n}` });
  assert.match(
    md,
    /^\| \[2\]\(file:\/\/\/d\/r\.csv#L2\) \| POSITIVE 90% \| `good` `a\\\|b` \|$/m,
    'pipes escaped inside the table',
  );
  assert.match(md, /^\| \[3\]\(file:\/\/\/d\/r\.csv#L3\) \| NEGATIVE 80% \| `'bad'` \|$/m);
  assert.match(md, /^\| \[4\]\(file:\/\/\/d\/r\.csv#L4\) \| POSITIVE 70% \| \*none within budget\* \|$/m);
  assert.match(summaryMarkdown(s), /^\| 2 \| POSITIVE 90% \|/m, 'plain line numbers without a link maker');
  const many = summarize(
    'big.txt',
    Array.from({ length: SUMMARY_MAX_ROWS + 3 }, (_, i) => ({
      lineNumber: i + 1,
      label: 'P',
      score: 0.6,
      explanationSize: 1,
      explanation: ['x'],
      totalMs: 1,
    })),
    [],
  );
  const mdMany = summaryMarkdown(many);
  assert.equal((mdMany.match(/^\| \d+ \| P 60% \|/gm) ?? []).length, SUMMARY_MAX_ROWS);
  assert.match(mdMany, /… and 3 more rows/);
});
