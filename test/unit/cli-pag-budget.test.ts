// The CLI's ICD budget (issue 9): on an equicorrelated matrix (the graph stays complete) `pag` and
// `explain-matrix` stop at --max-tests, print the last completed round's PAG, say so in the summary line,
// warn on stderr and carry the flag in --json; an ordinary matrix under the default budget prints no warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { attentionToCorrelation } from '../../src/engine';
import { syntheticAttention } from '../../src/engine/testing/attention';
import { runPag } from '../../src/cli/pag';
import { runExplainMatrix } from '../../src/cli/explainMatrix';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cl-pag-budget-'));
const n = 40;
const equi = path.join(dir, 'equi.json');
writeFileSync(
  equi,
  JSON.stringify(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0.3)))),
);

async function capture(run: typeof runPag, argv: string[]): Promise<{ out: string; err: string }> {
  let out = '',
    err = '';
  await run(argv, { out: (s) => void (out += s), err: (s) => void (err += s) });
  return { out, err };
}

test('pag --max-tests: round 2 PAG (round 3 needs 6.6 M tests), the summary and a warning say so', async () => {
  const { out, err } = await capture(runPag, ['--corr', equi, '--max-tests', '600000']);
  assert.match(
    out.split('\n')[0],
    /ICD 3 iterations \(stopped by the CI-test budget in round 3: round 2's PAG\), 600000 CI tests/,
  );
  assert.match(err, /warning: ICD spent its CI-test budget \(600,000 tests\) in round 3 .* the PAG shown is round 2's/);
  const json = JSON.parse((await capture(runPag, ['--corr', equi, '--max-tests', '600000', '--json'])).out);
  assert.deepEqual(json.truncated, { round: 2, testsRun: 600000, reason: 'tests' });
  assert.equal(json.edges.length, (n * (n - 1)) / 2);
});

test('explain-matrix warns too; --time-limit 0 stops with a time warning', async () => {
  const ex = await capture(
    (a, io) => runExplainMatrix([...a, '--target', '0'], io),
    ['--corr', equi, '--max-tests', '5000'],
  );
  assert.match(ex.err, /in round 1 after .* the PAG shown is round 0's/);
  const timed = await capture(runPag, ['--corr', equi, '--time-limit', '0', '--json']);
  assert.match(timed.err, /ICD spent its time limit \(0 s\)/);
  assert.equal(JSON.parse(timed.out).truncated.reason, 'time');
});

test('an ordinary matrix under the default budget: no warning, no flag', async () => {
  const file = path.join(dir, 'ordinary.json');
  writeFileSync(file, JSON.stringify(attentionToCorrelation(syntheticAttention(32, 4))));
  const { out, err } = await capture(runPag, ['--corr', file, '--json']);
  assert.equal(err, '');
  assert.equal(JSON.parse(out).truncated, undefined);
});
