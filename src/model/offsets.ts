// Tokenizes a text the way the model's own tokenizer does AND keeps, for every token, the UTF-16 range
// of the source text it came from. transformers.js 2.x returns no offsets, so the tokenizer's own
// parts are replayed with a character map: added tokens that are not special are split off first
// (special ones typed in the text stay text), the normalizer
// runs one code point at a time (BertNormalizer is per character: control removal, whitespace → ' ',
// spaces around CJK, lower-casing, accent stripping), the pre-tokenizer's words are located in the
// normalized text, and each word's WordPiece pieces are laid back onto it ('##' prefix excluded).
import { normalizeWithMap } from './normalizeMap';
import type { TokenizerLike } from './runtime';

export interface TokenSpan {
  /** The vocabulary piece, e.g. 'wonder', '##ful', '[CLS]'. */
  text: string;
  /** UTF-16 offsets into the original text; specials have start = end. */
  start: number;
  end: number;
  special: boolean;
  /** Sentence pairs only: 0 = the first text, 1 = the second (start/end index into that text). */
  segment?: 0 | 1;
}

export interface Tokenized {
  tokens: TokenSpan[];
  ids: number[];
  /** Sentence pairs only: the post-processor's token type per token (BERT: 0…0 1…1; RoBERTa/XLM-R: all 0). */
  typeIds?: number[];
  /** Set when the text did not fit: characters [0, keptChars) are represented; totalTokens counts all tokens incl. specials. */
  truncated: null | { keptChars: number; totalTokens: number };
}

interface Piece {
  text: string;
  start: number;
  end: number;
  special: boolean;
}

/**
 * How the pre-tokenizer writes a word: each word character stands for `units` of the located
 * (decoded) word — one byte of GPT-2's byte alphabet, or one UTF-16 unit with SentencePiece's '▁'
 * standing for a space. Returns the decoded word and, per word character, its decoded unit range.
 */
function decodeWord(tok: TokenizerLike, word: string): { decoded: string; lo: number[]; hi: number[] } {
  const bytesOf = byteDecoder(tok);
  if (bytesOf) {
    const bytes = Uint8Array.from(Array.from(word, (c) => bytesOf.get(c) ?? 0x3f));
    const decoded = utf8.decode(bytes);
    const lo: number[] = [],
      hi: number[] = [];
    let unit = 0,
      b = 0;
    for (const cp of decoded) {
      // U+FFFD from an invalid sequence stands for one byte; a valid code point for its UTF-8 length.
      const n = cp === '\ufffd' && !isEncodedReplacement(bytes, b) ? 1 : utf8Length(cp.codePointAt(0) ?? 0);
      for (let k = 0; k < n; k++) {
        lo.push(unit);
        hi.push(unit + cp.length);
      }
      unit += cp.length;
      b += n;
    }
    return { decoded, lo, hi };
  }
  const space = metaspaceChar(tok);
  const decoded = space ? word.split(space).join(' ') : word;
  const lo = Array.from({ length: word.length }, (_, i) => i);
  return { decoded, lo, hi: lo.map((i) => i + 1) };
}

const utf8 = new TextDecoder();
const utf8Length = (cp: number) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);

function isEncodedReplacement(bytes: Uint8Array, b: number): boolean {
  return bytes[b] === 0xef && bytes[b + 1] === 0xbf && bytes[b + 2] === 0xbd;
}

/** The byte-level pre-tokenizer's character → byte table, when there is one (RoBERTa, GPT-2). */
function byteDecoder(tok: TokenizerLike): Map<string, number> | null {
  const cached = byteTables.get(tok);
  if (cached !== undefined) return cached;
  const level = preTokenizerParts(tok.pre_tokenizer).find((p) => p.byte_encoder);
  const table = level?.byte_encoder
    ? new Map(Object.entries(level.byte_encoder).map(([b, c]) => [c, Number(b)]))
    : null;
  byteTables.set(tok, table);
  return table;
}
const byteTables = new WeakMap<object, Map<string, number> | null>();

/** The SentencePiece space replacement ('▁') of a Metaspace pre-tokenizer, if any. */
function metaspaceChar(tok: TokenizerLike): string | null {
  const meta = preTokenizerParts(tok.pre_tokenizer).find((p) => typeof p.replacement === 'string');
  return (meta?.strRep ?? meta?.replacement) || null;
}

type PreTokenizerPart = NonNullable<TokenizerLike['pre_tokenizer']> & {
  tokenizers?: PreTokenizerPart[];
  byte_encoder?: Record<string, string>;
  replacement?: string;
  strRep?: string;
};
function preTokenizerParts(p: TokenizerLike['pre_tokenizer']): PreTokenizerPart[] {
  if (!p) return [];
  const part = p as PreTokenizerPart;
  return part.tokenizers ? part.tokenizers.flatMap((t) => preTokenizerParts(t)) : [part];
}

/** A model piece and how many word characters it spans (null: unknown, e.g. a WordPiece [UNK] word). */
interface ModelPiece {
  text: string;
  length: number | null;
}

