// .tsv datasets: one record per line, fields separated by tabs, the first record is the header.
// As in the IANA text/tab-separated-values type and the GLUE/SST-2 files, there is no quoting: a
// quote is an ordinary character, so `"` inside a sentence never swallows the lines after it
// (fields that need tabs or line breaks belong in a .csv). Lines come from ./lines, so line ends,
// the byte-order mark and oversized lines are handled as for .txt and .jsonl.
import { columnIndex } from './columns';
import { numberedLines, OversizedLine, readLines } from './lines';
import type { DatasetItem, DatasetSource } from './types';

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
  let header: string[] | null = null;
  let col = -1;
  let labelCol = -1;
  let pairCol = -1;
  let index = 0;
  for await (const item of numberedLines(source)) {
    if (item.kind === 'malformed') {
      yield item;
      continue;
    }
    const { lineNumber, line } = item;
    const fields = line.split('\t');
    if (!header) {
      header = fields;
      col = columnIndex(header, column);
      if (labelColumn !== undefined) labelCol = columnIndex(header, labelColumn, 'label column');
      if (pairColumn !== undefined) pairCol = columnIndex(header, pairColumn, 'pair column');
      continue;
    }
    const bad = (reason: string): DatasetItem => ({ kind: 'malformed', malformed: { lineNumber, reason } });
    if (fields.length !== header.length) {
      yield bad(`expected ${header.length} tab-separated fields (the header's), got ${fields.length}`);
      continue;
    }
    const text = fields[col];
    if (text.trim() === '') {
      yield bad(`column "${column}" is empty`);
      continue;
    }
    let label: string | undefined;
    if (labelCol >= 0) {
      label = fields[labelCol].trim();
      if (label === '') {
        yield bad(`label column "${labelColumn}" is empty`);
        continue;
      }
    }
    if (pairCol >= 0 && fields[pairCol].trim() === '') {
      yield bad(`pair column "${pairColumn}" is empty`);
      continue;
    }
    // Unquoted fields appear verbatim: a field starts after the tabs of the fields before it.
    const at = (c: number) => ({
      line: lineNumber - 1,
      character: fields.slice(0, c).reduce((n, f) => n + f.length + 1, 0),
    });
    const pair = pairCol >= 0 ? { pair: { text: fields[pairCol], location: at(pairCol) } } : {};
    yield {
      kind: 'row',
      row: { index: index++, lineNumber, text, location: at(col), ...(label === undefined ? {} : { label }), ...pair },
    };
  }
}
