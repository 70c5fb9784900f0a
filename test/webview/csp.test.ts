// The CSP check of the harness is not vacuous: an inline style set in the panel page produces the
// console message the harness's afterEach hook fails on (see harness.ts), and it is recorded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPanel, CSP_MESSAGE } from './harness';
import { panelSession } from './session';

const s = panelSession(30_000);

test(
  'an inline style attribute is blocked by the panel CSP and shows up in the harness log',
  { timeout: 90_000 },
  async () => {
    const { page, log } = await openPanel(s.browser, `${s.server.url}?theme=dark`);
    assert.deepEqual(log.csp, [], 'the page itself loads cleanly');
    // What the toolkit's <vscode-tag> template did: a style attribute written into the DOM.
    await page.evaluate(() => {
      const d = document.createElement('div');
      d.innerHTML = '<span style="color: red">x</span>';
      document.body.appendChild(d);
    });
    await page.waitForFunction(() => true);
    for (let i = 0; i < 50 && log.csp.length === 0; i++)
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(r)));
    assert.equal(log.csp.length, 1, `one violation recorded: ${JSON.stringify(log.csp)}`);
    assert.match(log.csp[0], CSP_MESSAGE);
    assert.match(log.csp[0], /inline style/);
    // Handled here, so the harness's afterEach check does not fail this test.
    log.csp.length = 0;
    await page.close();
  },
);
