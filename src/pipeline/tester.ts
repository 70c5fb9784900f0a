// The counterfactual explanation tester (DESIGN §5): replace a subset's tokens by [PAD] (or another
// token id, e.g. [MASK]), re-run the model, and call the subset an explanation when the explained
// output flips: the predicted class changes (single-label, and a masked LM's predicted token), or
// the explained label's sigmoid crosses 0.5 (multi-label). `probe` also reports how far the
// explained output moved toward the flip, so a search that finds no explanation can still say
// which tested set came closest.
import type { TestVerdict } from '../engine';
import type { LoadedModel, ModelRun, Prediction } from '../model';

export interface PadTester {
  test(subset: number[]): Promise<boolean>;
  /** The verdict plus the drop of the originally predicted class's probability. */
  probe(subset: number[]): Promise<TestVerdict>;
  /** probe for several subsets in one batched model run (same verdicts, in order). */
  probeMany(subsets: number[][]): Promise<TestVerdict[]>;
  /** Model runs requested (cache hits included). */
  readonly calls: number;
  /** true once maxTests was reached: later subsets were answered "no" without running the model. */
  readonly exhausted: boolean;
}

/** Which output is explained and what flipping it means. */
export type ExplainedOutput =
  | { kind: 'argmax'; index: number }
  /** multi-label: label `index` is on (sigmoid ≥ 0.5) or off; the flip is crossing 0.5 */
  | { kind: 'sigmoid'; index: number };

function probabilityOf(logits: readonly number[], k: number): number {
  const m = Math.max(...logits);
  let s = 0;
  for (const x of logits) s += Math.exp(x - m);
  return Math.exp(logits[k] - m) / s;
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** flips + how much the explained state's probability fell (argmax: the class's softmax; sigmoid: P(state)). */
export function verdictOf(
  output: ExplainedOutput,
  before: readonly number[],
  afterRun: Pick<Prediction, 'logits' | 'labelIndex'>,
): TestVerdict {
  const after = afterRun.logits;
  if (output.kind === 'sigmoid') {
    const on = before[output.index] >= 0;
    const p = (l: readonly number[]) => (on ? sigmoid(l[output.index]) : 1 - sigmoid(l[output.index]));
    return { flips: after[output.index] >= 0 !== on, drop: p(before) - p(after) };
  }
  return {
    flips: afterRun.labelIndex !== output.index,
    drop: probabilityOf(before, output.index) - probabilityOf(after, output.index),
  };
}

export function padTester(
  model: Pick<LoadedModel, 'runIds' | 'runIdsMany' | 'padTokenId'>,
  run: ModelRun,
  maxTests = Infinity,
  replacementId = model.padTokenId,
  output: ExplainedOutput = { kind: 'argmax', index: run.prediction.labelIndex },
): PadTester {
  let calls = 0;
  let exhausted = false;
  const ctx = { typeIds: run.typeIds, position: run.target };
  const replaced = (subset: number[]): number[] => {
    const ids = run.inputIds.slice();
    for (const i of subset) {
      if (!Number.isInteger(i) || i < 0 || i >= ids.length)
        throw new RangeError(`token index ${i} is outside 0..${ids.length - 1}`);
      ids[i] = replacementId;
    }
    return ids;
  };
  const probe = async (subset: number[]): Promise<TestVerdict> => {
    if (calls >= maxTests) {
      exhausted = true;
      return { flips: false };
    }
    calls++;
    const p = await model.runIds(replaced(subset), ctx);
    return verdictOf(output, run.prediction.logits, p);
  };
  const probeMany = async (subsets: number[][]): Promise<TestVerdict[]> => {
    const allowed = Math.max(0, Math.min(subsets.length, maxTests - calls));
    if (allowed < subsets.length) exhausted = true;
    calls += allowed;
    const runs = allowed > 0 ? await model.runIdsMany(subsets.slice(0, allowed).map(replaced), ctx) : [];
    return subsets.map((_, k) => (k < allowed ? verdictOf(output, run.prediction.logits, runs[k]) : { flips: false }));
  };
  return {
    probe,
    probeMany,
    async test(subset) {
      return (await probe(subset)).flips;
    },
    get calls() {
      return calls;
    },
    get exhausted() {
      return exhausted;
    },
  };
}
