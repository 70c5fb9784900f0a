import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { c as createTar } from 'tar';
import { balancedSample, listReviews, positiveIndex, readReview, resolveImdb } from '../../../src/pipeline/imdb';
import { tempFolder } from '../../support/tinyFixture';

/** A miniature aclImdb/ tree: ids 0..n-1 per class, file names <id>_<rating>.txt like the real one. */
function fakeImdb(root: string, perClass = 6): string {
  for (const split of ['train', 'test'])
    for (const [sub, rating] of [
      ['neg', 2],
      ['pos', 9],
    ] as const) {
      const dir = path.join(root, 'aclImdb', split, sub);
      mkdirSync(dir, { recursive: true });
      for (let i = 0; i < perClass; i++)
        writeFileSync(path.join(dir, `${i}_${rating}.txt`), `${split} ${sub} review ${i}`);
    }
  writeFileSync(path.join(root, 'aclImdb', 'README'), 'readme');
  return root;
}

test('listReviews: negatives then positives, by numeric id', () => {
  const root = fakeImdb(tempFolder(), 12);
  const reviews = listReviews(path.join(root, 'aclImdb'), 'test');
  assert.equal(reviews.length, 24);
  assert.deepEqual(
    reviews.slice(0, 12).map((r) => r.label),
    new Array(12).fill(0),
  );
  assert.deepEqual(
    reviews.slice(0, 12).map((r) => path.basename(r.file)),
    Array.from({ length: 12 }, (_, i) => `${i}_2.txt`),
  );
  assert.equal(path.basename(reviews[12].file), '0_9.txt');
  assert.throws(() => listReviews(root, 'test'), /not an IMDB test split/);
});

test('balancedSample: fixed, label-balanced, drawn from the input', () => {
  const root = fakeImdb(tempFolder(), 20);
  const all = listReviews(path.join(root, 'aclImdb'), 'train');
  const a = balancedSample(all, 7),
    b = balancedSample(all, 7);
  assert.deepEqual(a, b);
  assert.equal(a.length, 7);
  assert.equal(a.filter((r) => r.label === 1).length, 4);
  assert.equal(a.filter((r) => r.label === 0).length, 3);
  assert.equal(new Set(a.map((r) => r.file)).size, 7);
  for (const r of a) assert.ok(all.includes(r));
  assert.notDeepEqual(
    a.map((r) => r.file),
    [...all.slice(0, 3), ...all.slice(20, 24)].map((r) => r.file),
  );
  assert.equal(balancedSample(all, 1000), all);
});

test('resolveImdb unpacks an archive once into the cache, keeping only reviews and README', async () => {
  const src = fakeImdb(tempFolder(), 3);
  // Entries an attacker or a different archive could hold: a link and an unlabelled folder.
  mkdirSync(path.join(src, 'aclImdb', 'train', 'unsup'));
  writeFileSync(path.join(src, 'aclImdb', 'train', 'unsup', '0_0.txt'), 'x');
  symlinkSync('/etc/passwd', path.join(src, 'aclImdb', 'test', 'pos', '99_9.txt'));
  const dataDir = tempFolder();
  await createTar({ gzip: true, file: path.join(dataDir, 'aclImdb_v1_labeled_train_test.tar.gz'), cwd: src }, [
    'aclImdb',
  ]);
  const cache = tempFolder();
  const messages: string[] = [];
  const root = await resolveImdb(dataDir, cache, (m) => messages.push(m));
  assert.equal(root, path.join(cache, 'aclImdb_v1_labeled_train_test', 'aclImdb'));
  assert.equal(messages.length, 1);
  assert.match(messages[0], /unpacking/);
  const test = listReviews(root, 'test');
  assert.equal(test.length, 6);
  assert.equal(await readReview(test[4]), 'test pos review 1');
  assert.ok(!existsSync(path.join(root, 'train', 'unsup')));
  assert.ok(!existsSync(path.join(root, 'test', 'pos', '99_9.txt')));
  const marker = statSync(path.join(cache, 'aclImdb_v1_labeled_train_test', '.complete')).mtimeMs;
  assert.equal(
    await resolveImdb(path.join(dataDir, 'aclImdb_v1_labeled_train_test.tar.gz'), cache, (m) => messages.push(m)),
    root,
  );
  assert.equal(messages.length, 1);
  assert.equal(statSync(path.join(cache, 'aclImdb_v1_labeled_train_test', '.complete')).mtimeMs, marker);
});

test('resolveImdb accepts an unpacked folder as is, and says what is missing otherwise', async () => {
  const src = fakeImdb(tempFolder(), 2);
  assert.equal(await resolveImdb(src, tempFolder()), path.join(src, 'aclImdb'));
  assert.equal(await resolveImdb(path.join(src, 'aclImdb'), tempFolder()), path.join(src, 'aclImdb'));
  await assert.rejects(resolveImdb(tempFolder(), tempFolder()), /no aclImdb\/ folder and no \.tar\.gz archive/);
  await assert.rejects(
    resolveImdb('/no/such/imdb', tempFolder()),
    /IMDB data not found at \/no\/such\/imdb; pass --data/,
  );
});

test('positiveIndex reads label names, else assumes index 1 of two', () => {
  assert.equal(positiveIndex(['NEGATIVE', 'POSITIVE']), 1);
  assert.equal(positiveIndex(['positive', 'negative']), 0);
  assert.equal(positiveIndex(['LABEL_0', 'LABEL_1']), 1);
  assert.throws(() => positiveIndex(['a', 'b', 'c']), /cannot tell/);
});
