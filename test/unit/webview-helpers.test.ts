// Pure helpers of the PAG panel (no DOM): word grouping, layer diffs, DOT and SVG export,
// component packing, mark semantics, state coercion, control parsing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompareEntryPayload, PagJson, TokenInfo } from '../../src/protocol';
import { groupWords, tokenLabel, tokenSurface } from '../../webview/tokens';
import { compareDiffs, diffPags, jaccard, sortedEntries, unionEdges, explanationTokens } from '../../webview/diff';
import { toDot, dotString } from '../../src/shared/pagDot';
import { buildSvg, boxExit, escapeXml } from '../../webview/svgExport';
import { packBoxes, removeOverlaps } from '../../webview/pack';
import { edgeNotation, edgeMeaning, marksFrom } from '../../webview/marks';
import { coerceState, defaultState } from '../../webview/state';
import { formatAlpha, parseAlpha, parseSamples } from '../../webview/ui/controls';

const text = "Don't stop, unbelievable!";
const tok = (t: string, start: number, end: number, special = false): TokenInfo => ({ text: t, start, end, special });
// [CLS] don ' t stop , un ##believ ##able ! [SEP]
const TOKENS: TokenInfo[] = [
  tok('[CLS]', 0, 0, true),
  tok('don', 0, 3),
  tok("'", 3, 4),
  tok('t', 4, 5),
  tok('stop', 6, 10),
  tok(',', 10, 11),
  tok('un', 12, 14),
  tok('##believ', 14, 20),
  tok('##able', 20, 24),
  tok('!', 24, 25),
  tok('[SEP]', 25, 25, true),
];

test('groupWords merges WordPiece pieces and glued punctuation, keeps specials alone', () => {
  const words = groupWords(TOKENS).map((w) => w.tokens);
  assert.deepEqual(words, [[0], [1, 2, 3], [4, 5], [6, 7, 8, 9], [10]]);
  assert.equal(tokenSurface(TOKENS, 7, text), 'believ');
  assert.equal(tokenLabel(TOKENS, 7, text), '##believ');
  assert.equal(tokenLabel(TOKENS, 0, text), '[CLS]');
  assert.equal(tokenSurface(TOKENS, 7), 'believ', 'without the text: the piece minus ##');
  // Without offsets (all zero) only ## pieces merge.
  const noOffsets = TOKENS.map((t) => ({ ...t, start: 0, end: 0 }));
  assert.deepEqual(
    groupWords(noOffsets).map((w) => w.tokens),
    [[0], [1], [2], [3], [4], [5], [6, 7, 8], [9], [10]],
  );
});

const P = (edges: [number, number, string, string][], n = 5): PagJson => ({
  n,
  sepsets: [],
  iterations: 1,
  edges: edges.map(([a, b, markA, markB]) => ({ a, b, markA, markB })) as PagJson['edges'],
});

test('diffPags finds gained, lost and re-marked edges regardless of edge direction', () => {
  const ref = P([
    [0, 1, 'tail', 'arrow'],
    [1, 2, 'circle', 'circle'],
    [2, 3, 'arrow', 'arrow'],
  ]);
  const other = P([
    [1, 0, 'arrow', 'tail'],
    [1, 2, 'circle', 'arrow'],
    [3, 4, 'circle', 'arrow'],
  ]);
  assert.deepEqual(diffPags(ref, other), { gained: [[3, 4]], lost: [[2, 3]], remarked: [[1, 2]] });
  assert.deepEqual(diffPags(ref, ref), { gained: [], lost: [], remarked: [] });
});

