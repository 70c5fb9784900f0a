// Issue 13: the matrix view at the model's whole window, 256 tokens (fixtures/result-256.json,
// recorded from the shipped model by fixtures/record-256.ts): every edge of the PAG is drawn, in its
// two cells, with the mark at each end. The render time and DOM size are printed, never asserted
// (the machine is shared); results/matrix-view.md records them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ResultMessage } from '../../src/protocol';
import { launch, openPanel, postToPanel, startServer, type PanelServer } from './harness';

const MSG = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'result-256.json'), 'utf8')) as ResultMessage;
const R = MSG.result;
const RENDERS = 5;

let server: PanelServer, browser: Browser, page: Page;

before(async () => {
  server = await startServer();
  browser = await launch();
  ({ page } = await openPanel(browser, `${server.url}?theme=dark`));
  page.setDefaultTimeout(60_000);
  await page.evaluate(() => sessionStorage.clear());
  await postToPanel(page, MSG);
  await page.waitForFunction(() => {
    const d = (
      window as unknown as { causalLens: { debug(): { graph: { nodes: number } | null; busy: boolean } } }
    ).causalLens.debug();
    return d.graph !== null && d.graph.nodes > 0 && !d.busy;
  });
});

after(async () => {
  await page?.close();
  await browser?.close();
  await server?.close();
});

/**
 * Switches to the matrix; returns the page's own times (ms): the click's synchronous build of the
 * table, and until the next frame after it (style and layout included).
 */
async function renderMatrix(): Promise<{ build: number; frame: number }> {
  const t = await page.evaluate(() => {
    const t0 = performance.now();
    (document.getElementById('draw-matrix') as HTMLElement).click();
    const build = document.querySelector('#pag-matrix') ? performance.now() - t0 : null;
    return new Promise<[number | null, number]>((resolve) =>
      requestAnimationFrame(() => setTimeout(() => resolve([build, performance.now() - t0]), 0)),
    );
  });
  await page.waitForSelector('#pag-matrix');
  return { build: t[0] ?? t[1], frame: t[1] };
}

function spread(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  return `median ${s[s.length >> 1].toFixed(0)} (min ${s[0].toFixed(0)}, max ${s[s.length - 1].toFixed(0)})`;
}

test(
  'the 256-token matrix draws every edge of the PAG in its two cells, marks at the right ends',
  { timeout: 180_000 },
  async () => {
    assert.equal(R.tokens.length, 256, 'fixture: the model window');
    const ms: { build: number; frame: number }[] = [];
    for (let k = 0; k < RENDERS; k++) {
      ms.push(await renderMatrix());
      if (k < RENDERS - 1) await page.click('#draw-neighbourhood');
    }
    const rows = await page.$$eval('#pag-matrix tbody th.row-head', (els) =>
      els.map((e) => Number(e.getAttribute('data-token'))),
    );
    const cols = await page.$$eval('#pag-matrix thead th.col-head', (els) =>
      els.map((e) => Number(e.getAttribute('data-token'))),
    );
    assert.deepEqual(cols, rows, 'one column per row, same order');
    const drawn = new Set(rows);
    for (const e of R.pag.edges)
      assert.ok(drawn.has(e.a) && drawn.has(e.b), `edge ${e.a}-${e.b}: both ends have a row`);
    const cells = await page.$$eval('#pag-matrix td.edge', (els) =>
      els.map((e) => [
        Number(e.getAttribute('data-row')),
        Number(e.getAttribute('data-col')),
        e.getAttribute('data-mark-row'),
        e.getAttribute('data-mark-col'),
      ]),
    );
    assert.ok(R.pag.edges.length > 1000, `fixture: a dense PAG (${R.pag.edges.length} edges)`);
    assert.equal(cells.length, 2 * R.pag.edges.length, 'each edge in its cells (i, j) and (j, i)');
    const at = new Map(cells.map(([i, j, a, b]) => [`${i}-${j}`, [a, b]]));
    for (const e of R.pag.edges) {
      assert.deepEqual(at.get(`${e.a}-${e.b}`), [e.markA, e.markB], `edge ${e.a}-${e.b} read from ${e.a}`);
      assert.deepEqual(at.get(`${e.b}-${e.a}`), [e.markB, e.markA], `edge ${e.a}-${e.b} read from ${e.b}`);
    }
    assert.ok(
      R.pag.edges.some((e) => e.markA !== e.markB),
      'fixture: edges whose ends differ, so swapped ends fail',
    );
    const emptyCells = await page.$$eval('#pag-matrix td:not(.edge):not(.diag)', (els) => els.length);
    assert.equal(emptyCells, rows.length * (rows.length - 1) - cells.length, 'every other off-diagonal cell is empty');
    const dom = await page.evaluate(() => ({
      matrix: document.querySelectorAll('#pag-matrix *').length,
      page: document.getElementsByTagName('*').length,
    }));
    console.log(
      `matrix 256 tokens: ${rows.length} rows, ${R.pag.edges.length} edges, ${cells.length} edge cells; over ${RENDERS} renders, ms to build the table ${spread(ms.map((m) => m.build))}, to the next frame ${spread(ms.map((m) => m.frame))}; DOM elements: matrix ${dom.matrix}, page ${dom.page}`,
    );
  },
);
