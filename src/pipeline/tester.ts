// The counterfactual explanation tester (DESIGN §5): replace a subset's tokens by [PAD] (or another
// token id, e.g. [MASK]), re-run the model, and call the subset an explanation when the predicted
// label changes. `probe` also reports how much the predicted class's probability dropped, so a
// search that finds no explanation can still say which tested set came closest.
import type { TestVerdict } from '../engine';
import type { LoadedModel, ModelRun } from '../model';

export interface PadTester {
  test(subset: number[]): Promise<boolean>;
  /** The verdict plus the drop of the originally predicted class's probability. */
  probe(subset: number[]): Promise<TestVerdict>;
  /** Model runs requested (cache hits included). */
  readonly calls: number;
  /** true once maxTests was reached: later subsets were answered "no" without running the model. */
  readonly exhausted: boolean;
}

function probabilityOf(logits: readonly number[], k: number): number {
  const m = Math.max(...logits);
  let s = 0;
  for (const x of logits) s += Math.exp(x - m);
  return Math.exp(logits[k] - m) / s;
}

export function padTester(
  model: Pick<LoadedModel, 'runIds' | 'padTokenId'>, run: ModelRun, maxTests = Infinity, replacementId = model.padTokenId,
): PadTester {
  let calls = 0;
  let exhausted = false;
  const original = run.prediction.labelIndex;
  const before = probabilityOf(run.prediction.logits, original);
  const probe = async (subset: number[]): Promise<TestVerdict> => {
    if (calls >= maxTests) { exhausted = true; return { flips: false }; }
    calls++;
    const ids = run.inputIds.slice();
    for (const i of subset) {
      if (!Number.isInteger(i) || i < 0 || i >= ids.length) throw new RangeError(`token index ${i} is outside 0..${ids.length - 1}`);
      ids[i] = replacementId;
    }
    const p = await model.runIds(ids);
    return { flips: p.labelIndex !== original, drop: before - probabilityOf(p.logits, original) };
  };
  return {
    probe,
    async test(subset) { return (await probe(subset)).flips; },
    get calls() { return calls; },
    get exhausted() { return exhausted; },
  };
}