test('jaccard and compareDiffs: overlap of explanations against the reference layer', () => {
  assert.equal(jaccard([1, 2], [2, 3]), 1 / 3);
  assert.equal(jaccard([], []), 1);
  assert.equal(jaccard([1], []), 0);
  const ex = (sets: number[][]) => ({ target: 0, sets, candidates: sets.flat(), evidence: {} });
  const layers: CompareEntryPayload[] = [
    { layer: 0, head: 'mean', pag: P([[0, 1, 'circle', 'circle']]), explanation: ex([[1, 2]]) },
    {
      layer: 1,
      head: 'mean',
      pag: P([
        [0, 1, 'circle', 'arrow'],
        [0, 2, 'arrow', 'arrow'],
      ]),
      explanation: ex([
        [2, 3],
        [2, 4],
      ]),
    },
  ];
  assert.deepEqual(explanationTokens(layers[1].explanation), [2, 3, 4]);
  const d = compareDiffs(layers, 1);
  assert.deepEqual(d[0], {
    key: 0,
    reference: 1,
    gained: [],
    lost: [[0, 2]],
    remarked: [[0, 1]],
    overlap: [2],
    jaccard: 1 / 4,
  });
  assert.deepEqual(d[1], { key: 1, reference: 1, gained: [], lost: [], remarked: [], overlap: [2, 3, 4], jaccard: 1 });
  assert.throws(() => compareDiffs(layers, 7), /the reference \(layer 7\) is not among the compared entries/);
  assert.deepEqual(unionEdges(layers.map((l) => l.pag)), [
    [0, 1],
    [0, 2],
  ]);
});

test('compareDiffs and sortedEntries along the head axis: keys are heads, the mean last and the reference', () => {
  const ex = (sets: number[][]) => ({ target: 0, sets, candidates: sets.flat(), evidence: {} });
  const heads: CompareEntryPayload[] = [
    { layer: 3, head: 'mean', pag: P([[0, 1, 'circle', 'circle']]), explanation: ex([[1]]) },
    {
      layer: 3,
      head: 1,
      pag: P([
        [0, 1, 'circle', 'circle'],
        [1, 2, 'arrow', 'arrow'],
      ]),
      explanation: ex([[1, 2]]),
    },
    { layer: 3, head: 0, pag: P([]), explanation: ex([]) },
  ];
  assert.deepEqual(
    sortedEntries(heads, 'head').map((e) => e.head),
    [0, 1, 'mean'],
  );
  assert.deepEqual(
    sortedEntries(heads).map((e) => e.head),
    ['mean', 1, 0],
    'on the layer axis all three are layer 3: order kept',
  );
  const d = compareDiffs(heads, 'mean', 'head');
  assert.deepEqual(
    d.map((x) => x.key),
    ['mean', 1, 0],
  );
  assert.deepEqual(d[1], {
    key: 1,
    reference: 'mean',
    gained: [[1, 2]],
    lost: [],
    remarked: [],
    overlap: [1],
    jaccard: 1 / 2,
  });
  assert.deepEqual(d[2], {
    key: 0,
    reference: 'mean',
    gained: [],
    lost: [[0, 1]],
    remarked: [],
    overlap: [],
    jaccard: 0,
  });
  assert.throws(() => compareDiffs(heads, 5, 'head'), /the reference \(head 5\) is not among/);
});

