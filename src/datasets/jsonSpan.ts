// Finds where a top-level string field's value is spelled in one JSON line, and maps every
// character of the decoded value to its column in the line (escapes such as \" or \u00e9 take
// several columns). JSON.parse has already validated the line; this only locates.

export interface StringSpan {
  start: number;
  /** columns[i] = column of decoded character i; columns[value.length] = column of the closing quote. */
  columns: number[];
  /** true when no escape occurs, so the value appears verbatim at `start`. */
  verbatim: boolean;
}

/** Locates the value of `field` in the JSON object text `line`; null if absent or not a string. */
export function findStringField(line: string, field: string): StringSpan | null {
  let i = skipWs(line, 0);
  if (line[i] !== '{') return null;
  i = skipWs(line, i + 1);
  // JSON.parse keeps the last duplicate key, so the last match wins here too.
  let found: StringSpan | null = null;
  while (i < line.length && line[i] !== '}') {
    if (line[i] !== '"') return null;
    const key = scanString(line, i);
    i = skipWs(line, key.end);
    if (line[i] !== ':') return null;
    i = skipWs(line, i + 1);
    if (key.value === field) {
      if (line[i] === '"') {
        const val = scanString(line, i);
        found = { start: i + 1, columns: val.columns, verbatim: val.verbatim };
      } else found = null;
    }
    i = skipWs(line, skipValue(line, i));
    if (line[i] === ',') i = skipWs(line, i + 1);
  }
  return found;
}

function skipWs(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\r' || s[i] === '\n')) i++;
  return i;
}

/** Scans the string literal opening at s[i] === '"'. */
function scanString(s: string, i: number): { value: string; end: number; columns: number[]; verbatim: boolean } {
  let value = '';
  const columns: number[] = [];
  let verbatim = true;
  let j = i + 1;
  while (j < s.length && s[j] !== '"') {
    if (s[j] === '\\') {
      verbatim = false;
      const e = s[j + 1];
      if (e === 'u') {
        columns.push(j);
        value += String.fromCharCode(parseInt(s.slice(j + 2, j + 6), 16));
        j += 6;
      } else {
        columns.push(j);
        value += ({ n: '\n', t: '\t', r: '\r', b: '\b', f: '\f' } as Record<string, string>)[e] ?? e;
        j += 2;
      }
    } else {
      columns.push(j);
      value += s[j];
      j++;
    }
  }
  columns.push(j);
  return { value, end: j + 1, columns, verbatim };
}

/** Skips any JSON value starting at s[i]; returns the index just after it. */
function skipValue(s: string, i: number): number {
  if (s[i] === '"') return scanString(s, i).end;
  if (s[i] === '{' || s[i] === '[') {
    let depth = 0;
    let j = i;
    while (j < s.length) {
      const c = s[j];
      if (c === '"') { j = scanString(s, j).end; continue; }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') { depth--; if (depth === 0) return j + 1; }
      j++;
    }
    return j;
  }
  let j = i;
  while (j < s.length && s[j] !== ',' && s[j] !== '}' && s[j] !== ']') j++;
  return j;
}
