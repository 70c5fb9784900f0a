// Explain File's summary in the panel (headless Chromium): every row with its line, the predicted
// class's probability and its explanation or "none within budget"; clicking a row asks the host to
// reveal that line; "Write results" is a button here (not only a notification) and, once the host
// has written them, the summary says where.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { parseWebviewMessage, type FileSummaryMessage } from '../../src/protocol';
import { postToPanel, posted, clearPosted, setTheme } from './harness';
import { panelSession, SHOTS } from './session';

const SUMMARY: FileSummaryMessage = {
  type: 'fileSummary',
  file: 'reviews.csv',
  rows: [
    { line: 2, label: 'POSITIVE', score: 0.8712, explanation: ['loved', 'wonderful'] },
    { line: 3, label: 'NEGATIVE', score: 0.9981, explanation: ['dull'], alternatives: 3 },
    { line: 5, label: 'POSITIVE', score: 0.5512, explanation: null },
  ],
  malformed: [{ line: 4, reason: 'unclosed quote' }],
  labels: [
    { label: 'POSITIVE', count: 2 },
    { label: 'NEGATIVE', count: 1 },
  ],
  cancelled: false,
  resultsPath: '/work/data/reviews.csv.causal-lens.jsonl',
  written: null,
};

const s = panelSession(30_000, () => s.open('dark', { viewport: { width: 1000, height: 700 } }));

const rowTexts = () =>
  s.page.$$eval('#file-rows tbody tr', (trs) =>
    trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim())),
  );

test(
  'each row shows its line, the predicted class with its probability, and its explanation or "none within budget"',
  { timeout: 90_000 },
  async () => {
    await postToPanel(s.page, SUMMARY);
    await s.page.waitForSelector('#file-rows');
    assert.deepEqual(await rowTexts(), [
      ['line 2', 'POSITIVE 87%', 'lovedwonderful'],
      ['line 3', 'NEGATIVE 99.8%', 'dull +2 alternatives'],
      ['line 5', 'POSITIVE 55%', 'none within budget'],
    ]);
    assert.match(
      (await s.page.textContent('#file-counts')) ?? '',
      /^3 rows explained: 2 POSITIVE \/ 1 NEGATIVE · 1 without an explanation within the budget · 1 malformed row skipped$/,
    );
    assert.equal(await s.page.textContent('#prediction'), 'file: 2 POSITIVE / 1 NEGATIVE');
    assert.deepEqual(await s.page.$$eval('#file-malformed li', (els) => els.map((e) => e.textContent)), [
      'line 4: unclosed quote',
    ]);
    assert.ok(await s.page.isVisible('#view-file'));
    // No engine controls in the file view (they act on one explained text): only the counts and the views.
    assert.ok(
      (await s.page.isHidden('#alpha')) && (await s.page.isHidden('#layer')) && (await s.page.isHidden('#export-json')),
    );
    // Beside an editor the panel is narrow: the table stays inside it (chips wrap).
    await s.page.setViewportSize({ width: 380, height: 700 });
    const box = await s.page.locator('#file-rows').boundingBox();
    assert.ok(box && box.x + box.width <= 380, `table right edge ${box && box.x + box.width} within 380 px`);
    await s.page.setViewportSize({ width: 1000, height: 700 });
    for (const theme of ['dark', 'light', 'high-contrast'] as const) {
      await setTheme(s.page, theme);
      await s.page.screenshot({ path: path.join(SHOTS, `file-summary-${theme}.png`) });
    }
    await setTheme(s.page, 'dark');
  },
);

test(
  'clicking a row (or a malformed one) asks the host to reveal its line; Write results is offered and then says where',
  { timeout: 90_000 },
  async () => {
    await clearPosted(s.page);
    await s.page.click('#file-rows tr[data-line="3"] .row-link');
    await s.page.click('#file-malformed li[data-line="4"] .row-link');
    await s.page.click('#write-results');
    const msgs = (await posted(s.page)).filter((m) => m.type !== 'ready');
    assert.deepEqual(msgs, [{ type: 'revealRow', line: 3 }, { type: 'revealRow', line: 4 }, { type: 'writeResults' }]);
    for (const m of msgs) assert.deepEqual(parseWebviewMessage(m), m, `${m.type} passes the host's validation`);
    // The host wrote them: the button gives way to where they are.
    await postToPanel(s.page, { ...SUMMARY, written: SUMMARY.resultsPath });
    await s.page.waitForSelector('#results-written');
    assert.equal(await s.page.$$eval('#write-results', (els) => els.length), 0);
    assert.match((await s.page.textContent('#results-written')) ?? '', /reviews\.csv\.causal-lens\.jsonl/);
    // Nothing to write (an unsaved file): no button.
    await postToPanel(s.page, { ...SUMMARY, resultsPath: null });
    await s.page.waitForFunction(() => !document.getElementById('results-written'));
    assert.equal(await s.page.$$eval('#write-results', (els) => els.length), 0);
  },
);
