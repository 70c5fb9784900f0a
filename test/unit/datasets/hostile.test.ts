// Dataset readers on hostile input: odd line ends, huge lines and fields, broken CSV quoting.
// Each test pins a defect found by adversarial testing (issue 9); sizes are counted, never timed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { readDataset, type DatasetItem, type DatasetRow, type ReadOptions } from '../../../src/datasets/index';
import { OversizedLine, readLines } from '../../../src/datasets/lines';

async function collect(source: Iterable<string | Buffer>, opts: ReadOptions): Promise<DatasetItem[]> {
  const out: DatasetItem[] = [];
  for await (const it of readDataset(Readable.from(source), opts)) out.push(it);
  return out;
}
/** `text` as UTF-8 chunks of `size` bytes (small sizes split line ends across chunks). */
function chunks(text: string, size: number): Buffer[] {
  const bytes = Buffer.from(text, 'utf8');
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}
const rows = (items: DatasetItem[]) => items.flatMap((i) => (i.kind === 'row' ? [i.row] : []));
const bad = (items: DatasetItem[]) => items.flatMap((i) => (i.kind === 'malformed' ? [i.malformed] : []));
const lineText = (r: DatasetRow) => [r.lineNumber, r.text];

test('txt: CR-only line ends are line ends (old Mac files), also mixed and split across chunks', async () => {
  const file = 'one\rtwo\r\rfour\r\nfive\nsix\r';
  for (const size of [1, 2, 3, 5, 64]) {
    const r = rows(await collect(chunks(file, size), { format: 'txt' }));
    assert.deepEqual(
      r.map(lineText),
      [
        [1, 'one'],
        [2, 'two'],
        [4, 'four'],
        [5, 'five'],
        [6, 'six'],
      ],
      `chunks of ${size}`,
    );
    assert.deepEqual(
      r.map((x) => x.location),
      [0, 1, 3, 4, 5].map((line) => ({ line, character: 0 })),
    );
  }
});

test('readLines examines each character once (linear), however the file is chunked', async () => {
  // The old reader re-scanned its whole pending buffer per chunk: quadratic on a newline-less file.
  const text = `${'x'.repeat(1_000_000)}\nshort\r\nend`;
  for (const size of [1000, 65536]) {
    const stats = { scanned: 0 };
    const lines: (string | OversizedLine)[] = [];
    for await (const l of readLines(Readable.from(chunks(text, size)), { stats })) lines.push(l);
    assert.deepEqual(
      lines.map((l) => (typeof l === 'string' ? l.length : -1)),
      [1_000_000, 5, 3],
    );
    assert.equal(stats.scanned, text.length, `chunks of ${size}`);
  }
});

test('txt: a line over the length limit is one bad row with its length; the lines after it are read', async () => {
  const file = `before\n${'y'.repeat(300_000)}\nafter\n`;
  const out: (string | OversizedLine)[] = [];
  for await (const l of readLines(Readable.from(chunks(file, 4096)), { maxChars: 100_000 })) out.push(l);
  assert.equal(out[0], 'before');
  assert.ok(out[1] instanceof OversizedLine);
  assert.equal((out[1] as OversizedLine).length, 300_000);
  assert.equal((out[1] as OversizedLine).reason, 'line is 300,000 characters long, over the limit of 100,000: skipped');
  assert.equal(out[2], 'after');
});

test('txt and jsonl: a line beyond 16 Mi characters is reported for its row, not the file', async () => {
  const huge = 'z'.repeat(17 * 1024 * 1024);
  const txt = await collect([`a\n`, huge, `\nb\n`], { format: 'txt' });
  assert.deepEqual(rows(txt).map(lineText), [
    [1, 'a'],
    [3, 'b'],
  ]);
  assert.deepEqual(
    bad(txt).map((m) => m.lineNumber),
    [2],
  );
  assert.match(bad(txt)[0].reason, /^line is 17,825,792 characters long, over the limit of 16,777,216: skipped$/);
  const jsonl = await collect(['{"text":"a"}\n{"text":"', huge, '"}\n{"text":"b"}\n'], {
    format: 'jsonl',
    field: 'text',
  });
  assert.deepEqual(rows(jsonl).map(lineText), [
    [1, 'a'],
    [3, 'b'],
  ]);
  assert.deepEqual(
    bad(jsonl).map((m) => m.lineNumber),
    [2],
  );
});

test('jsonl: a 10 MB field is read with memory proportional to it (no per-character string building)', async () => {
  // The old locator grew the decoded value one character at a time: ~100 bytes per character, 1 GB
  // for this row. Heap growth is a count of bytes, not a time, and is bounded generously here.
  const field = 'ab'.repeat(5_000_000);
  const line = `{"id": 1, "text": "${field}"}\n{"text": "after \\"quoted\\""}\n`;
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  const items: DatasetItem[] = [];
  for await (const it of readDataset(Readable.from([line]), { format: 'jsonl', field: 'text' })) {
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    items.push(it);
  }
  const r = rows(items);
  assert.equal(r[0].text.length, 10_000_000);
  assert.deepEqual(r[0].location, { line: 0, character: 19 });
  assert.deepEqual(lineText(r[1]), [2, 'after "quoted"']);
  const perChar = (peak - before) / field.length;
  console.log(`jsonl 10 MB field: ${perChar.toFixed(1)} bytes of heap per character`);
  assert.ok(perChar < 12, `${perChar.toFixed(1)} bytes of heap per character of the field`);
});

