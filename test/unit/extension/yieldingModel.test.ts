// The wrapper's promise is counted, not timed: a fake clock advances by the cost of each model
// run and an event-loop turn counter (a setImmediate chain) records when the loop got a turn.
// The stall in milliseconds is a benchmark figure (`npm run bench`, "Host responsiveness").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yieldingModel } from '../../../src/extension/yieldingModel';
import type { LoadedModel } from '../../../src/model/index';

/** A model whose runIds costs `cost` ms of the fake clock and resolves without a macrotask, like onnxruntime-node 1.14. */
function blockingModel(clock: { t: number }, cost: number): LoadedModel {
  return {
    id: 'blocking',
    padTokenId: 0,
    runIds: (ids: number[]) =>
      new Promise((resolve) =>
        process.nextTick(() => {
          clock.t += cost;
          resolve({ label: 'A', score: 1, labelIndex: ids.length % 2, logits: [0, 1] });
        }),
      ),
  } as unknown as LoadedModel;
}

/** Runs `n` awaited runIds in a row; returns how many model runs had completed at each event-loop turn. */
async function turnsDuring(model: LoadedModel, n: number): Promise<number[]> {
  let done = 0,
    running = true;
  const turns: number[] = [];
  const tick = (): void => {
    if (!running) return;
    turns.push(done);
    setImmediate(tick);
  };
  setImmediate(tick);
  for (let i = 0; i < n; i++) {
    await model.runIds([1, 2, 3]);
    done++;
  }
  running = false;
  return turns;
}

test('without the wrapper, awaited synchronous inference never gives the event loop a turn', async () => {
  const turns = await turnsDuring(blockingModel({ t: 0 }, 2), 100);
  assert.deepEqual(turns, []);
});

test('yieldingModel gives the event loop one turn per 15 ms of model runs (every 8th run of 2 ms), results unchanged', async () => {
  const clock = { t: 0 };
  const inner = blockingModel(clock, 2);
  const model = yieldingModel(inner, 15, () => clock.t);
  const turns = await turnsDuring(model, 100);
  // Before run i the clock reads 2·i; a turn is due once 15 ms have passed since the last: i = 8, 16, …, 96.
  assert.deepEqual(turns, [8, 16, 24, 32, 40, 48, 56, 64, 72, 80, 88, 96]);
  assert.deepEqual(await model.runIds([1, 2]), await inner.runIds([1, 2]));
  assert.equal(model.id, 'blocking');
});

test('yieldingModel with a slow model: a turn before every run once each run alone exceeds the budget', async () => {
  const clock = { t: 0 };
  const turns = await turnsDuring(
    yieldingModel(blockingModel(clock, 20), 15, () => clock.t),
    5,
  );
  assert.deepEqual(turns, [1, 2, 3, 4]);
});

test('yieldingModel on the real clock: runs that each take ≥ 2 ms get a turn at least every 8 runs', async () => {
  // Wall time only bounds from below here (a busy wait lasts at least its 2 ms), so no load can break it.
  const busy = (): void => {
    const t = performance.now();
    while (performance.now() - t < 2) {
      /* inference */
    }
  };
  const inner = {
    id: 'busy',
    padTokenId: 0,
    runIds: () =>
      new Promise((resolve) =>
        process.nextTick(() => {
          busy();
          resolve({ label: 'A', score: 1, labelIndex: 0, logits: [0, 1] });
        }),
      ),
  } as unknown as LoadedModel;
  const turns = await turnsDuring(yieldingModel(inner, 15), 40);
  const gaps = [...turns, 40].map((x, i, a) => x - (i ? a[i - 1] : 0));
  assert.ok(turns.length >= 4, `${turns.length} turns`);
  assert.ok(
    gaps.every((g) => g <= 8),
    `runs between turns: ${gaps.join(',')}`,
  );
});
