// Splits a chunked source into lines without holding the whole file in memory. Line ends are LF,
// CRLF or a lone CR (old Mac files; VS Code counts it as a line end too, so line numbers agree).
// Linear in the file size: each chunk is scanned once and a line's pieces are joined once (the
// earlier reader re-scanned and re-sliced its growing buffer per chunk: quadratic on a long line).
// A line longer than `maxChars` is not kept: it comes out as an OversizedLine with its length,
// so one huge line is reported as one bad row and memory stays bounded.
import { StringDecoder } from 'node:string_decoder';
import type { DatasetItem, DatasetSource } from './types';

/** Longest line kept (UTF-16 units): 16 Mi characters, far beyond any model's input. */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** A line that exceeded the limit; only its length is known. */
export class OversizedLine {
  constructor(
    readonly length: number,
    readonly limit: number,
  ) {}
  /** The reason given for the skipped row. */
  get reason(): string {
    return `line is ${this.length.toLocaleString('en-US')} characters long, over the limit of ${this.limit.toLocaleString('en-US')}: skipped`;
  }
}

const LINE_BREAK = /[\r\n]/g;

export interface LineOptions {
  maxChars?: number;
  /** Counts the characters examined for line ends (a test checks each is examined once: linear). */
  stats?: { scanned: number };
}

export async function* readLines(
  source: DatasetSource,
  opts: LineOptions = {},
): AsyncGenerator<string | OversizedLine> {
  const maxChars = opts.maxChars ?? MAX_LINE_CHARS;
  const stats = opts.stats ?? { scanned: 0 };
  const decoder = new StringDecoder('utf8');
  let pieces: string[] = [];
  let length = 0;
  let first = true;
  let afterCr = false; // the previous chunk ended in CR: a LF starting this one belongs to it
  const append = (piece: string): void => {
    length += piece.length;
    if (length > maxChars) pieces = [];
    else if (piece.length > 0) pieces.push(piece);
  };
  const take = (): string | OversizedLine => {
    const line = length > maxChars ? new OversizedLine(length, maxChars) : pieces.join('');
    pieces = [];
    length = 0;
    return line;
  };
  function* split(text: string): Generator<string | OversizedLine> {
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 byte-order mark
      first = false;
    }
    let pos = 0;
    if (afterCr && text.length > 0) {
      if (text[0] === '\n') {
        pos = 1;
        stats.scanned++;
      }
      afterCr = false;
    }
    for (;;) {
      LINE_BREAK.lastIndex = pos;
      const m = LINE_BREAK.exec(text);
      stats.scanned += (m ? m.index + 1 : text.length) - pos;
      if (!m) {
        append(text.slice(pos));
        return;
      }
      append(text.slice(pos, m.index));
      yield take();
      pos = m.index + 1;
      if (m[0] === '\r') {
        if (pos < text.length) {
          if (text[pos] === '\n') {
            pos++;
            stats.scanned++;
          }
        } else afterCr = true;
      }
    }
  }
  for await (const chunk of source) {
    yield* split(
      typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
    );
  }
  yield* split(decoder.end());
  if (length > 0) yield take();
}

/** A non-blank line of a one-record-per-line dataset, with its 1-based line number. */
export interface NumberedLine {
  kind: 'line';
  lineNumber: number;
  line: string;
}

/**
 * The dataset readers' shared walk over lines (.txt, .jsonl, .tsv): blank lines are skipped (they
 * separate, they are not errors) and an oversized line comes out as a malformed item for its row.
 */
export async function* numberedLines(
  source: DatasetSource,
): AsyncGenerator<NumberedLine | Extract<DatasetItem, { kind: 'malformed' }>> {
  let lineNumber = 0;
  for await (const line of readLines(source)) {
    lineNumber++;
    if (line instanceof OversizedLine) yield { kind: 'malformed', malformed: { lineNumber, reason: line.reason } };
    else if (line.trim() !== '') yield { kind: 'line', lineNumber, line };
  }
}
