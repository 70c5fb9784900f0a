// The built PAG panel in headless Chromium (Debian's /usr/bin/chromium via playwright-core):
// the page is renderPanelHtml's output with the real bundle, fed recorded host messages.
import { test as nodeTest, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  parseWebviewMessage,
  type CompareMessage,
  type Mark,
  type ResultMessage,
  type PanelState,
} from '../../src/protocol';
import { compareDiffs } from '../../webview/diff';
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
const RESULT = fixture<ResultMessage>('result.json');
const RESULT64 = fixture<ResultMessage>('result-64.json');
const COMPARE = fixture<CompareMessage>('compare.json');
const SHOTS = path.join(ROOT, 'test', 'screenshots');

interface GraphSummary {
  visibleEdges: number;
  zoom: number;
  edgeColor: string | null;
  nodeColor: string | null;
  nodes: number;
  visibleNodes: number;
  edges: number;
  marks: Record<Mark, number>;
  explanationNodes: number[];
  target: number | null;
  selected: number | null;
}
interface Debug {
  busy: boolean;
  view: string;
  graph: GraphSummary | null;
  compare: GraphSummary[];
  palette: { background: string; edge: string; explanation: string; kind: string };
  state: PanelState;
}

// Each test is bounded: a hung page must fail the suite, not stall it.
const test = (name: string, fn: () => Promise<void>) => nodeTest(name, { timeout: 90_000 }, fn);

let server: PanelServer;
let browser: Browser;
let page: Page;
let log: PageLog;

async function fresh(theme: Theme = 'dark', query = ''): Promise<void> {
  if (page) await page.close();
  ({ page, log } = await openPanel(browser, `${server.url}?theme=${theme}${query}`));
  page.setDefaultTimeout(15_000);
  await page.evaluate(() => sessionStorage.clear());
}

async function showResult(msg: ResultMessage = RESULT): Promise<Debug> {
  await postToPanel(page, msg);
  await page.waitForFunction((n) => {
    const d = (
      window as unknown as { causalLens: { debug(): { graph: { nodes: number } | null; busy: boolean } } }
    ).causalLens.debug();
    return d.graph?.nodes === n && !d.busy;
  }, msg.result.tokens.length);
  return debug<Debug>(page);
}

/** Tokens the panel hides by default: specials without edges (other than the target). */
function hiddenCount(msg: ResultMessage): number {
  const r = msg.result;
  return r.tokens.filter(
    (t, i) => t.special && i !== r.explanation.target && !r.pag.edges.some((e) => e.a === i || e.b === i),
  ).length;
}

function expectedMarks(msg: ResultMessage): Record<Mark, number> {
  const m: Record<Mark, number> = { tail: 0, arrow: 0, circle: 0 };
  for (const e of msg.result.pag.edges) {
    m[e.markA]++;
    m[e.markB]++;
  }
  return m;
}

async function lastPosted(type: string): Promise<Record<string, unknown> | undefined> {
  return (await posted(page)).filter((m) => m.type === type).at(-1);
}

before(async () => {
  mkdirSync(SHOTS, { recursive: true });
  server = await startServer();
  browser = await launch();
  await fresh('dark');
});

after(async () => {
  await page?.close();
  await browser?.close();
  await server?.close();
});

test('the page loads under its strict CSP, posts ready, and shows the placeholder', async () => {
  const msgs = await posted(page);
  assert.deepEqual(
    msgs.map((m) => m.type),
    ['ready'],
  );
  assert.ok(await page.isVisible('#placeholder'));
  const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp ?? '', /script-src 'nonce-[A-Za-z0-9]+'/);
  assert.doesNotMatch(csp ?? '', /unsafe-inline|unsafe-eval/);
  assert.deepEqual(await page.evaluate(() => (window as unknown as { __csp: unknown[] }).__csp), []);
  assert.deepEqual(log.errors, []);
});

test('a result renders one node per token, every edge, and every mark type with the right counts', async () => {
  const d = await showResult();
  assert.ok(d.graph);
  assert.equal(d.graph.nodes, RESULT.result.tokens.length);
  assert.equal(d.graph.edges, RESULT.result.pag.edges.length);
  const want = expectedMarks(RESULT);
  assert.ok(want.tail > 0 && want.arrow > 0 && want.circle > 0, 'fixture has all three marks');
  assert.deepEqual(d.graph.marks, want);
  // Specials without edges are hidden by default; everything else is visible.
  assert.equal(d.graph.visibleNodes, RESULT.result.tokens.length - hiddenCount(RESULT));
  assert.deepEqual(
    await page.evaluate(() => (window as unknown as { __csp: unknown[] }).__csp),
    [],
    'no CSP violation while rendering',
  );
  assert.deepEqual(log.errors, []);
  assert.deepEqual(
    log.console.filter((c) => c.startsWith('error')),
    [],
  );
});

