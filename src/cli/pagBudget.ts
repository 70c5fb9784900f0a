// ICD's budget on the command line (pag, explain-matrix, explain): --max-tests N and --time-limit S,
// the default budget, and the warning printed when the budget ran out and the PAG is an earlier round's.
import { defaultMaxTests, type PagTruncation } from '../engine';
import { numberOption, type ParsedArgs } from './args';

export const BUDGET_SPEC = { 'max-tests': {}, 'time-limit': {} };

export const BUDGET_USAGE = `  --max-tests N ICD's CI-test budget (default: all that rounds 0 and 1 can use, n(n − 1)²/2 for n nodes,
                + 5,000,000); when it runs out the PAG of the last completed round is printed, with a warning
  --time-limit S
                stop ICD after S seconds of learning, likewise (default: none)`;

export interface IcdBudgetNumbers {
  /** --max-tests as given (undefined: the default for the matrix's size). */
  maxTests?: number;
  timeLimitMs?: number;
}

/** The budget options as given; `names` renames them (explain's --max-tests is its model-run budget). */
export function budgetNumbers(
  p: ParsedArgs,
  names: { maxTests: string; timeLimit: string } = { maxTests: 'max-tests', timeLimit: 'time-limit' },
): IcdBudgetNumbers {
  const maxTests =
    p.options[names.maxTests] === undefined ? undefined : numberOption(p, names.maxTests, 0, 1, 1e15, true);
  const timeLimit = p.options[names.timeLimit] === undefined ? undefined : numberOption(p, names.timeLimit, 0, 0, 1e9);
  return {
    ...(maxTests !== undefined ? { maxTests } : {}),
    ...(timeLimit !== undefined ? { timeLimitMs: timeLimit * 1000 } : {}),
  };
}

/** The learnPag budget for an n-node matrix. */
export function budgetFor(b: IcdBudgetNumbers, n: number): { maxTests: number; timeLimitMs?: number } {
  return {
    maxTests: b.maxTests ?? defaultMaxTests(n),
    ...(b.timeLimitMs !== undefined ? { timeLimitMs: b.timeLimitMs } : {}),
  };
}

/** What the learner stopped at, for a summary line: "stopped by the CI-test budget in round 3: round 2's PAG". */
export function truncationPhrase(t: PagTruncation): string {
  return `stopped by the ${t.reason === 'tests' ? 'CI-test' : 'time'} budget in round ${t.round + 1}: round ${t.round}'s PAG`;
}

/** The stderr warning when the budget ran out (null when ICD finished). */
export function truncationWarning(
  t: PagTruncation | undefined,
  budget: { maxTests: number; timeLimitMs?: number },
): string | null {
  if (!t) return null;
  const spent =
    t.reason === 'tests'
      ? `its CI-test budget (${budget.maxTests.toLocaleString('en-US')} tests)`
      : `its time limit (${((budget.timeLimitMs ?? 0) / 1000).toLocaleString('en-US')} s)`;
  const raise = t.reason === 'tests' ? '--max-tests N' : '--time-limit S';
  return `causal-lens: warning: ICD spent ${spent} in round ${t.round + 1} after ${t.testsRun.toLocaleString('en-US')} tests: the PAG shown is round ${t.round}'s, the last completed one, not ICD's conclusion (a graph that stays this dense needs exponentially many tests; ${raise} raises the budget)\n`;
}
