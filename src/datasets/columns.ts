// Column choice shared by the header-based readers (.csv, .tsv): a header name, or a 0-based index
// written as digits when no header cell has that name.

/** The index of `column` in `header`; throws a message listing the header when it is not there. */
export function columnIndex(header: string[], column: string, role = 'column'): number {
  let col = header.indexOf(column);
  if (col < 0 && /^\d+$/.test(column)) col = Number(column);
  if (col < 0 || col >= header.length)
    throw new Error(`${role} "${column}" is not in the header (${header.join(', ')})`);
  return col;
}
