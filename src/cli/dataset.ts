// Opening a dataset file for a command (`eval --data`, `explain --file`): the format from the file
// name, a binary check, the text (and label) column or field — given, or guessed from the header /
// the first JSON line — and a fresh stream for each pass. Reading itself is src/datasets/, the same
// readers Explain File uses, so both report the same malformed rows at the same lines.
import { createReadStream, openSync, readSync, closeSync, statSync } from 'node:fs';
import {
  BINARY_SAMPLE_BYTES,
  csvHeader,
  formatOf,
  looksBinary,
  tsvHeader,
  type DatasetFormat,
  type DatasetSource,
  type ReadOptions,
} from '../datasets';
import { OversizedLine, readLines } from '../datasets/lines';
import { UsageError } from './args';

const TEXT_NAMES = /^(text|sentence|content|review|body|document)$/i;
const LABEL_NAMES = /^(label|labels|sentiment|class|target|y)$/i;

export interface DatasetFile {
  path: string;
  format: DatasetFormat;
  /** A new stream over the file (one per pass; "-" is standard input, which can be read once). */
  open(): DatasetSource;
}

/** The format of `file`; "-" (standard input) is read as `stdinFormat`. Throws a UsageError for other names. */
export function openDatasetFile(file: string, stdinFormat: DatasetFormat = 'txt'): DatasetFile {
  if (file === '-') {
    let used = false;
    return {
      path: '-',
      format: stdinFormat,
      open: () => {
        if (used) throw new Error('standard input can be read only once');
        used = true;
        return process.stdin;
      },
    };
  }
  const format = formatOf(file);
  if (!format) throw new UsageError(`${file}: a dataset is a .txt (one text per line), .csv, .tsv or .jsonl file`);
  let st;
  try {
    st = statSync(file);
  } catch (e) {
    throw new Error(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (st.isDirectory()) throw new Error(`cannot read ${file}: it is a folder`);
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.alloc(BINARY_SAMPLE_BYTES);
    const n = readSync(fd, buf, 0, buf.length, 0);
    if (looksBinary(buf.subarray(0, n))) throw new Error(`${file} looks like a binary file, not text`);
  } finally {
    closeSync(fd);
  }
  return { path: file, format, open: () => createReadStream(file) };
}

/** The header names (CSV/TSV) or the keys of the first JSON object line (JSONL). */
async function columnNames(d: DatasetFile): Promise<string[]> {
  if (d.format === 'csv') return csvHeader(d.open());
  if (d.format === 'tsv') return tsvHeader(d.open());
  if (d.format === 'jsonl') {
    for await (const line of readLines(d.open())) {
      if (line instanceof OversizedLine || line.trim() === '') continue;
      try {
        const obj = JSON.parse(line) as unknown;
        if (obj && typeof obj === 'object' && !Array.isArray(obj)) return Object.keys(obj);
      } catch {
        // a malformed line is reported when the file is read for real
      }
    }
  }
  return [];
}

function guess(names: string[], re: RegExp, what: string, option: string, d: DatasetFile): string {
  const hit = names.find((n) => re.test(n.trim()));
  if (hit === undefined) {
    throw new UsageError(
      `${d.path}: which ${what}? pass ${option} (${names.length ? `found: ${names.join(', ')}` : 'no header or object keys found'})`,
    );
  }
  return hit;
}

export interface FieldChoice {
  text?: string;
  label?: string;
}

/**
 * The reader options for `d`: the text column/field (given or guessed: text, sentence, content, …)
 * and, when `withLabel`, the label column/field (given or guessed: label, sentiment, class, …).
 */
export async function readOptionsFor(d: DatasetFile, given: FieldChoice, withLabel: boolean): Promise<ReadOptions> {
  if (d.format === 'txt') {
    if (withLabel)
      throw new UsageError(`${d.path}: a .txt file has no labels; use a labelled .csv, .tsv or .jsonl file`);
    if (given.text !== undefined)
      throw new UsageError(`${d.path}: a .txt file has one text per line, no columns or fields`);
    return { format: 'txt' };
  }
  const json = d.format === 'jsonl';
  const needsNames = given.text === undefined || (withLabel && given.label === undefined);
  const names = needsNames ? await columnNames(d) : [];
  const [textOpt, labelOpt] = json ? ['--text-field', '--label-field'] : ['--text-column', '--label-column'];
  const text =
    given.text ?? guess(names, TEXT_NAMES, json ? 'field holds the text' : 'column holds the text', textOpt, d);
  const label = withLabel
    ? (given.label ?? guess(names, LABEL_NAMES, json ? 'field holds the label' : 'column holds the label', labelOpt, d))
    : undefined;
  return json
    ? { format: 'jsonl', field: text, labelField: label }
    : { format: d.format, column: text, labelColumn: label };
}
