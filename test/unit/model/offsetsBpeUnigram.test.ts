// Offsets for the two non-WordPiece tokenizer kinds (byte-level BPE as RoBERTa, SentencePiece
// Unigram as XLM-R), checked against transformers.js's own encode() on thousands of generated texts
// and, piece by piece, against the characters each range covers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tokenizeWithOffsets } from '../../../src/model';
import { loadTransformers, type TokenizerLike } from '../../../src/model/runtime';
import { tinyTokenizerJson } from '../../support/tinyBert';
import { generatedTexts } from '../../support/textGen';
import {
  gpt2ByteAlphabet,
  robertaTokenizerConfig,
  tinyBpeTokenizerJson,
  tinyUnigramTokenizerJson,
} from '../../support/tinyTokenizers';

type Kind = 'bpe' | 'bpe-prefix-space' | 'unigram' | 'wordpiece';
async function tokenizer(kind: Kind): Promise<TokenizerLike> {
  const M = (await loadTransformers()).AutoTokenizer.TOKENIZER_CLASS_MAPPING;
  if (kind === 'bpe')
    return new M.RobertaTokenizer(tinyBpeTokenizerJson().json, robertaTokenizerConfig('RobertaTokenizer', 512));
  if (kind === 'bpe-prefix-space')
    return new M.RobertaTokenizer(
      tinyBpeTokenizerJson({ addPrefixSpace: true }).json,
      robertaTokenizerConfig('RobertaTokenizer', 512),
    );
  if (kind === 'unigram')
    return new M.XLMRobertaTokenizer(
      tinyUnigramTokenizerJson().json,
      robertaTokenizerConfig('XLMRobertaTokenizer', 512),
    );
  return new M.BertTokenizer(tinyTokenizerJson(), { tokenizer_class: 'BertTokenizer', model_max_length: 512 });
}

const TEXTS = generatedTexts(3000, 16);
/** Each kind's tokenizer and its offsets for every text, computed once (the id and the range checks share them). */
const runs = new Map<Kind, Promise<{ tok: TokenizerLike; results: ReturnType<typeof tokenizeWithOffsets>[] }>>();
function tokenized(kind: Kind) {
  let r = runs.get(kind);
  if (!r) {
    r = tokenizer(kind).then((tok) => ({ tok, results: TEXTS.map((t) => tokenizeWithOffsets(tok, t, 100_000)) }));
    runs.set(kind, r);
  }
  return r;
}
const show = (text: string, r: ReturnType<typeof tokenizeWithOffsets>) =>
  r.tokens.map((t) => `${t.text}=${text.slice(t.start, t.end)}`);

for (const kind of ['bpe', 'bpe-prefix-space', 'unigram', 'wordpiece'] as const) {
  test(`${kind}: ids equal transformers.js encode() on ${TEXTS.length} generated texts (emoji, CJK, accents, whitespace runs)`, async () => {
    const { tok, results } = await tokenized(kind);
    let checked = 0;
    for (const [i, text] of TEXTS.entries()) {
      assert.deepEqual(results[i].ids, tok.encode(text), JSON.stringify(text));
      checked++;
    }
    assert.equal(checked, 3000);
  });
}

