// The tiny WordPiece vocabulary and tokenizer.json of the tiny BERT and DistilBERT models (lower-cased
// letters, digits, their ## continuations, a few punctuation marks and non-Latin pieces).

/** Word pieces of the tiny vocabulary (after the five specials). */
const WORDS = [
  '.',
  ',',
  '!',
  '?',
  "'",
  '"',
  '-',
  '(',
  ')',
  ':',
  ';',
  '…',
  'the',
  'a',
  'an',
  'plot',
  'was',
  'thin',
  'but',
  'acting',
  'wonderful',
  'wonder',
  '##ful',
  'movie',
  'film',
  'good',
  'bad',
  'great',
  'terrible',
  'not',
  'very',
  'is',
  'it',
  'i',
  'and',
  'of',
  'to',
  'cafe',
  'naive',
  'resume',
  'un',
  '##believ',
  '##able',
  '##s',
  '##ing',
  '##ed',
  'hello',
  'world',
  'don',
  't',
  'strasse',
  '中',
  '文',
  '😀',
  '🎉',
  'ﬁ',
  'σ',
  'ς',
];
const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('');
export const TINY_SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
export const TINY_VOCAB: string[] = [
  ...new Set([...TINY_SPECIALS, ...WORDS, ...LETTERS, ...LETTERS.map((c) => `##${c}`)]),
];

/** A tokenizer.json added_tokens entry for a special token (all three tiny tokenizer kinds). */
export function specialAddedToken(content: string, id: number, lstrip = false): object {
  return { id, content, single_word: false, lstrip, rstrip: false, normalized: false, special: true };
}

export function tinyTokenizerJson(): object {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: TINY_SPECIALS.map((t, i) => specialAddedToken(t, i)),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: true,
      strip_accents: null,
      lowercase: true,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: Object.fromEntries(
        ['[CLS]', '[SEP]'].map((t) => [t, { id: t, ids: [TINY_VOCAB.indexOf(t)], tokens: [t] }]),
      ),
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(TINY_VOCAB.map((t, i) => [t, i])),
    },
  };
}
