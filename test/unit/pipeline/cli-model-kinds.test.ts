// causal-lens explain on the model kinds of issue 16: which class/label/token is explained is
// printed, pairs print ranges into the second text, --mask marks the word to predict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../../src/cli/args';
import { maskRangeOf, runExplain } from '../../../src/cli/explain';
import type { ExplainResult } from '../../../src/pipeline';
import { collectIo } from '../../support/cliIo';
import { tinyModelFolder } from '../../support/tinyFixture';

const base = { files: ['fp32' as const], hidden: 32, layers: 2, heads: 2 };
const FAST = ['--max-set-size', '2', '--no-baselines'];

test('RoBERTa classifier: the explained class and flip are printed; token ranges are into the text', async () => {
  const model = tinyModelFolder({ ...base, tokenizer: 'bpe', seed: 8 });
  const text = 'The plot was thin, but the acting was wonderful café 😀.';
  const io = collectIo();
  assert.equal(await runExplain(['--model', model, ...FAST, text], io), 0);
  assert.match(
    io.stdout,
    /^explained {4}class \(single-label\) "(NEGATIVE|POSITIVE)" \(0\.\d{4}\); flip = the predicted class changes/m,
  );
  assert.match(io.stdout, /\d+:Ġwonderful\[38,47\)/);
  assert.match(io.stdout, /\d+:ĠcafÃ©\[48,52\)/);
});

test('--label on a multi-label model explains that label (JSON names it); an unknown label is an error', async () => {
  const labels = ['anger', 'joy', 'sadness'];
  const model = tinyModelFolder({
    ...base,
    tokenizer: 'unigram',
    labels,
    seed: 13,
    config: { problem_type: 'multi_label_classification' },
  });
  const io = collectIo();
  assert.equal(
    await runExplain(['--model', model, ...FAST, '--json', '--label', 'sadness', 'the acting was terrible'], io),
    0,
  );
  const r = JSON.parse(io.stdout) as ExplainResult;
  assert.deepEqual([r.explained?.kind, r.explained?.label, r.explained?.labelIndex], ['multi-label', 'sadness', 2]);
  const byIndex = collectIo();
  assert.equal(await runExplain(['--model', model, ...FAST, '--label', '1', 'the acting was terrible'], byIndex), 0);
  assert.match(byIndex.stdout, /^explained {4}label \(multi-label, sigmoid\) "joy"/m);
  await assert.rejects(
    runExplain(['--model', model, ...FAST, '--label', 'boredom', 'x'], collectIo()),
    /no label "boredom"/,
  );
});

test('--pair: tokens of the second text are marked and their ranges index into it', async () => {
  const model = tinyModelFolder({ ...base, seed: 1 });
  const io = collectIo();
  assert.equal(
    await runExplain(['--model', model, ...FAST, '--json', '--pair', 'the film was not bad', 'the movie was good'], io),
    0,
  );
  const r = JSON.parse(io.stdout) as ExplainResult;
  const second = r.tokens.filter((t) => t.segment === 1 && !t.special);
  assert.deepEqual(
    second.map((t) => 'the film was not bad'.slice(t.start, t.end)),
    ['the', 'film', 'was', 'not', 'bad'],
  );
  const text = collectIo();
  assert.equal(
    await runExplain(['--model', model, ...FAST, '--pair', 'the film was not bad', 'the movie was good'], text),
    0,
  );
  assert.match(text.stdout, / \d+:filmpair\[4,8\)/);
});

test("--mask WORD on a masked LM: the word's token is the target; a masked LM without --mask is a usage error", async () => {
  const model = tinyModelFolder({ ...base, head: 'mlm', seed: 1 });
  const text = 'the plot was thin but the acting was wonderful';
  const io = collectIo();
  assert.equal(await runExplain(['--model', model, ...FAST, '--json', '--mask', 'wonderful', text], io), 0);
  const r = JSON.parse(io.stdout) as ExplainResult;
  const target = r.explained?.token ?? -1;
  assert.equal(r.explained?.kind, 'masked-token');
  assert.deepEqual([r.tokens[target].text, r.tokens[target].start, r.tokens[target].end], ['[MASK]', 37, 46]);
  assert.equal(r.explanation.target, target);
  await assert.rejects(
    runExplain(['--model', model, text], collectIo()),
    (e: unknown) => e instanceof UsageError && /--mask WORD/.test(e.message),
  );
  await assert.rejects(
    runExplain(['--model', tinyModelFolder(base), '--mask', 'plot', text], collectIo()),
    /--mask is for masked-LM models/,
  );
});

test('maskRangeOf finds whole words only', () => {
  assert.deepEqual(maskRangeOf('wonderful wonder', 'wonder'), [10, 16]);
  assert.deepEqual(maskRangeOf('a (b) c', '(b)'), [2, 5]);
  assert.throws(() => maskRangeOf('wonderful', 'wonder'), /not in the text/);
});

test('XLM-R (Unigram) classifier from the CLI: ▁ pieces on their characters, decomposed accents and CJK included', async () => {
  const model = tinyModelFolder({ ...base, tokenizer: 'unigram', seed: 5 });
  const text = 'Le film était wonderful, cafe\u0301 中文 but the plot was thin';
  const io = collectIo();
  assert.equal(await runExplain(['--model', model, ...FAST, '--json', text], io), 0);
  const r = JSON.parse(io.stdout) as ExplainResult;
  assert.equal(r.tokens[0].text, '<s>');
  const at = (piece: string) => r.tokens.find((t) => t.text === piece);
  for (const [piece, chars] of [
    ['▁café', 'cafe\u0301'],
    ['▁中文', '中文'],
    ['▁wonderful', 'wonderful'],
    ['▁plot', 'plot'],
  ]) {
    const t = at(piece);
    assert.ok(t, `${piece} is a token`);
    assert.equal(text.slice(t.start, t.end), chars, piece);
  }
});

test('multi-class head (5 labels) from the CLI: the predicted class is the one explained; --label of another class is refused', async () => {
  const labels = ['anger', 'joy', 'sadness', 'fear', 'surprise'];
  const model = tinyModelFolder({ ...base, tokenizer: 'bpe', labels, seed: 11 });
  const text = 'I love this movie, it was great and very good';
  const io = collectIo();
  assert.equal(await runExplain(['--model', model, ...FAST, '--json', text], io), 0);
  const r = JSON.parse(io.stdout) as ExplainResult;
  assert.equal(r.prediction.logits.length, 5);
  assert.equal(r.explained?.kind, 'single-label');
  assert.equal(r.explained?.label, labels[r.prediction.logits.indexOf(Math.max(...r.prediction.logits))]);
  const other = labels.find((l) => l !== r.explained?.label) as string;
  // the error reaches the CLI's top level, which prints it and exits 1
  await assert.rejects(runExplain(['--model', model, ...FAST, '--label', other, text], collectIo()), /single-label/);
});
