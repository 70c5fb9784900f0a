import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  readDataset,
  formatOf,
  looksBinary,
  csvHeader,
  jsonlStringFields,
  summarize,
  summaryMarkdown,
  resultsPathFor,
  writeResults,
  type DatasetItem,
  type DatasetRow,
  type ReadOptions,
} from '../../../src/datasets/index';
import { findStringField } from '../../../src/datasets/jsonSpan';

async function collect(text: string, opts: ReadOptions, chunk = 7): Promise<DatasetItem[]> {
  // Small chunks exercise the line splitter across chunk boundaries.
  const chunks: Buffer[] = [];
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const out: DatasetItem[] = [];
  for await (const it of readDataset(Readable.from(chunks), opts)) out.push(it);
  return out;
}
const rows = (items: DatasetItem[]) => items.filter((i) => i.kind === 'row').map((i) => (i as { row: DatasetRow }).row);
const bad = (items: DatasetItem[]) => items.flatMap((i) => (i.kind === 'malformed' ? [i.malformed] : []));

/** The characters the row's location points at, read back from the file's lines. */
function spelled(file: string, row: DatasetRow): string {
  const line = file.split(/\r?\n/)[row.location!.line];
  const cols = row.location!.columns;
  if (!cols) return line.slice(row.location!.character, row.location!.character + row.text.length);
  return cols
    .slice(0, -1)
    .map((c) => line[c])
    .join('');
}

test('formatOf recognises the three dataset extensions only', () => {
  assert.equal(formatOf('/a/b/reviews.CSV'), 'csv');
  assert.equal(formatOf('x.jsonl'), 'jsonl');
  assert.equal(formatOf('notes.txt'), 'txt');
  assert.equal(formatOf('x.json'), null);
});

test('txt: one text per line, blank lines skipped, CRLF and BOM handled, 1-based line numbers', async () => {
  const file = '\ufefffirst line\r\n\r\nsecond line é\nthird';
  const r = rows(await collect(file, { format: 'txt' }, 3));
  assert.deepEqual(
    r.map((x) => [x.index, x.lineNumber, x.text]),
    [
      [0, 1, 'first line'],
      [1, 3, 'second line é'],
      [2, 4, 'third'],
    ],
  );
  assert.deepEqual(r[1].location, { line: 2, character: 0 });
});

test('csv: chosen column, quoted fields with "" mapped to their columns, malformed rows reported with start line', async () => {
  const file = [
    'id,text,label',
    '1,plain text here,pos',
    '2,"a ""quoted"" word, with comma",neg',
    '3,too,many,fields',
    '4,"spans',
    'two lines",pos',
    '5,last one,neg',
    '',
  ].join('\n');
  const items = await collect(file, { format: 'csv', column: 'text' });
  const r = rows(items);
  assert.deepEqual(
    r.map((x) => [x.lineNumber, x.text]),
    [
      [2, 'plain text here'],
      [3, 'a "quoted" word, with comma'],
      [5, 'spans\ntwo lines'],
      [7, 'last one'],
    ],
  );
  assert.deepEqual(
    bad(items).map((m) => m.lineNumber),
    [4],
  );
  assert.match(bad(items)[0].reason, /Invalid Record Length/);
  assert.equal(spelled(file, r[0]), 'plain text here');
  assert.deepEqual(r[0].location, { line: 1, character: 2 });
  assert.equal(spelled(file, r[1]), 'a "quoted" word, with comma');
  assert.equal(r[2].location, null, 'a multi-line field has no single-line location');
  // malformed rows come out in file order, between the rows around them
  assert.deepEqual(
    items.map((i) => (i.kind === 'row' ? i.row.lineNumber : -i.malformed.lineNumber)),
    [2, 3, -4, 5, 7],
  );
});

test('csv: a column can be chosen by index; an unknown column is an error', async () => {
  const r = rows(await collect('a,b\nx,y\n', { format: 'csv', column: '1' }));
  assert.deepEqual(
    r.map((x) => x.text),
    ['y'],
  );
  await assert.rejects(collect('a,b\nx,y\n', { format: 'csv', column: 'nope' }), /not in the header/);
});

test('csv: an unclosed quote at the end is reported on the line it starts', async () => {
  const items = await collect('t\nok\n"never closed\n', { format: 'csv', column: 't' });
  assert.deepEqual(
    rows(items).map((x) => x.text),
    ['ok'],
  );
  assert.deepEqual(
    bad(items).map((m) => m.lineNumber),
    [3],
  );
});

test('csvHeader reads only the header', async () => {
  assert.deepEqual(await csvHeader(Readable.from(['review,stars\n"good",5\n'])), ['review', 'stars']);
});

