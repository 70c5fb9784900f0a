// Tokenizes a text the way the model's own tokenizer does AND keeps, for every token, the UTF-16 range
// of the source text it came from. transformers.js 2.x returns no offsets, so the tokenizer's own
// parts are replayed with a character map: added tokens that are not special are split off first
// (special ones typed in the text stay text), the normalizer
// runs one code point at a time (BertNormalizer is per character: control removal, whitespace → ' ',
// spaces around CJK, lower-casing, accent stripping), the pre-tokenizer's words are located in the
// normalized text, and each word's WordPiece pieces are laid back onto it ('##' prefix excluded).
import type { TokenizerLike } from './runtime';

export interface TokenSpan {
  /** The vocabulary piece, e.g. 'wonder', '##ful', '[CLS]'. */
  text: string;
  /** UTF-16 offsets into the original text; specials have start = end. */
  start: number;
  end: number;
  special: boolean;
}

export interface Tokenized {
  tokens: TokenSpan[];
  ids: number[];
  /** Set when the text did not fit: characters [0, keptChars) are represented; totalTokens counts all tokens incl. specials. */
  truncated: null | { keptChars: number; totalTokens: number };
}

interface Piece { text: string; start: number; end: number; special: boolean }

/** Normalized text plus, for each of its UTF-16 units, the source range that produced it. */
interface NormalizedMap { text: string; from: number[]; to: number[] }

function normalizeWithMap(tok: TokenizerLike, section: string, base: number): NormalizedMap {
  const norm = tok.normalizer;
  if (!norm) {
    const from = Array.from(section, () => 0), to = from.slice();
    for (let i = 0; i < section.length; i++) { from[i] = base + i; to[i] = base + i + 1; }
    return { text: section, from, to };
  }
  let text = '';
  const from: number[] = [], to: number[] = [];
  let offset = 0;
  for (const ch of section) {
    const out = norm.normalize(ch);
    // A combining mark removed by accent stripping belongs to the letter before it: highlight both.
    if (out === '' && to.length && /^\p{M}$/u.test(ch)) to[to.length - 1] = base + offset + ch.length;
    text += out;
    for (let k = 0; k < out.length; k++) { from.push(base + offset); to.push(base + offset + ch.length); }
    offset += ch.length;
  }
  // Context-dependent rules (the Greek final sigma of toLowerCase) only differ from the per-character
  // result in value, not length; prefer the whole-text value then, so ids match the tokenizer's.
  const whole = norm.normalize(section);
  if (whole !== text && whole.length === text.length) text = whole;
  return { text, from, to };
}

/** The tokens of one section of ordinary text (no added tokens inside). */
function sectionPieces(tok: TokenizerLike, section: string, base: number): Piece[] {
  if (tok.remove_space === true || tok.do_lowercase_and_remove_accent) {
    throw new Error('tokenizers with remove_space / do_lowercase_and_remove_accent are not supported for offset mapping');
  }
  const map = normalizeWithMap(tok, section, base);
  if (map.text.length === 0) return [];
  const words: string[] = tok.pre_tokenizer ? tok.pre_tokenizer.pre_tokenize_text(map.text, {}) : [map.text];
  const pieces: Piece[] = [];
  let cursor = 0;
  const prefix: string = tok.model.config?.continuing_subword_prefix ?? '##';
  for (const word of words) {
    const at = map.text.indexOf(word, cursor);
    // A pre-tokenizer that rewrites characters (not BERT's) cannot be located; fall back to the cursor.
    const wStart = at >= 0 ? at : cursor;
    const wEnd = at >= 0 ? at + word.length : cursor;
    cursor = wEnd;
    const wordPieces: string[] = tok.model.encode([word]);
    const lengths = wordPieces.map((p, i) => (i > 0 && p.startsWith(prefix) ? p.length - prefix.length : p.length));
    const fits = at >= 0 && lengths.reduce((a, b) => a + b, 0) === word.length && !wordPieces.includes(tok.model.unk_token);
    let pos = wStart;
    for (let i = 0; i < wordPieces.length; i++) {
      const s = fits ? pos : wStart;
      const e = fits ? pos + lengths[i] : wEnd;
      pos += lengths[i];
      pieces.push({
        text: wordPieces[i],
        start: e > s ? map.from[s] : (map.from[s] ?? base + section.length),
        end: e > s ? map.to[e - 1] : (map.from[s] ?? base + section.length),
        special: false,
      });
    }
  }
  return pieces;
}

