// Checks a correlation matrix before the learner uses it; each failure has its own one-line message.
import { isPositiveDefinite } from './cholesky';
import { EngineInputError } from './errors';
import { badEntry } from './entryText';

export interface ValidateOptions {
  /** Allowed |ρ_ij − ρ_ji| and |ρ_ii − 1|. */
  tolerance?: number;
}

/** Per node: eigenvalues above −PSD_TOLERANCE·n count as zero. */
const PSD_TOLERANCE = 1e-9;

/** Returns the matrix made exactly symmetric with a unit diagonal (within `tolerance` of the input), or throws. */
export function validateCorrelation(corr: unknown, opts: ValidateOptions = {}): number[][] {
  const tol = opts.tolerance ?? 1e-6;
  if (!Array.isArray(corr) || corr.length === 0)
    throw new EngineInputError('correlation matrix must be a non-empty array of rows');
  const n = corr.length;
  for (let i = 0; i < n; i++) {
    const row: unknown = corr[i];
    if (!Array.isArray(row)) throw new EngineInputError(`correlation matrix row ${i} is not an array`);
    if (row.length !== n)
      throw new EngineInputError(
        `correlation matrix must be square: row ${i} has ${row.length} entries, expected ${n}`,
      );
    for (let j = 0; j < n; j++) {
      const why = badEntry(row[j], i, j);
      if (why) throw new EngineInputError(`correlation matrix has ${why}`);
    }
  }
  const m = corr as number[][];
  for (let i = 0; i < n; i++) {
    if (Math.abs(m[i][i] - 1) > tol)
      throw new EngineInputError(`correlation matrix diagonal must be 1: [${i}][${i}] = ${m[i][i]}`);
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(m[i][j] - m[j][i]) > tol)
        throw new EngineInputError(
          `correlation matrix is not symmetric: [${i}][${j}] = ${m[i][j]} but [${j}][${i}] = ${m[j][i]}`,
        );
    }
  }
  // symmetric within tolerance: continue with the exactly symmetric, unit-diagonal version
  const sym = m.map((row, i) => row.map((v, j) => (i === j ? 1 : (v + m[j][i]) / 2)));
  // Positive semi-definite within rounding, not strictly definite: A·Aᵀ of a long text's attention is
  // often numerically singular (smallest eigenvalue ~1e-15 of n at 512 tokens) while the small
  // sub-matrices the CI tests invert are fine, and a singular one reads as "dependent" there, as in
  // the reference, which never checks the whole matrix. A clearly indefinite matrix is still refused.
  const jitter = PSD_TOLERANCE * n;
  const shifted = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) shifted[i * n + j] = i === j ? sym[i][j] + jitter : sym[i][j];
  if (!isPositiveDefinite(shifted, n)) {
    throw new EngineInputError(
      `correlation matrix is not positive semi-definite (${n}×${n}): it has a negative eigenvalue, so it is no correlation matrix`,
    );
  }
  return sym;
}
