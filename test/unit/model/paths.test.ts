import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultModelPath, ModelError, packageRoot, SHIPPED_MODEL_DIR } from '../../../src/model';
import { looksLikePath } from '../../../src/model/source';
import { resolveModelSpec } from '../../../src/pipeline/modelChoice';
import { tempFolder } from '../../support/tinyFixture';

test('packageRoot finds the causal-lens package.json above a folder, also in an installed copy', () => {
  const repo = path.resolve(__dirname, '..', '..', '..');
  assert.equal(packageRoot(__dirname), repo);
  assert.equal(defaultModelPath(), path.join(repo, SHIPPED_MODEL_DIR));
  const installed = tempFolder();
  writeFileSync(path.join(installed, 'package.json'), JSON.stringify({ name: 'causal-lens' }));
  mkdirSync(path.join(installed, 'dist'));
  writeFileSync(path.join(installed, 'dist', 'package.json'), JSON.stringify({ name: 'something-else' }));
  assert.equal(packageRoot(path.join(installed, 'dist')), installed);
  assert.equal(packageRoot('/'), null);
});

test('hub ids and paths are told apart', () => {
  assert.equal(looksLikePath('Xenova/distilbert-base-uncased-finetuned-sst-2-english'), false);
  assert.equal(looksLikePath('bert-base-uncased'), false);
  for (const p of ['./m', '../m', '/abs/m', '~/m', 'a/b/c', 'C:\\models\\m', 'models\\m'])
    assert.equal(looksLikePath(p), true, p);
});

test('an explicit --model is used as given; without it, the shipped model or a clear error', () => {
  assert.deepEqual(resolveModelSpec('owner/name', true), { model: 'owner/name', offline: true });
  // The repository ships its model: without --model, that one, offline.
  assert.ok(existsSync(path.join(defaultModelPath(), 'config.json')), `the shipped model is in ${defaultModelPath()}`);
  assert.deepEqual(resolveModelSpec(undefined), { model: defaultModelPath(), offline: true });
  // Where it is missing: one clear error, not a fallback.
  const missing = path.join(tempFolder(), 'models', 'causal-lens-imdb');
  assert.throws(
    () => resolveModelSpec(undefined, false, missing),
    (err: unknown) => {
      assert.ok(err instanceof ModelError);
      assert.match(err.message, /the shipped offline model models\/causal-lens-imdb\/ is missing/);
      assert.match(err.message, /pass --model/);
      return true;
    },
  );
});
