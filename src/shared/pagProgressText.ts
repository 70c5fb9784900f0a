// The words for ICD's progress and for a PAG cut short by ICD's budget, shared by the CLI's explain,
// the pipeline's warnings and the extension's progress notification (plain strings, no vscode import).
import type { PagTruncation } from './pagNotation';

/** Where ICD is, as the progress notification shows it: "Learning the causal graph — round 2, 45% of pairs". */
export function pagProgressText(p: { r: number; pairs: number }): string {
  return `Learning the causal graph — round ${p.r}, ${Math.round(Math.min(1, Math.max(0, p.pairs)) * 100)}% of pairs`;
}

/** One sentence for a truncated PAG: which round it is from, and why. */
export function pagTruncationText(t: PagTruncation): string {
  const budget = t.reason === 'tests' ? 'CI-test budget' : 'time limit';
  return `the causal graph is from ICD round ${t.round}: its ${budget} ran out in round ${t.round + 1} after ${t.testsRun.toLocaleString('en-US')} tests, so the graph is not ICD's conclusion (this input keeps the graph so dense that the next round would need exponentially many tests)`;
}
