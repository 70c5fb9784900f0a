// Where the Fisher-z test's verdict flips, as a band of |partial correlation| values: below it the test
// certainly says "independent", above it "dependent", inside it the exact p-value must decide. The fast
// rounds compare |r| (or r² against a product, with no sqrt, log or erfc) with the band's ends and call
// the exact test only inside it, so every verdict is the exact test's own.
import { normalCdf } from './normal';

/**
 * Relative half-width of the band in the statistic sqrt(dof)·atanh|r|. The exact p-value 2(1 − Φ(stat))
 * loses relative accuracy to cancellation as alpha shrinks (about 1e-4 of p at alpha = 1e-12, i.e. ~2e-6
 * of the statistic); Φ, log1p and sqrt add a few ulps. 1e-3 leaves a margin of over 500× on the worst case,
 * and only pairs within 0.1 % of the threshold pay for the exact test.
 */
export const BAND = 1e-3;

export interface FisherBand {
  /** |r| < lo: independent. */
  lo: number;
  /** |r| > hi: dependent. Between: ask the exact test. */
  hi: number;
}

/** The statistic at which 2(1 − Φ(stat)) crosses alpha, found by bisection on the exact formula. */
export function criticalStatistic(alpha: number): number {
  const independent = (s: number): boolean => 2 * (1 - normalCdf(s)) > alpha;
  let lo = 0,
    hi = 40;
  if (!independent(lo)) return 0;
  for (let k = 0; k < 200 && hi - lo > 1e-13; k++) {
    const mid = (lo + hi) / 2;
    if (independent(mid)) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The band of |r| for tests with `condSize` conditioning nodes. With no degrees of freedom left
 * (dof ≤ 0) the band covers everything: each such test goes to the exact code, which has the
 * reference's special cases.
 */
export function fisherBand(
  samples: number,
  alpha: number,
  condSize: number,
  critical = criticalStatistic(alpha),
): FisherBand {
  const dof = samples - condSize - 3;
  if (!(dof > 0) || !(critical > 0)) return { lo: 0, hi: Infinity };
  const root = Math.sqrt(dof);
  return { lo: Math.tanh((critical * (1 - BAND)) / root), hi: Math.tanh((critical * (1 + BAND)) / root) };
}
