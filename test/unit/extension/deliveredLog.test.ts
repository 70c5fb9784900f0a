import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeliveredLog } from '../../../src/extension/deliveredLog';

test('the delivered-message log keeps the newest messages and a mark never skips or repeats one across trims', () => {
  const log = new DeliveredLog<number>(10);
  for (let i = 0; i < 7; i++) log.add(i);
  const mark = log.count;
  assert.equal(mark, 7);
  // 8 more: the log trims twice past its limit of 10
  for (let i = 7; i < 15; i++) log.add(i);
  assert.deepEqual(log.since(mark), [7, 8, 9, 10, 11, 12, 13, 14], 'every message since the mark, in order');
  assert.ok(log.all().length <= 10 && log.all().length >= 5, 'between limit/2 and limit kept');
  assert.equal(log.all().at(-1), 14);
  assert.deepEqual(log.since(log.count), [], 'nothing since the current count');
  // a mark older than anything kept gives everything kept (the caller asked for more than exists)
  for (let i = 15; i < 40; i++) log.add(i);
  assert.deepEqual(log.since(mark), log.all());
  assert.equal(log.count, 40);
});
