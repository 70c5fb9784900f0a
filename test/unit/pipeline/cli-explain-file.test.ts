// `causal-lens explain --file`: one JSON line per good row in file order, malformed rows on stderr
// by line, the dataset left byte-identical, --out never replaced without --force; 4 shards merged
// equal one unsharded run row for row; worker threads give the same rows as this thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { UsageError } from '../../../src/cli/args';
import { runExplain } from '../../../src/cli/explain';
import { runMerge } from '../../../src/cli/merge';
import { collectIo } from '../../support/cliIo';
import { tempFolder, tinyModelFolder } from '../../support/tinyFixture';

const root = path.resolve(__dirname, '../../..');
const model = tinyModelFolder({ files: ['fp32'] });
const dir = tempFolder();
// A budget in model runs only (the time budget far away), so every run finds the same explanations.
const BUDGET = ['--max-tests', '40', '--time-budget', '3600', '--no-baselines'];
const TEXTS = [
  'the plot was thin',
  'great film',
  'bad terrible movie',
  'wonderful acting',
  'not good',
  'very good movie',
  'the acting was wonderful',
  'thin plot',
  'good film',
  'terrible',
  'the movie was good',
  'bad acting',
];

/** 12 good rows, a multi-line quoted field, and two malformed records (lines 6 and 13). */
function writeCsv(name: string): { file: string; bytes: Buffer } {
  const lines = ['id,text,label'];
  TEXTS.forEach((t, i) => {
    if (i === 4) lines.push('x,"bad"quote,1');
    if (i === 10) lines.push('y,too,many,fields');
    lines.push(i === 7 ? `${i},"thin\nplot",0` : `${i},"${t}",${i % 2}`);
  });
  const file = path.join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, bytes: readFileSync(file) };
}

type Rec = Record<string, unknown> & { line: number; row: number; text: string };
const parse = (jsonl: string): Rec[] =>
  jsonl
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Rec);
/** Everything but the timings, which are the only part that may differ between runs. */
const stable = (recs: Rec[]) => recs.map(({ timings: _t, ...r }) => r);

async function explainFile(
  args: string[],
  workerFile?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = collectIo();
  const code = await runExplain(['--model', model, ...BUDGET, ...args], io, workerFile ? { workerFile } : {});
  return { code, stdout: io.stdout, stderr: io.stderr };
}

