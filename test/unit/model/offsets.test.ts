import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultModelPath, tokenizeWithOffsets } from '../../../src/model';
import { loadTransformers, type TokenizerLike } from '../../../src/model/runtime';
import { tinyTokenizerJson } from '../../support/tinyBert';

async function tinyTokenizer(): Promise<TokenizerLike> {
  const { AutoTokenizer } = await loadTransformers();
  return new AutoTokenizer.TOKENIZER_CLASS_MAPPING.BertTokenizer(tinyTokenizerJson(), {
    tokenizer_class: 'BertTokenizer',
    model_max_length: 64,
  });
}

/** token text → source slice, specials shown as [X]@offset. */
function show(text: string, r: ReturnType<typeof tokenizeWithOffsets>): string[] {
  return r.tokens.map((t) =>
    t.special && t.start === t.end ? `${t.text}@${t.start}` : `${t.text}=${text.slice(t.start, t.end)}`,
  );
}

const TRICKY = [
  'The plot was thin, but the acting was WONDERFUL!',
  'Café naïve résumé — unbelievable',
  'e\u0301cole and cafe\u0301', // combining accents
  '中文 mixed中文text', // CJK split into single characters
  'emoji 😀🎉 and 👩‍💻 with ZWJ', // astral-plane characters, ZWJ removed by clean_text
  '  leading\t\ttabs\nnew\u00a0lines  ', // whitespace normalisation, NBSP
  'zero\u200bwidth and nul\u0000 chars', // format/control characters dropped
  'the ﬁlm', // ligature (not decomposed by NFD)
  'ΟΔΟΣ σ', // Greek final sigma when lower-cased as a whole
  'don\'t "quote" (paren) a-b; c: d…',
  'xyzzyq unknownword qqqqqqq',
  'before [MASK] after [SEP]x', // literal special tokens in the text: text, not specials
  '',
];
/** Texts without a typed special token, where the ids must equal the tokenizer's own encode(). */
const typedSpecial = /\[(CLS|SEP|PAD|MASK|UNK)\]/;
const PLAIN = TRICKY.filter((t) => !typedSpecial.test(t));

test("ids equal the tokenizer's own encode() on tricky unicode", async () => {
  const tok = await tinyTokenizer();
  for (const text of PLAIN) {
    const r = tokenizeWithOffsets(tok, text, 512);
    assert.deepEqual(r.ids, tok.encode(text), JSON.stringify(text));
    assert.equal(r.truncated, null);
  }
});

