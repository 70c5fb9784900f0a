// Small statistics for the bench tables.

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Least-squares slope of log(y) against log(x): y ∝ x^slope. Points with y ≤ 0 are left out. */
export function logLogSlope(x: readonly number[], y: readonly number[]): number {
  const pts = x.map((xi, i) => [Math.log(xi), Math.log(y[i])] as const).filter(([, ly]) => Number.isFinite(ly));
  if (pts.length < 2) return NaN;
  const mx = pts.reduce((s, [lx]) => s + lx, 0) / pts.length,
    my = pts.reduce((s, [, ly]) => s + ly, 0) / pts.length;
  let num = 0,
    den = 0;
  for (const [lx, ly] of pts) {
    num += (lx - mx) * (ly - my);
    den += (lx - mx) ** 2;
  }
  return num / den;
}
