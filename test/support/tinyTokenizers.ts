// Tiny tokenizer.json files of the two non-WordPiece kinds, built in code:
//  - RoBERTa style: GPT-2 byte-level BPE ('Ġ' = a leading space byte), RobertaProcessing <s> … </s>;
//  - XLM-R style: SentencePiece Unigram ('▁' = a space), Precompiled normalizer (NFKC) followed by a
//    Replace collapsing space runs, Metaspace with a prefix space, template <s> A </s> </s> B </s>.
// Vocabularies are small but real: merges/pieces for common words, everything else falls back to
// bytes (BPE) or to <unk> (Unigram), so both kinds of fallback are exercised.
import { specialAddedToken } from './tinyWordPiece';

/** The specials in RoBERTa/XLM-R order; <mask> is appended after the vocabulary, as both models do. */
export const ROBERTA_SPECIALS = ['<s>', '<pad>', '</s>', '<unk>'];

const WORDS = [
  'the',
  'plot',
  'was',
  'thin',
  'but',
  'acting',
  'wonderful',
  'wonder',
  'ful',
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
  'and',
  'of',
  'to',
  'hello',
  'world',
  'un',
  'believ',
  'able',
  'café',
  'naïve',
  'résumé',
  'The',
  'Hello',
  'I',
  'a',
  'love',
  'hate',
  'this',
  'that',
  'premise',
  'hypothesis',
  'Paris',
  'capital',
  'France',
  'of',
  'is',
  'city',
  'cat',
  'dog',
  'sat',
  'on',
  'mat',
  'über',
  'straße',
  '中文',
  '中',
  '文',
  '日本',
];

/** GPT-2's byte → printable character table (bytes that are not printable are shifted past 255). */
export function gpt2ByteAlphabet(): string[] {
  const printable = (b: number) => (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
  const out: string[] = new Array(256);
  let shifted = 0;
  for (let b = 0; b < 256; b++) out[b] = String.fromCharCode(printable(b) ? b : 256 + shifted++);
  return out;
}

function byteLevel(word: string, alphabet: string[]): string {
  return Array.from(new TextEncoder().encode(word), (b) => alphabet[b]).join('');
}

export interface TinyBpe {
  json: object;
  vocab: string[];
}

/** A RoBERTa-style byte-level BPE tokenizer.json. */
export function tinyBpeTokenizerJson(opts: { addPrefixSpace?: boolean } = {}): TinyBpe {
  const alphabet = gpt2ByteAlphabet();
  const merges: string[] = [];
  const vocab: string[] = [...ROBERTA_SPECIALS, ...alphabet];
  const seen = new Set(vocab);
  // Each word (bare and after a space) is built left to right, one merge per added character.
  // Words after a space first: their merges rank higher, so ' plot' becomes 'Ġplot', not 'Ġ' + 'plot'.
  const words = [...WORDS, "'s", "'t"];
  for (const w of [...words.map((x) => ` ${x}`), ...words]) {
    const chars = Array.from(byteLevel(w, alphabet));
    let acc = chars[0];
    for (const c of chars.slice(1)) {
      const merged = acc + c;
      if (!seen.has(merged)) {
        merges.push(`${acc} ${c}`);
        vocab.push(merged);
        seen.add(merged);
      }
      acc = merged;
    }
  }
  vocab.push('<mask>');
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      ...ROBERTA_SPECIALS.map((t, i) => specialAddedToken(t, i)),
      specialAddedToken('<mask>', vocab.length - 1, true),
    ],
    normalizer: null,
    pre_tokenizer: {
      type: 'ByteLevel',
      add_prefix_space: opts.addPrefixSpace ?? false,
      trim_offsets: true,
      use_regex: true,
    },
    post_processor: {
      type: 'RobertaProcessing',
      sep: ['</s>', 2],
      cls: ['<s>', 0],
      trim_offsets: true,
      add_prefix_space: opts.addPrefixSpace ?? false,
    },
    decoder: { type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true },
    model: {
      type: 'BPE',
      dropout: null,
      unk_token: null,
      continuing_subword_prefix: '',
      end_of_word_suffix: '',
      fuse_unk: false,
      byte_fallback: false,
      vocab: Object.fromEntries(vocab.map((t, i) => [t, i])),
      merges,
    },
  };
  return { json, vocab };
}

export interface TinyUnigram {
  json: object;
  vocab: string[];
}

/** An XLM-R-style SentencePiece Unigram tokenizer.json. */
export function tinyUnigramTokenizerJson(): TinyUnigram {
  const letters = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éèêëàâäïîôöüûçñßœ'.split('');
  const punct = '.,!?\'"-():;…'.split('');
  const cjk = ['中', '文', '日', '本', '語', 'の', 'は'];
  // Longer pieces score higher, so whole words win over their letters, as in a trained model.
  const pieces = new Map<string, number>();
  const add = (p: string, score: number) => {
    if (!pieces.has(p)) pieces.set(p, score);
  };
  add('▁', -3);
  for (const w of WORDS) {
    add(`▁${w}`, -2 - 1 / w.length);
    add(w, -4 - 1 / w.length);
  }
  for (const c of [...letters, ...punct, ...cjk]) {
    add(c, -8);
    add(`▁${c}`, -7.5);
  }
  const vocab = [...ROBERTA_SPECIALS, ...pieces.keys(), '<mask>'];
  const template = (ids: string[]) =>
    ids.map((id) =>
      id === 'A' || id === 'B' ? { Sequence: { id, type_id: 0 } } : { SpecialToken: { id, type_id: 0 } },
    );
  const json = {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: [
      ...ROBERTA_SPECIALS.map((t, i) => specialAddedToken(t, i)),
      specialAddedToken('<mask>', vocab.length - 1, true),
    ],
    normalizer: {
      type: 'Sequence',
      normalizers: [
        { type: 'Precompiled', precompiled_charsmap: 'AA==' },
        { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' },
      ],
    },
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', add_prefix_space: true, prepend_scheme: 'always' },
    post_processor: {
      type: 'TemplateProcessing',
      single: template(['<s>', 'A', '</s>']),
      pair: template(['<s>', 'A', '</s>', '</s>', 'B', '</s>']),
      special_tokens: Object.fromEntries(
        ['<s>', '</s>'].map((t) => [t, { id: t, ids: [vocab.indexOf(t)], tokens: [t] }]),
      ),
    },
    decoder: { type: 'Metaspace', replacement: '▁', add_prefix_space: true, prepend_scheme: 'always' },
    model: {
      type: 'Unigram',
      unk_id: 3,
      byte_fallback: false,
      vocab: vocab.map((p) => [p, pieces.get(p) ?? 0]),
    },
  };
  return { json, vocab };
}

/** tokenizer_config.json beside either kind. */
export function robertaTokenizerConfig(
  tokenizerClass: 'RobertaTokenizer' | 'XLMRobertaTokenizer' | 'CamembertTokenizer',
  maxLength: number,
): object {
  return {
    tokenizer_class: tokenizerClass,
    model_max_length: maxLength,
    bos_token: '<s>',
    eos_token: '</s>',
    cls_token: '<s>',
    sep_token: '</s>',
    pad_token: '<pad>',
    unk_token: '<unk>',
    mask_token: '<mask>',
  };
}
