// Token offsets on real text: ~3,000 IMDB reviews (every 16th by file id across train/test and pos/neg,
// read from ../shared/data/imdb/'s archive) through the shipped model's BERT WordPiece tokenizer. For
// every review: the ids are the tokenizer's own encode(), and every token's [start, end) holds the
// characters it came from (normalised as BERT uncased does), in order, with every letter and digit covered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultModelPath, tokenizeWithOffsets } from '../../../src/model';
import { loadTransformers, type TokenizerLike } from '../../../src/model/runtime';
import { findImdbArchive, imdbArchivePath, sampleArchivedReviews } from '../../support/imdbArchive';

async function shippedTokenizer(): Promise<TokenizerLike> {
  const { AutoTokenizer } = await loadTransformers();
  const dir = defaultModelPath();
  const json = JSON.parse(readFileSync(path.join(dir, 'tokenizer.json'), 'utf8')) as object;
  const cfg = JSON.parse(readFileSync(path.join(dir, 'tokenizer_config.json'), 'utf8')) as object;
  return new AutoTokenizer.TOKENIZER_CLASS_MAPPING.BertTokenizer(json, cfg);
}

/** BERT uncased's view of source characters: lower-cased, accents stripped, zero-width and control characters dropped. */
const norm = (s: string) =>
  s
    .toLowerCase()
    .normalize('NFD')
    .replace(/\p{Mn}/gu, '')
    .replace(/[\u200b-\u200d\ufeff\p{Cc}]/gu, '');

// The reviews are the machine's shared data, not the repository's (they are not redistributed): a
// clone on a machine without them reports this test as skipped, with where it looked, in the summary.
const archive = findImdbArchive();

test(
  "offsets on ~3,000 real IMDB reviews: ids equal encode(), each token's range is its text, letters and digits all covered",
  { skip: archive.file ? false : archive.why },
  async () => {
    const reviews = sampleArchivedReviews(imdbArchivePath(), 16);
    assert.ok(reviews.length >= 3000, `${reviews.length} reviews`);
    for (const part of ['test/neg', 'test/pos', 'train/neg', 'train/pos']) {
      assert.ok(reviews.filter((r) => r.name.includes(`/${part}/`)).length > 700, `reviews from ${part}`);
    }
    const tok = await shippedTokenizer();
    let tokens = 0;
    for (const { name, text } of reviews) {
      const r = tokenizeWithOffsets(tok, text, 1_000_000);
      assert.equal(r.truncated, null, name);
      assert.deepEqual(r.ids, tok.encode(text), `${name}: ids`);
      const covered = new Uint8Array(text.length);
      let prevEnd = 0;
      for (const t of r.tokens) {
        if (t.special) continue;
        tokens++;
        const where = `${name}: ${t.text} at [${t.start}, ${t.end})`;
        assert.ok(t.start < t.end && t.end <= text.length, `${where}: a non-empty range inside the text`);
        assert.ok(t.start >= prevEnd, `${where}: after the previous token`);
        prevEnd = t.end;
        covered.fill(1, t.start, t.end);
        if (t.text !== '[UNK]') assert.equal(norm(text.slice(t.start, t.end)), t.text.replace(/^##/, ''), where);
      }
      for (let i = 0; i < text.length; i++) {
        if (!covered[i] && /[\p{L}\p{N}]/u.test(text[i]))
          assert.fail(`${name}: ${JSON.stringify(text[i])} at ${i} is in no token's range`);
      }
    }
    assert.ok(tokens > 500_000, `${tokens} tokens checked`);
  },
);
