// Seeded random texts that stress tokenizer offsets: known and unknown words in mixed case,
// precomposed and combining accents, CJK, Hangul jamo, emoji (ZWJ sequences, flags, skin tones),
// runs of mixed whitespace (tabs, newlines, NBSP, ideographic space), punctuation, digits,
// contractions, ligatures, full-width letters, control and zero-width characters.
import { mulberry32 } from '../../src/engine/random';

const PARTS = [
  'the',
  'The',
  'THE',
  'plot',
  'was',
  'thin',
  'but',
  'acting',
  'wonderful',
  'movie',
  'film',
  'good',
  'bad',
  'great',
  'not',
  'very',
  'hello',
  'world',
  'unbelievable',
  'café',
  'cafe\u0301',
  'naïve',
  'nai\u0308ve',
  'résumé',
  'über',
  'straße',
  'Ça',
  'Zoë',
  'Björk',
  'ﬁlm',
  'ﬀ',
  '中文',
  '日本語',
  '中',
  'の',
  '한국어',
  '\u1100\u1161\u11a8',
  'Ｆｕｌｌ',
  '😀',
  '🎉',
  '👩‍💻',
  '🇫🇷',
  '👍🏽',
  '❤️',
  '½',
  'Ⅻ',
  '2nd',
  '1999',
  '$3.5M',
  '10/10',
  "don't",
  "it's",
  "we've",
  '"quote"',
  '(paren)',
  'a-b',
  'c:',
  'd…',
  '!!!',
  '?',
  '.',
  ',',
  'xyzzy',
  'qqq',
  'ΟΔΟΣ',
  'σ',
  'Привет',
  'مرحبا',
  'x\u200by',
  'nul\u0000',
  'tab\u0007bell',
  '\u2581lit',
  '~',
  '～',
  'Ⓐ',
  '㎏',
];
const SPACES = [' ', ' ', ' ', ' ', '  ', '   ', '\t', '\n', '\u00a0', '\u3000', ' \t ', '\r\n', ''];

/** `count` texts, the same for the same seed. */
export function generatedTexts(count: number, seed = 1): string[] {
  const rand = mulberry32(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const texts: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = 1 + Math.floor(rand() * 12);
    let t = rand() < 0.15 ? pick(SPACES) : '';
    for (let k = 0; k < n; k++) t += pick(PARTS) + (k < n - 1 || rand() < 0.2 ? pick(SPACES) : '');
    texts.push(t);
  }
  return texts;
}
