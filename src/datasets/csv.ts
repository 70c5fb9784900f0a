// .csv datasets, streamed through csv-parse. The first record is the header; the text is one
// chosen column. Records csv-parse rejects (wrong field count, unclosed quote, ...) are reported
// with the line they start on and skipped.
import { parse, type Info, type CsvError } from 'csv-parse';
import { Readable } from 'node:stream';
import { locateField } from './csvFields';
import type { DatasetItem, DatasetSource, RowLocation } from './types';

interface Parsed { record: string[]; raw: string; info: Info }

/** 1-based line where a record starts, from csv-parse's end line and the record's raw text. */
function startLine(endLine: number, raw: string): number {
  let newlines = 0;
  for (const c of raw) if (c === '\n') newlines++;
  if (raw.endsWith('\n')) newlines--; // the record's own terminator
  return Math.max(1, endLine - newlines);
}

function parser() {
  return parse({ info: true, raw: true, bom: true, skip_records_with_error: true, skip_empty_lines: true });
}

/** Reads the header record. */
export async function csvHeader(source: DatasetSource): Promise<string[]> {
  const p = Readable.from(source).pipe(parser());
  for await (const r of p as AsyncIterable<Parsed>) {
    p.destroy();
    return r.record;
  }
  return [];
}

export async function* readCsv(source: DatasetSource, column: string): AsyncGenerator<DatasetItem> {
  const p = Readable.from(source).pipe(parser());
  // csv-parse reports skipped records as events, possibly ahead of the records it has parsed but
  // not yet handed over; queue them and release each one before the first record after it.
  const skipped: { lineNumber: number; reason: string }[] = [];
  p.on('skip', (err: CsvError & { lines?: number; raw?: string }) => {
    const raw = typeof err.raw === 'string' ? err.raw : '';
    const lineNumber = startLine(Number(err.lines ?? 0), raw);
    skipped.push({ lineNumber, reason: err.message.replace(/ on line \d+$/, '').replace(/ at line \d+$/, '') });
  });
  let col = -1;
  let index = 0;
  const drain = function* (before = Infinity): Generator<DatasetItem> {
    while (skipped.length && skipped[0].lineNumber < before) yield { kind: 'malformed', malformed: skipped.shift()! };
  };
  for await (const r of p as AsyncIterable<Parsed>) {
    const lineNumber = startLine(r.info.lines, r.raw);
    yield* drain(lineNumber);
    if (col < 0) {
      col = r.record.indexOf(column);
      if (col < 0 && /^\d+$/.test(column)) col = Number(column);
      if (col < 0 || col >= r.record.length) throw new Error(`column "${column}" is not in the header (${r.record.join(', ')})`);
      continue;
    }
    const text = r.record[col] ?? '';
    if (text.trim() === '') {
      yield { kind: 'malformed', malformed: { lineNumber, reason: `column "${column}" is empty` } };
      continue;
    }
    const span = locateField(r.raw, col);
    let location: RowLocation | null = null;
    if (span) location = span.verbatim ? { line: lineNumber - 1, character: span.start } : { line: lineNumber - 1, character: span.start, columns: span.columns };
    yield { kind: 'row', row: { index: index++, lineNumber, text, location } };
  }
  yield* drain();
}
