// Issue 13 in the built panel (headless Chromium): a 200-token review stays readable (the
// neighbourhood view by default, labels never below READABLE_LABEL_PX, the matrix of the whole PAG
// with the mark at each end of every edge), alternative explanations are distinct, the explanation
// colour follows the setting and the contributed theme colour (legend = nodes = sentence), the
// explanation table is on screen without scrolling, and Compare Heads draws each token at the same
// place in every card. Fixtures: the shipped model's own results (fixtures/record-real.ts).
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { parseWebviewMessage, type CompareMessage, type Mark, type ResultMessage } from '../../src/protocol';
import { READABLE_LABEL_PX } from '../../webview/graph/cytoscapeStyle';
import { NEIGHBOURHOOD_MAX_TOKENS, neighbourhood } from '../../webview/neighbourhood';
import {
  startServer,
  launch,
  openPanel,
  postToPanel,
  posted,
  clearPosted,
  debug,
  setTheme,
  ROOT,
  type PanelServer,
  type PageLog,
  type Theme,
} from './harness';

const fixture = <T>(name: string): T => JSON.parse(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')) as T;
const LONG = fixture<ResultMessage>('result-long.json');
const HEADS = fixture<CompareMessage>('compare-heads-long.json');
const SHOTS = path.join(ROOT, 'test', 'screenshots');
const SETS = LONG.result.explanation.sets;

interface Summary {
  nodes: number;
  visibleNodes: number;
  visibleEdges: number;
  labelPx: number;
  explanationNodes: number[];
  explanationColor: string | null;
  rendered: Record<number, { x: number; y: number }>;
  target: number | null;
}
interface Debug {
  busy: boolean;
  view: string;
  drawMode: string | null;
  graph: Summary | null;
  compare: Summary[];
  shownExplanation: number[];
  legendColour: string;
}

const test = (name: string, fn: () => Promise<void>) => nodeTest(name, { timeout: 120_000 }, fn);

let server: PanelServer;
let browser: Browser;
let page: Page;
let log: PageLog;

async function open(theme: Theme = 'dark', viewport = { width: 1280, height: 900 }): Promise<void> {
  if (page) await page.close();
  ({ page, log } = await openPanel(browser, `${server.url}?theme=${theme}`, viewport));
  page.setDefaultTimeout(30_000);
  await page.evaluate(() => sessionStorage.clear());
}

async function showLong(): Promise<Debug> {
  await postToPanel(page, LONG);
  await page.waitForFunction((n) => {
    const d = (
      window as unknown as { causalLens: { debug(): { graph: { nodes: number } | null; busy: boolean } } }
    ).causalLens.debug();
    return d.graph?.nodes === n && !d.busy;
  }, LONG.result.tokens.length);
  return debug<Debug>(page);
}

/** Every token in any explanation set (ascending). */
const union = (sets: number[][]) => [...new Set(sets.flat())].sort((a, b) => a - b);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

/** "#rrggbbaa" laid over "#rrggbb", as "rgb(r,g,b)" the way Cytoscape reports colours. */
function blend(top: string, bottom: string): string {
  const c = (s: string, i: number) => parseInt(s.slice(1 + 2 * i, 3 + 2 * i), 16);
  const a = top.length === 9 ? c(top, 3) / 255 : 1;
  const ch = [0, 1, 2].map((i) => Math.round(c(top, i) * a + c(bottom, i) * (1 - a)));
  return `rgb(${ch.join(',')})`;
}
const spaced = (rgb: string) => rgb.replace(/,/g, ', ');
/** Two "rgb(…)" colours equal within 1 per channel (the browser keeps alpha to a few digits). */
function sameColour(a: string | null | undefined, b: string): boolean {
  const ch = (s: string) => (s.match(/\d+/g) ?? []).slice(0, 3).map(Number);
  const x = ch(a ?? ''),
    y = ch(b);
  return x.length === 3 && x.every((v, i) => Math.abs(v - y[i]) <= 1);
}
/** Waits until the graph's explanation nodes are drawn in `want` (within 1 per channel). */
async function waitForExplanationColour(want: string): Promise<void> {
  await page.waitForFunction((w) => {
    const c =
      (
        window as unknown as { causalLens: { debug(): { graph: { explanationColor: string | null } | null } } }
      ).causalLens.debug().graph?.explanationColor ?? '';
    // No named helper in here: the bundler would wrap it in a __name() the page does not have.
    const x = (c.match(/\d+/g) ?? []).slice(0, 3).map(Number),
      y = (w.match(/\d+/g) ?? []).slice(0, 3).map(Number);
    return x.length === 3 && x.every((v, i) => Math.abs(v - y[i]) <= 1);
  }, want);
}

async function sentenceExplanation(): Promise<number[]> {
  return page.$$eval('#sentence .tok.explanation', (els) => els.map((e) => Number(e.getAttribute('data-index'))));
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await launch();
  assert.ok(LONG.result.tokens.length >= 200, 'fixture: a long review');
  assert.ok(SETS.length >= 2, 'fixture: several alternative explanations');
});

