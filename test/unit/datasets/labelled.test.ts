// TSV datasets and label columns/fields: what `causal-lens eval --data` reads, through the same
// readers as Explain File.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  formatOf,
  readDataset,
  tsvHeader,
  type DatasetItem,
  type DatasetRow,
  type ReadOptions,
} from '../../../src/datasets/index';

async function collect(text: string, opts: ReadOptions, chunk = 5): Promise<DatasetItem[]> {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const out: DatasetItem[] = [];
  for await (const it of readDataset(Readable.from(chunks), opts)) out.push(it);
  return out;
}
const rows = (items: DatasetItem[]) => items.flatMap((i) => (i.kind === 'row' ? [i.row] : []));
const bad = (items: DatasetItem[]) => items.flatMap((i) => (i.kind === 'malformed' ? [i.malformed] : []));
/** The characters a row's location points at (TSV fields are verbatim). */
const spelled = (file: string, r: DatasetRow) =>
  file.split(/\r\n|\r|\n/)[r.location!.line].slice(r.location!.character, r.location!.character + r.text.length);

test('formatOf knows .tsv', () => {
  assert.equal(formatOf('/data/sst2/dev.TSV'), 'tsv');
});

test('tsv: tab-separated, no quoting (a quote is text), label column, malformed rows by line', async () => {
  const file = [
    'label\tcontent',
    '0\tone long string of cliches .',
    '1\t" the emotions are raw ',
    '1\tthe quote above swallowed nothing',
    '',
    '0\ttoo\tmany',
    '\tno label here',
    '1\t   ',
    '1\tlast\r\n0\tafter a CRLF',
  ].join('\n');
  const items = await collect(file, { format: 'tsv', column: 'content', labelColumn: 'label' });
  assert.deepEqual(
    rows(items).map((r) => [r.lineNumber, r.label, r.text]),
    [
      [2, '0', 'one long string of cliches .'],
      [3, '1', '" the emotions are raw '],
      [4, '1', 'the quote above swallowed nothing'],
      [9, '1', 'last'],
      [10, '0', 'after a CRLF'],
    ],
  );
  assert.deepEqual(
    bad(items).map((m) => [m.lineNumber, m.reason]),
    [
      [6, "expected 2 tab-separated fields (the header's), got 3"],
      [7, 'label column "label" is empty'],
      [8, 'column "content" is empty'],
    ],
  );
  for (const r of rows(items)) assert.equal(spelled(file, r), r.text);
  assert.deepEqual(rows(items)[0].location, { line: 1, character: 2 });
});

test('tsv: the header is read whole; unknown columns are errors naming the header', async () => {
  assert.deepEqual(await tsvHeader(Readable.from(['\ufeff\nlabel\tcontent\n0\tx\n'])), ['label', 'content']);
  await assert.rejects(
    collect('a\tb\nx\ty\n', { format: 'tsv', column: 'text' }),
    /column "text" is not in the header \(a, b\)/,
  );
  await assert.rejects(
    collect('a\tb\nx\ty\n', { format: 'tsv', column: 'a', labelColumn: 'gold' }),
    /label column "gold" is not in the header/,
  );
  // Without a label column a row carries no label.
  assert.deepEqual(
    rows(await collect('a\tb\nx\ty\n', { format: 'tsv', column: '1' })).map((r) => [r.text, 'label' in r]),
    [['y', false]],
  );
});

test('csv: a label column beside the text; an empty label is a malformed row', async () => {
  const file = 'text,label\n"good, very",POSITIVE\nbad film,\nfine, 1 \n';
  const items = await collect(file, { format: 'csv', column: 'text', labelColumn: 'label' });
  assert.deepEqual(
    rows(items).map((r) => [r.lineNumber, r.text, r.label]),
    [
      [2, 'good, very', 'POSITIVE'],
      [4, 'fine', '1'],
    ],
  );
  assert.deepEqual(
    bad(items).map((m) => [m.lineNumber, m.reason]),
    [[3, 'label column "label" is empty']],
  );
});

test('jsonl: a label field holds a name or a number; missing, empty or other types are malformed', async () => {
  const file = [
    '{"text": "good", "label": "POSITIVE"}',
    '{"text": "bad", "label": 0}',
    '{"text": "no label"}',
    '{"text": "empty", "label": " "}',
    '{"text": "list", "label": [1]}',
  ].join('\n');
  const items = await collect(file, { format: 'jsonl', field: 'text', labelField: 'label' });
  assert.deepEqual(
    rows(items).map((r) => [r.lineNumber, r.label]),
    [
      [1, 'POSITIVE'],
      [2, '0'],
    ],
  );
  assert.deepEqual(
    bad(items).map((m) => [m.lineNumber, m.reason]),
    [
      [3, 'no label field "label"'],
      [4, 'label field "label" is empty'],
      [5, 'label field "label" is not a string or a number'],
    ],
  );
});
