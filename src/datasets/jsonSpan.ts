// Finds where a top-level string field's value is spelled in one JSON line, and maps every
// character of the decoded value to its column in the line (escapes such as \" or \u00e9 take
// several columns). JSON.parse has already validated the line; this only locates.
//
// Memory stays proportional to the line: nothing is built character by character (a string grown
// one character at a time is a chain of ~10^7 pieces for a 10 MB field: ~100 bytes per character,
// and flattening it can overflow the stack). Keys are decoded with JSON.parse of their literal;
// a value's columns are only listed when an escape makes them differ from verbatim.

export interface StringSpan {
  start: number;
  /** Column of the closing quote. */
  end: number;
  /** Unless verbatim: columns[i] = column of decoded character i; columns[value.length] = `end`. Empty when verbatim. */
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
  let found: { at: number } | null = null;
  while (i < line.length && line[i] !== '}') {
    if (line[i] !== '"') return null;
    const keyEnd = stringEnd(line, i);
    const key = JSON.parse(line.slice(i, keyEnd)) as string;
    i = skipWs(line, keyEnd);
    if (line[i] !== ':') return null;
    i = skipWs(line, i + 1);
    if (key === field) found = line[i] === '"' ? { at: i } : null;
    i = skipWs(line, skipValue(line, i));
    if (line[i] === ',') i = skipWs(line, i + 1);
  }
  return found ? valueSpan(line, found.at) : null;
}

function skipWs(s: string, i: number): number {
  while (i < s.length && (s[i] === ' ' || s[i] === '\t' || s[i] === '\r' || s[i] === '\n')) i++;
  return i;
}

/** Index just after the string literal opening at s[i] === '"'. */
function stringEnd(s: string, i: number): number {
  let j = i + 1;
  for (;;) {
    const q = s.indexOf('"', j);
    if (q < 0) return s.length;
    // The quote closes the string unless an odd number of backslashes precede it.
    let b = q - 1;
    while (b > i && s.charCodeAt(b) === 92) b--;
    if ((q - 1 - b) % 2 === 0) return q + 1;
    j = q + 1;
  }
}

/** The span of the string value whose opening quote is s[i]. */
function valueSpan(s: string, i: number): StringSpan {
  const end = stringEnd(s, i) - 1; // the closing quote
  const firstEscape = s.indexOf('\\', i + 1);
  if (firstEscape < 0 || firstEscape >= end) return { start: i + 1, end, columns: [], verbatim: true };
  const columns: number[] = [];
  let j = i + 1;
  while (j < end) {
    columns.push(j);
    if (s.charCodeAt(j) !== 92) j++;
    else j += s[j + 1] === 'u' ? 6 : 2; // \uXXXX is one UTF-16 unit, any other escape one character
  }
  columns.push(end);
  return { start: i + 1, end, columns, verbatim: false };
}

/** Skips any JSON value starting at s[i]; returns the index just after it. */
function skipValue(s: string, i: number): number {
  if (s[i] === '"') return stringEnd(s, i);
  if (s[i] === '{' || s[i] === '[') {
    let depth = 0;
    let j = i;
    while (j < s.length) {
      const c = s[j];
      if (c === '"') {
        j = stringEnd(s, j);
        continue;
      }
      if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') {
        depth--;
        if (depth === 0) return j + 1;
      }
      j++;
    }
    return j;
  }
  let j = i;
  while (j < s.length && s[j] !== ',' && s[j] !== '}' && s[j] !== ']') j++;
  return j;
}