after(async () => {
  await page?.close();
  await browser?.close();
  await server?.close();
});

test('a 200-token review opens on the neighbourhood: target, every explanation and their neighbours, labels readable', async () => {
  await open('dark');
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
  assert.match((await page.textContent('#graph-note')) ?? '', new RegExp(`^${want.length} of \\d+ tokens`));
  assert.deepEqual(log.errors, []);
});

test('the whole graph of 200 tokens never zooms labels below the readable size (it pans instead)', async () => {
  await page.click('#draw-graph');
  await page.waitForFunction(
    () =>
      (
        window as unknown as { causalLens: { debug(): { drawMode: string; graph: { visibleNodes: number } } } }
      ).causalLens.debug().graph.visibleNodes > 100,
  );
  const d = await debug<Debug>(page);
  assert.equal(d.drawMode, 'graph');
  assert.ok(d.graph!.labelPx >= READABLE_LABEL_PX - 1e-9, `labels at ${d.graph!.labelPx} px`);
  // Wheel-zooming out stops at the same floor.
  const box = (await page.locator('#graph').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  for (let k = 0; k < 5; k++) await page.mouse.wheel(0, 800);
  await page.waitForTimeout(200);
  assert.ok((await debug<Debug>(page)).graph!.labelPx >= READABLE_LABEL_PX - 1e-9);
  await page.click('#draw-neighbourhood');
});

test('selecting a token outside the neighbourhood adds it and its neighbours', async () => {
  const r = LONG.result;
  const before = Object.keys((await debug<Debug>(page)).graph!.rendered).map(Number);
  const outside = r.tokens.findIndex(
    (t, i) => !t.special && !before.includes(i) && r.pag.edges.some((e) => e.a === i || e.b === i),
  );
  assert.ok(outside > 0, 'fixture: a linked token outside the default neighbourhood');
  await page.click(`#sentence .tok[data-index="${outside}"]`);
  await page.waitForFunction(
    (k) =>
      String(k) in
      (window as unknown as { causalLens: { debug(): { graph: { rendered: object } } } }).causalLens.debug().graph
        .rendered,
    outside,
  );
  const after = sorted(Object.keys((await debug<Debug>(page)).graph!.rendered).map(Number));
  assert.deepEqual(after, neighbourhood(r.pag, [r.explanation.target, ...SETS.flat(), outside]).shown);
  await page.click(`#sentence .tok[data-index="${outside}"]`); // stays selected: a second click keeps it
  await page.click('#graph', { position: { x: 3, y: 3 } });
});

test('alternative explanations are distinct: the first is shown by default, choosing or hovering one shows exactly its tokens here and in the editor', async () => {
  await open('dark');
  await clearPosted(page);
  const d0 = await showLong();
  // Default: alternative 1 of N, and the host is told to highlight only it.
  assert.deepEqual(d0.graph!.explanationNodes, sorted(SETS[0]));
  assert.deepEqual(await sentenceExplanation(), sorted(SETS[0]));
  assert.deepEqual(
    (await posted(page)).filter((m) => m.type === 'showExplanation'),
    [{ type: 'showExplanation', set: 0 }],
  );
  assert.deepEqual(
    await page.$$eval('#cleann-row .set', (els) => els.map((e) => e.getAttribute('data-set'))),
    SETS.map((_, k) => String(k)),
    'one row per alternative',
  );
  assert.deepEqual(
    await page.$$eval('#cleann-row .set', (els) =>
      els.map((e) => [...e.querySelectorAll('.chip')].map((c) => Number(c.getAttribute('data-index')))),
    ),
    SETS,
  );
  // Choose alternative 2.
  await clearPosted(page);
  await page.click('#cleann-row .set[data-set="1"] .alt-pick');
  await page.waitForFunction(
    (want) =>
      JSON.stringify(
        (window as unknown as { causalLens: { debug(): { graph: { explanationNodes: number[] } } } }).causalLens.debug()
          .graph.explanationNodes,
      ) === want,
    JSON.stringify(sorted(SETS[1])),
  );
  assert.deepEqual(await sentenceExplanation(), sorted(SETS[1]));
  assert.deepEqual(
    await page.$$eval('#cleann-row .set.shown', (els) => els.map((e) => e.getAttribute('data-set'))),
    ['1'],
    'only its chips in the explanation colour',
  );
  const chose = (await posted(page)).filter((m) => m.type === 'showExplanation');
  assert.deepEqual(chose.at(-1), { type: 'showExplanation', set: 1 });
  assert.deepEqual(parseWebviewMessage(chose.at(-1)), chose.at(-1), 'the host accepts it');
  assert.equal(
    (await debug<Debug & { state: { ui: { chosenSet: number } } }>(page)).state.ui.chosenSet,
    1,
    'the choice is kept in the state',
  );
  await page.screenshot({ path: path.join(SHOTS, 'panel-alternative-2-of-4-dark.png') });
  // Hover the last alternative: a preview of exactly its tokens; leaving goes back to the choice.
  const last = SETS.length - 1;
  await clearPosted(page);
  await page.hover(`#cleann-row .set[data-set="${last}"]`);
  await page.waitForFunction(
    (want) =>
      JSON.stringify(
        (window as unknown as { causalLens: { debug(): { graph: { explanationNodes: number[] } } } }).causalLens.debug()
          .graph.explanationNodes,
      ) === want,
    JSON.stringify(sorted(SETS[last])),
  );
  assert.deepEqual(await sentenceExplanation(), sorted(SETS[last]));
  await page.mouse.move(5, 5);
  await page.waitForFunction(
    (want) =>
      JSON.stringify(
        (window as unknown as { causalLens: { debug(): { graph: { explanationNodes: number[] } } } }).causalLens.debug()
          .graph.explanationNodes,
      ) === want,
    JSON.stringify(sorted(SETS[1])),
  );
  assert.deepEqual(
    (await posted(page)).filter((m) => m.type === 'showExplanation'),
    [
      { type: 'showExplanation', set: last },
      { type: 'showExplanation', set: 1 },
    ],
  );
  // All alternatives at once.
  await page.click('#alt-all');
  await page.waitForFunction(
    (want) =>
      JSON.stringify(
        (window as unknown as { causalLens: { debug(): { graph: { explanationNodes: number[] } } } }).causalLens.debug()
          .graph.explanationNodes,
      ) === want,
    JSON.stringify(union(SETS)),
  );
  assert.deepEqual((await posted(page)).filter((m) => m.type === 'showExplanation').at(-1), {
    type: 'showExplanation',
    set: null,
  });
  await page.click('#cleann-row .set[data-set="0"] .alt-pick');
});

test('the matrix view shows every edge of the whole PAG with the mark at each end, explanation rows coloured', async () => {
  await page.click('#draw-matrix');
  await page.waitForSelector('#pag-matrix');
  const exportsOn = () =>
    page.$$eval('#export-json, #export-dot, #export-svg, #export-png', (els) =>
      els.map((e) => !(e as HTMLElement & { disabled: boolean }).disabled),
    );
  assert.deepEqual(
    await exportsOn(),
    [true, true, false, false],
    'no drawing to export as SVG/PNG while the matrix is shown',
  );
  const r = LONG.result;
  const cells = await page.$$eval('#pag-matrix td.edge', (els) =>
    els.map((e) => ({
      i: Number(e.getAttribute('data-row')),
      j: Number(e.getAttribute('data-col')),
      atRow: e.getAttribute('data-mark-row'),
      atCol: e.getAttribute('data-mark-col'),
      text: e.textContent,
    })),
  );
  const rows = await page.$$eval('#pag-matrix tbody th.row-head', (els) =>
    els.map((e) => Number(e.getAttribute('data-token'))),
  );
  const drawn = new Set(rows);
  const edges = r.pag.edges.filter((e) => drawn.has(e.a) && drawn.has(e.b));
  assert.ok(edges.length > 500, `fixture: a dense PAG (${edges.length} edges)`);
  assert.equal(edges.length, r.pag.edges.length, 'every edge has its row and column');
  assert.equal(cells.length, 2 * edges.length, 'each edge in its two cells (i, j) and (j, i)');
  const at = new Map(cells.map((c) => [`${c.i}-${c.j}`, c]));
  const glyph: Record<Mark, [string, string]> = { tail: ['-', '-'], arrow: ['<', '>'], circle: ['o', 'o'] };
  for (const e of edges) {
    const ab = at.get(`${e.a}-${e.b}`),
      ba = at.get(`${e.b}-${e.a}`);
    assert.ok(ab && ba, `edge ${e.a}-${e.b} has both cells`);
    assert.deepEqual([ab.atRow, ab.atCol], [e.markA, e.markB], `row ${e.a}: mark at ${e.a} then at ${e.b}`);
    assert.deepEqual([ba.atRow, ba.atCol], [e.markB, e.markA], `row ${e.b}: the same edge read from ${e.b}`);
    assert.equal(ab.text, `${glyph[e.markA][0]}-${glyph[e.markB][1]}`);
  }
  // Edges whose ends differ are present, so swapped ends would fail above.
  assert.ok(edges.some((e) => e.markA !== e.markB));
  const expl = await page.$$eval('#pag-matrix tbody th.row-head.explanation', (els) =>
    els.map((e) => Number(e.getAttribute('data-token'))),
  );
  assert.deepEqual(expl, sorted(SETS[0]), "the chosen alternative's rows");
  await page.screenshot({ path: path.join(SHOTS, 'panel-200-tokens-matrix-dark.png') });
  // Choosing another alternative re-marks the rows without rebuilding the table.
  await page.click('#cleann-row .set[data-set="1"] .alt-pick');
  await page.waitForFunction(
    (want) =>
      JSON.stringify(
        [...document.querySelectorAll('#pag-matrix tbody th.row-head.explanation')].map((e) =>
          Number(e.getAttribute('data-token')),
        ),
      ) === want,
    JSON.stringify(sorted(SETS[1])),
  );
  // A row label selects its token.
  const i = sorted(SETS[1])[0];
  await page.click(`#pag-matrix tbody th.row-head[data-token="${i}"] .matrix-label`);
  assert.equal(
    await page.$eval('#neighbours', (e) => e.children.length),
    r.pag.edges.filter((e) => e.a === i || e.b === i).length,
  );
  await page.click('#draw-neighbourhood');
  assert.deepEqual(await exportsOn(), [true, true, true, true]);
  await page.click('#cleann-row .set[data-set="0"] .alt-pick');
});

test('the explanation colour follows the contributed theme colour and the setting, never --vscode-charts-orange; legend = nodes = sentence', async () => {
  await open('dark');
  await showLong();
  for (const [theme, bg, fill] of [
    ['dark', '#1f1f1f', '#f5a62366'],
    ['light', '#ffffff', '#ffb3474d'],
  ] as const) {
    await setTheme(page, theme);
    await waitForExplanationColour(blend(fill, bg));
    const d = await debug<Debug>(page);
    // The same colour everywhere, exactly: legend, graph nodes, sentence tokens.
    assert.equal(d.legendColour, spaced(d.graph!.explanationColor!), `${theme}: legend swatch = node fill`);
    assert.deepEqual(
      await page.$$eval('#sentence .tok.explanation', (els) => [
        ...new Set(els.map((e) => getComputedStyle(e).backgroundColor)),
      ]),
      [d.legendColour],
      `${theme}: sentence = node fill`,
    );
    assert.ok(
      sameColour(d.legendColour, blend(fill, bg)),
      `${theme}: ${d.legendColour} is the theme colour ${fill} over ${bg}`,
    );
    await page.screenshot({ path: path.join(SHOTS, `panel-200-tokens-${theme}.png`) });
  }
  await setTheme(page, 'high-contrast');
  await page.screenshot({ path: path.join(SHOTS, 'panel-200-tokens-high-contrast.png') });
  await setTheme(page, 'dark');
  const themed = (await debug<Debug>(page)).graph!.explanationColor;
  // Another charts-orange changes nothing; another contributed colour changes the nodes.
  await page.evaluate(() => document.documentElement.style.setProperty('--vscode-charts-orange', '#00ff00'));
  await page.waitForTimeout(200);
  assert.equal((await debug<Debug>(page)).graph!.explanationColor, themed);
  await page.evaluate(() =>
    document.documentElement.style.setProperty('--vscode-causalLens-explanationBackground', '#0000ff'),
  );
  await waitForExplanationColour('rgb(0,0,255)');
  await page.evaluate(() => {
    document.documentElement.style.removeProperty('--vscode-causalLens-explanationBackground');
    document.documentElement.style.removeProperty('--vscode-charts-orange');
  });
  // The user's setting wins (the host sends it); translucent colours are laid over the background.
  await postToPanel(page, { type: 'appearance', explanationColor: '#ff000080' });
  await waitForExplanationColour(blend('#ff000080', '#1f1f1f'));
  const custom = await debug<Debug>(page);
  assert.equal(custom.legendColour, spaced(custom.graph!.explanationColor!));
  await postToPanel(page, { type: 'appearance', explanationColor: 'not a colour' });
  await waitForExplanationColour(themed!);
  await postToPanel(page, { type: 'appearance', explanationColor: null });
  assert.deepEqual(log.errors, []);
});

test('the explanation table is on screen without scrolling, wide and beside an editor (narrow)', async () => {
  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 700, height: 800 },
    { width: 560, height: 760 },
  ]) {
    await open('dark', viewport);
    await showLong();
    const box = await page.locator('#baselines').boundingBox();
    assert.ok(box, 'table rendered');
    assert.ok(
      box.y >= 0 && box.y + box.height <= viewport.height,
      `${viewport.width}×${viewport.height}: table at y ${box.y}–${box.y + box.height}`,
    );
    assert.equal(await page.evaluate(() => window.scrollY), 0);
    if (viewport.width === 700) await page.screenshot({ path: path.join(SHOTS, 'panel-200-tokens-narrow-dark.png') });
  }
});

test('Compare Heads on 200 tokens: every card draws the same tokens at the same places, labels readable', async () => {
  await open('dark');
  await postToPanel(page, HEADS);
  await page.waitForFunction(
    (n) =>
      (window as unknown as { causalLens: { debug(): { compare: unknown[] } } }).causalLens.debug().compare.length ===
      n,
    HEADS.entries.length,
  );
  const cards = (await debug<Debug>(page)).compare;
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
    (await page.textContent('#compare-shown')) ?? '',
    new RegExp(`${tokens.length} of \\d+ tokens in every card`),
  );
  await page.screenshot({ path: path.join(SHOTS, 'compare-heads-200-tokens-dark.png'), fullPage: true });
  assert.deepEqual(log.errors, []);
});
