// --ci-test NAME on the CLI: pag and explain-matrix learn with the named test, fisher-z by name prints
// what no flag prints, an unknown name is a usage error listing the known ones (exit code 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError } from '../../src/cli/args';
import { runExplain } from '../../src/cli/explain';
import { runExplainMatrix } from '../../src/cli/explainMatrix';
import { runPag } from '../../src/cli/pag';
import type { PagJson } from '../../src/engine';
import type { ExplainResult } from '../../src/pipeline';
import { collectIo } from '../support/cliIo';
import { tinyModelFolder } from '../support/tinyFixture';

const root = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cl-ci-test-cli-'));
// 0 → 2 ← 1 with a weak second cause (as test/unit/engine/ci-test-registry.test.ts): at 20 samples
// ρ12 = 0.558 is dependent for Fisher z (p = 0.0094) and independent for Student t (p = 0.0106).
const corrFile = path.join(dir, 'weak-collider.json');
writeFileSync(
  corrFile,
  JSON.stringify([
    [1, 0, 0.8],
    [0, 1, 0.558],
    [0.8, 0.558, 1],
  ]),
);

async function pag(args: string[]): Promise<string> {
  const io = collectIo();
  assert.equal(await runPag(['--corr', corrFile, '--samples', '20', ...args], io), 0);
  return io.stdout;
}

test('pag --ci-test student-t learns with Student t; --ci-test fisher-z prints exactly what no flag prints', async () => {
  const fisher = JSON.parse(await pag(['--json'])) as PagJson;
  const student = JSON.parse(await pag(['--json', '--ci-test', 'student-t'])) as PagJson;
  assert.deepEqual(
    fisher.edges.map((e) => [e.a, e.b]),
    [
      [0, 2],
      [1, 2],
    ],
  );
  assert.deepEqual(
    student.edges.map((e) => [e.a, e.b]),
    [[0, 2]],
  );
  assert.equal(await pag(['--ci-test', 'fisher-z']), await pag([]));
  assert.equal(await pag(['--json', '--ci-test=fisher-z']), await pag(['--json']));
  assert.match(await pag(['--ci-test', 'student-t']), /; samples 20, alpha 0\.01, CI test student-t$/m);
  assert.match(await pag([]), /; samples 20, alpha 0\.01$/m);
});

test('explain-matrix takes --ci-test too', async () => {
  const run = async (args: string[]): Promise<{ candidates: number[]; pag: PagJson }> => {
    const io = collectIo();
    await runExplainMatrix(['--corr', corrFile, '--samples', '20', '--target', '1', '--json', ...args], io);
    return JSON.parse(io.stdout) as { candidates: number[]; pag: PagJson };
  };
  assert.deepEqual((await run([])).candidates, [0, 2], 'through the collider at 2');
  assert.deepEqual((await run(['--ci-test', 'student-t'])).candidates, [], 'node 1 is isolated under Student t');
});

test('an unknown --ci-test is a usage error naming the known tests, in process and through the entry point', async () => {
  const known = /--ci-test "kci": unknown CI test \(known: fisher-z, student-t\)/;
  await assert.rejects(
    runPag(['--corr', corrFile, '--ci-test', 'kci'], collectIo()),
    (e: unknown) => e instanceof UsageError && known.test(e.message),
  );
  await assert.rejects(
    runExplain(['--ci-test', 'kci', 'some text'], collectIo()),
    (e: unknown) => e instanceof UsageError && known.test(e.message),
  );
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), 'pag', '--corr', corrFile, '--ci-test', 'kci'],
    { cwd: root, encoding: 'utf8' },
  );
  assert.equal(r.status, 2);
  assert.equal(r.stderr, 'causal-lens: --ci-test "kci": unknown CI test (known: fisher-z, student-t)\n');
});

test('explain --ci-test student-t runs the pipeline with it and says so; the default result has no ciTest field', async () => {
  const model = tinyModelFolder({ files: ['fp32'], hidden: 32, maxPositions: 12 });
  const base = ['--model', model, '--max-set-size', '1', '--max-tests', '20', '--no-baselines', 'A fine film.'];
  const io = collectIo();
  assert.equal(await runExplain(['--json', '--ci-test', 'student-t', ...base], io), 0);
  const r = JSON.parse(io.stdout) as ExplainResult;
  assert.equal(r.ciTest, 'student-t');
  const dflt = collectIo();
  await runExplain(['--json', ...base], dflt);
  assert.equal('ciTest' in (JSON.parse(dflt.stdout) as ExplainResult), false);
  const text = collectIo();
  await runExplain(['--ci-test', 'student-t', ...base], text);
  assert.match(text.stdout, /^attention {4}layer \d+, head each; samples 32, alpha 0\.01, CI test student-t$/m);
});
