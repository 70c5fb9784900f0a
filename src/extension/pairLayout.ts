// Sentence pairs in the editor: the model's tokens index into each of the two texts (segment 0 and
// 1); the editor and the panel need one text with one set of offsets. When both texts are in the
// document (two selections), that text is the document from the first to the end of the second, so
// every token's range is a document range; when the second text was typed, it is the first text, a
// separator and the typed text, and the typed text's tokens have no place in the document. Pure
// (no vscode) so it is unit-tested directly.
import type { TokenInfo } from '../protocol';

/** The second text of a pair: where it starts in the document (null: typed, not in the document). */
export interface PairSource {
  text: string;
  base: number | null;
}

export interface PairLayout {
  /** The text the panel shows and the highlights are placed in. */
  text: string;
  /** Where the second text starts in `text`. */
  pairStart: number;
  /** true: both texts are in the document, `text` starts at the first text's document offset. */
  inDocument: boolean;
}

/** Between the two texts when the second one was typed (the panel shows it as a gap). */
export const TYPED_PAIR_SEPARATOR = ' ‖ ';

/**
 * The layout of a pair. `between` is the document text from the end of the first text to the start
 * of the second (needed when the second text is in the document, after the first).
 */
export function pairLayout(first: { text: string; base: number }, pair: PairSource, between?: string): PairLayout {
  if (pair.base === null) {
    return {
      text: first.text + TYPED_PAIR_SEPARATOR + pair.text,
      pairStart: first.text.length + TYPED_PAIR_SEPARATOR.length,
      inDocument: false,
    };
  }
  const gap = pair.base - (first.base + first.text.length);
  if (gap < 0) throw new RangeError('the second text of a pair must start after the first one ends');
  if (between === undefined || between.length !== gap)
    throw new RangeError(`the text between the two texts must be ${gap} characters long`);
  return { text: first.text + between + pair.text, pairStart: pair.base - first.base, inDocument: true };
}

/** Tokens with the second text's offsets moved into the layout's text (specials keep start = end). */
export function layTokens<T extends Pick<TokenInfo, 'start' | 'end' | 'special' | 'segment'>>(
  tokens: readonly T[],
  layout: Pick<PairLayout, 'pairStart'>,
): T[] {
  return tokens.map((t) =>
    t.segment === 1 && !t.special ? { ...t, start: t.start + layout.pairStart, end: t.end + layout.pairStart } : t,
  );
}

/**
 * Tokens for the editor's highlights: laid out, and, when the second text is not in the document,
 * its tokens emptied (end = start) so nothing is drawn for them.
 */
export function documentTokens<T extends Pick<TokenInfo, 'start' | 'end' | 'special' | 'segment'>>(
  tokens: readonly T[],
  layout: PairLayout,
): T[] {
  const laid = layTokens(tokens, layout);
  return layout.inDocument ? laid : laid.map((t) => (t.segment === 1 ? { ...t, end: t.start } : t));
}
