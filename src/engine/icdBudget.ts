// ICD's work budget: a number of CI tests and/or a time limit. ICD's rounds r ≥ 2 can need
// C(n − 2, r) tests per edge (an equicorrelated matrix keeps the graph complete), so a caller that
// must answer caps the work; when the budget is spent the round in progress is abandoned and ICD
// returns the PAG of the last completed round (every round leaves a valid PAG: ICD is anytime).

/** Thrown inside a round when the budget is spent; learnIcd catches it and returns the last completed round. */
export class BudgetSpent extends Error {
  constructor(readonly reason: 'tests' | 'time') {
    super(`ICD's ${reason === 'tests' ? 'CI-test' : 'time'} budget is spent`);
    this.name = 'BudgetSpent';
  }
}

export interface IcdBudgetOptions {
  /** At most this many CI tests (round 0, n(n − 1)/2 tests, always completes). */
  maxTests?: number;
  /** Stop the round in progress after this many milliseconds of learning. */
  timeLimitMs?: number;
}

export class IcdBudget {
  private readonly deadline: number;
  private calls = 0;
  constructor(
    private readonly opts: IcdBudgetOptions,
    private readonly testsRun: () => number,
  ) {
    this.deadline = opts.timeLimitMs === undefined ? Infinity : performance.now() + opts.timeLimitMs;
  }

  /** Is there a budget at all (without one ICD keeps no snapshot and checks nothing). */
  get limited(): boolean {
    return this.opts.maxTests !== undefined || this.opts.timeLimitMs !== undefined;
  }

  /** Before a test (or a stretch of work): throws BudgetSpent when no test may run any more. The clock is read every 64th call. */
  check(): void {
    if (this.opts.maxTests !== undefined && this.testsRun() >= this.opts.maxTests) throw new BudgetSpent('tests');
    if (this.deadline !== Infinity && (++this.calls & 63) === 0 && performance.now() >= this.deadline)
      throw new BudgetSpent('time');
  }
}
