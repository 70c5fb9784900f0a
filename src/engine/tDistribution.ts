// Student's t distribution for the t test of a partial correlation: the regularized incomplete beta
// function by its continued fraction (Abramowitz & Stegun 26.5.8), evaluated with the modified Lentz
// method as ./normal.ts does for erfc, and log-gamma by Lanczos' approximation (g = 7, 9 terms).
import { normalCdf } from './normal';

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (relative accuracy about 1e-15). */
export function logGamma(x: number): number {
  if (!(x > 0)) return NaN;
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x); // reflection
  const z = x - 1;
  let sum = LANCZOS[0];
  for (let k = 1; k < LANCZOS.length; k++) sum += LANCZOS[k] / (z + k);
  const t = z + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

const TINY = 1e-300;

/** The continued fraction of I_x(a, b)·a·B(a, b) / (x^a (1−x)^b); converges fast for x < (a+1)/(a+b+2). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  d = 1 / (Math.abs(d) < TINY ? TINY : d);
  let f = d;
  for (let m = 1; m <= 1000; m++) {
    // even step d_2m = m(b−m)x / ((a+2m−1)(a+2m)), then odd step d_2m+1 = −(a+m)(a+b+m)x / ((a+2m)(a+2m+1))
    for (const coef of [
      (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m)),
      (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)),
    ]) {
      d = 1 + coef * d;
      d = 1 / (Math.abs(d) < TINY ? TINY : d);
      c = 1 + coef / c;
      if (Math.abs(c) < TINY) c = TINY;
      f *= c * d;
      if (Math.abs(c * d - 1) < 1e-16) return f;
    }
  }
  return f;
}

/**
 * The regularized incomplete beta function I_x(a, b). `y` = 1 − x, passed separately when the caller
 * knows it more precisely than 1 − x (as a partial correlation's r² against (1 − |r|)(1 + |r|)).
 */
export function regularizedIncompleteBeta(a: number, b: number, x: number, y = 1 - x): number {
  if (Number.isNaN(x) || x < 0 || x > 1) return NaN;
  if (x === 0) return 0;
  if (y === 0) return 1;
  const lnFront = a * Math.log(x) + b * Math.log(y) - (logGamma(a) + logGamma(b) - logGamma(a + b));
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(b, a, y)) / b;
}

/**
 * Above these degrees of freedom the t distribution is the normal one to well within the test's
 * accuracy (their tails differ by O(1/dof)), and log-gamma's differences would lose digits.
 */
const NORMAL_LIMIT_DOF = 1e7;

/**
 * Two-sided p-value of the t test of a (partial) correlation r with `dof` degrees of freedom:
 * t = r·sqrt(dof / (1 − r²)) and P(|T_dof| ≥ |t|) = I_{1−r²}(dof/2, 1/2).
 */
export function correlationTTestP(r: number, dof: number): number {
  const a = Math.abs(r);
  if (!(a < 1) || !(dof > 0)) return 0; // |r| ≥ 1, NaN, or no degrees of freedom: "dependent"
  if (dof > NORMAL_LIMIT_DOF) return 2 * (1 - normalCdf(a * Math.sqrt(dof / ((1 - a) * (1 + a)))));
  return regularizedIncompleteBeta(dof / 2, 0.5, (1 - a) * (1 + a), a * a);
}

/** Two-sided tail P(|T_dof| ≥ |t|) of Student's t distribution. */
export function studentTTwoSided(t: number, dof: number): number {
  if (Number.isNaN(t) || !(dof > 0)) return NaN;
  const t2 = t * t;
  if (!Number.isFinite(t2)) return 0;
  return regularizedIncompleteBeta(dof / 2, 0.5, dof / (dof + t2), t2 / (dof + t2));
}
