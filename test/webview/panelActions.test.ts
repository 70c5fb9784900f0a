// The built PAG panel in headless Chromium, fed a recorded result: what the user does with it and
// what the panel posts to the host (token selection and reveal, edge hover, rerun parameters,
// exports), and the anytime PAG stream, errors and busy state during a rerun.
import assert from 'node:assert/strict';
import { parseWebviewMessage, type ResultMessage, type Mark } from '../../src/protocol';
import { postToPanel, posted, clearPosted, debug } from './harness';
import { type Debug, hiddenCount, expectedMarks, lastPostedOf } from './resultChecks';
import { boundedTest, fixture, panelSession, showResultMessage } from './session';

const RESULT = fixture<ResultMessage>('result.json');
const test = boundedTest(90_000);
const s = panelSession(15_000, async () => {
  await s.open('dark');
  await showResult(RESULT);
});

const showResult = (msg: ResultMessage = RESULT) => showResultMessage<Debug>(s.page, msg);
const lastPosted = (type: string) => lastPostedOf(s.page, type);

test('clicking a token (sentence and graph) lists its neighbours and separating sets', async () => {
  const r = RESULT.result;
  const i = r.tokens.findIndex((t) => t.text === 'moving');
  await clearPosted(s.page);
  await s.page.click(`#sentence .tok[data-index="${i}"]`);
  assert.deepEqual(
    await lastPosted('revealToken'),
    { type: 'revealToken', index: i },
    'a click also reveals the token in the editor',
  );
  const neighbours = await s.page.$$eval('#neighbours li', (els) =>
    els.map((e) => Number(e.getAttribute('data-neighbour'))),
  );
  const want = r.pag.edges.filter((e) => e.a === i || e.b === i).map((e) => (e.a === i ? e.b : e.a));
  assert.deepEqual(neighbours, want);
  assert.equal((await debug<Debug>(s.page)).graph?.selected, i);

  // Now click a node in the canvas.
  const j = r.pag.sepsets
    .flatMap((s) => [s.a, s.b])
    .find((k) => !r.tokens[k].special && r.pag.edges.some((e) => e.a === k || e.b === k));
  assert.ok(j !== undefined, 'fixture: a non-special token with a sepset and an edge');
  const pos = await s.page.evaluate(
    (k) =>
      (
        window as unknown as { causalLens: { nodePosition(k: number): { x: number; y: number } } }
      ).causalLens.nodePosition(k),
    j,
  );
  const box = await s.page.locator('#graph').boundingBox();
  assert.ok(box && pos);
  await s.page.mouse.click(box.x + pos.x, box.y + pos.y);
  await s.page.waitForFunction(
    (k) =>
      (window as unknown as { causalLens: { debug(): { graph: { selected: number } } } }).causalLens.debug().graph
        .selected === k,
    j,
  );
  const seps = await s.page.$$eval('#sepsets li', (els) => els.length);
  assert.equal(seps, r.pag.sepsets.filter((s) => s.a === j || s.b === j).length);
  assert.match((await s.page.textContent('#details')) ?? '', /given/);

  // Reveal in editor.
  await clearPosted(s.page);
  await s.page.click('#reveal-token');
  const m = await lastPosted('revealToken');
  assert.deepEqual(m, { type: 'revealToken', index: j });
  assert.deepEqual(parseWebviewMessage(m), m);
});

