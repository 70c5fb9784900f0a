// Positive-definiteness by Cholesky on one flat Float64Array. Every entry of L comes from the same
// operations in the same order as in ml-matrix's CholeskyDecomposition (row j of L from rows 0..j−1,
// sums in index order), so the verdict is the same bit for bit. Rows are computed four at a time so each
// row k of L read from memory serves four dot products (the check is memory-bound at n = 1,024).

const BLOCK = 4;

/** Is the symmetric n×n matrix (row-major) positive definite? Stops at the first non-positive pivot. */
export function isPositiveDefinite(a: Float64Array, n: number): boolean {
  const l = new Float64Array(n * n);
  for (let j0 = 0; j0 < n; j0 += BLOCK) {
    const rows = Math.min(BLOCK, n - j0);
    const d = new Float64Array(rows);
    // the columns k < j0 of the block's rows, each row's sums in index order as in the one-row loop
    for (let k = 0; k < j0; k++) {
      const rowK = k * n;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      const r0 = j0 * n,
        r1 = r0 + n,
        r2 = r1 + n,
        r3 = r2 + n;
      if (rows === BLOCK) {
        for (let i = 0; i < k; i++) {
          const v = l[rowK + i];
          s0 += v * l[r0 + i];
          s1 += v * l[r1 + i];
          s2 += v * l[r2 + i];
          s3 += v * l[r3 + i];
        }
      } else {
        for (let i = 0; i < k; i++) {
          const v = l[rowK + i];
          s0 += v * l[r0 + i];
          if (rows > 1) s1 += v * l[r1 + i];
          if (rows > 2) s2 += v * l[r2 + i];
        }
      }
      for (let t = 0; t < rows; t++) {
        const rowJ = (j0 + t) * n;
        const s = (a[rowJ + k] - (t === 0 ? s0 : t === 1 ? s1 : t === 2 ? s2 : s3)) / l[rowK + k];
        l[rowJ + k] = s;
        d[t] = d[t] + s * s;
      }
    }
    // inside the block: row by row, as the one-row loop does
    for (let t = 0; t < rows; t++) {
      const j = j0 + t,
        rowJ = j * n;
      let dj = d[t];
      for (let k = j0; k < j; k++) {
        const rowK = k * n;
        let s = 0;
        for (let i = 0; i < k; i++) s += l[rowK + i] * l[rowJ + i];
        s = (a[rowJ + k] - s) / l[rowK + k];
        l[rowJ + k] = s;
        dj = dj + s * s;
      }
      dj = a[rowJ + j] - dj;
      if (!(dj > 0)) return false;
      l[rowJ + j] = Math.sqrt(dj);
    }
  }
  return true;
}