test('toDot draws each mark as a Graphviz arrow shape at the right end', () => {
  const pag = P(
    [
      [0, 1, 'tail', 'arrow'],
      [1, 2, 'circle', 'circle'],
      [2, 3, 'arrow', 'arrow'],
    ],
    4,
  );
  const dot = toDot(pag, { labels: ['[CLS]', 'say "hi"', 'b\\c', 'd'], target: 0, explanation: [2], omit: [3] });
  assert.match(dot, /^digraph pag \{/);
  assert.match(dot, /t0 -> t1 \[dir=both, arrowtail=none, arrowhead=normal\];/);
  assert.match(dot, /t1 -> t2 \[dir=both, arrowtail=odot, arrowhead=odot\];/);
  assert.doesNotMatch(dot, /t3/, 'omitted node and its edges are absent');
  assert.match(dot, /t0 \[label="\[CLS\]", peripheries=2\]/);
  assert.match(dot, /t1 \[label="say \\"hi\\""\]/);
  assert.match(dot, /t2 \[label="b\\\\c", style="rounded,filled,bold"/);
  assert.equal(dotString('a\nb'), '"a\\nb"');
});

test('buildSvg: one line per edge, arrowheads as triangles at the arrow end, circles hollow', () => {
  const nodes = [
    { id: 0, x: 0, y: 0, w: 40, h: 20, label: 'a<b', fill: '#fff', stroke: '#000', strokeWidth: 1, textColor: '#000' },
    { id: 1, x: 100, y: 0, w: 40, h: 20, label: 'c', fill: '#fff', stroke: '#000', strokeWidth: 1, textColor: '#000' },
  ];
  const svg = buildSvg({
    nodes,
    edges: [{ a: 0, b: 1, markA: 'circle', markB: 'arrow', color: '#333', width: 1.5 }],
    background: '#fafafa',
    fontFamily: 'mono',
    fontSize: 12,
  });
  assert.equal((svg.match(/<line /g) ?? []).length, 1);
  // Drawn inside a group shifted by the padding; the line is clipped at the boxes (x 20 … 80).
  assert.match(svg, /<g transform="translate\(40 30\)">/);
  assert.match(svg, /<line x1="20" y1="0" x2="80" y2="0"/);
  // Arrow tip exactly at b's boundary, pointing right (+x); the hollow circle sits inside a's end.
  assert.match(svg, /<polygon class="mark mark-arrow" points="80,0 71,4.5 71,-4.5"/);
  assert.match(svg, /<circle class="mark mark-circle" cx="24" cy="0" r="4" fill="#fafafa"/);
  assert.match(svg, /width="180" height="60"/);
  assert.match(svg, /a&lt;b/);
  assert.match(svg, /^<\?xml[^>]*\?>\n<svg /);
  assert.ok(svg.trimEnd().endsWith('</svg>'));
  assert.equal(boxExit(40, 20, 1, 0), 20);
  assert.equal(boxExit(40, 20, 0, -1), 10);
  assert.equal(escapeXml(`"'&`), '&quot;&apos;&amp;');
});

test('packBoxes fills a wide viewport better than one column or one row', () => {
  const boxes = [
    { w: 400, h: 300 },
    { w: 200, h: 150 },
    { w: 200, h: 150 },
    { w: 30, h: 20 },
  ];
  const p = packBoxes(boxes, 10, 900, 560);
  // Boxes do not overlap.
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const sep =
        p.x[i] + boxes[i].w <= p.x[j] ||
        p.x[j] + boxes[j].w <= p.x[i] ||
        p.y[i] + boxes[i].h <= p.y[j] ||
        p.y[j] + boxes[j].h <= p.y[i];
      assert.ok(sep, `boxes ${i} and ${j} overlap`);
    }
  const oneRow = Math.min(900 / (400 + 200 + 200 + 30 + 30), 560 / 300);
  const oneCol = Math.min(900 / 400, 560 / (300 + 150 + 150 + 20 + 30));
  assert.ok(p.zoom >= Math.max(oneRow, oneCol) - 1e-9, `zoom ${p.zoom}`);
  assert.deepEqual(packBoxes([], 10, 100, 100), { x: [], y: [], width: 0, height: 0, zoom: 1 });
});

test('removeOverlaps separates stacked labels and leaves separated ones alone', () => {
  const stacked = Array.from({ length: 6 }, () => ({ x: 10, y: 10, w: 40, h: 16 }));
  assert.equal(removeOverlaps(stacked, 4), 0);
  for (let i = 0; i < stacked.length; i++)
    for (let j = i + 1; j < stacked.length; j++) {
      const a = stacked[i],
        b = stacked[j];
      assert.ok(
        Math.abs(a.x - b.x) >= (a.w + b.w) / 2 + 4 - 1e-9 || Math.abs(a.y - b.y) >= (a.h + b.h) / 2 + 4 - 1e-9,
        `${i},${j} still overlap`,
      );
    }
  const apart = [
    { x: 0, y: 0, w: 10, h: 10 },
    { x: 100, y: 0, w: 10, h: 10 },
  ];
  assert.equal(removeOverlaps(apart, 4), 0);
  assert.deepEqual(apart, [
    { x: 0, y: 0, w: 10, h: 10 },
    { x: 100, y: 0, w: 10, h: 10 },
  ]);
});

test('edge notation, meaning and marks seen from either end', () => {
  assert.equal(edgeNotation('circle', 'arrow'), 'o->');
  assert.equal(edgeNotation('arrow', 'arrow'), '<->');
  assert.equal(edgeNotation('tail', 'arrow'), '-->');
  assert.equal(edgeNotation('circle', 'circle'), 'o-o');
  assert.match(edgeMeaning('tail', 'arrow', 'x', 'y'), /x is a cause/);
  assert.match(edgeMeaning('circle', 'arrow', 'x', 'y'), /y is not a cause of x/);
  assert.match(edgeMeaning('arrow', 'arrow', 'x', 'y'), /latent common cause/);
  const e = { a: 2, b: 5, markA: 'circle' as const, markB: 'arrow' as const };
  assert.deepEqual(marksFrom(e, 2), ['circle', 'arrow']);
  assert.deepEqual(marksFrom(e, 5), ['arrow', 'circle']);
});

test('coerceState accepts only version-1 states and repairs bad UI fields', () => {
  assert.equal(coerceState(null), null);
  assert.equal(coerceState({ version: 2, ui: {} }), null);
  assert.deepEqual(coerceState({ version: 1, ui: {} }), defaultState());
  const s = coerceState({
    version: 1,
    result: { type: 'result' },
    compare: null,
    ui: { view: 'compare', selectedToken: -3, mergePieces: false, hideIsolatedSpecials: 'yes' },
  });
  assert.ok(s);
  assert.equal(s.ui.view, 'result', 'no compare data: back to the result view');
  assert.equal(s.ui.selectedToken, null);
  assert.equal(s.ui.mergePieces, false);
  assert.equal(s.ui.hideIsolatedSpecials, true);
  assert.equal(s.result, null, 'a result message without its payload is dropped');
  // A compare view saved by the previous version (field `layers`) is dropped, the rest kept.
  const payload = {
    tokens: [],
    prediction: { label: 'POSITIVE', score: 0.9 },
    pag: { n: 0, edges: [], sepsets: [], iterations: 0 },
    explanation: { sets: [] },
  };
  const result = { type: 'result', result: payload, params: {} };
  const old = coerceState({
    version: 1,
    result,
    compare: { type: 'compare', layers: [], tokens: [], reference: 1 },
    ui: { view: 'compare' },
  });
  assert.ok(old);
  assert.equal(old.compare, null);
  assert.deepEqual(old.result, result);
  assert.equal(old.ui.view, 'result');
  const now = coerceState({
    version: 1,
    result: null,
    compare: { type: 'compare', axis: 'head', entries: [], tokens: [], reference: 'mean' },
    ui: { view: 'compare' },
  });
  assert.equal(now?.ui.view, 'compare');
});

test('α and n fields parse only values the host accepts', () => {
  assert.equal(parseAlpha('0.05'), 0.05);
  assert.equal(parseAlpha(' 1e-4 '), 1e-4);
  assert.equal(parseAlpha('0'), null);
  assert.equal(parseAlpha('0.7'), null);
  assert.equal(parseAlpha('abc'), null);
  assert.equal(parseSamples('768'), 768);
  assert.equal(parseSamples('3'), null);
  assert.equal(parseSamples('10.5'), null);
  assert.equal(formatAlpha(0.01), '0.01');
  assert.equal(formatAlpha(1e-5), '1e-5');
  assert.equal(formatAlpha(2.5e-4), '2.5e-4');
});
