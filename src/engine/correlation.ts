// Attention → covariance of the output embeddings → correlation (ABCD: C = A·Aᵀ, ρ = cov_to_corr(C)).
import { EngineInputError } from './errors';
import { badEntry } from './entryText';

/** The reference refuses variances at or below this (cov_to_corr: min_variance = 1e-8 on the std-dev). */
const MIN_STD = 1e-8;

/** The size of a non-empty square matrix of finite numbers, or an EngineInputError naming `what`. */
export function checkSquare(m: readonly (readonly number[])[], what: string): number {
  if (!Array.isArray(m) || m.length === 0) throw new EngineInputError(`${what} must be a non-empty square matrix`);
  const n = m.length;
  for (let i = 0; i < n; i++) {
    const row = m[i];
    if (!Array.isArray(row) || row.length !== n) {
      throw new EngineInputError(
        `${what} must be square: row ${i} has ${Array.isArray(row) ? row.length : 'no'} entries, expected ${n}`,
      );
    }
    for (let j = 0; j < n; j++) {
      const why = badEntry(row[j], i, j);
      if (why) throw new EngineInputError(`${what} has ${why}`);
    }
  }
  return n;
}

/** Element-wise mean of several equally sized square matrices (e.g. the heads of one layer). */
export function averageHeads(heads: readonly (readonly (readonly number[])[])[]): number[][] {
  if (!Array.isArray(heads) || heads.length === 0) throw new EngineInputError('averageHeads needs at least one head');
  const n = checkSquare(heads[0], 'head 0');
  const out = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  heads.forEach((h, k) => {
    if (checkSquare(h, `head ${k}`) !== n)
      throw new EngineInputError(`head ${k} is ${h.length}×${h.length}, head 0 is ${n}×${n}`);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i][j] += h[i][j];
  });
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[i][j] /= heads.length;
  return out;
}

/** Covariance → correlation: ρ_ij = C_ij / sqrt(C_ii·C_jj). */
export function covToCorr(cov: readonly (readonly number[])[]): number[][] {
  const n = checkSquare(cov, 'covariance matrix');
  const std = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const s = Math.sqrt(cov[i][i]);
    if (!(s > MIN_STD))
      throw new EngineInputError(`row ${i} has zero (or negative) variance ${cov[i][i]}: its correlation is undefined`);
    std[i] = s;
  }
  const out = Array.from({ length: n }, () => new Array<number>(n));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i][j] = i === j ? 1 : cov[i][j] / (std[i] * std[j]);
  }
  return out;
}

/** C = A·Aᵀ for a seq×seq attention matrix A, then its correlation matrix. */
export function attentionToCorrelation(att: readonly (readonly number[])[]): number[][] {
  const n = checkSquare(att, 'attention matrix');
  const cov = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const ai = att[i];
    for (let j = i; j < n; j++) {
      const aj = att[j];
      let s = 0;
      for (let k = 0; k < n; k++) s += ai[k] * aj[k];
      cov[i][j] = s;
      cov[j][i] = s;
    }
  }
  for (let i = 0; i < n; i++) {
    if (!(Math.sqrt(cov[i][i]) > MIN_STD))
      throw new EngineInputError(`attention row ${i} is all zeros: its embedding has zero variance`);
  }
  return covToCorr(cov);
}
