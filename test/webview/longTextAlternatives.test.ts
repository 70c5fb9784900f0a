// Issue 13 in the built panel (headless Chromium), on the shipped model's own results
// (fixtures/record-real.ts): alternative explanations are distinct (the first shown by default,
// choosing or hovering one shows exactly its tokens here and in the editor), and the matrix view of
// the whole PAG with the mark at each end of every edge.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseWebviewMessage, type Mark, type ResultMessage } from '../../src/protocol';
import { posted, clearPosted, debug } from './harness';
import type { Debug } from './resultChecks';
import { boundedTest, fixture, panelSession, showResultMessage, SHOTS } from './session';

const LONG = fixture<ResultMessage>('result-long.json');
const SETS = LONG.result.explanation.sets;

const test = boundedTest(120_000);
const s = panelSession(30_000);

const showLong = () => showResultMessage<Debug>(s.page, LONG);

/** Every token in any explanation set (ascending). */
const union = (sets: number[][]) => [...new Set(sets.flat())].sort((a, b) => a - b);
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);

async function sentenceExplanation(): Promise<number[]> {
  return s.page.$$eval('#sentence .tok.explanation', (els) => els.map((e) => Number(e.getAttribute('data-index'))));
}

/** Waits until the graph marks exactly these tokens (ascending) as the explanation. */
async function explanationShown(tokens: number[]): Promise<void> {
  await s.page.waitForFunction(
    (want) =>
      JSON.stringify(
        (window as unknown as { causalLens: { debug(): { graph: { explanationNodes: number[] } } } }).causalLens.debug()
          .graph.explanationNodes,
      ) === want,
    JSON.stringify(tokens),
  );
}

before(() => {
  assert.ok(LONG.result.tokens.length >= 200, 'fixture: a long review');
  assert.ok(SETS.length >= 2, 'fixture: several alternative explanations');
});

test('alternative explanations are distinct: the first is shown by default, choosing or hovering one shows exactly its tokens here and in the editor', async () => {
  await s.open('dark');
  await clearPosted(s.page);
  const d0 = await showLong();
  // Default: alternative 1 of N, and the host is told to highlight only it.
  assert.deepEqual(d0.graph!.explanationNodes, sorted(SETS[0]));
  assert.deepEqual(await sentenceExplanation(), sorted(SETS[0]));
  assert.deepEqual(
    (await posted(s.page)).filter((m) => m.type === 'showExplanation'),
    [{ type: 'showExplanation', set: 0 }],
  );
  assert.deepEqual(
    await s.page.$$eval('#cleann-row .set', (els) => els.map((e) => e.getAttribute('data-set'))),
    SETS.map((_, k) => String(k)),
    'one row per alternative',
  );
  assert.deepEqual(
    await s.page.$$eval('#cleann-row .set', (els) =>
      els.map((e) => [...e.querySelectorAll('.chip')].map((c) => Number(c.getAttribute('data-index')))),
    ),
    SETS,
  );
  // Choose alternative 2.
  await clearPosted(s.page);
  await s.page.click('#cleann-row .set[data-set="1"] .alt-pick');
  await explanationShown(sorted(SETS[1]));
  assert.deepEqual(await sentenceExplanation(), sorted(SETS[1]));
  assert.deepEqual(
    await s.page.$$eval('#cleann-row .set.shown', (els) => els.map((e) => e.getAttribute('data-set'))),
    ['1'],
    'only its chips in the explanation colour',
  );
  const chose = (await posted(s.page)).filter((m) => m.type === 'showExplanation');
  assert.deepEqual(chose.at(-1), { type: 'showExplanation', set: 1 });
  assert.deepEqual(parseWebviewMessage(chose.at(-1)), chose.at(-1), 'the host accepts it');
  assert.equal(
    (await debug<Debug & { state: { ui: { chosenSet: number } } }>(s.page)).state.ui.chosenSet,
    1,
    'the choice is kept in the state',
  );
  await s.page.screenshot({ path: path.join(SHOTS, 'panel-alternative-2-of-4-dark.png') });
  // Hover the last alternative: a preview of exactly its tokens; leaving goes back to the choice.
  const last = SETS.length - 1;
  await clearPosted(s.page);
  await s.page.hover(`#cleann-row .set[data-set="${last}"]`);
  await explanationShown(sorted(SETS[last]));
  assert.deepEqual(await sentenceExplanation(), sorted(SETS[last]));
  await s.page.mouse.move(5, 5);
  await explanationShown(sorted(SETS[1]));
  assert.deepEqual(
    (await posted(s.page)).filter((m) => m.type === 'showExplanation'),
    [
      { type: 'showExplanation', set: last },
      { type: 'showExplanation', set: 1 },
    ],
  );
  // All alternatives at once.
  await s.page.click('#alt-all');
  await explanationShown(union(SETS));
  assert.deepEqual((await posted(s.page)).filter((m) => m.type === 'showExplanation').at(-1), {
    type: 'showExplanation',
    set: null,
  });
  await s.page.click('#cleann-row .set[data-set="0"] .alt-pick');
});

test('the matrix view shows every edge of the whole PAG with the mark at each end, explanation rows coloured', async () => {
  await s.page.click('#draw-matrix');
  await s.page.waitForSelector('#pag-matrix');
  const exportsOn = () =>
    s.page.$$eval('#export-json, #export-dot, #export-svg, #export-png', (els) =>
      els.map((e) => !(e as HTMLElement & { disabled: boolean }).disabled),
    );
  assert.deepEqual(
    await exportsOn(),
    [true, true, false, false],
    'no drawing to export as SVG/PNG while the matrix is shown',
  );
  const r = LONG.result;
  const cells = await s.page.$$eval('#pag-matrix td.edge', (els) =>
    els.map((e) => ({
      i: Number(e.getAttribute('data-row')),
      j: Number(e.getAttribute('data-col')),
      atRow: e.getAttribute('data-mark-row'),
      atCol: e.getAttribute('data-mark-col'),
      text: e.textContent,
    })),
  );
  const rows = await s.page.$$eval('#pag-matrix tbody th.row-head', (els) =>
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
  const expl = await s.page.$$eval('#pag-matrix tbody th.row-head.explanation', (els) =>
    els.map((e) => Number(e.getAttribute('data-token'))),
  );
  assert.deepEqual(expl, sorted(SETS[0]), "the chosen alternative's rows");
  await s.page.screenshot({ path: path.join(SHOTS, 'panel-200-tokens-matrix-dark.png') });
  // Choosing another alternative re-marks the rows without rebuilding the table.
  await s.page.click('#cleann-row .set[data-set="1"] .alt-pick');
  await s.page.waitForFunction(
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
  await s.page.click(`#pag-matrix tbody th.row-head[data-token="${i}"] .matrix-label`);
  assert.equal(
    await s.page.$eval('#neighbours', (e) => e.children.length),
    r.pag.edges.filter((e) => e.a === i || e.b === i).length,
  );
  await s.page.click('#draw-neighbourhood');
  assert.deepEqual(await exportsOn(), [true, true, true, true]);
  await s.page.click('#cleann-row .set[data-set="0"] .alt-pick');
});
