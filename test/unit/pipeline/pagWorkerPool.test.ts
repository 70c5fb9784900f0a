// The pool of worker-thread PAG learners behind the per-head search: the same PAGs as this thread,
// requests spread over the workers (two heads → two workers), one worker for a single request, and
// a cancel that rejects every request in flight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { syntheticAttention } from '../../../src/engine/testing/attention';
import { inProcessLearner, PagWorkerPool, defaultPoolSize } from '../../../src/pipeline';
import { buildPagWorker } from '../../support/pagWorkerBundle';

const WORKER = buildPagWorker();

test('two requests at once go to two workers and give the same PAGs as this thread; one request starts one worker', async () => {
  const pool = new PagWorkerPool(WORKER, 2);
  try {
    const heads = [syntheticAttention(30, 1), syntheticAttention(30, 2)];
    const single = await pool.learn(heads[0], { samples: 200 });
    assert.equal(pool.started, 1, 'a single request starts one worker');
    const both = await Promise.all(heads.map((a) => pool.learn(a, { samples: 200 })));
    assert.equal(pool.started, 2, 'two requests in flight use both workers');
    for (const [h, a] of heads.entries()) {
      assert.deepEqual(both[h].learned.json, (await inProcessLearner(a, { samples: 200 })).learned.json, `head ${h}`);
    }
    assert.deepEqual(single.learned.json, both[0].learned.json);
  } finally {
    await pool.dispose();
  }
  assert.ok(defaultPoolSize() >= 1 && defaultPoolSize(1) === 1);
});

test('a cancel rejects every head in flight', async () => {
  const pool = new PagWorkerPool(WORKER, 2);
  try {
    const controller = new AbortController();
    const pending = [3, 4].map((seed) =>
      pool.learn(syntheticAttention(160, seed), { samples: 768, signal: controller.signal }),
    );
    controller.abort();
    for (const p of pending) await assert.rejects(p, { name: 'AbortError' });
    const after = await pool.learn(syntheticAttention(10, 2), {});
    assert.equal(after.learned.json.n, 10, 'the pool still works after a cancel');
  } finally {
    await pool.dispose();
  }
});
