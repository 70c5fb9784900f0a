// The built PAG panel in headless Chromium, fed recorded host messages: the compare views (layers,
// heads), the state surviving a reload and the serializer, the light/dark/high-contrast themes
// (with screenshots) and a legible 64-token drawing.
import assert from 'node:assert/strict';
import path from 'node:path';
import { type CompareMessage, type ResultMessage } from '../../src/protocol';
import { compareDiffs } from '../../webview/diff';
import { postToPanel, posted, clearPosted, debug, setTheme, type Theme } from './harness';
import { type Debug, expectedMarks, lastPostedOf } from './resultChecks';
import { boundedTest, fixture, panelSession, showResultMessage, SHOTS } from './session';

const RESULT = fixture<ResultMessage>('result.json');
const RESULT64 = fixture<ResultMessage>('result-64.json');
const COMPARE = fixture<CompareMessage>('compare.json');
const test = boundedTest(90_000);
const s = panelSession(15_000, async () => {
  await s.open('dark');
  await showResult(RESULT);
});

const showResult = (msg: ResultMessage = RESULT) => showResultMessage<Debug>(s.page, msg);
const lastPosted = (type: string) => lastPostedOf(s.page, type);

test('compare view renders one small PAG per layer with gained/lost edges and overlap', async () => {
  await postToPanel(s.page, COMPARE);
  await s.page.waitForFunction(
    (n) =>
      (window as unknown as { causalLens: { debug(): { compare: unknown[] } } }).causalLens.debug().compare.length ===
      n,
    COMPARE.entries.length,
  );
  const d = await debug<Debug>(s.page);
  assert.equal(d.view, 'compare');
  assert.equal(await s.page.$$eval('.layer-card', (els) => els.length), COMPARE.entries.length);
  assert.equal(await s.page.textContent('#view-compare'), 'Compare layers');
  const diffs = compareDiffs(COMPARE.entries, COMPARE.reference);
  for (const [k, s] of d.compare.entries()) {
    assert.equal(s.nodes, COMPARE.tokens.length);
    assert.equal(s.edges, COMPARE.entries[k].pag.edges.length);
  }
  const jac = await s.page.$$eval('.layer-card .jaccard', (els) =>
    els.map((e) => Number(e.getAttribute('data-jaccard'))),
  );
  assert.deepEqual(
    jac,
    diffs.map((x) => Number(x.jaccard.toFixed(3))),
  );
  const stats = await s.page.$$eval('.layer-card .card-stats', (els) => els.map((e) => e.textContent ?? ''));
  diffs.forEach((x, k) => {
    if (x.key !== COMPARE.reference) assert.ok(stats[k].includes(`+${x.gained.length} / −${x.lost.length}`), stats[k]);
  });
  assert.ok(diffs.some((x) => x.gained.length > 0) && diffs.some((x) => x.lost.length > 0), 'fixture exercises both');
  await s.page.screenshot({ path: path.join(SHOTS, 'compare-dark.png'), fullPage: true });
  // Back to the result view.
  await s.page.click('#view-result');
  await s.page.waitForFunction(
    () =>
      (window as unknown as { causalLens: { debug(): { view: string; graph: unknown } } }).causalLens.debug().graph !==
      null,
  );
});

test('compare view along heads: one card per head and the mean, which is the reference', async () => {
  // The recorded layers relabelled as the heads of one layer and their mean (the last one).
  const k = COMPARE.entries.length;
  const entries = COMPARE.entries.map((e, i) => ({
    ...e,
    layer: 4,
    head: i === k - 1 ? ('mean' as const) : k - 2 - i,
  }));
  await postToPanel(s.page, { ...COMPARE, axis: 'head', entries, reference: 'mean' });
  await s.page.waitForFunction(() => /Head 0/.test(document.getElementById('compare-grid')?.textContent ?? ''));
  const titles = await s.page.$$eval('.layer-card h3', (els) =>
    els.map((e) => (e.firstChild?.textContent ?? '').trim()),
  );
  assert.deepEqual(titles, [...Array.from({ length: k - 1 }, (_, i) => `Head ${i}`), 'Mean of heads']);
  assert.deepEqual(await s.page.$$eval('.layer-card.reference', (els) => els.map((e) => e.getAttribute('data-key'))), [
    'mean',
  ]);
  assert.match(
    (await s.page.textContent('.compare-intro')) ?? '',
    new RegExp(`layer 4: ${k - 1} heads and their mean · differences against the mean of heads`),
  );
  assert.equal(await s.page.textContent('#view-compare'), 'Compare heads');
  // Cards follow the head order, so head i shows the edges of the entry relabelled as head i.
  const edges = (await debug<Debug>(s.page)).compare.map((s) => s.edges);
  assert.deepEqual(
    edges,
    [...entries]
      .sort((a, b) => (a.head === 'mean' ? 1 : b.head === 'mean' ? -1 : a.head - b.head))
      .map((e) => e.pag.edges.length),
  );
  await s.page.click('#view-result');
  await s.page.waitForFunction(
    () =>
      (window as unknown as { causalLens: { debug(): { view: string; graph: unknown } } }).causalLens.debug().graph !==
      null,
  );
});