/** Special tokens the post-processor puts before and after a single sequence (e.g. [CLS] … [SEP]). */
function templateSpecials(tok: TokenizerLike): { before: string[]; after: string[] } {
  if (!tok.post_processor) return { before: [], after: [] };
  const marker = '\u0000sequence';
  const { tokens } = tok.post_processor.post_process([marker], null, { add_special_tokens: true });
  const at = tokens.indexOf(marker);
  return { before: tokens.slice(0, at), after: tokens.slice(at + 1) };
}

/** out.push(...items) without spreading: a spread passes every item as an argument, and a text of
 * ~125k tokens overflows the call stack. */
function appendAll<T>(out: T[], items: readonly T[]): void {
  for (const x of items) out.push(x);
}

/**
 * Tokenizes `text` into at most `maxTokens` tokens (specials included) with source offsets.
 * The ids equal what the tokenizer's own encode() returns for texts that fit and contain no typed
 * special token: "[CLS]" written in the text is tokenized as the characters '[', 'cl', '##s', ']'.
 */
export function tokenizeWithOffsets(tok: TokenizerLike, text: string, maxTokens: number): Tokenized {
  const content: Piece[] = [];
  let last = 0;
  const addedRe = tok.added_tokens_regex ? new RegExp(tok.added_tokens_regex.source, 'g') : null;
  if (addedRe) {
    for (const m of text.matchAll(addedRe)) {
      const tokenText = m.slice(1).find((g) => g !== undefined) ?? m[0];
      const idx = m.index ?? 0;
      // Text is text: a typed "[CLS]" or "[PAD]" stays characters, or the user's text could
      // inject the model's control tokens. Only added tokens that are ordinary words split here.
      if (tok.special_tokens.includes(tokenText)) continue;
      if (idx > last) appendAll(content, sectionPieces(tok, text.slice(last, idx), last));
      const tStart = idx + m[0].indexOf(tokenText);
      content.push({ text: tokenText, start: tStart, end: tStart + tokenText.length, special: false });
      last = idx + m[0].length;
    }
  }
  if (last < text.length) appendAll(content, sectionPieces(tok, text.slice(last), last));

  const { before, after } = templateSpecials(tok);
  const budget = Math.max(0, maxTokens - before.length - after.length);
  const kept = content.length > budget ? content.slice(0, budget) : content;
  const keptChars = kept.length ? kept[kept.length - 1].end : 0;
  const endOfText = content.length > budget ? keptChars : text.length;
  const tokens: TokenSpan[] = [
    ...before.map((t) => ({ text: t, start: 0, end: 0, special: true })),
    ...kept,
    ...after.map((t) => ({ text: t, start: endOfText, end: endOfText, special: true })),
  ];
  const ids: number[] = tok.model.convert_tokens_to_ids(tokens.map((t) => t.text));
  return {
    tokens,
    ids,
    truncated: content.length > budget ? { keptChars, totalTokens: content.length + before.length + after.length } : null,
  };
}

/** A one-line warning saying where a text was cut. */
export function truncationWarning(truncated: NonNullable<Tokenized['truncated']>, textLength: number, maxTokens: number): string {
  return `text truncated to ${maxTokens} tokens (of ${truncated.totalTokens}): only characters 0–${truncated.keptChars} of ${textLength} are explained`;
}
