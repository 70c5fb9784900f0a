// Positive-definiteness by Cholesky on one flat Float64Array. The same operations in the same order as
// ml-matrix's CholeskyDecomposition (row j of L from rows 0..j−1, sums in index order), so the verdict is
// the same bit for bit; a flat array instead of n row arrays behind get/set makes n = 1,024 take ~0.3 s
// instead of several seconds.

/** Is the symmetric n×n matrix (row-major) positive definite? Stops at the first non-positive pivot. */
export function isPositiveDefinite(a: Float64Array, n: number): boolean {
  const l = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const rowJ = j * n;
    let d = 0;
    for (let k = 0; k < j; k++) {
      const rowK = k * n;
      let s = 0;
      for (let i = 0; i < k; i++) s += l[rowK + i] * l[rowJ + i];
      s = (a[rowJ + k] - s) / l[rowK + k];
      l[rowJ + k] = s;
      d = d + s * s;
    }
    d = a[rowJ + j] - d;
    if (!(d > 0)) return false;
    l[rowJ + j] = Math.sqrt(d);
  }
  return true;
}
