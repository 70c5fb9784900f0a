// ICD's budget through the model pipeline (issue 9): `causal-lens explain --max-ci-tests N` passes the
// budget to the learner; when it runs out the explanation uses the last completed round's PAG, the PAG
// line says so, the warning names the round, and --json carries pag.truncated.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runExplain } from '../../../src/cli/explain';
import type { ExplainResult } from '../../../src/pipeline';
import { collectIo } from '../../support/cliIo';
import { tinyModelFolder } from '../../support/tinyFixture';

const TEXT = 'The plot was thin, but the acting was wonderful.';
const model = tinyModelFolder({ files: ['fp32'], hidden: 32, maxPositions: 12 });

test('explain --max-ci-tests 1: round 0 completes, the next round is cut, and every output says so', async () => {
  const io = collectIo();
  const args = ['--model', model, '--head', 'mean', '--no-baselines', '--max-set-size', '1', '--max-ci-tests', '1'];
  assert.equal(await runExplain([...args, '--json', TEXT], io), 0);
  const r = JSON.parse(io.stdout) as ExplainResult;
  const t = r.pag.truncated;
  assert.ok(t, 'the PAG is flagged');
  assert.equal(t.reason, 'tests');
  assert.equal(r.converged, false);
  assert.equal(r.pag.iterations, t.round + 1);
  assert.ok(
    r.warnings.some((w) => w.startsWith(`the causal graph is from ICD round ${t.round}: its CI-test budget ran out`)),
  );
  const text = collectIo();
  assert.equal(await runExplain([...args, TEXT], text), 0);
  assert.match(text.stdout, /^PAG .*\(ICD's budget ran out: see the warning\)$/m);
  assert.match(text.stderr, /causal-lens: warning: the causal graph is from ICD round \d+: its CI-test budget ran out/);
});

test('explain without --max-ci-tests on an ordinary text: no flag, no warning', async () => {
  const io = collectIo();
  assert.equal(await runExplain(['--model', model, '--head', 'mean', '--no-baselines', '--json', TEXT], io), 0);
  const r = JSON.parse(io.stdout) as ExplainResult;
  assert.equal(r.pag.truncated, undefined);
  assert.ok(!r.warnings.some((w) => w.includes('causal graph is from ICD round')));
});
