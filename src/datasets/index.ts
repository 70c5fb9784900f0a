// Dataset files for "Explain File": format detection, field discovery, streaming rows,
// summaries and the results writer. Pure Node code (no vscode) so it is unit-tested directly.
import { readCsv, csvHeader } from './csv';
import { readTsv, tsvHeader } from './tsv';
import { readJsonl, jsonlStringFields } from './jsonl';
import { readTxt } from './txt';
import type { DatasetFormat, DatasetItem, DatasetSource, ReadOptions } from './types';

export * from './types';
export { looksBinary, BINARY_SAMPLE_BYTES } from './binary';
export { summarize, summaryMarkdown, type RowResult, type DatasetSummary } from './summary';
export { resultsPathFor, writeResults, type ResultsRecord } from './results';
export { csvHeader, tsvHeader, jsonlStringFields };

/** The dataset format a file name implies, or null if it is not a supported dataset file. */
export function formatOf(fileName: string): DatasetFormat | null {
  const m = /\.(txt|csv|tsv|jsonl)$/i.exec(fileName);
  return m ? (m[1].toLowerCase() as DatasetFormat) : null;
}

/** Streams the rows of a dataset; malformed rows come out in file order as `malformed` items. */
export function readDataset(source: DatasetSource, opts: ReadOptions): AsyncGenerator<DatasetItem> {
  switch (opts.format) {
    case 'txt':
      return readTxt(source);
    case 'csv':
      if (opts.column === undefined) throw new Error('a CSV dataset needs a column');
      return readCsv(source, opts.column, opts.labelColumn, opts.pairColumn);
    case 'tsv':
      if (opts.column === undefined) throw new Error('a TSV dataset needs a column');
      return readTsv(source, opts.column, opts.labelColumn, opts.pairColumn);
    case 'jsonl':
      if (opts.field === undefined) throw new Error('a JSONL dataset needs a field');
      return readJsonl(source, opts.field, opts.labelField, opts.pairField);
  }
}
