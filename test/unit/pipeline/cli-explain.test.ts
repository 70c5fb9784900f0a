import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../../src/cli/args';
import { runExplain } from '../../../src/cli/explain';
import type { ExplainResult } from '../../../src/pipeline';
import { collectIo } from '../../support/cliIo';
import { tinyModelFolder } from '../../support/tinyFixture';

const TEXT = 'The plot was thin, but the acting was wonderful.';
const model = tinyModelFolder({ files: ['fp32'], hidden: 32, maxPositions: 12 });

test('causal-lens explain --json prints one object with tokens, PAG, explanation and timings', async () => {
  const io = collectIo();
  assert.equal(await runExplain(['--model', model, '--json', '--max-set-size', '2', TEXT], io), 0);
  const r = JSON.parse(io.stdout) as ExplainResult;
  assert.deepEqual(Object.keys(r).sort(), [
    'alpha',
    'baselines',
    'ciTests',
    'converged',
    'explained',
    'explanation',
    'head',
    'headPags',
    'layer',
    'model',
    'pag',
    'pagHead',
    'prediction',
    'samples',
    'search',
    'sources',
    'timings',
    'tokens',
    'truncated',
    'warnings',
  ]);
  // the defaults chosen from results/search.md: one PAG per head, special tokens out of the graph
  assert.equal(r.head, 'each');
  assert.deepEqual(r.sources, [0, 1]);
  assert.ok(r.pag.edges.length > 0, 'the PAG has edges to check');
  assert.ok(
    r.pag.edges.every((e) => [e.a, e.b].every((i) => !r.tokens[i].special || i === 0)),
    'only [CLS] of the specials is in the graph',
  );
  assert.ok(r.pag.edges.some((e) => e.b === r.tokens.length - 1) === false);
  // this fixed tiny model and text have a tested explanation within 2 tokens
  assert.equal(r.explanation.kind, 'tested');
  assert.ok(r.explanation.sets.length > 0);
  assert.equal(r.model, model);
  assert.equal(r.tokens.length, 12);
  assert.equal(r.pag.n, 12);
  // 11 content tokens + 2 specials do not fit in 12 positions: truncated, and said so on stderr.
  assert.deepEqual(r.truncated, { keptChars: 47, totalTokens: 13 });
  assert.match(io.stderr, /warning: text truncated to 12 tokens \(of 13\): only characters 0–47 of 48/);
  for (const s of r.explanation.sets) for (const i of s) assert.equal(r.tokens[i].special, false);
});

test('causal-lens explain prints prediction, tokens with character ranges, the PAG and the explanation', async () => {
  const io = collectIo();
  assert.equal(
    await runExplain(
      ['--model', model, '--layer', '0', '--head', 'mean', '--no-baselines', 'The', 'plot', 'was', 'thin'],
      io,
    ),
    0,
  );
  assert.match(io.stdout, /^prediction +(POSITIVE|NEGATIVE) \(score 0\.\d{4}\)$/m);
  assert.match(io.stdout, /^tokens +0:\[CLS\] 1:the\[0,3\) 2:plot\[4,8\) 3:was\[9,12\) 4:thin\[13,17\) 5:\[SEP\]$/m);
  assert.match(io.stdout, /^attention +layer 0, head mean; samples 32, alpha 0\.01$/m);
  assert.match(io.stdout, /^PAG +6 nodes, \d+ edges/m);
  assert.match(io.stdout, /^explanation +CLEANN for 0:\[CLS\]/m);
  assert.doesNotMatch(io.stdout, /^baseline /m);
  const stopped = collectIo();
  assert.equal(await runExplain(['--model', model, '--max-r', '0', '--no-baselines', TEXT], stopped), 0);
  assert.match(stopped.stdout, /^PAG .* 1 iterations.*\(stopped by --max-r\)$/m);
});

test('causal-lens explain: usage errors', async () => {
  const bad = async (args: string[], re: RegExp) =>
    assert.rejects(runExplain(args, collectIo()), (e: unknown) => e instanceof UsageError && re.test(e.message));
  await bad([], /needs a TEXT/);
  await bad(['--model', model, '--layer', 'top', 'x'], /--layer must be a non-negative integer or "deepest"/);
  await bad(['--model', model, '--layer', '7', 'x'], /--layer 7: the model has layers 0–1/);
  await bad(['--model', model, '--alpha', '2', 'x'], /--alpha must be a number/);
  await bad(['--model', model, '--bogus', 'x'], /unknown option --bogus/);
});
