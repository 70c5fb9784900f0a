import { test } from 'node:test';
import assert from 'node:assert/strict';
import { yieldingModel } from '../../../src/extension/yieldingModel';
import type { LoadedModel } from '../../../src/model/index';

/** A model whose runIds blocks for `ms` and resolves without a macrotask, like onnxruntime-node 1.14. */
function blockingModel(ms: number): LoadedModel {
  const busy = () => { const t = performance.now(); while (performance.now() - t < ms) { /* inference */ } };
  return {
    id: 'blocking', padTokenId: 0,
    runIds: (ids: number[]) => new Promise((resolve) => process.nextTick(() => { busy(); resolve({ label: 'A', score: 1, labelIndex: ids.length % 2, logits: [0, 1] }); })),
  } as unknown as LoadedModel;
}

/** Runs `n` awaited runIds in a row and returns the longest gap between 1 ms timer ticks. */
async function longestStall(model: LoadedModel, n: number): Promise<{ worst: number; ticks: number }> {
  let last = performance.now(), worst = 0, ticks = 0;
  const timer = setInterval(() => { const now = performance.now(); worst = Math.max(worst, now - last); last = now; ticks++; }, 1);
  for (let i = 0; i < n; i++) await model.runIds([1, 2, 3]);
  clearInterval(timer);
  worst = Math.max(worst, performance.now() - last);
  return { worst, ticks };
}

test('without the wrapper, awaited synchronous inference starves the event loop', async () => {
  const { worst, ticks } = await longestStall(blockingModel(2), 100);
  assert.equal(ticks, 0);
  assert.ok(worst >= 190, `stall ${worst} ms`);
});

test('yieldingModel gives the event loop a turn every ~15 ms of model runs, results unchanged', async () => {
  const inner = blockingModel(2);
  const model = yieldingModel(inner, 15);
  const { worst, ticks } = await longestStall(model, 100);
  assert.ok(ticks >= 5, `${ticks} ticks`);
  assert.ok(worst < 60, `stall ${worst} ms`);
  assert.deepEqual(await model.runIds([1, 2]), await inner.runIds([1, 2]));
  assert.equal(model.id, 'blocking');
});
