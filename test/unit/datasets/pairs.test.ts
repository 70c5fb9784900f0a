// Sentence-pair datasets: a second text per row from a pair column (.csv/.tsv) or field (.jsonl),
// located in the file like the text (so both are highlighted), and a row whose second text is
// missing or empty reported as malformed at its line — the same readers Explain File and
// `causal-lens explain --file --pair-column/--pair-field` use.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import {
  readDataset,
  type DatasetItem,
  type DatasetRow,
  type ReadOptions,
  type RowLocation,
} from '../../../src/datasets/index';

async function collect(text: string, opts: ReadOptions, chunk = 7): Promise<DatasetItem[]> {
  const bytes = Buffer.from(text, 'utf8');
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  const out: DatasetItem[] = [];
  for await (const it of readDataset(Readable.from(chunks), opts)) out.push(it);
  return out;
}
const rows = (items: DatasetItem[]) => items.flatMap((i) => (i.kind === 'row' ? [i.row] : []));
const bad = (items: DatasetItem[]) => items.flatMap((i) => (i.kind === 'malformed' ? [i.malformed] : []));

/** The characters a location points at in `file`, one per text character (escapes decoded by `columns`). */
function at(file: string, loc: RowLocation, length: number): string {
  const line = file.split(/\r\n|\r|\n/)[loc.line];
  if (!loc.columns) return line.slice(loc.character, loc.character + length);
  return Array.from({ length }, (_, i) => line.slice(loc.columns![i], loc.columns![i + 1])).join('');
}
const both = (r: DatasetRow) => [r.text, r.pair?.text];

test('csv: pair column read and located (quoted, "" escapes), empty second text malformed by line', async () => {
  const file = [
    'premise,hypothesis,label',
    'the cat sat,a cat sat down,entailment',
    '"he said ""no""","he said ""yes""",contradiction',
    'a dog ran,,neutral',
    'too,many,fields,here',
    'the film was good,the film was not bad,entailment',
  ].join('\n');
  const items = await collect(file, { format: 'csv', column: 'premise', pairColumn: 'hypothesis' });
  assert.deepEqual(rows(items).map(both), [
    ['the cat sat', 'a cat sat down'],
    ['he said "no"', 'he said "yes"'],
    ['the film was good', 'the film was not bad'],
  ]);
  assert.deepEqual(
    bad(items).map((m) => [m.lineNumber, m.reason.replace(/:.*/, '')]),
    [
      [4, 'pair column "hypothesis" is empty'],
      [5, 'Invalid Record Length'],
    ],
  );
  for (const r of rows(items)) {
    // the located characters spell the text, quotes doubled where the file doubles them
    assert.equal(at(file, r.location!, r.text.length).replace(/""/g, '"'), r.text);
    assert.equal(at(file, r.pair!.location!, r.pair!.text.length).replace(/""/g, '"'), r.pair!.text);
    assert.equal(r.pair!.location!.line, r.lineNumber - 1);
  }
  // without a pair column, rows have no pair
  assert.ok(rows(await collect(file, { format: 'csv', column: 'premise' })).every((r) => r.pair === undefined));
  await assert.rejects(
    collect(file, { format: 'csv', column: 'premise', pairColumn: 'hyp' }),
    /pair column "hyp" is not in the header \(premise, hypothesis, label\)/,
  );
});

test('tsv: pair column by index, located after the tabs before it', async () => {
  const file = ['s1\ts2\tgold', 'a man eats\tsomeone eats\t1', 'x\t \t0', 'it rains\tit is dry\t0'].join('\n');
  const items = await collect(file, { format: 'tsv', column: 's1', pairColumn: '1' });
  assert.deepEqual(rows(items).map(both), [
    ['a man eats', 'someone eats'],
    ['it rains', 'it is dry'],
  ]);
  assert.deepEqual(
    bad(items).map((m) => [m.lineNumber, m.reason]),
    [[3, 'pair column "1" is empty']],
  );
  for (const r of rows(items)) assert.equal(at(file, r.pair!.location!, r.pair!.text.length), r.pair!.text);
});

test('jsonl: pair field read and located (escapes mapped), missing / non-string / empty second text malformed by line', async () => {
  const file = [
    '{"premise": "the cat sat", "hypothesis": "a cat sat"}',
    '{"premise": "tab\\there", "hypothesis": "caf\\u00e9 \\"quoted\\""}',
    '{"premise": "no pair"}',
    '{"premise": "number", "hypothesis": 3}',
    '{"premise": "blank", "hypothesis": "  "}',
    'not json',
    '{"premise": "last", "hypothesis": "one"}',
  ].join('\n');
  const items = await collect(file, { format: 'jsonl', field: 'premise', pairField: 'hypothesis' });
  assert.deepEqual(rows(items).map(both), [
    ['the cat sat', 'a cat sat'],
    ['tab\there', 'café "quoted"'],
    ['last', 'one'],
  ]);
  assert.deepEqual(
    bad(items).map((m) => [m.lineNumber, m.reason.replace(/:.*/, '')]),
    [
      [3, 'no pair field "hypothesis"'],
      [4, 'pair field "hypothesis" is not a string'],
      [5, 'pair field "hypothesis" is empty'],
      [6, 'invalid JSON'],
    ],
  );
  const escaped = rows(items)[1];
  assert.ok(escaped.pair!.location!.columns, 'escapes: a column per character');
  assert.equal(at(file, escaped.pair!.location!, escaped.pair!.text.length), 'caf\\u00e9 \\"quoted\\"');
  assert.equal(at(file, rows(items)[0].pair!.location!, 9), 'a cat sat');
});