/** The model's pieces of one pre-tokenized word, as the tokenizer's model(...) call returns them. */
function wordPieces(tok: TokenizerLike, word: string): ModelPiece[] {
  const m = tok.model;
  const unk = m.unk_token;
  const known = (t: string) => m.tokens_to_ids.has(t);
  let pieces: ModelPiece[];
  if (m.config?.type === 'BPE' && m.bpe) {
    // As BPE.encode: merges, then each piece not in the vocabulary is byte fallback or the unknown token.
    const raw = m.ignore_merges && known(word) ? [word] : m.bpe(word);
    const sfx = m.end_of_word_suffix ?? '',
      cont = m.continuing_subword_suffix ?? '';
    pieces = [];
    raw.forEach((p, i) => {
      let length = p.length;
      if (cont && i < raw.length - 1 && p.endsWith(cont)) length -= cont.length;
      if (sfx && i === raw.length - 1 && p.endsWith(sfx)) length -= sfx.length;
      if (known(p)) pieces.push({ text: p, length });
      else if (m.byte_fallback) {
        const bytes = Array.from(
          new TextEncoder().encode(p),
          (x) => `<0x${x.toString(16).toUpperCase().padStart(2, '0')}>`,
        );
        bytes.forEach((b, k) => pieces.push({ text: b, length: k === 0 ? length : 0 }));
      } else pieces.push({ text: unk ?? '', length });
    });
  } else {
    const prefix: string = m.config?.continuing_subword_prefix ?? (m.config?.type === 'WordPiece' ? '##' : '');
    const encoded = m.encode([word]);
    // WordPiece gives one [UNK] for a whole word it cannot split: its length is unknown.
    const whole = m.config?.type === 'WordPiece' && encoded.length === 1 && encoded[0] === unk && word !== unk;
    pieces = encoded.map((p, i) => ({
      text: p,
      length: whole ? null : i > 0 && prefix && p.startsWith(prefix) ? p.length - prefix.length : p.length,
    }));
  }
  return pieces;
}

/** The tokens of one section of ordinary text (no added tokens inside). */
function sectionPieces(tok: TokenizerLike, section: string, base: number, sectionIndex: number): Piece[] {
  if (tok.remove_space === true || tok.do_lowercase_and_remove_accent) {
    throw new Error(
      'tokenizers with remove_space / do_lowercase_and_remove_accent are not supported for offset mapping',
    );
  }
  const map = normalizeWithMap(tok.normalizer, section, base);
  if (map.text.length === 0) return [];
  const words: string[] = tok.pre_tokenizer
    ? tok.pre_tokenizer.pre_tokenize_text(map.text, { section_index: sectionIndex })
    : [map.text];
  const pieces: Piece[] = [];
  const end = base + section.length;
  const fromAt = (u: number) => map.from[u] ?? end;
  const toAt = (u: number) => map.to[u] ?? end;
  let cursor = 0;
  words.forEach((word) => {
    const { decoded, lo, hi } = decodeWord(tok, word);
    let at = map.text.indexOf(decoded, cursor);
    // A space the pre-tokenizer added (add_prefix_space, Metaspace's prefix) is in no source character.
    let virtual = 0;
    if (decoded.startsWith(' ')) {
      const bare = map.text.indexOf(decoded.slice(1), cursor);
      if (bare >= 0 && (at < 0 || bare < at)) {
        at = bare;
        virtual = 1;
      }
    }
    const located = at >= 0;
    const wStart = located ? at : cursor;
    const wEnd = located ? at + decoded.length - virtual : cursor;
    cursor = wEnd;
    const wp = wordPieces(tok, word);
    const fits =
      located && wp.every((p) => p.length !== null) && wp.reduce((a, p) => a + (p.length ?? 0), 0) === word.length;
    let pos = 0;
    for (const p of wp) {
      let s = wStart,
        e = wEnd;
      if (fits) {
        // the decoded units this piece's word characters cover, minus the virtual space
        const n = p.length ?? 0;
        const units =
          n > 0
            ? [lo[pos] - virtual, hi[pos + n - 1] - virtual]
            : [lo[pos] ?? decoded.length, lo[pos] ?? decoded.length];
        s = wStart + Math.max(0, units[0]);
        e = wStart + Math.max(0, units[1]);
        pos += n;
      }
      pieces.push({ text: p.text, start: fromAt(s), end: e > s ? toAt(e - 1) : fromAt(s), special: false });
    }
  });
  return tok.model.fuse_unk ? fuseUnknown(tok, pieces) : pieces;
}

