// `causal-lens explain --file` on sentence pairs: --pair-column (.csv/.tsv) / --pair-field (.jsonl)
// gives each row a second text; every record carries it, second-text tokens are marked segment 1 with
// ranges into it, every explanation flips the model on the pair; malformed rows on stderr by line.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError } from '../../../src/cli/args';
import { runExplain } from '../../../src/cli/explain';
import { loadModel } from '../../../src/model';
import { collectIo } from '../../support/cliIo';
import { tempFolder, tinyModelFolder } from '../../support/tinyFixture';

const model = tinyModelFolder({ files: ['fp32'], hidden: 32, layers: 2, heads: 2, seed: 1 });
const dir = tempFolder();
const BUDGET = [
  '--max-tests',
  '60',
  '--time-budget',
  '3600',
  '--no-baselines',
  '--workers',
  '1',
  '--max-set-size',
  '3',
];
const PAIRS: [string, string][] = [
  ['the movie was good', 'the film was not bad'],
  ['the plot was thin', 'the acting was wonderful'],
  ['a bad film', 'a great movie'],
];

interface Tok {
  index: number;
  text: string;
  start: number;
  end: number;
  segment?: number;
}
interface Rec {
  line: number;
  text: string;
  pair?: string;
  label: string;
  explanation: Tok[][];
}

test('csv --pair-column: every record has its pair; segment-1 ranges index into it; each explanation flips the pair; malformed rows by line', async () => {
  const file = path.join(dir, 'nli.csv');
  writeFileSync(
    file,
    [
      'premise,hypothesis',
      `"${PAIRS[0][0]}","${PAIRS[0][1]}"`,
      'no second text,',
      `"${PAIRS[1][0]}","${PAIRS[1][1]}"`,
      `"${PAIRS[2][0]}","${PAIRS[2][1]}"`,
      '',
    ].join('\n'),
  );
  const bytes = readFileSync(file);
  const io = collectIo();
  assert.equal(
    await runExplain(
      ['--model', model, '--file', file, '--column', 'premise', '--pair-column', 'hypothesis', ...BUDGET],
      io,
    ),
    0,
  );
  assert.match(io.stderr, /nli\.csv:3: skipped malformed row: pair column "hypothesis" is empty/);
  assert.match(io.stderr, /3 row\(s\) explained, 1 malformed skipped/);
  const recs = io.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Rec);
  assert.deepEqual(
    recs.map((r) => [r.line, r.text, r.pair]),
    [
      [2, ...PAIRS[0]],
      [4, ...PAIRS[1]],
      [5, ...PAIRS[2]],
    ],
  );
  const m = await loadModel({ model });
  try {
    let sets = 0,
      second = 0;
    for (const r of recs) {
      const run = await m.run(r.text, { pair: r.pair });
      assert.equal(r.label, run.prediction.label, "the label is the pair's prediction");
      for (const set of r.explanation) {
        for (const t of set) {
          assert.equal(
            (t.segment === 1 ? r.pair! : r.text).slice(t.start, t.end),
            t.text,
            `token ${t.text} on its characters`,
          );
          assert.equal(t.segment === 1, run.tokens[t.index].segment === 1);
          if (t.segment === 1) second++;
        }
        const ids = run.inputIds.map((id, i) => (set.some((t) => t.index === i) ? m.padTokenId : id));
        assert.notEqual(
          (await m.runIds(ids, { typeIds: run.typeIds })).labelIndex,
          run.prediction.labelIndex,
          `${r.line}: set does not flip`,
        );
        sets++;
      }
    }
    assert.ok(sets > 0, 'some row has an explanation');
    console.log(`pairs: ${sets} explanation sets, ${second} tokens of second texts in them`);
  } finally {
    await m.dispose();
  }
  assert.ok(readFileSync(file).equals(bytes), 'the dataset is unchanged');
});

test('jsonl --pair-field and tsv --pair-column; a missing pair field is a malformed row', async () => {
  const jsonl = path.join(dir, 'nli.jsonl');
  writeFileSync(
    jsonl,
    [
      JSON.stringify({ p: PAIRS[0][0], h: PAIRS[0][1] }),
      JSON.stringify({ p: 'alone' }),
      JSON.stringify({ p: PAIRS[2][0], h: PAIRS[2][1] }),
    ].join('\n'),
  );
  const io = collectIo();
  assert.equal(
    await runExplain(['--model', model, '--file', jsonl, '--field', 'p', '--pair-field', 'h', ...BUDGET], io),
    0,
  );
  assert.match(io.stderr, /nli\.jsonl:2: skipped malformed row: no pair field "h"/);
  assert.deepEqual(
    io.stdout
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as Rec).pair),
    [PAIRS[0][1], PAIRS[2][1]],
  );
  const tsv = path.join(dir, 'nli.tsv');
  writeFileSync(tsv, ['s1\ts2', `${PAIRS[1][0]}\t${PAIRS[1][1]}`].join('\n'));
  const t = collectIo();
  assert.equal(
    await runExplain(['--model', model, '--file', tsv, '--column', 's1', '--pair-column', 's2', ...BUDGET], t),
    0,
  );
  assert.equal((JSON.parse(t.stdout) as Rec).pair, PAIRS[1][1]);
});

test('pair options: the right one per format, and --pair is for one text', async () => {
  const csv = path.join(dir, 'one.csv');
  writeFileSync(csv, 'text\nhello\n');
  const jsonl = path.join(dir, 'one.jsonl');
  writeFileSync(jsonl, '{"text":"hello"}\n');
  await assert.rejects(
    runExplain(['--model', model, '--file', jsonl, '--pair-column', 'h', ...BUDGET], collectIo()),
    (e: Error) =>
      e instanceof UsageError && /--pair-column is for \.csv and \.tsv files; .*\(use --pair-field\)/.test(e.message),
  );
  await assert.rejects(
    runExplain(['--model', model, '--file', csv, '--pair-field', 'h', ...BUDGET], collectIo()),
    (e: Error) =>
      e instanceof UsageError && /--pair-field is for \.jsonl files; .*\(use --pair-column\)/.test(e.message),
  );
  await assert.rejects(
    runExplain(['--model', model, '--file', csv, '--pair', 'x', ...BUDGET], collectIo()),
    /--pair-column C/,
  );
  await assert.rejects(
    runExplain(['--model', model, '--pair-column', 'h', 'some text'], collectIo()),
    /--pair-column is for dataset mode: add --file DATA/,
  );
  await assert.rejects(
    runExplain(['--model', model, '--file', csv, '--pair-column', 'nope', ...BUDGET], collectIo()),
    /pair column "nope" is not in the header \(text\)/,
  );
});

test('a masked LM is refused by dataset mode up front, saying what to use instead (nothing written)', async () => {
  const mlm = tinyModelFolder({ files: ['fp32'], head: 'mlm', seed: 1 });
  const csv = path.join(dir, 'mlm.csv');
  writeFileSync(csv, 'text\nthe plot was thin\n');
  const io = collectIo();
  await assert.rejects(
    runExplain(['--model', mlm, '--file', csv, ...BUDGET], io),
    (e: Error) =>
      e instanceof UsageError &&
      /predicts masked tokens: explain --file explains classifiers' predictions; for one text use explain TEXT --mask WORD/.test(
        e.message,
      ),
  );
  assert.equal(io.stdout, '', 'no row was written');
});
