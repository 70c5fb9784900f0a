import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgs, numberOption, UsageError } from '../../src/cli/args';

const spec = { alpha: {}, json: { flag: true }, samples: {} };

test('parses values, flags and positionals in both forms', () => {
  const p = parseArgs(['explain', '--alpha', '0.05', '--json', '--samples=128', 'tail'], spec);
  assert.deepEqual(p.positionals, ['explain', 'tail']);
  assert.deepEqual(p.options, { alpha: '0.05', json: true, samples: '128' });
  assert.equal(numberOption(p, 'alpha', 0.01, 0, 1), 0.05);
  assert.equal(numberOption(p, 'samples', 768, 4, Infinity, true), 128);
  assert.equal(numberOption(p, 'missing' as string, 7), 7);
});

test('rejects unknown options, missing values and out-of-range numbers', () => {
  assert.throws(() => parseArgs(['--nope'], spec), UsageError);
  assert.throws(() => parseArgs(['--alpha'], spec), /needs a value/);
  assert.throws(() => parseArgs(['--json=1'], spec), /takes no value/);
  const p = parseArgs(['--alpha', '2', '--samples', '1.5'], spec);
  assert.throws(() => numberOption(p, 'alpha', 0.01, 0, 1), /in \[0, 1\]/);
  assert.throws(() => numberOption(p, 'samples', 768, 4, Infinity, true), /integer/);
});