/** As the model's own call with fuse_unk (always on for Unigram): a run of unknown pieces is one unknown token. */
function fuseUnknown(tok: TokenizerLike, pieces: Piece[]): Piece[] {
  const unk = tok.model.unk_token;
  const fused: Piece[] = [];
  for (const p of pieces) {
    const isUnk = p.text === unk || !tok.model.tokens_to_ids.has(p.text);
    const prev = fused[fused.length - 1];
    if (isUnk && prev && prev.text === unk) prev.end = Math.max(prev.end, p.end);
    else fused.push(isUnk ? { ...p, text: unk } : p);
  }
  return fused;
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

/** The ordinary (non-template) tokens of a text with their source ranges. */
function contentPieces(tok: TokenizerLike, text: string): Piece[] {
  const content: Piece[] = [];
  let last = 0;
  let sectionIndex = 0;
  const addedRe = tok.added_tokens_regex ? new RegExp(tok.added_tokens_regex.source, 'g') : null;
  if (addedRe) {
    for (const m of text.matchAll(addedRe)) {
      const tokenText = m.slice(1).find((g) => g !== undefined) ?? m[0];
      const idx = m.index ?? 0;
      // Text is text: a typed "[CLS]" or "<s>" stays characters, or the user's text could
      // inject the model's control tokens. Only added tokens that are ordinary words split here.
      if (tok.special_tokens.includes(tokenText)) continue;
      if (idx > last) appendAll(content, sectionPieces(tok, text.slice(last, idx), last, sectionIndex++));
      const tStart = idx + m[0].indexOf(tokenText);
      content.push({ text: tokenText, start: tStart, end: tStart + tokenText.length, special: false });
      sectionIndex++;
      last = idx + m[0].length;
    }
  }
  if (last < text.length) appendAll(content, sectionPieces(tok, text.slice(last), last, sectionIndex));
  // Highlights cover the word, not the space a byte-level or SentencePiece piece carries ('Ġgood', '▁good').
  for (const p of content) {
    let { start, end } = p;
    while (start < end && /\s/.test(text[start])) start++;
    while (end > start && /\s/.test(text[end - 1])) end--;
    if (end > start) {
      p.start = start;
      p.end = end;
    }
  }
  return content;
}

/**
 * Tokenizes `text` into at most `maxTokens` tokens (specials included) with source offsets.
 * The ids equal what the tokenizer's own encode() returns for texts that fit and contain no typed
 * special token: "[CLS]" written in the text is tokenized as the characters '[', 'cl', '##s', ']'.
 */
export function tokenizeWithOffsets(tok: TokenizerLike, text: string, maxTokens: number): Tokenized {
  const content = contentPieces(tok, text);
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
    truncated:
      content.length > budget ? { keptChars, totalTokens: content.length + before.length + after.length } : null,
  };
}

/** A one-line warning saying where a text was cut. */
export function truncationWarning(
  truncated: NonNullable<Tokenized['truncated']>,
  textLength: number,
  maxTokens: number,
): string {
  return `text truncated to ${maxTokens} tokens (of ${truncated.totalTokens}): only characters 0–${truncated.keptChars} of ${textLength} are explained`;
}

/**
 * A sentence pair (premise + hypothesis, question + passage) as the post-processor joins it:
 * [CLS] A [SEP] B [SEP] for BERT, <s> A </s></s> B </s> for RoBERTa/XLM-R. Each token says which
 * text it came from (segment) and its range inside that text. Too long: the longer text loses
 * tokens from its end first (longest first, as the tokenizers truncate pairs).
 */
export function tokenizePairWithOffsets(tok: TokenizerLike, a: string, b: string, maxTokens: number): Tokenized {
  const pa = contentPieces(tok, a),
    pb = contentPieces(tok, b);
  const markA = '\u0000sequenceA',
    markB = '\u0000sequenceB';
  if (!tok.post_processor) throw new Error('this tokenizer has no post-processor: it cannot join a sentence pair');
  const joined = tok.post_processor.post_process([markA], [markB], { add_special_tokens: true });
  const specials = joined.tokens.length - 2;
  let na = pa.length,
    nb = pb.length;
  while (na + nb + specials > maxTokens && na + nb > 0) {
    if (na >= nb) na--;
    else nb--;
  }
  const endA = na < pa.length ? (na ? pa[na - 1].end : 0) : a.length;
  const endB = nb < pb.length ? (nb ? pb[nb - 1].end : 0) : b.length;
  const tokens: TokenSpan[] = [];
  const typeIds: number[] = [];
  let inB = false;
  joined.tokens.forEach((t, k) => {
    const type = joined.token_type_ids?.[k] ?? 0;
    if (t === markA) {
      for (const p of pa.slice(0, na)) {
        tokens.push({ ...p, segment: 0 });
        typeIds.push(type);
      }
      return;
    }
    if (t === markB) {
      inB = true;
      for (const p of pb.slice(0, nb)) {
        tokens.push({ ...p, segment: 1 });
        typeIds.push(type);
      }
      return;
    }
    // a special before B's text sits at the end of A; after it, at the end of B
    const at = inB ? endB : tokens.some((x) => x.segment === 0) || k > 0 ? endA : 0;
    tokens.push({ text: t, start: at, end: at, special: true, segment: inB ? 1 : 0 });
    typeIds.push(type);
  });
  const total = pa.length + pb.length + specials;
  return {
    tokens,
    ids: tok.model.convert_tokens_to_ids(tokens.map((t) => t.text)),
    typeIds,
    truncated: total > maxTokens ? { keptChars: endA, totalTokens: total } : null,
  };
}
