// onnxruntime-node 1.14 (the one transformers.js ships) runs inference synchronously inside
// process.nextTick, so a search that awaits thousands of model runs in a row — CLEANN's
// counterfactual tester — never lets the event loop turn: the extension host would freeze for the
// whole explanation stage (measured: 7.6 s on a 173-token review). This wrapper gives the event
// loop a turn (setImmediate) whenever `budgetMs` of model runs have passed.
import type { LoadedModel } from '../model/index';

/** `now` is the clock (ms); injectable so that tests count turns against a fake clock, not time. */
export function yieldingModel(
  model: LoadedModel,
  budgetMs = 15,
  now: () => number = () => performance.now(),
): LoadedModel {
  let last = now();
  const turn = async () => {
    if (now() - last < budgetMs) return;
    await new Promise<void>((resolve) => setImmediate(resolve));
    last = now();
  };
  return {
    ...model,
    async runIds(ids, ctx) {
      await turn();
      return model.runIds(ids, ctx);
    },
    async runIdsMany(rows, ctx) {
      await turn();
      return model.runIdsMany(rows, ctx);
    },
    async run(text, opts) {
      await turn();
      return model.run(text, opts);
    },
  };
}
