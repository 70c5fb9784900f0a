// The worker-thread PAG learner: the same PAG as in this thread, cancellation that stops the worker
// at once, and the engine's errors passed through. How long the caller's event loop stalls while
// ICD runs (worker vs this thread) is measured, not asserted: npm run bench, "Host responsiveness".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { EngineInputError, ParCorrTest, type IcdIteration, type IcdProgress } from '../../../src/engine';
import { syntheticAttention } from '../../../src/engine/testing/attention';
import { inProcessLearner, WorkerPagLearner } from '../../../src/pipeline';
import type { PagWorkerReply, PagWorkerRequest } from '../../../src/pipeline/pagWorkerProtocol';
import { buildPagWorker } from '../../support/pagWorkerBundle';

const WORKER = buildPagWorker();

test('the worker learns the same PAG, counts and iterations as this thread', async () => {
  const learner = new WorkerPagLearner(WORKER);
  try {
    for (const n of [12, 40]) {
      const att = syntheticAttention(n, n + 1);
      const here: IcdIteration[] = [],
        there: IcdIteration[] = [];
      const a = await inProcessLearner(att, { samples: 200, onIteration: (it) => here.push(it) });
      const b = await learner.learn(att, { samples: 200, onIteration: (it) => there.push(it) });
      assert.deepEqual(b.learned.json, a.learned.json);
      assert.deepEqual(b.learned.pag.toJson(b.learned.iterations), a.learned.json, 'the PAG object rebuilt from JSON');
      assert.equal(b.learned.ciTests, a.learned.ciTests);
      assert.equal(b.learned.iterations, a.learned.iterations);
      assert.equal(b.learned.converged, a.learned.converged);
      assert.deepEqual(there, here);
      assert.ok(b.pagMs > 0 && b.correlationMs >= 0);
    }
  } finally {
    await learner.dispose();
  }
});

test('cancelling stops the worker at once; the next request gets a fresh one', async () => {
  const learner = new WorkerPagLearner(WORKER);
  try {
    const controller = new AbortController();
    const iterations: number[] = [];
    // Counted in event-loop turns, not ms: the rejection must come before this thread's next turn
    // after the abort, i.e. without waiting for the worker (round 1 of 160 nodes takes about a second).
    let turnsAfterAbort = -1,
      settled = false;
    const countTurns = (): void => {
      if (settled) return;
      turnsAfterAbort++;
      setImmediate(countTurns);
    };
    const pending = learner.learn(syntheticAttention(160, 3), {
      samples: 768,
      signal: controller.signal,
      onIteration: (it) => {
        iterations.push(it.r);
        if (it.r === 0) {
          controller.abort();
          countTurns();
        }
      },
    });
    await assert.rejects(
      pending.finally(() => {
        settled = true;
      }),
      { name: 'AbortError', message: /cancelled/ },
    );
    assert.equal(turnsAfterAbort, 0, "rejected within the abort's own turn");
    assert.deepEqual(iterations, [0], 'no iteration arrives after the abort');
    const again = await learner.learn(syntheticAttention(10, 2), {});
    assert.equal(again.learned.json.n, 10);
    // An already-aborted signal never reaches the worker.
    await assert.rejects(learner.learn(syntheticAttention(10, 2), { signal: AbortSignal.abort() }), {
      name: 'AbortError',
    });
  } finally {
    await learner.dispose();
  }
});

