// One plain sentence for what the CLEANN search found or why it found nothing, shared by the CLI
// text, the panel and the editor hover so that all three say the same thing. A set that did not
// flip the prediction is never called an explanation.
import type { Explanation } from '../engine';

export interface SearchBudget {
  /** Most model runs (tester calls). */
  modelRuns: number;
  /** Most milliseconds. */
  timeMs: number;
  /** Largest set size tried (undefined: no cap). */
  maxSetSize?: number;
}

const count = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`): string => `${count(n)} ${n === 1 ? one : many}`;
export const budgetText = (b: SearchBudget): string =>
  `${plural(b.modelRuns, 'model run')} / ${Number.isFinite(b.timeMs) ? `${(b.timeMs / 1000).toFixed(1)} s` : 'no time limit'}`;

/** How far the smallest-first search got: "tested every set of up to 2 tokens". */
const completeText = (ex: Explanation): string =>
  ex.completeSize > 0
    ? `tested every set of up to ${plural(ex.completeSize, 'token')}`
    : 'did not finish the single tokens';

/** The headline: what was found, or plainly that nothing was, and why. `targetName` e.g. "[CLS]". */
export function searchSummary(ex: Explanation, budget: SearchBudget, targetName = 'the target'): string {
  const runs = plural(ex.testsRun, 'model run');
  const size = ex.sets[0]?.length ?? 0;
  switch (ex.stop) {
    case 'no-tester':
      return `no tester: the full candidate set of ${plural(ex.candidates.length, 'token')}, not a tested explanation`;
    case 'found':
      return `${plural(ex.sets.length, 'explanation')} of ${plural(size, 'token')}, confirmed by the model (${runs})`;
    case 'found-greedy':
      return `an explanation of ${plural(size, 'token')}, confirmed by the model (${runs}), found by the greedy search after the smallest-first one ${completeText(ex)}; ${ex.minimality === 'irreducible' ? 'removing any one of its tokens no longer flips the prediction, but a smaller explanation may exist' : 'the budget ran out before each of its tokens was checked, so it may not be minimal'}`;
    case 'greedy-exhausted':
      return `no explanation within ${budgetText(budget)}: the smallest-first search ${completeText(ex)}, and the greedy search grew a set to ${plural(ex.largestSize, 'token')} without flipping the prediction (${runs})`;
    case 'found-cut':
      return `${plural(ex.sets.length, 'explanation')} of ${plural(size, 'token')}, confirmed by the model; the budget (${budgetText(budget)}) ran out before every set of that size was tested, so others may exist`;
    case 'model-runs':
      return `no explanation within ${budgetText(budget)}: all ${plural(budget.modelRuns, 'model run')} were spent (sets of up to ${plural(ex.largestSize, 'token')} tested)`;
    case 'time':
      return `no explanation within ${budgetText(budget)}: the time ran out after ${runs} (sets of up to ${plural(ex.largestSize, 'token')} tested)`;
    case 'max-set-size':
      return `no explanation: no set of up to ${plural(budget.maxSetSize ?? ex.largestSize, 'token')} flips the prediction (every legal set tested, ${runs})`;
    case 'all-sets':
      return `no explanation: removing any legal set of the ${plural(ex.candidates.length, 'candidate')} leaves the prediction unchanged (all tested, ${runs})`;
    case 'no-candidates':
      return `nothing to test: no token is connected to ${targetName} in the PAG, so there are no candidates`;
    case 'unreachable':
      return `nothing to test: the ${plural(ex.candidates.length, 'candidate')} reach ${targetName} only through special tokens, which are never removed, so no candidate set is legal`;
  }
}

/** "not an explanation: removing {…} lowers P(LABEL) by 0.21 (0.93 → 0.72)", or null when there is no partial result. */
export function partialText(
  ex: Explanation,
  label: string,
  score: number,
  tokenText: (i: number) => string,
): string | null {
  if (ex.kind !== 'partial' || !ex.best) return null;
  const set = ex.best.set.map(tokenText).join(' ');
  return `not an explanation — the tested set that lowered P(${label}) the most: {${set}}, by ${ex.best.drop.toFixed(3)} (${score.toFixed(3)} → ${(score - ex.best.drop).toFixed(3)}); the prediction did not change`;
}
