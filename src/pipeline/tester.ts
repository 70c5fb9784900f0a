// The counterfactual explanation tester (DESIGN §5): replace a subset's tokens by [PAD], re-run the
// model, and call the subset an explanation when the predicted label changes.
import type { LoadedModel, ModelRun } from '../model';

export interface PadTester {
  test(subset: number[]): Promise<boolean>;
  /** Model runs requested (cache hits included). */
  readonly calls: number;
  /** true once maxTests was reached: later subsets were answered "no" without running the model. */
  readonly exhausted: boolean;
}

export function padTester(model: Pick<LoadedModel, 'runIds' | 'padTokenId'>, run: ModelRun, maxTests = Infinity): PadTester {
  let calls = 0;
  let exhausted = false;
  const original = run.prediction.labelIndex;
  return {
    async test(subset) {
      if (calls >= maxTests) { exhausted = true; return false; }
      calls++;
      const ids = run.inputIds.slice();
      for (const i of subset) {
        if (!Number.isInteger(i) || i < 0 || i >= ids.length) throw new RangeError(`token index ${i} is outside 0..${ids.length - 1}`);
        ids[i] = model.padTokenId;
      }
      return (await model.runIds(ids)).labelIndex !== original;
    },
    get calls() { return calls; },
    get exhausted() { return exhausted; },
  };
}
