// The panel on a multi-label result: a Label dropdown beside the prediction lists every label with
// its sigmoid (the explained one selected); choosing another posts a rerun with its index; the
// prediction's tooltip says what is explained and what counts as a flip. Single-label: no dropdown.
import assert from 'node:assert/strict';
import { parseWebviewMessage, type ExplainedPayload, type ResultMessage } from '../../src/protocol';
import { postToPanel, posted } from './harness';
import { boundedTest, fixture, panelSession } from './session';

const test = boundedTest(90_000);
const RESULT = fixture<ResultMessage>('result.json');

const MULTI: ExplainedPayload = {
  kind: 'multi-label',
  label: 'joy',
  labelIndex: 1,
  score: 0.81,
  token: 0,
  flip: '"joy" falls below 0.5 (now 0.810)',
  labels: [
    { label: 'anger', score: 0.12 },
    { label: 'joy', score: 0.81 },
    { label: 'sadness', score: 0.55 },
  ],
};
const withExplained = (e: ExplainedPayload, prediction: { label: string; score: number }): ResultMessage => ({
  ...RESULT,
  result: { ...RESULT.result, explained: e, prediction },
});

const s = panelSession(15_000, () => s.open('dark'));

const groupHidden = () => s.page.evaluate(() => (document.getElementById('label-choice-group') as HTMLElement).hidden);

test('multi-label result: the Label dropdown lists each label with its sigmoid; choosing one posts rerun {label}', async () => {
  await postToPanel(s.page, withExplained(MULTI, { label: 'joy (multi-label)', score: 0.81 }));
  await s.page.waitForFunction(() => !(document.getElementById('label-choice-group') as HTMLElement).hidden);
  const options = await s.page.$$eval('#label-choice vscode-option', (els) =>
    els.map((e) => [e.getAttribute('value'), e.textContent?.trim()]),
  );
  assert.deepEqual(options, [
    ['0', 'anger 0.12'],
    ['1', 'joy 0.81 · on'],
    ['2', 'sadness 0.55 · on'],
  ]);
  assert.equal(await s.page.$eval('#label-choice', (e) => (e as HTMLElement & { value: string }).value), '1');
  const prediction = await s.page.$eval('#prediction', (e) => [e.textContent, (e as HTMLElement).title]);
  assert.equal(prediction[0], 'joy (multi-label) 81.0%');
  assert.match(
    prediction[1] ?? '',
    /the label "joy" of a multi-label head .*"joy" falls below 0\.5.*Other labels: anger 0\.12, sadness 0\.55 \(on\)/,
  );
  await s.page.click('#label-choice');
  await s.page.click('#label-choice vscode-option[value="2"]');
  const rerun = (await posted(s.page)).filter((m) => m.type === 'rerun').at(-1);
  assert.deepEqual(rerun, { type: 'rerun', label: 2 });
  assert.deepEqual(parseWebviewMessage(rerun), rerun, 'the host accepts it');
});

test('single-label and masked-token results: no dropdown; the tooltip names the explained output', async () => {
  await postToPanel(
    s.page,
    withExplained(
      {
        kind: 'single-label',
        label: 'POSITIVE',
        labelIndex: 1,
        score: 0.9,
        token: 0,
        flip: 'the predicted class changes from "POSITIVE"',
      },
      { label: 'POSITIVE', score: 0.9 },
    ),
  );
  await s.page.waitForFunction(() => (document.getElementById('label-choice-group') as HTMLElement).hidden);
  assert.match(await s.page.$eval('#prediction', (e) => (e as HTMLElement).title), /the predicted class "POSITIVE"/);
  await postToPanel(
    s.page,
    withExplained(
      {
        kind: 'masked-token',
        label: 'great',
        labelIndex: 7,
        score: 0.4,
        token: 3,
        flip: 'the token predicted at the mask changes from "great"',
      },
      { label: '[MASK] → great', score: 0.4 },
    ),
  );
  await s.page.waitForFunction(() => document.getElementById('prediction')?.textContent === '[MASK] → great 40.0%');
  assert.equal(await groupHidden(), true);
  assert.match(
    await s.page.$eval('#prediction', (e) => (e as HTMLElement).title),
    /the token predicted at the mask \(#3\)/,
  );
});
