import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UsageError } from '../../src/cli/args';
import { formatProgress, ProgressBar } from '../../src/cli/progress';
import { parseShard, shardPath } from '../../src/cli/shard';
import { collectIo } from '../support/cliIo';

test('parseShard: i/N, and auto from a Kubernetes Indexed Job or a Slurm array', () => {
  assert.deepEqual(parseShard('2/4', {}), { index: 2, count: 4 });
  assert.deepEqual(parseShard('auto/4', { JOB_COMPLETION_INDEX: '3' }), { index: 3, count: 4 });
  assert.deepEqual(parseShard('auto/4', { SLURM_ARRAY_TASK_ID: '0' }), { index: 0, count: 4 });
  // --array=1-4: 1-based task ids become shards 0–3; the count comes from Slurm too.
  assert.deepEqual(
    parseShard('auto', { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '4' }),
    { index: 3, count: 4 },
  );
  const bad = (v: string, env: NodeJS.ProcessEnv, re: RegExp) =>
    assert.throws(
      () => parseShard(v, env),
      (e: unknown) => e instanceof UsageError && re.test(e.message),
    );
  bad('4/4', {}, /0 ≤ i < N, got "4\/4"/);
  bad('1/0', {}, /0 ≤ i < N/);
  bad('a/b', {}, /0 ≤ i < N/);
  bad('auto/4', {}, /neither JOB_COMPLETION_INDEX .* nor SLURM_ARRAY_TASK_ID/);
  bad(
    'auto',
    { JOB_COMPLETION_INDEX: '1' },
    /needs the number of shards: --shard auto\/N \(a Kubernetes Job does not tell/,
  );
  bad('auto/2', { JOB_COMPLETION_INDEX: '2' }, /\(index 2 from the environment\)/);
  assert.equal(shardPath('out/results-{shard}.jsonl', { index: 3, count: 4 }), 'out/results-3.jsonl');
});

test('progress: rows, rows/s and ETA; drawn on a terminal only, at most every 200 ms', () => {
  assert.equal(formatProgress(30, 10_000, 120), '[######..................] 30/120 rows  3.00 rows/s  ETA 30s');
  assert.equal(formatProgress(5, 2_000, undefined), '5 rows  2.50 rows/s');
  assert.equal(formatProgress(1, 1_000, 7_201), '[........................] 1/7201 rows  1.00 rows/s  ETA 2h00m');
  let t = 0;
  const tty = collectIo(true);
  const bar = new ProgressBar(tty, { total: 10, now: () => t });
  t = 100;
  bar.update(1);
  t = 150;
  bar.update(2); // within 200 ms of the last draw: skipped
  t = 400;
  bar.update(3);
  assert.deepEqual(
    tty.stderr
      .split('\r\x1b[2K')
      .filter(Boolean)
      .map((s) => s.split('  ')[0]),
    ['[##......................] 1/10 rows', '[#######.................] 3/10 rows'],
  );
  bar.note('data.csv:4: skipped malformed row: x', 3);
  assert.match(tty.stderr, /\r\x1b\[2Kdata\.csv:4: skipped malformed row: x\n\r\x1b\[2K\[#######/);
  const log = collectIo(false);
  const quiet = new ProgressBar(log, { total: 10, now: () => t });
  quiet.update(5, '', true);
  quiet.note('data.csv:4: skipped', 5);
  assert.equal(log.stderr, 'data.csv:4: skipped\n', 'no bar in a log file');
});