test('explanation tokens are highlighted in the graph and the sentence; the target is marked', async () => {
  const d = await debug<Debug>(page);
  // Several alternatives: the first is shown (test/webview/longText.test.ts chooses the others).
  assert.ok(RESULT.result.explanation.sets.length > 1, 'fixture: two alternative explanations');
  const expl = [...RESULT.result.explanation.sets[0]].sort((a, b) => a - b);
  assert.deepEqual(d.graph?.explanationNodes, expl);
  assert.equal(d.graph?.target, RESULT.result.explanation.target);
  const sentenceExpl = await page.$$eval('#sentence .tok.explanation', (els) =>
    els.map((e) => Number(e.getAttribute('data-index'))),
  );
  assert.deepEqual(sentenceExpl, expl);
  assert.equal(
    await page.$eval('#sentence .tok.target', (e) => Number(e.getAttribute('data-index'))),
    RESULT.result.explanation.target,
  );
  // CLEANN beside the baselines.
  const cleann = await page.$$eval('#cleann-row .chip', (els) => els.map((e) => Number(e.getAttribute('data-index'))));
  assert.deepEqual(cleann, RESULT.result.explanation.sets.flat());
  const raw = await page.$$eval('#raw-row .chip', (els) => els.map((e) => Number(e.getAttribute('data-index'))));
  assert.deepEqual(raw, RESULT.result.baselines?.rawAttention.set);
  const rollout = await page.$$eval('#rollout-row .chip', (els) =>
    els.map((e) => Number(e.getAttribute('data-index'))),
  );
  // the fixture's rollout found a set: pinned, so a panel that drops it cannot pass as "none found"
  assert.deepEqual(RESULT.result.baselines?.rollout.set, [18, 1]);
  assert.deepEqual(rollout, [18, 1]);
  const footer = (await page.textContent('#footer')) ?? '';
  assert.match(footer, new RegExp(`${RESULT.result.ciTests} CI tests`));
  assert.match(footer, new RegExp(`total ${Math.round(RESULT.result.timings.total ?? NaN)} ms`));
  assert.equal(await page.$$eval('#explanation .warning', (els) => els.length), 0, 'no warning without one');
});

test("the result's warnings (a search cut by its model-run budget) show under the explanation", async () => {
  const warning =
    'the explanation search stopped after 7 model runs: larger sets were not tested (raise the causalLens.maxModelRuns setting to search further)';
  await showResult({ ...RESULT, result: { ...RESULT.result, warnings: [warning] } });
  assert.deepEqual(await page.$$eval('#explanation .warning', (els) => els.map((e) => e.textContent)), [
    `⚠ ${warning}`,
  ]);
  await showResult(RESULT);
  assert.equal(await page.$$eval('#explanation .warning', (els) => els.length), 0);
});

