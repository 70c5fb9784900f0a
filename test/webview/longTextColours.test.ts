// Issue 13 in the built panel (headless Chromium), on the shipped model's own results
// (fixtures/record-real.ts): the explanation colour follows the setting and the contributed theme
// colour (legend = nodes = sentence), and the explanation table is on screen without scrolling.
import { before } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { type ResultMessage } from '../../src/protocol';
import { postToPanel, debug, setTheme } from './harness';
import type { Debug } from './resultChecks';
import { boundedTest, fixture, panelSession, showResultMessage, SHOTS } from './session';

const LONG = fixture<ResultMessage>('result-long.json');

const test = boundedTest(120_000);
const s = panelSession(30_000);

const showLong = () => showResultMessage<Debug>(s.page, LONG);

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
  await s.page.waitForFunction((w) => {
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

before(() => {
  assert.ok(LONG.result.tokens.length >= 200, 'fixture: a long review');
});

test('the explanation colour follows the contributed theme colour and the setting, never --vscode-charts-orange; legend = nodes = sentence', async () => {
  await s.open('dark');
  await showLong();
  for (const [theme, bg, fill] of [
    ['dark', '#1f1f1f', '#f5a62366'],
    ['light', '#ffffff', '#ffb3474d'],
  ] as const) {
    await setTheme(s.page, theme);
    await waitForExplanationColour(blend(fill, bg));
    const d = await debug<Debug>(s.page);
    // The same colour everywhere, exactly: legend, graph nodes, sentence tokens.
    assert.equal(d.legendColour, spaced(d.graph!.explanationColor!), `${theme}: legend swatch = node fill`);
    assert.deepEqual(
      await s.page.$$eval('#sentence .tok.explanation', (els) => [
        ...new Set(els.map((e) => getComputedStyle(e).backgroundColor)),
      ]),
      [d.legendColour],
      `${theme}: sentence = node fill`,
    );
    assert.ok(
      sameColour(d.legendColour, blend(fill, bg)),
      `${theme}: ${d.legendColour} is the theme colour ${fill} over ${bg}`,
    );
    await s.page.screenshot({ path: path.join(SHOTS, `panel-200-tokens-${theme}.png`) });
  }
  await setTheme(s.page, 'high-contrast');
  await s.page.screenshot({ path: path.join(SHOTS, 'panel-200-tokens-high-contrast.png') });
  await setTheme(s.page, 'dark');
  const themed = (await debug<Debug>(s.page)).graph!.explanationColor;
  // Another charts-orange changes nothing; another contributed colour changes the nodes.
  await s.page.evaluate(() => document.documentElement.style.setProperty('--vscode-charts-orange', '#00ff00'));
  await s.page.waitForTimeout(200);
  assert.equal((await debug<Debug>(s.page)).graph!.explanationColor, themed);
  await s.page.evaluate(() =>
    document.documentElement.style.setProperty('--vscode-causalLens-explanationBackground', '#0000ff'),
  );
  await waitForExplanationColour('rgb(0,0,255)');
  await s.page.evaluate(() => {
    document.documentElement.style.removeProperty('--vscode-causalLens-explanationBackground');
    document.documentElement.style.removeProperty('--vscode-charts-orange');
  });
  // The user's setting wins (the host sends it); translucent colours are laid over the background.
  await postToPanel(s.page, { type: 'appearance', explanationColor: '#ff000080' });
  await waitForExplanationColour(blend('#ff000080', '#1f1f1f'));
  const custom = await debug<Debug>(s.page);
  assert.equal(custom.legendColour, spaced(custom.graph!.explanationColor!));
  await postToPanel(s.page, { type: 'appearance', explanationColor: 'not a colour' });
  await waitForExplanationColour(themed!);
  await postToPanel(s.page, { type: 'appearance', explanationColor: null });
  assert.deepEqual(s.log.errors, []);
});

test('the explanation table is on screen without scrolling, wide and beside an editor (narrow)', async () => {
  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 700, height: 800 },
    { width: 560, height: 760 },
  ]) {
    await s.open('dark', { viewport });
    await showLong();
    const box = await s.page.locator('#baselines').boundingBox();
    assert.ok(box, 'table rendered');
    assert.ok(
      box.y >= 0 && box.y + box.height <= viewport.height,
      `${viewport.width}×${viewport.height}: table at y ${box.y}–${box.y + box.height}`,
    );
    assert.equal(await s.page.evaluate(() => window.scrollY), 0);
    if (viewport.width === 700) await s.page.screenshot({ path: path.join(SHOTS, 'panel-200-tokens-narrow-dark.png') });
  }
});