test('explain --file data.csv --column text --out: a line per good row, malformed rows by line, dataset untouched', async () => {
  const { file, bytes } = writeCsv('data.csv');
  const out = path.join(dir, 'out.jsonl');
  const r = await explainFile(['--file', file, '--column', 'text', '--out', out, '--workers', '1']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, '', 'with --out nothing goes to stdout');
  const recs = parse(readFileSync(out, 'utf8'));
  assert.deepEqual(
    recs.map((x) => [x.line, x.row]),
    [
      [2, 0],
      [3, 1],
      [4, 2],
      [5, 3],
      [7, 4],
      [8, 5],
      [9, 6],
      [10, 7],
      [12, 8],
      [13, 9],
      [15, 10],
      [16, 11],
    ],
  );
  assert.equal(recs[7].text, 'thin\nplot');
  let explainedTokens = 0;
  for (const x of recs) {
    assert.match(String(x.label), /^(POSITIVE|NEGATIVE)$/);
    for (const set of x.explanation as { text: string; start: number; end: number }[][]) {
      for (const t of set) {
        explainedTokens++;
        assert.ok(t.end > t.start, 'explanation tokens carry their character range');
      }
    }
  }
  assert.ok(explainedTokens > 0, 'some rows have an explanation whose ranges were checked');
  assert.match(
    r.stderr,
    new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:6: skipped malformed row: Invalid Closing Quote`),
  );
  assert.match(r.stderr, /:14: skipped malformed row: Invalid Record Length/);
  assert.match(r.stderr, /12 row\(s\) explained, 2 malformed skipped .* on 1 worker → /);
  assert.deepEqual(readFileSync(file), bytes, 'the dataset is byte-identical');
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('.partial')),
    [],
    'no partial file left',
  );

  // An existing --out is kept unless --force; the dataset itself is never a target.
  writeFileSync(out, 'keep me\n');
  await assert.rejects(
    explainFile(['--file', file, '--out', out, '--workers', '1']),
    /out\.jsonl already exists; pass --force to replace it/,
  );
  assert.equal(readFileSync(out, 'utf8'), 'keep me\n');
  const forced = await explainFile(['--file', file, '--out', out, '--workers', '1', '--force']);
  assert.equal(forced.code, 0);
  assert.deepEqual(stable(parse(readFileSync(out, 'utf8'))), stable(recs));
  await assert.rejects(
    explainFile(['--file', file, '--out', file, '--force', '--workers', '1']),
    /refusing to write results over the input/,
  );
  assert.deepEqual(readFileSync(file), bytes);
});

test('explain --file: .txt lines and .jsonl --field to stdout, same readers as Explain File', async () => {
  const txt = path.join(dir, 'lines.txt');
  writeFileSync(txt, 'great film\n\nbad acting\r\nthin plot');
  const t = await explainFile(['--file', txt, '--workers', '1']);
  assert.deepEqual(
    parse(t.stdout).map((x) => [x.line, x.text]),
    [
      [1, 'great film'],
      [3, 'bad acting'],
      [4, 'thin plot'],
    ],
  );
  const jsonl = path.join(dir, 'rows.jsonl');
  writeFileSync(jsonl, '{"body": "great film"}\n{"body": 3}\n{broken\n{"body": "not \\"good\\""}\n');
  const j = await explainFile(['--file', jsonl, '--field', 'body', '--workers', '1']);
  assert.deepEqual(
    parse(j.stdout).map((x) => [x.line, x.text]),
    [
      [1, 'great film'],
      [4, 'not "good"'],
    ],
  );
  assert.match(j.stderr, /:2: skipped malformed row: field "body" is not a string/);
  assert.match(j.stderr, /:3: skipped malformed row: invalid JSON/);
});

test('explain --file - reads standard input lines', () => {
  const r = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(root, 'src/cli/main.ts'),
      'explain',
      '--model',
      model,
      ...BUDGET,
      '--workers',
      '1',
      '--file',
      '-',
    ],
    { cwd: root, encoding: 'utf8', input: 'great film\nbad acting\n' },
  );
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(
    parse(r.stdout).map((x) => [x.line, x.text]),
    [
      [1, 'great film'],
      [2, 'bad acting'],
    ],
  );
});

test('4 shards (--shard i/4, and auto/4 from JOB_COMPLETION_INDEX) merged equal one unsharded run, row for row', async () => {
  const { file } = writeCsv('shards.csv');
  const whole = path.join(dir, 'whole.jsonl');
  await explainFile(['--file', file, '--out', whole, '--workers', '1']);
  const shards: string[] = [];
  const stderr: string[] = [];
  for (let i = 0; i < 4; i++) {
    const io = collectIo();
    // Shards 0–1 by index, 2–3 as an Indexed Job pod would run them; "{shard}" names each output.
    const shard = i < 2 ? `${i}/4` : 'auto/4';
    await runExplain(
      [
        '--model',
        model,
        ...BUDGET,
        '--file',
        file,
        '--workers',
        '1',
        '--shard',
        shard,
        '--out',
        path.join(dir, 'results-{shard}.jsonl'),
      ],
      io,
      { env: { JOB_COMPLETION_INDEX: String(i) } },
    );
    shards.push(path.join(dir, `results-${i}.jsonl`));
    stderr.push(io.stderr);
  }
  // Each shard holds every 4th record (malformed ones counted), so the malformed rows are reported once.
  assert.deepEqual(
    shards.map((s) => parse(readFileSync(s, 'utf8')).length),
    [3, 4, 3, 2],
  );
  assert.equal(stderr.join('').match(/skipped malformed row/g)?.length, 2);
  const merged = path.join(dir, 'merged.jsonl');
  const io = collectIo();
  assert.equal(await runMerge([...[...shards].reverse(), '--out', merged], io), 0);
  assert.match(io.stderr, /12 record\(s\) from 4 file\(s\)/);
  const a = parse(readFileSync(whole, 'utf8')),
    b = parse(readFileSync(merged, 'utf8'));
  assert.equal(b.length, 12);
  assert.deepEqual(stable(b), stable(a));
  // Shard lines are copied byte for byte.
  const shardLines = new Set(shards.flatMap((s) => readFileSync(s, 'utf8').split('\n').filter(Boolean)));
  for (const l of readFileSync(merged, 'utf8').split('\n').filter(Boolean)) assert.ok(shardLines.has(l));
});

test('--workers 2 (worker threads, one model session each) gives the rows of one thread, in order', async () => {
  // The worker runs plain JavaScript: bundle its entry point as scripts/build.mjs does, next to a
  // node_modules link so the runtime packages it leaves external resolve.
  const wdir = tempFolder();
  symlinkSync(path.join(root, 'node_modules'), path.join(wdir, 'node_modules'), 'dir');
  const workerFile = path.join(wdir, 'rowWorker.js');
  buildSync({
    entryPoints: [path.join(root, 'src/cli/rowWorkerMain.ts')],
    outfile: workerFile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    external: ['vscode', '@xenova/transformers', 'onnxruntime-node', 'sharp'],
  });
  const { file } = writeCsv('workers.csv');
  const one = await explainFile(['--file', file, '--workers', '1']);
  const two = await explainFile(['--file', file, '--workers', '2'], workerFile);
  assert.match(two.stderr, /12 row\(s\) explained, 2 malformed skipped .* on 2 workers/);
  assert.deepEqual(stable(parse(two.stdout)), stable(parse(one.stdout)));
  await assert.rejects(
    explainFile(['--file', file, '--workers', '2', '--layer', '9'], workerFile),
    /--layer 9: the model has layers 0–1/,
  );
  await assert.rejects(
    explainFile(['--file', file, '--workers', '2'], path.join(wdir, 'missing.js')),
    /Cannot find module|missing/,
  );
});

test('explain --file: usage errors are clear and nothing is written', async () => {
  const { file } = writeCsv('usage.csv');
  const out = path.join(dir, 'never.jsonl');
  const usage = (args: string[], re: RegExp) =>
    assert.rejects(explainFile(args), (e: unknown) => e instanceof UsageError && re.test(e.message));
  await usage(
    ['--file', file, '--field', 'text', '--out', out],
    /--field is for \.jsonl files; .* is \.csv \(use --column\)/,
  );
  await assert.rejects(
    explainFile(['--file', file, '--column', 'nope', '--out', out, '--workers', '1']),
    /column "nope" is not in the header \(id, text, label\)/,
  );
  await usage(['--file', file, '--shard', '4/4'], /--shard must be i\/N with 0 ≤ i < N, got "4\/4"/);
  await usage(['--file', file, '--workers', '0'], /--workers must be an integer in \[1, 256\]/);
  await usage(['--out', out, 'some text'], /--out is for dataset mode: add --file DATA/);
  await usage(['--file', path.join(dir, 'data.parquet')], /a dataset is a \.txt .*\.csv, \.tsv or \.jsonl file/);
  await usage(['--file', file, 'stray'], /explain --file takes no TEXT/);
  assert.equal(existsSync(out), false);
});

test('merge: overlapping shards, out-of-order and foreign files are errors; nothing is written', async () => {
  const a = path.join(dir, 'm-a.jsonl'),
    b = path.join(dir, 'm-b.jsonl'),
    c = path.join(dir, 'm-c.jsonl'),
    out = path.join(dir, 'm-out.jsonl');
  writeFileSync(a, '{"line":2}\n{"line":6}\n');
  writeFileSync(b, '{"line":3}\n{"line":6}\n');
  writeFileSync(c, '{"line":5}\n{"line":4}\n');
  await assert.rejects(
    runMerge([a, b, '--out', out], collectIo()),
    /line 6 is in both .*m-a\.jsonl and .*m-b\.jsonl: overlapping shards/,
  );
  await assert.rejects(
    runMerge([c, '--out', out], collectIo()),
    /m-c\.jsonl:2: line 4 after line 5: the file is not in row order/,
  );
  writeFileSync(c, '{"text":"no line"}\n');
  await assert.rejects(runMerge([c], collectIo()), /m-c\.jsonl:1: not a causal-lens explain --file record/);
  await assert.rejects(runMerge([path.join(dir, 'nope.jsonl')], collectIo()), /cannot read .*nope\.jsonl: ENOENT/);
  await assert.rejects(runMerge([a, '--out', a, '--force'], collectIo()), /refusing to write results over the input/);
  assert.equal(existsSync(out), false);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('.partial')),
    [],
  );
  const io = collectIo();
  writeFileSync(b, '{"line":3}\n{"line":7}\n');
  await runMerge([b, a], io);
  assert.equal(io.stdout, '{"line":2}\n{"line":3}\n{"line":6}\n{"line":7}\n');
});
