// .csv datasets, streamed through ./csvRecords. The first record is the header; the text is one
// chosen column (and, for evaluation, a label column). Bad records (wrong field count, invalid or unclosed quote, oversized) are reported
// with the line they start on and skipped; the records after them are read.
import { csvRecords } from './csvRecords';
import { locateField } from './csvFields';
import { tableColumns, tableRow, type TableColumns } from './tableRows';
import type { DatasetItem, DatasetSource, RowLocation } from './types';

/** Reads the header record (none when the first record is bad). */
export async function csvHeader(source: DatasetSource): Promise<string[]> {
  for await (const r of csvRecords(source)) return r.kind === 'record' ? r.fields : [];
  return [];
}

export async function* readCsv(
  source: DatasetSource,
  column: string,
  labelColumn?: string,
  pairColumn?: string,
): AsyncGenerator<DatasetItem> {
  let cols: TableColumns | null = null;
  let index = 0;
  for await (const r of csvRecords(source)) {
    if (r.kind === 'bad') {
      yield { kind: 'malformed', malformed: { lineNumber: r.line, reason: r.reason } };
      continue;
    }
    const lineNumber = r.line;
    if (!cols) {
      cols = tableColumns(r.fields, column, labelColumn, pairColumn);
      continue;
    }
    const expected = cols.header.length;
    const where = (c: number): RowLocation | null => {
      const span = locateField(r.raw, c);
      if (!span) return null;
      return span.verbatim
        ? { line: lineNumber - 1, character: span.start }
        : { line: lineNumber - 1, character: span.start, columns: span.columns };
    };
    const row =
      r.fields.length !== expected
        ? { problem: `Invalid Record Length: expected ${expected} fields (the header's), got ${r.fields.length}` }
        : tableRow(cols, r.fields, index, lineNumber, where);
    if ('problem' in row) {
      yield { kind: 'malformed', malformed: { lineNumber, reason: row.problem } };
      continue;
    }
    index++;
    yield { kind: 'row', row };
  }
}
