// .jsonl datasets: one JSON object per line; the text is a chosen top-level string field, and for
// evaluation a label field (a string name or a number index).
// A line that is not valid JSON, not an object, lacks the field, or is over the line-length limit
// is reported and skipped; the other rows are read.
import { numberedLines, OversizedLine, readLines } from './lines';
import { findStringField } from './jsonSpan';
import type { DatasetItem, DatasetSource, RowLocation } from './types';

export async function* readJsonl(
  source: DatasetSource,
  field: string,
  labelField?: string,
  pairField?: string,
): AsyncGenerator<DatasetItem> {
  let index = 0;
  for await (const item of numberedLines(source)) {
    if (item.kind === 'malformed') {
      yield item;
      continue;
    }
    const { lineNumber, line } = item;
    let obj: unknown;
    try {
      obj = JSON.parse(line);
    } catch (e) {
      yield { kind: 'malformed', malformed: { lineNumber, reason: `invalid JSON: ${(e as Error).message}` } };
      continue;
    }
    if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
      yield { kind: 'malformed', malformed: { lineNumber, reason: 'not a JSON object' } };
      continue;
    }
    const value = (obj as Record<string, unknown>)[field];
    if (typeof value !== 'string') {
      const why = value === undefined ? `no field "${field}"` : `field "${field}" is not a string`;
      yield { kind: 'malformed', malformed: { lineNumber, reason: why } };
      continue;
    }
    if (value.trim() === '') {
      yield { kind: 'malformed', malformed: { lineNumber, reason: `field "${field}" is empty` } };
      continue;
    }
    let label: string | undefined;
    if (labelField !== undefined) {
      const l = (obj as Record<string, unknown>)[labelField];
      label = typeof l === 'string' ? l.trim() : typeof l === 'number' && Number.isFinite(l) ? String(l) : undefined;
      if (label === undefined || label === '') {
        const why =
          l === undefined
            ? `no label field "${labelField}"`
            : label === ''
              ? `label field "${labelField}" is empty`
              : `label field "${labelField}" is not a string or a number`;
        yield { kind: 'malformed', malformed: { lineNumber, reason: why } };
        continue;
      }
    }
    let pairText: string | undefined;
    if (pairField !== undefined) {
      const p = (obj as Record<string, unknown>)[pairField];
      if (typeof p !== 'string' || p.trim() === '') {
        const why =
          p === undefined
            ? `no pair field "${pairField}"`
            : typeof p !== 'string'
              ? `pair field "${pairField}" is not a string`
              : `pair field "${pairField}" is empty`;
        yield { kind: 'malformed', malformed: { lineNumber, reason: why } };
        continue;
      }
      pairText = p;
    }
    const where = (f: string, v: string): RowLocation | null => {
      const span = findStringField(line, f);
      if (!span || !(span.verbatim ? span.end - span.start === v.length : span.columns.length === v.length + 1))
        return null;
      return span.verbatim
        ? { line: lineNumber - 1, character: span.start }
        : { line: lineNumber - 1, character: span.start, columns: span.columns };
    };
    const location = where(field, value);
    const pair =
      pairText !== undefined && pairField !== undefined
        ? { pair: { text: pairText, location: where(pairField, pairText) } }
        : {};
    yield {
      kind: 'row',
      row: { index: index++, lineNumber, text: value, location, ...(label === undefined ? {} : { label }), ...pair },
    };
  }
}

/** The string-valued top-level fields seen in the first `sampleLines` valid lines, most frequent first. */
export async function jsonlStringFields(source: DatasetSource, sampleLines = 50): Promise<string[]> {
  const counts = new Map<string, number>();
  let seen = 0;
  for await (const line of readLines(source)) {
    if (line instanceof OversizedLine || line.trim() === '') continue;
    try {
      const obj = JSON.parse(line) as unknown;
      if (obj && typeof obj === 'object' && !Array.isArray(obj)) {
        for (const [k, v] of Object.entries(obj)) if (typeof v === 'string') counts.set(k, (counts.get(k) ?? 0) + 1);
      }
    } catch {
      // malformed lines are reported when the file is read for real
    }
    if (++seen >= sampleLines) break;
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
}