/** True when `needle` occurs contiguously in `hay`. */
function containsBytes(hay: Uint8Array, needle: number[]): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let k = 0; k < needle.length; k++) if (hay[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

/** Every code point the tokenizer keeps (not whitespace, not removed by the normalizer) lies in some token's range. */
function assertCovered(
  text: string,
  tokens: { start: number; end: number; special: boolean }[],
  kept: (cp: string) => boolean,
): void {
  const covered = new Uint8Array(text.length + 1);
  for (const t of tokens) if (!t.special) covered.fill(1, t.start, t.end);
  let at = 0;
  for (const cp of text) {
    if (kept(cp)) assert.ok(covered[at], `${JSON.stringify(text)}: ${JSON.stringify(cp)} at ${at} is in no token`);
    at += cp.length;
  }
}

for (const kind of ['bpe', 'bpe-prefix-space'] as const) {
  test(`${kind}: every piece's bytes lie in its range; every visible character is covered`, async () => {
    const { results } = await tokenized(kind);
    const byteOf = new Map(gpt2ByteAlphabet().map((c, b) => [c, b]));
    const lenient = new TextDecoder();
    const enc = new TextEncoder();
    for (const [i, text] of TEXTS.entries()) {
      const r = results[i];
      let prevStart = 0;
      for (const t of r.tokens.filter((x) => !x.special)) {
        assert.ok(
          t.start >= prevStart && t.end >= t.start && t.end <= text.length,
          `${JSON.stringify(text)} ${show(text, r).join(' ')}`,
        );
        prevStart = t.start;
        const bytes = Array.from(t.text, (c) => byteOf.get(c) ?? -1);
        const slice = text.slice(t.start, t.end);
        const decoded = lenient.decode(Uint8Array.from(bytes));
        const whole = decoded.includes('\ufffd') ? null : decoded; // null: part of a character
        if (whole !== null && whole.trim()) assert.equal(slice, whole.trim(), `${JSON.stringify(text)}: ${t.text}`);
        else if (whole !== null)
          assert.ok(
            slice.trim() === '',
            `${JSON.stringify(text)}: space piece ${t.text} covers ${JSON.stringify(slice)}`,
          );
        else {
          // a leading space byte ('Ġ') is trimmed off the highlight
          const inner = bytes[0] === 0x20 && !/^\s/u.test(slice) ? bytes.slice(1) : bytes;
          assert.ok(
            slice.length > 0 && containsBytes(enc.encode(slice), inner),
            `${JSON.stringify(text)}: byte piece ${t.text} not in ${JSON.stringify(slice)}`,
          );
        }
      }
      assertCovered(text, r.tokens, (cp) => !/\s/u.test(cp));
    }
  });
}

test('unigram: every piece normalizes back to its range; unknown runs cover their characters; nothing kept is lost', async () => {
  const { tok, results } = await tokenized('unigram');
  const norm = (s: string) => tok.normalizer!.normalize(s);
  for (const [i, text] of TEXTS.entries()) {
    const r = results[i];
    let prevStart = 0;
    for (const t of r.tokens.filter((x) => !x.special)) {
      assert.ok(
        t.start >= prevStart && t.end >= t.start && t.end <= text.length,
        `${JSON.stringify(text)} ${show(text, r).join(' ')}`,
      );
      prevStart = t.start;
      const slice = text.slice(t.start, t.end);
      if (t.text === '▁')
        assert.equal(norm(slice).trim(), '', `${JSON.stringify(text)}: ▁ covers ${JSON.stringify(slice)}`);
      else if (t.text === '<unk>')
        assert.ok(norm(slice).trim().length > 0, `${JSON.stringify(text)}: <unk> covers ${JSON.stringify(slice)}`);
      // one source character may normalize to several pieces ('…' → '.', '.', '.'): each covers all of it
      else
        assert.ok(
          norm(slice).includes(t.text.replaceAll('▁', ' ').trim()) && norm(slice).trim().length > 0,
          `${JSON.stringify(text)}: ${show(text, r).join(' ')}`,
        );
    }
    assertCovered(text, r.tokens, (cp) => norm(cp).trim().length > 0);
  }
});

test('known offsets: Ġ and ▁ pieces highlight the word, not its space; byte pieces of an emoji all cover the emoji', async () => {
  const text = 'Hello  world café 😀 中文';
  assert.deepEqual(show(text, tokenizeWithOffsets(await tokenizer('bpe'), text, 64)), [
    '<s>=',
    'Hello=Hello',
    'Ġ= ',
    'Ġworld=world',
    'ĠcafÃ©=café',
    'Ġ= ',
    'ð=😀',
    'Ł=😀',
    'ĺ=😀',
    'Ģ=😀',
    'Ġä¸Ńæĸĩ=中文',
    '</s>=',
  ]);
  // add_prefix_space: the added space is in no character (an empty range at 0)
  const pre = tokenizeWithOffsets(await tokenizer('bpe-prefix-space'), text, 64);
  assert.deepEqual([pre.tokens[1].text, pre.tokens[1].start, pre.tokens[1].end], ['ĠHello', 0, 5]);
  const emoji = '😀 good';
  assert.deepEqual(show(emoji, tokenizeWithOffsets(await tokenizer('bpe-prefix-space'), emoji, 64)).slice(1, 4), [
    'Ġ=',
    'ð=😀',
    'Ł=😀',
  ]);
  assert.deepEqual(show(text, tokenizeWithOffsets(await tokenizer('unigram'), text, 64)), [
    '<s>=',
    '▁Hello=Hello',
    '▁world=world',
    '▁café=café',
    '▁= ',
    '<unk>=😀',
    '▁中文=中文',
    '</s>=',
  ]);
  // NFKC composes e + combining acute: the one piece covers both source units
  const composed = 'cafe\u0301 ok';
  const u = tokenizeWithOffsets(await tokenizer('unigram'), composed, 64);
  assert.deepEqual([u.tokens[1].text, u.tokens[1].start, u.tokens[1].end], ['▁café', 0, 5]);
  // a typed <s> or <mask> is text, never the model's control token
  const typed = tokenizeWithOffsets(await tokenizer('bpe'), 'good <s> <mask> film', 64);
  assert.deepEqual(
    typed.tokens.filter((t) => t.special).map((t) => t.text),
    ['<s>', '</s>'],
  );
  assert.ok(typed.tokens.slice(1, -1).every((t) => !t.special && t.end > t.start));
});
