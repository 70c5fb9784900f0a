// .csv datasets, streamed through ./csvRecords. The first record is the header; the text is one
// chosen column (and, for evaluation, a label column). Bad records (wrong field count, invalid or unclosed quote, oversized) are reported
// with the line they start on and skipped; the records after them are read.
import { csvRecords } from './csvRecords';
import { locateField } from './csvFields';
import { columnIndex } from './columns';
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
  let header: string[] | null = null;
  let col = -1;
  let labelCol = -1;
  let pairCol = -1;
  let index = 0;
  for await (const r of csvRecords(source)) {
    if (r.kind === 'bad') {
      yield { kind: 'malformed', malformed: { lineNumber: r.line, reason: r.reason } };
      continue;
    }
    const lineNumber = r.line;
    if (!header) {
      header = r.fields;
      col = columnIndex(header, column);
      if (labelColumn !== undefined) labelCol = columnIndex(header, labelColumn, 'label column');
      if (pairColumn !== undefined) pairCol = columnIndex(header, pairColumn, 'pair column');
      continue;
    }
    if (r.fields.length !== header.length) {
      yield {
        kind: 'malformed',
        malformed: {
          lineNumber,
          reason: `Invalid Record Length: expected ${header.length} fields (the header's), got ${r.fields.length}`,
        },
      };
      continue;
    }
    const text = r.fields[col];
    if (text.trim() === '') {
      yield { kind: 'malformed', malformed: { lineNumber, reason: `column "${column}" is empty` } };
      continue;
    }
    let label: string | undefined;
    if (labelCol >= 0) {
      label = r.fields[labelCol].trim();
      if (label === '') {
        yield { kind: 'malformed', malformed: { lineNumber, reason: `label column "${labelColumn}" is empty` } };
        continue;
      }
    }
    if (pairCol >= 0 && r.fields[pairCol].trim() === '') {
      yield { kind: 'malformed', malformed: { lineNumber, reason: `pair column "${pairColumn}" is empty` } };
      continue;
    }
    const where = (c: number): RowLocation | null => {
      const span = locateField(r.raw, c);
      if (!span) return null;
      return span.verbatim
        ? { line: lineNumber - 1, character: span.start }
        : { line: lineNumber - 1, character: span.start, columns: span.columns };
    };
    const location = where(col);
    const pair = pairCol >= 0 ? { pair: { text: r.fields[pairCol], location: where(pairCol) } } : {};
    yield {
      kind: 'row',
      row: { index: index++, lineNumber, text, location, ...(label === undefined ? {} : { label }), ...pair },
    };
  }
}