test('state survives a reload (setState/getState) and restores from the serializer state', async () => {
  const i = RESULT.result.tokens.findIndex((t) => t.text === 'brilliant');
  await s.page.click(`#sentence .tok[data-index="${i}"]`);
  await s.page.reload();
  await s.page.waitForFunction(
    () =>
      (window as unknown as { causalLens?: { debug(): { graph: { nodes: number } | null } } }).causalLens?.debug().graph
        ?.nodes,
  );
  const d = await debug<Debug>(s.page);
  assert.equal(d.graph?.nodes, RESULT.result.tokens.length);
  assert.equal(d.graph?.selected, i);
  assert.ok(d.state.compare, 'compare result kept too');
  assert.deepEqual(
    (await posted(s.page)).map((m) => m.type),
    ['ready'],
    'restored without asking the host',
  );
  // The serializer path: the host embeds the saved state in the page (renderPanelHtml initialState).
  s.server.initialState = d.state;
  await s.open('dark', { query: '&initial=1' });
  await s.page.waitForFunction(
    () =>
      (window as unknown as { causalLens?: { debug(): { graph: { nodes: number } | null } } }).causalLens?.debug().graph
        ?.nodes,
  );
  assert.equal((await debug<Debug>(s.page)).graph?.selected, i);
  assert.deepEqual(
    await s.page.evaluate(() => (window as unknown as { __csp: unknown[] }).__csp),
    [],
    'the inert JSON state block passes the CSP',
  );
});

test('light, dark and high-contrast themes: colours follow VS Code variables; screenshots', async () => {
  // Screenshots of the overview (no selection) in each theme, then one with a selected token.
  await s.page.click('#graph', { position: { x: 3, y: 3 } });
  await s.page.waitForFunction(
    () =>
      (window as unknown as { causalLens: { debug(): { graph: { selected: number | null } } } }).causalLens.debug()
        .graph.selected === null,
  );
  const bg: Record<string, string> = {};
  const edge: Record<string, string | null> = {};
  const node: Record<string, string | null> = {};
  for (const theme of ['light', 'dark', 'high-contrast'] as Theme[]) {
    await setTheme(s.page, theme);
    await s.page.waitForTimeout(100); // the re-style runs on the next animation frame
    const d = await debug<Debug>(s.page);
    bg[theme] = d.palette.background;
    edge[theme] = d.graph?.edgeColor ?? null;
    node[theme] = d.graph?.nodeColor ?? null;
    await s.page.screenshot({ path: path.join(SHOTS, `panel-${theme}.png`), fullPage: true });
  }
  const i = RESULT.result.tokens.findIndex((t) => t.text === 'moving');
  await s.page.click(`#sentence .tok[data-index="${i}"]`);
  await s.page.screenshot({ path: path.join(SHOTS, 'panel-selected-high-contrast.png'), fullPage: true });
  await setTheme(s.page, 'dark');
  await s.page.screenshot({ path: path.join(SHOTS, 'panel-selected-dark.png'), fullPage: true });
  await setTheme(s.page, 'high-contrast');
  assert.equal(bg.light, '#ffffff');
  assert.equal(bg.dark, '#1f1f1f');
  assert.equal(bg['high-contrast'], '#000000');
  // Cytoscape was re-styled from the variables: node fill = --vscode-editorWidget-background,
  // edges = --vscode-charts-lines, or --vscode-contrastBorder in high contrast.
  assert.deepEqual(node, { light: 'rgb(248,248,248)', dark: 'rgb(32,32,32)', 'high-contrast': 'rgb(12,20,31)' });
  assert.equal(edge['high-contrast'], 'rgb(111,195,223)');
  assert.equal(new Set(Object.values(edge)).size, 3, JSON.stringify(edge));
  // The SVG export uses the current theme's colours.
  await clearPosted(s.page);
  await s.page.click('#export-svg');
  const svg = String((await lastPosted('export'))?.data);
  assert.match(svg, /<rect width="100%" height="100%" fill="#000000"\/>/);
  // High contrast draws primary and secondary buttons alike: the view shown is outlined (and pressed)
  const views = await s.page.$$eval('.views vscode-button, .graph-bar vscode-button', (els) =>
    els.map((e) => [e.id, e.getAttribute('aria-pressed'), getComputedStyle(e).outlineStyle]),
  );
  assert.deepEqual(views, [
    ['view-result', 'true', 'solid'],
    ['view-compare', 'false', 'none'],
    ['view-file', 'false', 'none'],
    ['draw-neighbourhood', 'false', 'none'],
    ['draw-graph', 'true', 'solid'],
    ['draw-matrix', 'false', 'none'],
  ]);
});