test('every ordinary piece maps back to the characters it came from', async () => {
  const tok = await tinyTokenizer();
  const norm = (s: string) =>
    s
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[\u200b\u200d\u0000]/g, '');
  for (const text of TRICKY) {
    const r = tokenizeWithOffsets(tok, text, 512);
    let prevEnd = 0;
    for (const t of r.tokens) {
      assert.ok(
        t.start <= t.end && t.start >= 0 && t.end <= text.length,
        `${JSON.stringify(text)} ${t.text} ${t.start}-${t.end}`,
      );
      if (t.special) continue;
      assert.ok(t.start >= prevEnd || t.text === '[UNK]', `tokens in order in ${JSON.stringify(text)}`);
      prevEnd = t.end;
      if (t.text !== '[UNK]')
        assert.equal(norm(text.slice(t.start, t.end)), t.text.replace(/^##/, ''), JSON.stringify(text));
    }
  }
});

test('known offsets: sub-words, accents, CJK, emoji, specials', async () => {
  const tok = await tinyTokenizer();
  let text = 'Café naïve résumé — unbelievable';
  assert.deepEqual(show(text, tokenizeWithOffsets(tok, text, 64)), [
    '[CLS]@0',
    'cafe=Café',
    'naive=naïve',
    'resume=résumé',
    '[UNK]=—',
    'un=un',
    '##believ=believ',
    '##able=able',
    `[SEP]@${text.length}`,
  ]);
  text = 'e\u0301cole';
  const r = tokenizeWithOffsets(tok, text, 64);
  // 'ecole' is not in the tiny vocabulary: letters; the first one covers 'e' plus its combining accent.
  assert.deepEqual(
    r.tokens.slice(1, 3).map((t) => [t.text, t.start, t.end]),
    [
      ['e', 0, 2],
      ['##c', 2, 3],
    ],
  );
  text = '中文 mixed中文text';
  assert.deepEqual(show(text, tokenizeWithOffsets(tok, text, 64)).slice(1, 5), ['中=中', '文=文', 'm=m', '##i=i']);
  text = 'emoji 😀🎉 and 👩‍💻';
  const e = show(text, tokenizeWithOffsets(tok, text, 64));
  assert.ok(e.includes('[UNK]=😀🎉'), e.join(' ')); // one word, unknown as a whole
  assert.ok(e.includes('[UNK]=👩‍💻'), e.join(' ')); // the ZWJ stays inside the range
  text = 'before [MASK] after';
  const m = tokenizeWithOffsets(tok, text, 64);
  assert.deepEqual(m.tokens[0], { text: '[CLS]', start: 0, end: 0, special: true });
  assert.deepEqual(m.tokens[m.tokens.length - 1], {
    text: '[SEP]',
    start: text.length,
    end: text.length,
    special: true,
  });
});

test('typed special tokens are text: "[CLS] [SEP] [PAD]" in the input never becomes a control token', async () => {
  const tok = await tinyTokenizer();
  const text = 'good [CLS] [SEP] [PAD] film [MASK]x [UNK]';
  const r = tokenizeWithOffsets(tok, text, 64);
  const specialIds = new Set(['[CLS]', '[SEP]', '[PAD]', '[MASK]'].map((t) => tok.model.convert_tokens_to_ids([t])[0]));
  // Only the template's [CLS] first and [SEP] last; everything between is ordinary pieces of the text.
  assert.deepEqual(
    r.ids.map((id, i) => (specialIds.has(id) ? i : -1)).filter((i) => i >= 0),
    [0, r.ids.length - 1],
  );
  const inner = r.tokens.slice(1, -1);
  assert.ok(
    inner.every((t) => !t.special && t.end > t.start),
    show(text, r).join(' '),
  );
  // The brackets are their own pieces (unknown to the tiny vocabulary), at the typed characters.
  const at = (ch: string) => inner.filter((t) => text.slice(t.start, t.end) === ch).map((t) => t.start);
  assert.deepEqual(at('['), [5, 11, 17, 28, 36]);
  assert.deepEqual(at(']'), [9, 15, 21, 33, 40]);
  assert.deepEqual(
    inner.slice(1, 6).map((t) => t.text),
    ['[UNK]', 'c', '##l', '##s', '[UNK]'],
  );
  // The same as the text with the brackets spaced out (the pre-tokenizer splits them off anyway).
  assert.deepEqual(r.ids, tok.encode('good [ CLS ] [ SEP ] [ PAD ] film [ MASK ]x [ UNK ]'));
});

test('a text of 200,000 words is truncated with its count, not a stack overflow', async () => {
  const tok = await tinyTokenizer();
  const text = 'good '.repeat(200_000);
  const r = tokenizeWithOffsets(tok, text, 64);
  assert.equal(r.tokens.length, 64);
  assert.deepEqual(r.truncated, { keptChars: 62 * 5 - 1, totalTokens: 200_002 });
});

test('whitespace and control characters never start or end a token', async () => {
  const tok = await tinyTokenizer();
  const text = '  leading\t\ttabs\nnew\u00a0lines  ';
  for (const t of tokenizeWithOffsets(tok, text, 64).tokens.filter((x) => !x.special)) {
    assert.doesNotMatch(text[t.start], /\s/);
    assert.doesNotMatch(text[t.end - 1], /\s/);
  }
});

test('truncation keeps the first tokens and says how many characters are represented', async () => {
  const tok = await tinyTokenizer();
  const text = 'the plot was thin but the acting was wonderful';
  const r = tokenizeWithOffsets(tok, text, 6);
  assert.deepEqual(
    r.tokens.map((t) => t.text),
    ['[CLS]', 'the', 'plot', 'was', 'thin', '[SEP]'],
  );
  assert.deepEqual(r.truncated, { keptChars: 17, totalTokens: 11 });
  assert.equal(r.tokens[5].start, 17);
  assert.deepEqual(r.ids, tok.encode(text).slice(0, 5).concat(tok.encode(text).slice(-1)));
  assert.equal(tokenizeWithOffsets(tok, text, 11).truncated, null);
});

// The shipped model's copy of the uncased BERT WordPiece tokenizer (30,522 pieces), committed with the model.
const shippedTokenizer = path.join(defaultModelPath(), 'tokenizer.json');
test('ids equal encode() with the real uncased BERT tokenizer of the shipped model', async () => {
  assert.ok(existsSync(shippedTokenizer), `the shipped model's tokenizer is committed at ${shippedTokenizer}`);
  const { AutoTokenizer } = await loadTransformers();
  const json = JSON.parse(readFileSync(shippedTokenizer, 'utf8')) as object;
  const cfg = JSON.parse(
    readFileSync(path.join(path.dirname(shippedTokenizer), 'tokenizer_config.json'), 'utf8'),
  ) as object;
  const tok = new AutoTokenizer.TOKENIZER_CLASS_MAPPING.BertTokenizer(json, cfg);
  const texts = [
    ...PLAIN,
    'I rented I AM CURIOUS-YELLOW from my video store because of all the controversy that surrounded it.<br /><br />',
    "Mr. Smith's 2nd film (1999) cost $3.5M — naïvely über-hyped; 10/10!!! Ça va? Zoë & Björk.",
    'Ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ, ½ fractions, ﬀ ligatures, and Ⅻ numerals',
  ];
  for (const text of texts) {
    const r = tokenizeWithOffsets(tok, text, 100000);
    assert.deepEqual(r.ids, tok.encode(text), JSON.stringify(text));
    for (const t of r.tokens)
      if (!t.special && t.text !== '[UNK]') assert.ok(t.end > t.start, `${t.text} has an empty range`);
  }
});
