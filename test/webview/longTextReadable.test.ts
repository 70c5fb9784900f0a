// Issue 13 in the built panel (headless Chromium), on the shipped model's own results
// (fixtures/record-real.ts): a 200-token review stays readable: the neighbourhood view by default,
// labels never below READABLE_LABEL_PX in the whole graph, selection growing the neighbourhood, and
// Compare Heads drawing each token at the same place in every card.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { type CompareMessage, type ResultMessage } from '../../src/protocol';
import { READABLE_LABEL_PX } from '../../webview/graph/cytoscapeStyle';
import { NEIGHBOURHOOD_MAX_TOKENS, neighbourhood } from '../../webview/neighbourhood';
import { postToPanel, debug } from './harness';
import type { Debug } from './resultChecks';
import { boundedTest, fixture, panelSession, showResultMessage, SHOTS } from './session';

const LONG = fixture<ResultMessage>('result-long.json');
const HEADS = fixture<CompareMessage>('compare-heads-long.json');
const SETS = LONG.result.explanation.sets;

const test = boundedTest(120_000);
const s = panelSession(30_000);

const showLong = () => showResultMessage<Debug>(s.page, LONG);

/** Ascending. */
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

before(() => {
  assert.ok(LONG.result.tokens.length >= 200, 'fixture: a long review');
});

test('a 200-token review opens on the neighbourhood: target, every explanation and their neighbours, labels readable', async () => {
  await s.open('dark');
  const d = await showLong();
  assert.equal(d.drawMode, 'neighbourhood');
  const r = LONG.result;
  const want = neighbourhood(r.pag, [r.explanation.target, ...SETS.flat()]).shown;
  assert.ok(
    want.length <= NEIGHBOURHOOD_MAX_TOKENS && want.length < r.tokens.length / 4,
    `${want.length} tokens drawn`,
  );
  assert.deepEqual(sorted(Object.keys(d.graph!.rendered).map(Number)), want, 'exactly the neighbourhood is drawn');
  for (const i of [r.explanation.target, ...SETS.flat()]) assert.ok(want.includes(i), `token ${i} drawn`);
  assert.ok(d.graph!.labelPx >= READABLE_LABEL_PX, `labels at ${d.graph!.labelPx} px`);
  assert.match((await s.page.textContent('#graph-note')) ?? '', new RegExp(`^${want.length} of \\d+ tokens`));
  assert.deepEqual(s.log.errors, []);
});

test('the whole graph of 200 tokens never zooms labels below the readable size (it pans instead)', async () => {
  await s.page.click('#draw-graph');
  await s.page.waitForFunction(
    () =>
      (
        window as unknown as { causalLens: { debug(): { drawMode: string; graph: { visibleNodes: number } } } }
      ).causalLens.debug().graph.visibleNodes > 100,
  );
  const d = await debug<Debug>(s.page);
  assert.equal(d.drawMode, 'graph');
  assert.ok(d.graph!.labelPx >= READABLE_LABEL_PX - 1e-9, `labels at ${d.graph!.labelPx} px`);
  // Wheel-zooming out stops at the same floor.
  const box = (await s.page.locator('#graph').boundingBox())!;
  await s.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let k = 0; k < 5; k++) await s.page.mouse.wheel(0, 800);
  await s.page.waitForTimeout(200);
  assert.ok((await debug<Debug>(s.page)).graph!.labelPx >= READABLE_LABEL_PX - 1e-9);
  await s.page.click('#draw-neighbourhood');
});

test('selecting a token outside the neighbourhood adds it and its neighbours', async () => {
  const r = LONG.result;
  const before = Object.keys((await debug<Debug>(s.page)).graph!.rendered).map(Number);
  const outside = r.tokens.findIndex(
    (t, i) => !t.special && !before.includes(i) && r.pag.edges.some((e) => e.a === i || e.b === i),
  );
  assert.ok(outside > 0, 'fixture: a linked token outside the default neighbourhood');
  await s.page.click(`#sentence .tok[data-index="${outside}"]`);
  await s.page.waitForFunction(
    (k) =>
      String(k) in
      (window as unknown as { causalLens: { debug(): { graph: { rendered: object } } } }).causalLens.debug().graph
        .rendered,
    outside,
  );
  const after = sorted(Object.keys((await debug<Debug>(s.page)).graph!.rendered).map(Number));
  assert.deepEqual(after, neighbourhood(r.pag, [r.explanation.target, ...SETS.flat(), outside]).shown);
  await s.page.click(`#sentence .tok[data-index="${outside}"]`); // stays selected: a second click keeps it
  await s.page.click('#graph', { position: { x: 3, y: 3 } });
});

test('Compare Heads on 200 tokens: every card draws the same tokens at the same places, labels readable', async () => {
  await s.open('dark');
  await postToPanel(s.page, HEADS);
  await s.page.waitForFunction(
    (n) =>
      (window as unknown as { causalLens: { debug(): { compare: unknown[] } } }).causalLens.debug().compare.length ===
      n,
    HEADS.entries.length,
  );
  const cards = (await debug<Debug>(s.page)).compare;
  const ref = cards[0].rendered;
  const tokens = Object.keys(ref).map(Number);
  assert.ok(tokens.length >= 5 && tokens.length < HEADS.tokens.length / 4, `${tokens.length} tokens per card`);
  for (const [k, c] of cards.entries()) {
    assert.ok(c.labelPx >= READABLE_LABEL_PX - 1e-9, `card ${k}: labels at ${c.labelPx} px`);
    assert.deepEqual(Object.keys(c.rendered).map(Number), tokens, `card ${k} draws the same tokens`);
    for (const i of tokens) {
      const dx = Math.abs(c.rendered[i].x - ref[i].x),
        dy = Math.abs(c.rendered[i].y - ref[i].y);
      assert.ok(
        dx < 1 && dy < 1,
        `card ${k}: token ${i} at (${c.rendered[i].x}, ${c.rendered[i].y}), card 0 at (${ref[i].x}, ${ref[i].y})`,
      );
    }
  }
  // Every card's explanation tokens are among them (the shared set is built from all of them).
  for (const e of HEADS.entries)
    for (const i of e.explanation.sets.flat())
      assert.ok(tokens.includes(i), `token ${i} of head ${e.head}'s explanation drawn`);
  assert.match(
    (await s.page.textContent('#compare-shown')) ?? '',
    new RegExp(`${tokens.length} of \\d+ tokens in every card`),
  );
  await s.page.screenshot({ path: path.join(SHOTS, 'compare-heads-200-tokens-dark.png'), fullPage: true });
  assert.deepEqual(s.log.errors, []);
});