test('jsonl: chosen field, escapes mapped, malformed lines reported with their numbers', async () => {
  const file = [
    '{"id": 1, "text": "good movie"}',
    '{"text": "a \\"great\\" caf\\u00e9", "nested": {"text": "no"}}',
    '{"text": "broken',
    '[1, 2]',
    '',
    '{"id": 5}',
    '{"text": 7}',
    '{"meta": {"x": [1, "}"]}, "text": "after nesting"}',
  ].join('\n');
  const items = await collect(file, { format: 'jsonl', field: 'text' });
  const r = rows(items);
  assert.deepEqual(
    r.map((x) => [x.lineNumber, x.text]),
    [
      [1, 'good movie'],
      [2, 'a "great" café'],
      [8, 'after nesting'],
    ],
  );
  assert.deepEqual(
    bad(items).map((m) => m.lineNumber),
    [3, 4, 6, 7],
  );
  assert.match(bad(items)[0].reason, /invalid JSON/);
  assert.match(bad(items)[2].reason, /no field "text"/);
  assert.match(bad(items)[3].reason, /not a string/);
  assert.deepEqual(r[0].location, { line: 0, character: 19 });
  assert.equal(spelled(file, r[0]), 'good movie');
  assert.ok(r[1].location!.columns, 'escaped text carries a column map');
  const line2 = file.split('\n')[1];
  assert.equal(line2.slice(r[1].location!.columns![2], r[1].location!.columns![3]), '\\"');
  assert.equal(spelled(file, r[2]), 'after nesting');
});

test('findStringField: duplicate keys resolve to the last one, like JSON.parse', () => {
  const line = '{"t": "first", "t": "second"}';
  const span = findStringField(line, 't')!;
  assert.equal(line.slice(span.start, span.start + 6), 'second');
  assert.equal(findStringField('{"t": 3}', 't'), null);
});

test('jsonlStringFields lists string fields, most frequent first', async () => {
  const f = await jsonlStringFields(Readable.from(['{"a":"x","b":1}\n{"a":"y","c":"z"}\nnot json\n']));
  assert.deepEqual(f, ['a', 'c']);
});

test('looksBinary: NUL bytes or many control bytes mean binary; text (UTF-8, tabs, CRLF) does not', () => {
  assert.equal(looksBinary(Buffer.from('hello\tworld\r\nçà\n')), false);
  assert.equal(looksBinary(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x01])), true);
  assert.equal(looksBinary(Buffer.from([1, 2, 3, 4, 5, 65, 66])), true);
  assert.equal(looksBinary(new Uint8Array()), false);
});

test('summarize: label distribution, mean explanation size, slowest rows', () => {
  const s = summarize(
    'r.csv',
    [
      { lineNumber: 2, label: 'POSITIVE', score: 0.9, explanationSize: 1, explanation: ['good'], totalMs: 100 },
      {
        lineNumber: 3,
        label: 'NEGATIVE',
        score: 0.8,
        explanationSize: 3,
        explanation: ['bad', 'not', 'film'],
        totalMs: 300,
      },
      { lineNumber: 4, label: 'POSITIVE', score: 0.7, explanationSize: null, explanation: [], totalMs: 200 },
    ],
    [{ lineNumber: 5, reason: 'invalid JSON' }],
    { slowest: 2 },
  );
  assert.deepEqual(s.labels, [
    { label: 'POSITIVE', count: 2, fraction: 2 / 3 },
    { label: 'NEGATIVE', count: 1, fraction: 1 / 3 },
  ]);
  assert.equal(s.meanExplanationSize, 2);
  assert.equal(s.rowsWithoutExplanation, 1);
  assert.deepEqual(s.slowest, [
    { lineNumber: 3, totalMs: 300 },
    { lineNumber: 4, totalMs: 200 },
  ]);
  const md = summaryMarkdown(s);
  assert.match(md, /\| POSITIVE \| 2 \| 66\.7 % \|/);
  assert.match(md, /\| 5 \| invalid JSON \|/);
});

test('writeResults: next to the dataset, never overwrites without consent, never over the dataset', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'cl-results-'));
  const data = path.join(dir, 'reviews.csv');
  writeFileSync(data, 'text\nhi\n');
  const out = resultsPathFor(data);
  assert.equal(out, path.join(dir, 'reviews.csv.causal-lens.jsonl'));
  assert.notEqual(resultsPathFor(path.join(dir, 'reviews.jsonl')), out);
  assert.equal(await writeResults(out, [{ a: 1 }, { a: 2 }]), 2);
  assert.equal(readFileSync(out, 'utf8'), '{"a":1}\n{"a":2}\n');
  await assert.rejects(writeResults(out, [{ a: 3 }]), /EEXIST/);
  assert.equal(await writeResults(out, [{ a: 3 }], { overwrite: true }), 1);
  assert.equal(readFileSync(out, 'utf8'), '{"a":3}\n');
  await assert.rejects(writeResults(data, [{ a: 1 }], { overwrite: true, datasetPath: data }), /refusing/);
  assert.equal(readFileSync(data, 'utf8'), 'text\nhi\n');
  assert.ok(existsSync(out));
});