test("the engine's errors come back with the same class and message; a missing worker script is named", async () => {
  const learner = new WorkerPagLearner(WORKER);
  try {
    const zeroRow = [
      [1, 0],
      [0, 0],
    ];
    const here = await inProcessLearner(zeroRow, {}).then(
      () => null,
      (e: Error) => e,
    );
    const there = await learner.learn(zeroRow, {}).then(
      () => null,
      (e: Error) => e,
    );
    assert.ok(here instanceof EngineInputError && there instanceof EngineInputError);
    assert.equal(there.message, here.message);
    assert.match(there.message, /attention row 1 is all zeros/);
    await assert.rejects(
      learner.learn(syntheticAttention(6, 1), { alpha: 2 }),
      (e: Error) => e instanceof EngineInputError && /alpha must be in \(0, 1\)/.test(e.message),
    );
    await assert.rejects(learner.learn([[1, 0]], {}), /attention matrix must be square/);
  } finally {
    await learner.dispose();
  }
  await assert.rejects(
    new WorkerPagLearner('/nonexistent/pagWorker.js').learn([[1]], {}),
    /the PAG worker script is missing: \/nonexistent\/pagWorker\.js/,
  );
});

test('the CI test by name crosses to the worker; unknown names and test objects are refused on both sides', async () => {
  const att = syntheticAttention(40, 3);
  const fisher = await inProcessLearner(att, { samples: 30 });
  const here = await inProcessLearner(att, { samples: 30, ciTest: { name: 'student-t' } });
  assert.notDeepEqual(here.learned.json, fisher.learned.json, 'the two tests differ on this matrix at 30 samples');
  const learner = new WorkerPagLearner(WORKER);
  try {
    await assert.rejects(
      learner.learn(att, { ciTest: { name: 'kci' } }),
      (e: Error) =>
        e instanceof EngineInputError && /unknown CI test "kci" \(known: fisher-z, student-t\)/.test(e.message),
    );
    await assert.rejects(
      learner.learn(att, { ciTest: new ParCorrTest([[1]]) }),
      (e: Error) => e instanceof EngineInputError && /cannot be sent to the PAG worker thread/.test(e.message),
    );
    assert.equal(learner.running, false, 'refused before a worker was started');
    const there = await learner.learn(att, { samples: 30, ciTest: { name: 'student-t' } });
    assert.deepEqual(there.learned.json, here.learned.json);
    assert.equal(there.learned.ciTests, here.learned.ciTests);
  } finally {
    await learner.dispose();
  }
  // a request that skips the caller's check (another client of the protocol) gets the engine's error back
  const worker = new Worker(WORKER);
  try {
    const reply = await new Promise<PagWorkerReply>((resolve) => {
      worker.once('message', resolve);
      const req: PagWorkerRequest = {
        id: 7,
        n: 2,
        attention: Float64Array.from([0.5, 0.5, 0.5, 0.5]),
        ciTest: { name: 'kci' },
        streamIterations: false,
      };
      worker.postMessage(req);
    });
    assert.deepEqual(reply, {
      id: 7,
      type: 'error',
      name: 'EngineInputError',
      message: 'unknown CI test "kci" (known: fisher-z, student-t)',
    });
  } finally {
    await worker.terminate();
  }
});

test("the worker streams ICD's progress (a report at each round's start) and honours its budget", async () => {
  const learner = new WorkerPagLearner(WORKER);
  try {
    const att = syntheticAttention(40, 41);
    const reports: IcdProgress[] = [];
    const full = await learner.learn(att, { samples: 200, onProgress: (p) => reports.push(p) });
    assert.deepEqual(
      [...new Set(reports.map((p) => p.r))],
      Array.from({ length: full.learned.iterations }, (_, r) => r),
    );
    assert.deepEqual(reports[0], { r: 0, pairs: 0, ciTests: 0 });
    // a budget of one test: round 0 completes, round 1 is cut at its first check (as in this thread)
    const here = await inProcessLearner(att, { samples: 200, maxTests: 1 });
    const there = await learner.learn(att, { samples: 200, maxTests: 1 });
    assert.equal(here.learned.truncated?.round, 0);
    assert.deepEqual(there.learned.truncated, here.learned.truncated);
    assert.deepEqual(there.learned.json, here.learned.json);
    assert.equal(there.learned.converged, false);
  } finally {
    await learner.dispose();
  }
});
