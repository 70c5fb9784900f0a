// `causal-lens eval --data FILE`: accuracy on a labelled .csv / .tsv / .jsonl, compared with the
// model's own predictions computed here one text at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runEval } from '../../../src/cli/eval';
import { UsageError } from '../../../src/cli/args';
import { labelIndex } from '../../../src/cli/labels';
import { loadModel } from '../../../src/model';
import { collectIo } from '../../support/cliIo';
import { tempFolder, tinyModelFolder } from '../../support/tinyFixture';

const model = tinyModelFolder({ files: ['fp32'] });
const dir = tempFolder();
const TEXTS = [
  'bad terrible movie',
  'not good',
  'great film',
  'wonderful acting',
  'very good movie',
  'the plot was thin',
];

async function predicted(): Promise<number[]> {
  const m = await loadModel({ model });
  try {
    return await Promise.all(TEXTS.map(async (t) => (await m.run(t)).prediction.labelIndex));
  } finally {
    await m.dispose();
  }
}

test('labelIndex: names through id2label (any case), else indices; anything else is a reason', () => {
  const labels = ['NEGATIVE', 'POSITIVE'];
  assert.equal(labelIndex('POSITIVE', labels), 1);
  assert.equal(labelIndex('negative', labels), 0);
  assert.equal(labelIndex('1', labels), 1);
  assert.deepEqual(labelIndex('2', labels), {
    reason: 'label "2" is neither one of the model\'s labels (NEGATIVE, POSITIVE) nor an index 0–1',
  });
  assert.equal(typeof labelIndex('pos', labels), 'object');
  // A name wins over an index when the model's labels are spelled as digits.
  assert.equal(labelIndex('0', ['1', '0']), 1);
});

test('eval --data a .tsv (SST-2 layout, columns guessed): accuracy, n and data as the model really scores', async () => {
  const pred = await predicted();
  // Gold labels: the model's own prediction for the first four rows, the opposite for the last two.
  const gold = pred.map((p, i) => (i < 4 ? p : 1 - p));
  const file = path.join(dir, 'dev.tsv');
  const body = `label\tcontent\n${TEXTS.map((t, i) => `${gold[i]}\t${t}`).join('\n')}\n`;
  writeFileSync(file, body);
  const io = collectIo();
  assert.equal(await runEval(['--model', model, '--data', file, '--json', '--batch', '4'], io), 0);
  const out = JSON.parse(io.stdout) as Record<string, unknown>;
  assert.deepEqual(
    {
      accuracy: out.accuracy,
      n: out.n,
      model: out.model,
      data: out.data,
      text: out.text,
      label: out.label,
      malformed: out.malformed,
    },
    { accuracy: 4 / 6, n: 6, model, data: file, text: 'content', label: 'label', malformed: 0 },
  );
  assert.equal(readFileSync(file, 'utf8'), body, 'the dataset is only read');
  // --limit: the first N usable rows.
  const limited = collectIo();
  await runEval(['--model', model, '--data', file, '--json', '--limit', '4'], limited);
  assert.deepEqual(
    (({ accuracy, n }) => ({ accuracy, n }))(JSON.parse(limited.stdout) as { accuracy: number; n: number }),
    { accuracy: 1, n: 4 },
  );
});

test('eval --data .csv and .jsonl with label names; bad rows reported on stderr by line and left out', async () => {
  const pred = await predicted();
  const name = (i: number) => (pred[i] === 1 ? 'POSITIVE' : 'negative'.toUpperCase());
  const csv = path.join(dir, 'labelled.csv');
  writeFileSync(
    csv,
    `id,review,gold\n1,"${TEXTS[0]}",${name(0)}\n2,${TEXTS[1]},neutral\n3,${TEXTS[2]}\n4,${TEXTS[3]},${pred[3]}\n`,
  );
  const io = collectIo();
  await runEval(['--model', model, '--data', csv, '--text-column', 'review', '--label-column', 'gold', '--json'], io);
  assert.deepEqual(
    (({ accuracy, n, malformed }) => ({ accuracy, n, malformed }))(JSON.parse(io.stdout) as Record<string, number>),
    { accuracy: 1, n: 2, malformed: 2 },
  );
  assert.match(
    io.stderr,
    new RegExp(
      `^${csv.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3: skipped malformed row: label "neutral" is neither`,
      'm',
    ),
  );
  assert.match(io.stderr, /:4: skipped malformed row: Invalid Record Length/);
  assert.match(io.stderr, /2 malformed row\(s\) skipped \(line 3, 4\)/);

  const jsonl = path.join(dir, 'labelled.jsonl');
  writeFileSync(
    jsonl,
    TEXTS.map((t, i) => JSON.stringify({ sentence: t, y: i === 5 ? 'x' : 1 - pred[i] })).join('\n') + '\n{broken\n',
  );
  const j = collectIo();
  await runEval(['--model', model, '--data', jsonl, '--json'], j);
  assert.deepEqual(
    (({ accuracy, n, malformed, text, label }) => ({ accuracy, n, malformed, text, label }))(
      JSON.parse(j.stdout) as Record<string, unknown>,
    ),
    { accuracy: 0, n: 5, malformed: 2, text: 'sentence', label: 'y' },
  );
  assert.match(j.stderr, /:7: skipped malformed row: invalid JSON/);
});

test('eval --data: clear usage errors', async () => {
  const tsv = path.join(dir, 'nolabel.tsv');
  writeFileSync(tsv, 'id\tcontent\nx7\tgood\n');
  const txt = path.join(dir, 'plain.txt');
  writeFileSync(txt, 'good\n');
  const usage = (args: string[], re: RegExp) =>
    assert.rejects(
      runEval(['--model', model, ...args], collectIo()),
      (e: unknown) => e instanceof UsageError && re.test(e.message),
    );
  await usage(['--data', tsv], /which column holds the label\? pass --label-column \(found: id, content\)/);
  await usage(['--data', txt], /a \.txt file has no labels/);
  await usage(
    ['--data', tsv, '--text-field', 'content'],
    /--text-field does not apply to a \.tsv file; use --text-column/,
  );
  await usage(['--text-column', 'content'], /--text-column needs --data with a \.csv, \.tsv or \.jsonl file/);
  await usage(['--data', tsv, '--split', 'train'], /--split is for the IMDB folder/);
  await assert.rejects(
    runEval(['--model', model, '--data', tsv, '--label-column', 'id'], collectIo()),
    /no row with a usable text and label/,
  );
  await assert.rejects(
    runEval(['--model', model, '--data', path.join(dir, 'missing.csv')], collectIo()),
    /cannot read .*missing\.csv: ENOENT/,
  );
});
