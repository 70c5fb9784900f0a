// The built PAG panel in headless Chromium (Debian's /usr/bin/chromium via playwright-core), fed
// recorded host messages: a result as the panel shows it (graph, marks, highlights, baselines,
// warnings, a search without an explanation, per-head sets, merged word pieces).
import assert from 'node:assert/strict';
import { type ResultMessage } from '../../src/protocol';
import { posted, debug } from './harness';
import { type Debug, hiddenCount, expectedMarks } from './resultChecks';
import { boundedTest, fixture, panelSession, showResultMessage } from './session';

const RESULT = fixture<ResultMessage>('result.json');
const test = boundedTest(90_000);
const s = panelSession(15_000, () => s.open('dark'));

const showResult = (msg: ResultMessage = RESULT) => showResultMessage<Debug>(s.page, msg);

test('the page loads under its strict CSP, posts ready, and shows the placeholder', async () => {
  const msgs = await posted(s.page);
  assert.deepEqual(
    msgs.map((m) => m.type),
    ['ready'],
  );
  assert.ok(await s.page.isVisible('#placeholder'));
  const csp = await s.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  assert.match(csp ?? '', /script-src 'nonce-[A-Za-z0-9]+'/);
  assert.doesNotMatch(csp ?? '', /unsafe-inline|unsafe-eval/);
  assert.deepEqual(await s.page.evaluate(() => (window as unknown as { __csp: unknown[] }).__csp), []);
  assert.deepEqual(s.log.errors, []);
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
    await s.page.evaluate(() => (window as unknown as { __csp: unknown[] }).__csp),
    [],
    'no CSP violation while rendering',
  );
  assert.deepEqual(s.log.errors, []);
  assert.deepEqual(
    s.log.console.filter((c) => c.startsWith('error')),
    [],
  );
});

test('explanation tokens are highlighted in the graph and the sentence; the target is marked', async () => {
  const d = await debug<Debug>(s.page);
  // Several alternatives: the first is shown (test/webview/longTextAlternatives.test.ts chooses the others).
  assert.ok(RESULT.result.explanation.sets.length > 1, 'fixture: two alternative explanations');
  const expl = [...RESULT.result.explanation.sets[0]].sort((a, b) => a - b);
  assert.deepEqual(d.graph?.explanationNodes, expl);
  assert.equal(d.graph?.target, RESULT.result.explanation.target);
  const sentenceExpl = await s.page.$$eval('#sentence .tok.explanation', (els) =>
    els.map((e) => Number(e.getAttribute('data-index'))),
  );
  assert.deepEqual(sentenceExpl, expl);
  assert.equal(
    await s.page.$eval('#sentence .tok.target', (e) => Number(e.getAttribute('data-index'))),
    RESULT.result.explanation.target,
  );
  // CLEANN beside the baselines.
  const cleann = await s.page.$$eval('#cleann-row .chip', (els) =>
    els.map((e) => Number(e.getAttribute('data-index'))),
  );
  assert.deepEqual(cleann, RESULT.result.explanation.sets.flat());
  const raw = await s.page.$$eval('#raw-row .chip', (els) => els.map((e) => Number(e.getAttribute('data-index'))));
  assert.deepEqual(raw, RESULT.result.baselines?.rawAttention.set);
  const rollout = await s.page.$$eval('#rollout-row .chip', (els) =>
    els.map((e) => Number(e.getAttribute('data-index'))),
  );
  // the fixture's rollout found a set: pinned, so a panel that drops it cannot pass as "none found"
  assert.deepEqual(RESULT.result.baselines?.rollout.set, [18, 1]);
  assert.deepEqual(rollout, [18, 1]);
  const footer = (await s.page.textContent('#footer')) ?? '';
  assert.match(footer, new RegExp(`${RESULT.result.ciTests} CI tests`));
  assert.match(footer, new RegExp(`total ${Math.round(RESULT.result.timings.total ?? NaN)} ms`));
  assert.equal(await s.page.$$eval('#explanation .warning', (els) => els.length), 0, 'no warning without one');
});

test("the result's warnings (a search cut by its model-run budget) show under the explanation", async () => {
  const warning =
    'the explanation search stopped after 7 model runs: larger sets were not tested (raise the causalLens.maxModelRuns setting to search further)';
  await showResult({ ...RESULT, result: { ...RESULT.result, warnings: [warning] } });
  assert.deepEqual(await s.page.$$eval('#explanation .warning', (els) => els.map((e) => e.textContent)), [
    `⚠ ${warning}`,
  ]);
  await showResult(RESULT);
  assert.equal(await s.page.$$eval('#explanation .warning', (els) => els.length), 0);
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
  assert.match((await s.page.textContent('#cleann-row')) ?? '', /none found/);
  assert.equal(await s.page.textContent('#search-summary'), summary);
  const partial = (await s.page.textContent('#partial-set')) ?? '';
  assert.match(partial, /^Not an explanation — the tested set that lowered P\(/);
  assert.match(partial, /by 0\.123 .*the prediction did not change/);
  assert.deepEqual(
    await s.page.$$eval('#partial-set .chip', (els) => els.map((e) => Number(e.getAttribute('data-index')))),
    partialSet,
  );
  assert.equal(
    await s.page.$$eval('#cleann-row .chip', (els) => els.length),
    0,
    'the partial set is not in the CLEANN row',
  );
  await showResult(RESULT);
  assert.equal(await s.page.$$eval('#partial-set', (els) => els.length), 0);
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
    await s.page.$$eval('#cleann-row .head-tag', (els) => els.map((e) => e.textContent?.trim())),
    setHeads.map((h) => `head ${h.join(', ')}`),
  );
  await showResult(RESULT);
  assert.equal(await s.page.$$eval('#cleann-row .head-tag', (els) => els.length), 0, 'no head tags for the mean');
});

test('sub-word pieces merge into words in the sentence, specials are dimmed', async () => {
  const words = await s.page.$$eval('#sentence .word', (els) => els.map((e) => e.textContent));
  assert.ok(words.includes('genuinely'), `merged: ${words.join('|')}`);
  assert.ok(words.includes('performances'));
  assert.ok(words.includes("film's"));
  assert.equal(await s.page.$$eval('#sentence .tok.special', (els) => els.length), 2);
});

test("a token's details name its roles (src/shared/tokenRoles.ts), counting every alternative, not only the shown one", async () => {
  const r = RESULT.result;
  const [shown, other] = r.explanation.sets;
  assert.deepEqual([shown, other], [[1], [20]], 'fixture: two one-token alternatives, the first shown');
  const rolesOf = async (i: number) => {
    await s.page.click(`#sentence .tok[data-index="${i}"]`);
    await s.page.waitForFunction(
      (k) => document.querySelector('#details .token-name + .muted')?.textContent === ` #${k}`,
      i,
    );
    return s.page.textContent('#details .roles');
  };
  // Token 20 is in the second alternative: not highlighted in the sentence, still "in the explanation" here.
  assert.equal(await rolesOf(20), 'in the explanation · CLEANN candidate');
  assert.equal(await s.page.$$eval('#sentence .tok[data-index="20"].explanation', (els) => els.length), 0);
  assert.equal(await rolesOf(1), 'in the explanation · CLEANN candidate');
  const sep = r.tokens.findIndex((t, i) => t.special && i !== r.explanation.target);
  assert.ok(sep > 0 && !r.explanation.candidates.includes(sep), 'fixture: a special token outside the PDS-tree');
  assert.equal(await rolesOf(sep), 'special token');
  assert.equal(await rolesOf(r.explanation.target!), 'explained token (target) · special token');
});
