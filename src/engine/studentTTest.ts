// Partial-correlation CI test with Student's t instead of Fisher's z. Under a Gaussian null, the sample
// partial correlation r of x, y given S (n samples) has t = r·sqrt(dof/(1 − r²)) ~ t(dof), dof = n − |S| − 2,
// exactly (Fisher 1924, "The distribution of the partial correlation coefficient", Metron 3); Fisher's z
// is its large-n normal approximation. This is the test of R's ppcor::pcor.test and tigramite's ParCorr.
// On the attention-derived matrices n is the hidden size (a few hundred), where both agree closely; the
// t test is the exact one when n is small (--samples 20–50), where Fisher z says "dependent" more often.
import { DEFAULT_ALPHA, DEFAULT_SAMPLES, ParCorrTest, type ParCorrOptions } from './ciTest';
import { correlationTTestP } from './tDistribution';
import type { CiTest } from './types';

export class StudentTParCorrTest implements CiTest {
  readonly samples: number;
  readonly alpha: number;
  /** Partial correlations (and its cache of sub-matrix inverses) come from the Fisher-z test's code. */
  private readonly partial: ParCorrTest;
  private computed = 0;

  constructor(corr: readonly (readonly number[])[], opts: ParCorrOptions = {}) {
    this.samples = opts.samples ?? DEFAULT_SAMPLES;
    this.alpha = opts.alpha ?? DEFAULT_ALPHA;
    this.partial = new ParCorrTest(corr, opts);
  }

  get testsRun(): number {
    return this.computed;
  }

  clearInverseCache(): void {
    this.partial.clearInverseCache();
  }

  independent(x: number, y: number, cond: readonly number[]): boolean {
    return this.pValue(x, y, cond) > this.alpha;
  }

  /** Two-sided p-value of the t test; 0 ("dependent") when the partial correlation is ±1 or undefined. */
  pValue(x: number, y: number, cond: readonly number[]): number {
    this.computed++;
    // the Fisher-z test's guards: a perfectly correlated pair or conditioning node means "dependent"
    if (this.partial.perfectlyCorrelated(x, y, cond)) return 0;
    return correlationTTestP(this.partial.partialCorrelation(x, y, cond), this.samples - cond.length - 2);
  }
}