test('64 tokens stay legible: all nodes laid out without overlap', async () => {
  await setTheme(s.page, 'dark');
  const t0 = Date.now();
  await showResult(RESULT64);
  const ms = Date.now() - t0;
  // 64 tokens open on the neighbourhood (more than WHOLE_GRAPH_MAX_TOKENS); this test is about the whole drawing.
  assert.equal((await debug<{ drawMode: string }>(s.page)).drawMode, 'neighbourhood');
  await s.page.click('#draw-graph');
  await s.page.waitForFunction(
    () =>
      (
        window as unknown as { causalLens: { debug(): { drawMode: string; graph: { visibleNodes: number } } } }
      ).causalLens.debug().graph.visibleNodes > 40,
  );
  const d = await debug<Debug>(s.page);
  assert.equal(d.graph?.nodes, 64);
  assert.deepEqual(d.graph?.marks, expectedMarks(RESULT64));
  const overlaps = await s.page.evaluate((n) => {
    const cl = (window as unknown as { causalLens: { nodePosition(i: number): { x: number; y: number } | null } })
      .causalLens;
    const pts = Array.from({ length: n }, (_, i) => cl.nodePosition(i));
    let close = 0;
    for (let a = 0; a < n; a++)
      for (let b = a + 1; b < n; b++) {
        const p = pts[a],
          q = pts[b];
        if (p && q && Math.abs(p.x - q.x) < 8 && Math.abs(p.y - q.y) < 8) close++;
      }
    return close;
  }, 64);
  assert.equal(overlaps, 0, 'no two nodes on top of each other');
  assert.ok((d.graph?.zoom ?? 0) >= 0.65, `fitted zoom ${d.graph?.zoom}: 12 px labels stay ≥ 8 px`);
  await s.page.screenshot({ path: path.join(SHOTS, 'panel-64-tokens-dark.png'), fullPage: true });
  // Dense PAG: keep only the edges at the explanation and the target.
  await s.page.click('#focus-edges');
  // Everything this page went through (toolkit dropdowns, themes, exports) stayed within the CSP.
  assert.deepEqual(await s.page.evaluate(() => (window as unknown as { __csp: unknown[] }).__csp), []);
  assert.deepEqual(s.log.errors, []);
  const r = RESULT64.result;
  const focus = new Set([...r.explanation.sets.flat(), r.explanation.target]);
  const want = r.pag.edges.filter((e) => focus.has(e.a) || focus.has(e.b)).length;
  await s.page.waitForFunction(
    (n) =>
      (window as unknown as { causalLens: { debug(): { graph: { visibleEdges: number } } } }).causalLens.debug().graph
        .visibleEdges === n,
    want,
  );
  assert.ok(want < r.pag.edges.length);
  assert.equal((await debug<Debug>(s.page)).state.ui.focusEdges, true, 'the choice is kept in the state');
  await s.page.screenshot({ path: path.join(SHOTS, 'panel-64-tokens-focus-dark.png'), fullPage: true });
  await s.page.click('#focus-edges');
  console.log(`# 64-token result rendered in ${ms} ms`);
});
