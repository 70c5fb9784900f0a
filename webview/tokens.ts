// Token display helpers: merge WordPiece sub-words into words for reading, and short labels.
// Pure (no DOM) so both the panel and its unit tests use them.
import type { TokenInfo } from '../src/protocol';

export interface WordGroup {
  /** Token indices of this word, in order. */
  tokens: number[];
  special: boolean;
  /** Character range in the source text (start = end for specials). */
  start: number;
  end: number;
}

/** True when token i continues the word of token i-1 (a "##" piece or glued by offsets). */
function continuesWord(tokens: TokenInfo[], i: number): boolean {
  if (i === 0) return false;
  const t = tokens[i],
    prev = tokens[i - 1];
  if (t.special || prev.special) return false;
  if (t.text.startsWith('##')) return true;
  // Offsets touching (no whitespace between) glue pieces of one written word, e.g. "don" "'" "t".
  return t.end > t.start && prev.end > prev.start && t.start === prev.end;
}

/** Groups tokens into written words: sub-word pieces merge, specials stay alone. */
export function groupWords(tokens: TokenInfo[]): WordGroup[] {
  const words: WordGroup[] = [];
  tokens.forEach((t, i) => {
    if (continuesWord(tokens, i)) {
      const w = words[words.length - 1];
      w.tokens.push(i);
      w.end = Math.max(w.end, t.end);
    } else {
      words.push({ tokens: [i], special: t.special, start: t.start, end: t.end });
    }
  });
  return words;
}

/** The token as written: the source text slice when offsets are usable, else the piece without "##". */
export function tokenSurface(tokens: TokenInfo[], i: number, text?: string): string {
  const t = tokens[i];
  if (!t.special && text !== undefined && t.end > t.start && t.end <= text.length) return text.slice(t.start, t.end);
  return t.special ? t.text : t.text.replace(/^##/, '');
}

/** Graph label of a token: its text, "##" kept for pieces so sub-words stay recognisable. */
export function tokenLabel(tokens: TokenInfo[], i: number, text?: string): string {
  const t = tokens[i];
  if (t.special) return t.text;
  const surface = tokenSurface(tokens, i, text);
  return t.text.startsWith('##') && !surface.startsWith('##') ? `##${surface}` : surface;
}

/** Text between two words in the source (collapsed to one space), or a space when unknown. */
export function gapBetween(prev: WordGroup | undefined, next: WordGroup, text?: string): string {
  if (!prev) return '';
  if (prev.special || next.special || text === undefined) return ' ';
  if (next.start < prev.end) return ' ';
  const gap = text.slice(prev.end, next.start);
  return gap.length === 0 ? '' : ' ';
}
