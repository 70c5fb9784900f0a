// The fast path's building blocks against the code they stand in for: the Fisher band's verdicts are
// the exact test's on both sides of the threshold, and the flat Cholesky gives ml-matrix's verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { ParCorrTest } from '../../../src/engine/ciTest';
import { isPositiveDefinite } from '../../../src/engine/cholesky';
import { BAND, criticalStatistic, fisherBand } from '../../../src/engine/fisherBand';
import { rng } from '../../../src/engine/testing/dag';

test('criticalStatistic: the two-sided normal quantiles', () => {
  assert.ok(Math.abs(criticalStatistic(0.05) - 1.959963984540054) < 1e-9);
  assert.ok(Math.abs(criticalStatistic(0.01) - 2.5758293035489004) < 1e-9);
  assert.ok(Math.abs(criticalStatistic(1e-12) - 7.1305) < 1e-3);
});

test('Fisher band: below lo the exact test says independent, above hi dependent, for |S| = 0 and 1', () => {
  const rand = rng(12);
  let checked = 0;
  for (const alpha of [0.5, 0.05, 0.01, 1e-4, 1e-12]) {
    for (const samples of [5, 30, 128, 768, 1e6, 1e14]) {
      for (const condSize of [0, 1]) {
        const { lo, hi } = fisherBand(samples, alpha, condSize);
        if (samples - condSize - 3 > 0) {
          assert.ok(lo > 0 && lo < hi && hi / lo - 1 < 4 * BAND, `narrow band: ${lo} ${hi}`);
        }
        // |partial correlation| just outside the band and spread below and above it, both signs
        const values = [
          lo * (1 - 1e-12),
          hi * (1 + 1e-12),
          0,
          ...Array.from({ length: 40 }, () => rand() * Math.min(1, 3 * hi)),
        ];
        for (const v of values)
          for (const sign of [1, -1]) {
            const pc = sign * v;
            if (!(Math.abs(pc) < lo || (Math.abs(pc) > hi && Math.abs(pc) < 1))) continue;
            let exact: boolean;
            if (condSize === 0) {
              exact = new ParCorrTest(
                [
                  [1, pc],
                  [pc, 1],
                ],
                { samples, alpha },
              ).independent(0, 1, []);
            } else {
              // ρ01·2 = pc with ρ02 = 0.3, ρ12 = −0.2
              const r01 = pc * Math.sqrt((1 - 0.09) * (1 - 0.04)) - 0.06;
              exact = new ParCorrTest(
                [
                  [1, r01, 0.3],
                  [r01, 1, -0.2],
                  [0.3, -0.2, 1],
                ],
                { samples, alpha },
              ).independent(0, 1, [2]);
            }
            assert.equal(exact, Math.abs(pc) < lo, `alpha ${alpha} samples ${samples} |S| ${condSize} pc ${pc}`);
            checked++;
          }
      }
    }
  }
  assert.ok(checked > 1500, String(checked));
  // no degrees of freedom: everything goes to the exact test
  assert.deepEqual(fisherBand(3, 0.01, 0), { lo: 0, hi: Infinity });
});

test('flat Cholesky: the same positive-definiteness verdict as ml-matrix on definite, singular and indefinite matrices', () => {
  const rand = rng(5);
  const verdicts = new Set<boolean>();
  for (let t = 0; t < 60; t++) {
    const n = 2 + (t % 13),
      rank = t % 3 === 0 ? Math.max(1, n - 2) : n;
    const b = Array.from({ length: n }, () => Array.from({ length: rank }, () => rand() - 0.5));
    const shift = [0, 1e-12, -1e-3, 1e-9, -1e-15][t % 5];
    const a = b.map((ri, i) => b.map((rj, j) => ri.reduce((s, v, k) => s + v * rj[k], 0) + (i === j ? shift : 0)));
    const flat = Float64Array.from(a.flat());
    const expected = new CholeskyDecomposition(new Matrix(a)).isPositiveDefinite();
    assert.equal(isPositiveDefinite(flat, n), expected, `case ${t}`);
    verdicts.add(expected);
  }
  assert.equal(verdicts.size, 2, 'both verdicts occur');
});