test('csv: CRLF line ends and a multi-line quoted field: every row at its own line, for any chunking', async () => {
  const file = 'id,text\r\n1,"a\r\nb\r\nc"\r\n2,after\r\n3,"x""y"\r\n';
  for (const size of [1, 2, 3, 7, 1024]) {
    const items = await collect(chunks(file, size), { format: 'csv', column: 'text' });
    assert.deepEqual(bad(items), [], `chunks of ${size}`);
    const r = rows(items);
    assert.deepEqual(
      r.map(lineText),
      [
        [2, 'a\r\nb\r\nc'],
        [5, 'after'],
        [6, 'x"y'],
      ],
      `chunks of ${size}`,
    );
    assert.equal(r[0].location, null);
    assert.deepEqual(r[1].location, { line: 4, character: 2 });
    assert.deepEqual(r[2].location, { line: 5, character: 3, columns: [3, 4, 6, 7] });
  }
  // Lone CR line ends count as lines too.
  const cr = await collect(['id,text\r1,"two\rlines"\r2,next\r'], { format: 'csv', column: 'text' });
  assert.deepEqual(rows(cr).map(lineText), [
    [2, 'two\rlines'],
    [4, 'next'],
  ]);
});

test('csv: an invalid closing quote spoils its own row only: reported at its line, later rows kept', async () => {
  const file = 'id,text\n1,"bad"x\n2,good\n3,"also"bad, more\n4,"multi\nline"\n5,fine\n6,"open\n';
  const items = await collect(chunks(file, 5), { format: 'csv', column: 'text' });
  assert.deepEqual(rows(items).map(lineText), [
    [3, 'good'],
    [5, 'multi\nline'],
    [7, 'fine'],
  ]);
  assert.deepEqual(
    bad(items).map((m) => m.lineNumber),
    [2, 4, 8],
  );
  assert.match(bad(items)[0].reason, /^Invalid Closing Quote: got "x" after a quoted field's closing quote/);
  assert.match(bad(items)[2].reason, /^Quote Not Closed/);
  // In file order.
  assert.deepEqual(
    items.map((i) => (i.kind === 'row' ? i.row.lineNumber : -i.malformed.lineNumber)),
    [-2, 3, -4, 5, 7, -8],
  );
});

test('csv: a record over 16 Mi characters is reported for its row; the rows after it are read', async () => {
  const items = await collect(['t\nfirst\n"', 'q'.repeat(17 * 1024 * 1024), '"\nlast\n'], {
    format: 'csv',
    column: 't',
  });
  assert.deepEqual(rows(items).map(lineText), [
    [2, 'first'],
    [4, 'last'],
  ]);
  assert.deepEqual(
    bad(items).map((m) => [m.lineNumber, m.reason]),
    [[3, 'record is 17,825,794 characters long, over the limit of 16,777,216: skipped']],
  );
});

test("csv: on valid files the records equal csv-parse's (random fields with quotes, commas, line ends)", async () => {
  const { parse } = await import('csv-parse/sync');
  const { csvRecords } = await import('../../../src/datasets/csvRecords');
  const fc = await import('fast-check');
  const field = fc.stringMatching(/^[ab,"\n\r é]{0,6}$/);
  const quote = (f: string) => (/[,"\r\n]/.test(f) || f === '' ? `"${f.replace(/"/g, '""')}"` : f);
  await fc.assert(
    fc.asyncProperty(
      fc.array(fc.array(field, { minLength: 3, maxLength: 3 }), { minLength: 1, maxLength: 6 }),
      fc.constantFrom('\n', '\r\n'),
      fc.integer({ min: 1, max: 9 }),
      async (records, eol, size) => {
        const file = records.map((r) => r.map(quote).join(',')).join(eol) + eol;
        const mine: string[][] = [];
        for await (const r of csvRecords(Readable.from(chunks(file, size)))) {
          assert.equal(r.kind, 'record');
          if (r.kind === 'record') mine.push(r.fields);
        }
        assert.deepEqual(mine, parse(file) as string[][]);
      },
    ),
    { numRuns: 300, seed: 9 },
  );
});

test('writeResults never writes the dataset through a symbolic or hard link, even after "Overwrite"', async () => {
  const { mkdtempSync, writeFileSync, readFileSync, symlinkSync, linkSync, lstatSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const { writeResults, resultsPathFor } = await import('../../../src/datasets/index');
  const dir = mkdtempSync(path.join(tmpdir(), 'cl-links-'));
  const data = path.join(dir, 'reviews.csv');
  writeFileSync(data, 'text\nhi\n');
  const out = resultsPathFor(data);
  symlinkSync(data, out); // the results path is a symbolic link to the dataset
  await assert.rejects(
    writeResults(out, [{ a: 1 }], { overwrite: true, datasetPath: data }),
    /refusing to write results over the dataset itself \(.* through a link\)/,
  );
  const hard = path.join(dir, 'hard.jsonl');
  linkSync(data, hard); // a hard link: another name for the same inode
  await assert.rejects(writeResults(hard, [{ a: 1 }], { overwrite: true, datasetPath: data }), /refusing/);
  // The dataset given through a link of its own is recognised too.
  const viaLink = path.join(dir, 'alias.csv');
  symlinkSync(data, viaLink);
  await assert.rejects(writeResults(hard, [{ a: 1 }], { overwrite: true, datasetPath: viaLink }), /refusing/);
  assert.equal(readFileSync(data, 'utf8'), 'text\nhi\n');
  // A results path linked to some other file: the overwrite replaces the link, the other file stays.
  const other = path.join(dir, 'other.txt');
  writeFileSync(other, 'keep me\n');
  const linked = path.join(dir, 'linked.jsonl');
  symlinkSync(other, linked);
  assert.equal(await writeResults(linked, [{ a: 2 }], { overwrite: true, datasetPath: data }), 1);
  assert.equal(readFileSync(other, 'utf8'), 'keep me\n');
  assert.equal(lstatSync(linked).isSymbolicLink(), false);
  assert.equal(readFileSync(linked, 'utf8'), '{"a":2}\n');
});
