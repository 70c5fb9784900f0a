import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runEval } from '../../../src/cli/eval';
import { UsageError } from '../../../src/cli/args';
import { loadModel, ModelError } from '../../../src/model';
import { collectIo } from '../../support/cliIo';
import { tempFolder, tinyModelFolder } from '../../support/tinyFixture';

async function cli(args: string[]): Promise<{ stdout: string; stderr: string }> {
  const io = collectIo();
  assert.equal(await runEval(args, io), 0);
  return io;
}

test('causal-lens eval --json reports the accuracy the model actually has on the reviews', async () => {
  const model = tinyModelFolder({ files: ['fp32'] });
  const data = tempFolder();
  const texts = {
    neg: ['bad terrible movie', 'not good', 'the plot was thin', 'terrible acting'],
    pos: ['great film', 'wonderful acting', 'very good movie', 'good'],
  };
  for (const [sub, list] of Object.entries(texts)) {
    const dir = path.join(data, 'aclImdb', 'test', sub);
    mkdirSync(dir, { recursive: true });
    list.forEach((t, i) => writeFileSync(path.join(dir, `${i}_${sub === 'pos' ? 9 : 1}.txt`), t));
  }
  // The expected accuracy, computed here one text at a time.
  const m = await loadModel({ model });
  let correct = 0;
  for (const [sub, list] of Object.entries(texts))
    for (const t of list) if (((await m.run(t)).prediction.label === 'POSITIVE') === (sub === 'pos')) correct++;
  const { stdout, stderr } = await cli(['--model', model, '--data', data, '--json', '--batch', '3']);
  const out = JSON.parse(stdout) as { accuracy: number; n: number; model: string };
  assert.equal(out.n, 8);
  assert.equal(out.accuracy, correct / 8);
  assert.equal(out.model, model);
  assert.match(stderr, /8\/8 reviews/);
  const limited = JSON.parse((await cli(['--model', model, '--data', data, '--json', '--limit', '4'])).stdout) as {
    n: number;
  };
  assert.equal(limited.n, 4);
});

test('causal-lens eval: clear errors for a bad split and a missing model folder', async () => {
  await assert.rejects(
    cli(['--split', 'dev']),
    (e: unknown) => e instanceof UsageError && /--split must be test or train/.test(e.message),
  );
  await assert.rejects(
    cli(['--model', './missing-model-dir']),
    (e: unknown) => e instanceof ModelError && /model folder "\.\/missing-model-dir" not found/.test(e.message),
  );
  const io = collectIo();
  await assert.rejects(
    runEval(['--model', tinyModelFolder({ files: ['fp32'] }), '--data', '/no/such/imdb'], io),
    /IMDB data not found at \/no\/such\/imdb/,
  );
});
