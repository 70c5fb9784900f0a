// What the .csv and .tsv readers share once a record is split into fields: the header picks the
// columns, and each later record becomes either a row or the reason it is malformed.
import { columnIndex } from './columns';
import type { DatasetRow, RowLocation } from './types';

export interface TableColumns {
  header: string[];
  text: number;
  /** -1 when no label / pair column was asked for. */
  label: number;
  pair: number;
  names: { text: string; label?: string; pair?: string };
}

export function tableColumns(
  header: string[],
  column: string,
  labelColumn?: string,
  pairColumn?: string,
): TableColumns {
  return {
    header,
    text: columnIndex(header, column),
    label: labelColumn === undefined ? -1 : columnIndex(header, labelColumn, 'label column'),
    pair: pairColumn === undefined ? -1 : columnIndex(header, pairColumn, 'pair column'),
    names: { text: column, label: labelColumn, pair: pairColumn },
  };
}

/**
 * The row of a record with the header's field count, or why it is malformed (an empty text, label
 * or pair). `where` says where a field's text sits in the file.
 */
export function tableRow(
  cols: TableColumns,
  fields: string[],
  index: number,
  lineNumber: number,
  where: (column: number) => RowLocation | null,
): DatasetRow | { problem: string } {
  const text = fields[cols.text];
  if (text.trim() === '') return { problem: `column "${cols.names.text}" is empty` };
  const label = cols.label >= 0 ? fields[cols.label].trim() : undefined;
  if (label === '') return { problem: `label column "${cols.names.label}" is empty` };
  if (cols.pair >= 0 && fields[cols.pair].trim() === '')
    return { problem: `pair column "${cols.names.pair}" is empty` };
  const pair = cols.pair >= 0 ? { pair: { text: fields[cols.pair], location: where(cols.pair) } } : {};
  return { index, lineNumber, text, location: where(cols.text), ...(label === undefined ? {} : { label }), ...pair };
}
