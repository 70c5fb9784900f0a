// Column positions inside one raw CSV record (./csvRecords has split and validated it; this only
// locates a field so highlights land on the right characters). Handles "quoted" fields with ""
// escapes; returns null for a field that spans lines.

export interface FieldSpan {
  /** Column (in the record's first line) of the field's first decoded character. */
  start: number;
  /** Column of each decoded character, plus one past the end. */
  columns: number[];
  verbatim: boolean;
}

export function locateField(raw: string, fieldIndex: number, delimiter = ',', quote = '"'): FieldSpan | null {
  let i = 0;
  for (let f = 0; ; f++) {
    let columns: number[] = [];
    let verbatim = true;
    let start = i;
    if (raw[i] === quote) {
      start = i + 1;
      i++;
      while (i < raw.length) {
        if (raw[i] === quote) {
          if (raw[i + 1] === quote) {
            columns.push(i);
            i += 2;
            verbatim = false;
            continue;
          }
          break;
        }
        columns.push(i);
        i++;
      }
      columns.push(i);
      i++; // closing quote
    } else {
      while (i < raw.length && raw[i] !== delimiter && raw[i] !== '\n' && raw[i] !== '\r') {
        columns.push(i);
        i++;
      }
      columns.push(i);
    }
    if (f === fieldIndex) {
      const text = raw.slice(start, columns[columns.length - 1]);
      if (text.includes('\n') || text.includes('\r')) return null;
      return verbatim ? { start, columns: [], verbatim } : { start, columns, verbatim };
    }
    if (raw[i] !== delimiter) return null; // fewer fields than expected
    i++;
    columns = [];
  }
}