test('no explanation within the budget: "none found", the plain summary, and the closest set labelled not an explanation', async () => {
  const summary =
    'no explanation within 2,000 model runs / 2.0 s: all 2,000 model runs were spent (sets of up to 3 tokens tested)';
  const partialSet = RESULT.result.explanation.candidates.slice(0, 2);
  const explanation = {
    ...RESULT.result.explanation,
    sets: [],
    kind: 'partial' as const,
    summary,
    partial: { set: partialSet, drop: 0.123 },
  };
  await showResult({ ...RESULT, result: { ...RESULT.result, explanation } });
  assert.match((await page.textContent('#cleann-row')) ?? '', /none found/);
  assert.equal(await page.textContent('#search-summary'), summary);
  const partial = (await page.textContent('#partial-set')) ?? '';
  assert.match(partial, /^Not an explanation — the tested set that lowered P\(/);
  assert.match(partial, /by 0\.123 .*the prediction did not change/);
  assert.deepEqual(
    await page.$$eval('#partial-set .chip', (els) => els.map((e) => Number(e.getAttribute('data-index')))),
    partialSet,
  );
  assert.equal(
    await page.$$eval('#cleann-row .chip', (els) => els.length),
    0,
    'the partial set is not in the CLEANN row',
  );
  await showResult(RESULT);
  assert.equal(await page.$$eval('#partial-set', (els) => els.length), 0);
});

test('per-head search: each explanation says which head(s) produced it', async () => {
  const sets = RESULT.result.explanation.sets.length ? RESULT.result.explanation.sets : [[1]];
  const setHeads = sets.map((_, k) => (k === 0 ? [0, 2] : [1]));
  await showResult({
    ...RESULT,
    result: {
      ...RESULT.result,
      head: 'each',
      explanation: { ...RESULT.result.explanation, sets, setHeads, kind: 'tested' },
    },
  });
  assert.deepEqual(
    await page.$$eval('#cleann-row .head-tag', (els) => els.map((e) => e.textContent?.trim())),
    setHeads.map((h) => `head ${h.join(', ')}`),
  );
  await showResult(RESULT);
  assert.equal(await page.$$eval('#cleann-row .head-tag', (els) => els.length), 0, 'no head tags for the mean');
});

test('sub-word pieces merge into words in the sentence, specials are dimmed', async () => {
  const words = await page.$$eval('#sentence .word', (els) => els.map((e) => e.textContent));
  assert.ok(words.includes('genuinely'), `merged: ${words.join('|')}`);
  assert.ok(words.includes('performances'));
  assert.ok(words.includes("film's"));
  assert.equal(await page.$$eval('#sentence .tok.special', (els) => els.length), 2);
});

test('clicking a token (sentence and graph) lists its neighbours and separating sets', async () => {
  const r = RESULT.result;
  const i = r.tokens.findIndex((t) => t.text === 'moving');
  await clearPosted(page);
  await page.click(`#sentence .tok[data-index="${i}"]`);
  assert.deepEqual(
    await lastPosted('revealToken'),
    { type: 'revealToken', index: i },
    'a click also reveals the token in the editor',
  );
  const neighbours = await page.$$eval('#neighbours li', (els) =>
    els.map((e) => Number(e.getAttribute('data-neighbour'))),
  );
  const want = r.pag.edges.filter((e) => e.a === i || e.b === i).map((e) => (e.a === i ? e.b : e.a));
  assert.deepEqual(neighbours, want);
  assert.equal((await debug<Debug>(page)).graph?.selected, i);

  // Now click a node in the canvas.
  const j = r.pag.sepsets
    .flatMap((s) => [s.a, s.b])
    .find((k) => !r.tokens[k].special && r.pag.edges.some((e) => e.a === k || e.b === k));
  assert.ok(j !== undefined, 'fixture: a non-special token with a sepset and an edge');
  const pos = await page.evaluate(
    (k) =>
      (
        window as unknown as { causalLens: { nodePosition(k: number): { x: number; y: number } } }
      ).causalLens.nodePosition(k),
    j,
  );
  const box = await page.locator('#graph').boundingBox();
  assert.ok(box && pos);
  await page.mouse.click(box.x + pos.x, box.y + pos.y);
  await page.waitForFunction(
    (k) =>
      (window as unknown as { causalLens: { debug(): { graph: { selected: number } } } }).causalLens.debug().graph
        .selected === k,
    j,
  );
  const seps = await page.$$eval('#sepsets li', (els) => els.length);
  assert.equal(seps, r.pag.sepsets.filter((s) => s.a === j || s.b === j).length);
  assert.match((await page.textContent('#details')) ?? '', /given/);

  // Reveal in editor.
  await clearPosted(page);
  await page.click('#reveal-token');
  const m = await lastPosted('revealToken');
  assert.deepEqual(m, { type: 'revealToken', index: j });
  assert.deepEqual(parseWebviewMessage(m), m);
});

test('hovering an edge shows its marks and evidence', async () => {
  const r = RESULT.result;
  // A token with edges of different marks; select it so its edges are drawn on top.
  const i = r.tokens.findIndex((_, k) => r.pag.edges.some((e) => (e.a === k || e.b === k) && e.markA !== e.markB));
  await page.click(`#sentence .tok[data-index="${i}"]`);
  // Hover the midpoint of its longest edge (clear of the nodes).
  const pick = await page.evaluate(
    ([k, edges]) => {
      const cl = (
        window as unknown as {
          causalLens: {
            edgeMidpoint(a: number, b: number): { x: number; y: number } | null;
            nodePosition(i: number): { x: number; y: number } | null;
          };
        }
      ).causalLens;
      let best: { a: number; b: number; x: number; y: number; len: number } | null = null;
      for (const [a, b] of edges) {
        if (a !== k && b !== k) continue;
        const m = cl.edgeMidpoint(a, b),
          pa = cl.nodePosition(a),
          pb = cl.nodePosition(b);
        if (!m || !pa || !pb) continue;
        const len = Math.hypot(pa.x - pb.x, pa.y - pb.y);
        if (!best || len > best.len) best = { a, b, x: m.x, y: m.y, len };
      }
      return best;
    },
    [i, r.pag.edges.map((e) => [e.a, e.b])] as const,
  );
  assert.ok(pick);
  const e = r.pag.edges.find((x) => x.a === pick.a && x.b === pick.b)!;
  const box = await page.locator('#graph').boundingBox();
  assert.ok(box);
  await page.mouse.move(box.x + pick.x, box.y + pick.y);
  await page.waitForSelector('#tooltip:not([hidden])', { timeout: 5000 });
  const tip = (await page.textContent('#tooltip')) ?? '';
  const names: Record<Mark, string> = { tail: 'tail', arrow: 'arrowhead', circle: 'circle' };
  assert.ok(tip.includes(`${names[e.markA]} at`) && tip.includes(`${names[e.markB]} at`), tip);
  await page.mouse.move(box.x + 2, box.y + 2);
});

test('changing α, n, layer and head posts valid rerun messages', async () => {
  await clearPosted(page);
  await page.evaluate(() => {
    const f = document.getElementById('alpha') as HTMLElement & { value: string };
    f.value = '0.05';
    f.dispatchEvent(new Event('change'));
  });
  assert.deepEqual(await lastPosted('rerun'), { type: 'rerun', alpha: 0.05, samples: 768 });
  assert.ok((await debug<Debug>(page)).busy, 'busy until the host answers');
  await page.evaluate(() => {
    const r = document.getElementById('samples-range') as HTMLInputElement;
    r.value = '9';
    r.dispatchEvent(new Event('input'));
    r.dispatchEvent(new Event('change'));
  });
  assert.deepEqual(await lastPosted('rerun'), { type: 'rerun', alpha: 0.05, samples: 512 });
  // An invalid α is refused in the UI and nothing is posted.
  const before = (await posted(page)).length;
  await page.evaluate(() => {
    const f = document.getElementById('alpha') as HTMLElement & { value: string };
    f.value = '2';
    f.dispatchEvent(new Event('change'));
  });
  assert.equal((await posted(page)).length, before);
  // Layer dropdown (toolkit web component), through the real UI.
  await page.click('#layer');
  await page.click('#layer vscode-option[value="3"]');
  assert.deepEqual(await lastPosted('rerun'), { type: 'rerun', layer: 3, head: 'mean' });
  await page.click('#head');
  await page.click('#head vscode-option[value="7"]');
  assert.deepEqual(await lastPosted('rerun'), { type: 'rerun', layer: 3, head: 7 });
  for (const m of (await posted(page)).filter((x) => x.type === 'rerun')) assert.deepEqual(parseWebviewMessage(m), m);
  // Cancel while busy.
  await page.click('#cancel');
  assert.deepEqual(await lastPosted('cancel'), { type: 'cancel' });
  // The host answers: a new result clears busy and restores the controls to its params.
  await showResult(RESULT);
  assert.equal(await page.$eval('#alpha', (e) => (e as HTMLElement & { value: string }).value), '0.01');
});

test('export buttons post JSON, DOT, SVG and PNG that the host validator accepts', async () => {
  await clearPosted(page);
  for (const f of ['json', 'dot', 'svg', 'png']) await page.click(`#export-${f}`);
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length >= 4);
  const msgs = (await posted(page)).filter((m) => m.type === 'export');
  assert.deepEqual(
    msgs.map((m) => m.format),
    ['json', 'dot', 'svg', 'png'],
  );
  for (const m of msgs) assert.deepEqual(parseWebviewMessage(m), m, `export ${m.format} valid`);
  const [json, dot, svg, png] = msgs.map((m) => String(m.data));
  assert.deepEqual(JSON.parse(json), RESULT);
  assert.equal((dot.match(/^ {2}t\d+ -> t\d+ \[/gm) ?? []).length, RESULT.result.pag.edges.length, dot);
  assert.match(dot, /arrowhead=odot/);
  // SVG: one group per edge, marks as drawn.
  const want = expectedMarks(RESULT);
  assert.equal((svg.match(/<g class="edge[ "]/g) ?? []).length, RESULT.result.pag.edges.length);
  assert.equal((svg.match(/class="mark mark-arrow"/g) ?? []).length, want.arrow);
  assert.equal((svg.match(/class="mark mark-circle"/g) ?? []).length, want.circle);
  const parsed = await page.evaluate((s) => {
    const doc = new DOMParser().parseFromString(s, 'image/svg+xml');
    return { err: doc.querySelector('parsererror')?.textContent ?? null, nodes: doc.querySelectorAll('g.node').length };
  }, svg);
  assert.equal(parsed.err, null);
  assert.equal(parsed.nodes, RESULT.result.tokens.length - hiddenCount(RESULT));
  // PNG: a real PNG, at least the graph's size.
  const bytes = Buffer.from(png.replace(/^data:image\/png;base64,/, ''), 'base64');
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(bytes.readUInt32BE(16) > 200 && bytes.readUInt32BE(20) > 200, 'PNG dimensions');
});

