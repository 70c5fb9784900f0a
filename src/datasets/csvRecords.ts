// A streaming CSV record splitter (RFC 4180: "quoted" fields with "" escapes, fields may span lines).
// Written here rather than taken from csv-parse because a dataset reader needs three things it did
// not give: the exact start line of every record whatever the line ends (LF, CRLF, lone CR — each
// one line, as the editor counts), recovery after a bad record (an invalid closing quote such as
// `1,"bad"x` spoils its own line only, the rows after it are read), and memory bounded per record.
// Fields are collected as slices of the decoded chunks, never character by character.
import { StringDecoder } from 'node:string_decoder';
import type { DatasetSource } from './types';

/** Longest record kept (UTF-16 units), as for lines (./lines.ts). */
export const MAX_RECORD_CHARS = 16 * 1024 * 1024;

export interface CsvRecord {
  kind: 'record';
  fields: string[];
  raw: string;
  line: number;
}
export interface CsvBadRecord {
  kind: 'bad';
  line: number;
  reason: string;
}

const enum S {
  FieldStart,
  Unquoted,
  Quoted,
  QuoteSeen,
  Skip,
}

export async function* csvRecords(
  source: DatasetSource,
  maxChars = MAX_RECORD_CHARS,
): AsyncGenerator<CsvRecord | CsvBadRecord> {
  const decoder = new StringDecoder('utf8');
  let state = S.FieldStart;
  let line = 1; // current physical line
  let recordLine = 0; // start line of the record in progress; 0: none
  let recordChars = 0;
  let fields: string[] = [];
  let fieldParts: string[] = [];
  let rawParts: string[] = [];
  let error = '';
  let prevCr = false;
  let first = true;

  function* feed(text: string, final: boolean): Generator<CsvRecord | CsvBadRecord> {
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // UTF-8 byte-order mark
      first = false;
    }
    let seg = 0; // start of the current field content in `text`
    let rawSeg = 0; // start of the record's raw text in `text`
    const keep = (): boolean => recordChars <= maxChars;
    const flushField = (end: number): void => {
      if (keep() && end > seg) fieldParts.push(text.slice(seg, end));
    };
    const endField = (): void => {
      fields.push(keep() ? fieldParts.join('') : '');
      fieldParts = [];
    };
    /** Ends the record at text[end]: its line end, or the end of the file. */
    const endRecord = (end: number, atLineEnd = true): CsvRecord | CsvBadRecord | null => {
      const start = recordLine;
      const length = recordChars - (atLineEnd ? 1 : 0); // the line end was counted, it is not the record's
      let out: CsvRecord | CsvBadRecord | null;
      if (error) out = { kind: 'bad', line: start, reason: error };
      else if (!keep())
        out = {
          kind: 'bad',
          line: start,
          reason: `record is ${length.toLocaleString('en-US')} characters long, over the limit of ${maxChars.toLocaleString('en-US')}: skipped`,
        };
      else {
        rawParts.push(text.slice(rawSeg, end));
        out = { kind: 'record', fields, raw: rawParts.join(''), line: start };
      }
      fields = [];
      fieldParts = [];
      rawParts = [];
      error = '';
      recordLine = 0;
      recordChars = 0;
      state = S.FieldStart;
      return out;
    };
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const isCr = c === 13,
        isLf = c === 10;
      const lfOfCrlf = isLf && prevCr;
      prevCr = isCr;
      if (recordLine === 0) {
        // Between records: the LF of a CRLF that ended the last record, or an empty line.
        if (lfOfCrlf) continue;
        if (isCr || isLf) {
          line++;
          continue;
        }
        recordLine = line;
        rawSeg = i;
      }
      if (recordChars++ === maxChars) {
        rawParts = [];
        fieldParts = [];
      }
      switch (state) {
        case S.FieldStart:
          if (c === 34) {
            state = S.Quoted;
            seg = i + 1;
          } else if (c === 44) {
            fieldParts = [];
            endField();
          } else if (isCr || isLf) {
            endField();
            const r = endRecord(i);
            line++;
            if (r) yield r;
          } else {
            state = S.Unquoted;
            seg = i;
          }
          break;
        case S.Unquoted:
          if (c === 44) {
            flushField(i);
            endField();
            state = S.FieldStart;
          } else if (isCr || isLf) {
            flushField(i);
            endField();
            const r = endRecord(i);
            line++;
            if (r) yield r;
          }
          break;
        case S.Quoted:
          if (c === 34) {
            flushField(i);
            state = S.QuoteSeen;
          } else if (isCr || (isLf && !lfOfCrlf)) line++;
          break;
        case S.QuoteSeen:
          if (c === 34) {
            state = S.Quoted;
            seg = i;
          } // "" → one quote, the second starts the next slice
          else if (c === 44) {
            endField();
            state = S.FieldStart;
          } else if (isCr || isLf) {
            endField();
            const r = endRecord(i);
            line++;
            if (r) yield r;
          } else {
            error = `Invalid Closing Quote: got "${text[i]}" after a quoted field's closing quote, where a comma or line end must follow`;
            state = S.Skip;
          }
          break;
        case S.Skip:
          if (isCr || isLf) {
            const r = endRecord(i);
            line++;
            if (r) yield r;
          }
          break;
      }
    }
    if (recordLine === 0) return;
    if (final) {
      if (state === S.Quoted) error ||= 'Quote Not Closed: the file ends inside a quoted field';
      if (state === S.Unquoted) flushField(text.length);
      if (state !== S.Skip && state !== S.Quoted) endField();
      const r = endRecord(text.length, false);
      if (r) yield r;
      return;
    }
    // The record goes on in the next chunk: keep what this one holds of it.
    if (keep()) {
      if (state === S.Unquoted || state === S.Quoted) flushField(text.length);
      rawParts.push(text.slice(rawSeg));
    }
  }

  for await (const chunk of source) {
    yield* feed(
      typeof chunk === 'string' ? chunk : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
      false,
    );
  }
  yield* feed(decoder.end(), true);
}
