// .tsv datasets: one record per line, fields separated by tabs, the first record is the header.
// As in the IANA text/tab-separated-values type and the GLUE/SST-2 files, there is no quoting: a
// quote is an ordinary character, so `"` inside a sentence never swallows the lines after it
// (fields that need tabs or line breaks belong in a .csv). Lines come from ./lines, so line ends,
// the byte-order mark and oversized lines are handled as for .txt and .jsonl.
import { tableColumns, tableRow, type TableColumns } from './tableRows';
import { numberedLines, OversizedLine, readLines } from './lines';
import type { DatasetItem, DatasetSource, RowLocation } from './types';

/** Reads the header record (empty when the first non-blank line is oversized or there is none). */
export async function tsvHeader(source: DatasetSource): Promise<string[]> {
  for await (const line of readLines(source)) {
    if (line instanceof OversizedLine) return [];
    if (line.trim() !== '') return line.split('\t');
  }
  return [];
}

export async function* readTsv(
  source: DatasetSource,
  column: string,
  labelColumn?: string,
  pairColumn?: string,
): AsyncGenerator<DatasetItem> {
  let cols: TableColumns | null = null;
  let index = 0;
  for await (const item of numberedLines(source)) {
    if (item.kind === 'malformed') {
      yield item;
      continue;
    }
    const { lineNumber, line } = item;
    const fields = line.split('\t');
    if (!cols) {
      cols = tableColumns(fields, column, labelColumn, pairColumn);
      continue;
    }
    const expected = cols.header.length;
    // Unquoted fields appear verbatim: a field starts after the tabs of the fields before it.
    const at = (c: number): RowLocation => ({
      line: lineNumber - 1,
      character: fields.slice(0, c).reduce((n, f) => n + f.length + 1, 0),
    });
    const row =
      fields.length !== expected
        ? { problem: `expected ${expected} tab-separated fields (the header's), got ${fields.length}` }
        : tableRow(cols, fields, index, lineNumber, at);
    if ('problem' in row) {
      yield { kind: 'malformed', malformed: { lineNumber, reason: row.problem } };
      continue;
    }
    index++;
    yield { kind: 'row', row };
  }
}