test('the anytime PAG stream updates the edges live during a rerun; errors and busy show', async () => {
  const r = RESULT.result;
  // An iteration of some other run (no rerun asked here) leaves the shown graph alone.
  await postToPanel(page, { type: 'iteration', r: 0, edges: 3, pag: { ...r.pag, edges: r.pag.edges.slice(0, 3) } });
  await page.waitForFunction(() => /iteration r=0/.test(document.getElementById('status')?.textContent ?? ''));
  assert.equal((await debug<Debug>(page)).graph?.edges, r.pag.edges.length);
  // After the panel asks for a rerun, iterations redraw the edges on the same layout.
  await page.click('#head');
  await page.click('#head vscode-option[value="2"]');
  assert.deepEqual(await lastPosted('rerun'), { type: 'rerun', layer: r.layer, head: 2 });
  const partial = { ...r.pag, edges: r.pag.edges.slice(0, 10) };
  // A dense round comes without edges: the status says so and the drawn graph stays.
  await postToPanel(page, { type: 'iteration', r: 0, edges: 20000, ciTests: 100 });
  await page.waitForFunction(() =>
    /iteration r=0: 20000 edges \(too many to draw live\)/.test(document.getElementById('status')?.textContent ?? ''),
  );
  assert.equal((await debug<Debug>(page)).graph?.edges, r.pag.edges.length);
  await postToPanel(page, { type: 'iteration', r: 1, edges: 10, pag: partial, ciTests: 400 });
  await page.waitForFunction(
    () =>
      (window as unknown as { causalLens: { debug(): { graph: { edges: number } } } }).causalLens.debug().graph
        .edges === 10,
  );
  assert.ok(await page.isVisible('#live'));
  assert.match((await page.textContent('#status')) ?? '', /iteration r=1/);
  await postToPanel(page, { type: 'progress', stage: 'Learning PAG', fraction: 0.4 });
  assert.equal(await page.$eval('#progress', (e) => (e as HTMLProgressElement).value), 0.4);
  await postToPanel(page, { type: 'error', message: 'The model could not be loaded.' });
  await page.waitForSelector('#error:not([hidden])');
  assert.match((await page.textContent('#error')) ?? '', /could not be loaded/);
  await showResult(RESULT);
  assert.ok(await page.isHidden('#error'));
  assert.ok(await page.isHidden('#live'));
});