test('hovering an edge shows its marks and evidence', async () => {
  const r = RESULT.result;
  // A token with edges of different marks; select it so its edges are drawn on top.
  const i = r.tokens.findIndex((_, k) => r.pag.edges.some((e) => (e.a === k || e.b === k) && e.markA !== e.markB));
  await s.page.click(`#sentence .tok[data-index="${i}"]`);
  // Hover the midpoint of its longest edge (clear of the nodes).
  const pick = await s.page.evaluate(
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
  const box = await s.page.locator('#graph').boundingBox();
  assert.ok(box);
  await s.page.mouse.move(box.x + pick.x, box.y + pick.y);
  await s.page.waitForSelector('#tooltip:not([hidden])', { timeout: 5000 });
  const tip = (await s.page.textContent('#tooltip')) ?? '';
  const names: Record<Mark, string> = { tail: 'tail', arrow: 'arrowhead', circle: 'circle' };
  assert.ok(tip.includes(`${names[e.markA]} at`) && tip.includes(`${names[e.markB]} at`), tip);
  await s.page.mouse.move(box.x + 2, box.y + 2);
});

test('changing α, n, layer and head posts valid rerun messages', async () => {
  await clearPosted(s.page);
  await s.page.evaluate(() => {
    const f = document.getElementById('alpha') as HTMLElement & { value: string };
    f.value = '0.05';
    f.dispatchEvent(new Event('change'));
  });
  assert.deepEqual(await lastPosted('rerun'), { type: 'rerun', alpha: 0.05, samples: 768 });
  assert.ok((await debug<Debug>(s.page)).busy, 'busy until the host answers');
  await s.page.evaluate(() => {
    const r = document.getElementById('samples-range') as HTMLInputElement;
    r.value = '9';
    r.dispatchEvent(new Event('input'));
    r.dispatchEvent(new Event('change'));
  });
  assert.deepEqual(await lastPosted('rerun'), { type: 'rerun', alpha: 0.05, samples: 512 });
  // An invalid α is refused in the UI and nothing is posted.
  const before = (await posted(s.page)).length;
  await s.page.evaluate(() => {
    const f = document.getElementById('alpha') as HTMLElement & { value: string };
    f.value = '2';
    f.dispatchEvent(new Event('change'));
  });
  assert.equal((await posted(s.page)).length, before);
  // Layer dropdown (toolkit web component), through the real UI.
  await s.page.click('#layer');
  await s.page.click('#layer vscode-option[value="3"]');
  assert.deepEqual(await lastPosted('rerun'), { type: 'rerun', layer: 3, head: 'mean' });
  await s.page.click('#head');
  await s.page.click('#head vscode-option[value="7"]');
  assert.deepEqual(await lastPosted('rerun'), { type: 'rerun', layer: 3, head: 7 });
  for (const m of (await posted(s.page)).filter((x) => x.type === 'rerun')) assert.deepEqual(parseWebviewMessage(m), m);
  // Cancel while busy.
  await s.page.click('#cancel');
  assert.deepEqual(await lastPosted('cancel'), { type: 'cancel' });
  // The host answers: a new result clears busy and restores the controls to its params.
  await showResult(RESULT);
  assert.equal(await s.page.$eval('#alpha', (e) => (e as HTMLElement & { value: string }).value), '0.01');
});

test('export buttons post JSON, DOT, SVG and PNG that the host validator accepts', async () => {
  await clearPosted(s.page);
  for (const f of ['json', 'dot', 'svg', 'png']) await s.page.click(`#export-${f}`);
  await s.page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length >= 4);
  const msgs = (await posted(s.page)).filter((m) => m.type === 'export');
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
  const parsed = await s.page.evaluate((s) => {
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
  await postToPanel(s.page, { type: 'iteration', r: 0, edges: 3, pag: { ...r.pag, edges: r.pag.edges.slice(0, 3) } });
  await s.page.waitForFunction(() => /iteration r=0/.test(document.getElementById('status')?.textContent ?? ''));
  assert.equal((await debug<Debug>(s.page)).graph?.edges, r.pag.edges.length);
  // After the panel asks for a rerun, iterations redraw the edges on the same layout.
  await s.page.click('#head');
  await s.page.click('#head vscode-option[value="2"]');
  assert.deepEqual(await lastPosted('rerun'), { type: 'rerun', layer: r.layer, head: 2 });
  const partial = { ...r.pag, edges: r.pag.edges.slice(0, 10) };
  // A dense round comes without edges: the status says so and the drawn graph stays.
  await postToPanel(s.page, { type: 'iteration', r: 0, edges: 20000, ciTests: 100 });
  await s.page.waitForFunction(() =>
    /iteration r=0: 20000 edges \(too many to draw live\)/.test(document.getElementById('status')?.textContent ?? ''),
  );
  assert.equal((await debug<Debug>(s.page)).graph?.edges, r.pag.edges.length);
  await postToPanel(s.page, { type: 'iteration', r: 1, edges: 10, pag: partial, ciTests: 400 });
  await s.page.waitForFunction(
    () =>
      (window as unknown as { causalLens: { debug(): { graph: { edges: number } } } }).causalLens.debug().graph
        .edges === 10,
  );
  assert.ok(await s.page.isVisible('#live'));
  assert.match((await s.page.textContent('#status')) ?? '', /iteration r=1/);
  await postToPanel(s.page, { type: 'progress', stage: 'Learning PAG', fraction: 0.4 });
  assert.equal(await s.page.$eval('#progress', (e) => (e as HTMLProgressElement).value), 0.4);
  await postToPanel(s.page, { type: 'error', message: 'The model could not be loaded.' });
  await s.page.waitForSelector('#error:not([hidden])');
  assert.match((await s.page.textContent('#error')) ?? '', /could not be loaded/);
  await showResult(RESULT);
  assert.ok(await s.page.isHidden('#error'));
  assert.ok(await s.page.isHidden('#live'));
});