test('compare view renders one small PAG per layer with gained/lost edges and overlap', async () => {
  await postToPanel(page, COMPARE);
  await page.waitForFunction(
    (n) =>
      (window as unknown as { causalLens: { debug(): { compare: unknown[] } } }).causalLens.debug().compare.length ===
      n,
    COMPARE.entries.length,
  );
  const d = await debug<Debug>(page);
  assert.equal(d.view, 'compare');
  assert.equal(await page.$$eval('.layer-card', (els) => els.length), COMPARE.entries.length);
  assert.equal(await page.textContent('#view-compare'), 'Compare layers');
  const diffs = compareDiffs(COMPARE.entries, COMPARE.reference);
  for (const [k, s] of d.compare.entries()) {
    assert.equal(s.nodes, COMPARE.tokens.length);
    assert.equal(s.edges, COMPARE.entries[k].pag.edges.length);
  }
  const jac = await page.$$eval('.layer-card .jaccard', (els) =>
    els.map((e) => Number(e.getAttribute('data-jaccard'))),
  );
  assert.deepEqual(
    jac,
    diffs.map((x) => Number(x.jaccard.toFixed(3))),
  );
  const stats = await page.$$eval('.layer-card .card-stats', (els) => els.map((e) => e.textContent ?? ''));
  diffs.forEach((x, k) => {
    if (x.key !== COMPARE.reference) assert.ok(stats[k].includes(`+${x.gained.length} / −${x.lost.length}`), stats[k]);
  });
  assert.ok(diffs.some((x) => x.gained.length > 0) && diffs.some((x) => x.lost.length > 0), 'fixture exercises both');
  await page.screenshot({ path: path.join(SHOTS, 'compare-dark.png'), fullPage: true });
  // Back to the result view.
  await page.click('#view-result');
  await page.waitForFunction(
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
  await postToPanel(page, { ...COMPARE, axis: 'head', entries, reference: 'mean' });
  await page.waitForFunction(() => /Head 0/.test(document.getElementById('compare-grid')?.textContent ?? ''));
  const titles = await page.$$eval('.layer-card h3', (els) => els.map((e) => (e.firstChild?.textContent ?? '').trim()));
  assert.deepEqual(titles, [...Array.from({ length: k - 1 }, (_, i) => `Head ${i}`), 'Mean of heads']);
  assert.deepEqual(await page.$$eval('.layer-card.reference', (els) => els.map((e) => e.getAttribute('data-key'))), [
    'mean',
  ]);
  assert.match(
    (await page.textContent('.compare-intro')) ?? '',
    new RegExp(`layer 4: ${k - 1} heads and their mean · differences against the mean of heads`),
  );
  assert.equal(await page.textContent('#view-compare'), 'Compare heads');
  // Cards follow the head order, so head i shows the edges of the entry relabelled as head i.
  const edges = (await debug<Debug>(page)).compare.map((s) => s.edges);
  assert.deepEqual(
    edges,
    [...entries]
      .sort((a, b) => (a.head === 'mean' ? 1 : b.head === 'mean' ? -1 : a.head - b.head))
      .map((e) => e.pag.edges.length),
  );
  await page.click('#view-result');
  await page.waitForFunction(
    () =>
      (window as unknown as { causalLens: { debug(): { view: string; graph: unknown } } }).causalLens.debug().graph !==
      null,
  );
});

test('state survives a reload (setState/getState) and restores from the serializer state', async () => {
  const i = RESULT.result.tokens.findIndex((t) => t.text === 'brilliant');
  await page.click(`#sentence .tok[data-index="${i}"]`);
  await page.reload();
  await page.waitForFunction(
    () =>
      (window as unknown as { causalLens?: { debug(): { graph: { nodes: number } | null } } }).causalLens?.debug().graph
        ?.nodes,
  );
  const d = await debug<Debug>(page);
  assert.equal(d.graph?.nodes, RESULT.result.tokens.length);
  assert.equal(d.graph?.selected, i);
  assert.ok(d.state.compare, 'compare result kept too');
  assert.deepEqual(
    (await posted(page)).map((m) => m.type),
    ['ready'],
    'restored without asking the host',
  );
  // The serializer path: the host embeds the saved state in the page (renderPanelHtml initialState).
  server.initialState = d.state;
  await fresh('dark', '&initial=1');
  await page.waitForFunction(
    () =>
      (window as unknown as { causalLens?: { debug(): { graph: { nodes: number } | null } } }).causalLens?.debug().graph
        ?.nodes,
  );
  assert.equal((await debug<Debug>(page)).graph?.selected, i);
  assert.deepEqual(
    await page.evaluate(() => (window as unknown as { __csp: unknown[] }).__csp),
    [],
    'the inert JSON state block passes the CSP',
  );
});

test('light, dark and high-contrast themes: colours follow VS Code variables; screenshots', async () => {
  // Screenshots of the overview (no selection) in each theme, then one with a selected token.
  await page.click('#graph', { position: { x: 3, y: 3 } });
  await page.waitForFunction(
    () =>
      (window as unknown as { causalLens: { debug(): { graph: { selected: number | null } } } }).causalLens.debug()
        .graph.selected === null,
  );
  const bg: Record<string, string> = {};
  const edge: Record<string, string | null> = {};
  const node: Record<string, string | null> = {};
  for (const theme of ['light', 'dark', 'high-contrast'] as Theme[]) {
    await setTheme(page, theme);
    await page.waitForTimeout(100); // the re-style runs on the next animation frame
    const d = await debug<Debug>(page);
    bg[theme] = d.palette.background;
    edge[theme] = d.graph?.edgeColor ?? null;
    node[theme] = d.graph?.nodeColor ?? null;
    await page.screenshot({ path: path.join(SHOTS, `panel-${theme}.png`), fullPage: true });
  }
  const i = RESULT.result.tokens.findIndex((t) => t.text === 'moving');
  await page.click(`#sentence .tok[data-index="${i}"]`);
  await page.screenshot({ path: path.join(SHOTS, 'panel-selected-high-contrast.png'), fullPage: true });
  await setTheme(page, 'dark');
  await page.screenshot({ path: path.join(SHOTS, 'panel-selected-dark.png'), fullPage: true });
  await setTheme(page, 'high-contrast');
  assert.equal(bg.light, '#ffffff');
  assert.equal(bg.dark, '#1f1f1f');
  assert.equal(bg['high-contrast'], '#000000');
  // Cytoscape was re-styled from the variables: node fill = --vscode-editorWidget-background,
  // edges = --vscode-charts-lines, or --vscode-contrastBorder in high contrast.
  assert.deepEqual(node, { light: 'rgb(248,248,248)', dark: 'rgb(32,32,32)', 'high-contrast': 'rgb(12,20,31)' });
  assert.equal(edge['high-contrast'], 'rgb(111,195,223)');
  assert.equal(new Set(Object.values(edge)).size, 3, JSON.stringify(edge));
  // The SVG export uses the current theme's colours.
  await clearPosted(page);
  await page.click('#export-svg');
  const svg = String((await lastPosted('export'))?.data);
  assert.match(svg, /<rect width="100%" height="100%" fill="#000000"\/>/);
});

test('64 tokens stay legible: all nodes laid out without overlap', async () => {
  await setTheme(page, 'dark');
  const t0 = Date.now();
  await showResult(RESULT64);
  const ms = Date.now() - t0;
  // 64 tokens open on the neighbourhood (more than WHOLE_GRAPH_MAX_TOKENS); this test is about the whole drawing.
  assert.equal((await debug<{ drawMode: string }>(page)).drawMode, 'neighbourhood');
  await page.click('#draw-graph');
  await page.waitForFunction(
    () =>
      (
        window as unknown as { causalLens: { debug(): { drawMode: string; graph: { visibleNodes: number } } } }
      ).causalLens.debug().graph.visibleNodes > 40,
  );
  const d = await debug<Debug>(page);
  assert.equal(d.graph?.nodes, 64);
  assert.deepEqual(d.graph?.marks, expectedMarks(RESULT64));
  const overlaps = await page.evaluate((n) => {
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
  await page.screenshot({ path: path.join(SHOTS, 'panel-64-tokens-dark.png'), fullPage: true });
  // Dense PAG: keep only the edges at the explanation and the target.
  await page.click('#focus-edges');
  // Everything this page went through (toolkit dropdowns, themes, exports) stayed within the CSP.
  assert.deepEqual(await page.evaluate(() => (window as unknown as { __csp: unknown[] }).__csp), []);
  assert.deepEqual(log.errors, []);
  const r = RESULT64.result;
  const focus = new Set([...r.explanation.sets.flat(), r.explanation.target]);
  const want = r.pag.edges.filter((e) => focus.has(e.a) || focus.has(e.b)).length;
  await page.waitForFunction(
    (n) =>
      (window as unknown as { causalLens: { debug(): { graph: { visibleEdges: number } } } }).causalLens.debug().graph
        .visibleEdges === n,
    want,
  );
  assert.ok(want < r.pag.edges.length);
  assert.equal((await debug<Debug>(page)).state.ui.focusEdges, true, 'the choice is kept in the state');
  await page.screenshot({ path: path.join(SHOTS, 'panel-64-tokens-focus-dark.png'), fullPage: true });
  await page.click('#focus-edges');
  console.log(`# 64-token result rendered in ${ms} ms`);
});
