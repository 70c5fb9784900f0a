// ParCorrTest.independentOnce (ICD's rounds r ≥ 2: no cache entries, the Fisher band first) gives the
// cached exact test's verdict on every (pair, set), near the threshold, on singular sub-matrices and with
// no degrees of freedom left, and counts each call as one computed test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ParCorrTest } from '../../../src/engine/ciTest';
import { attentionToCorrelation } from '../../../src/engine/correlation';
import { syntheticAttention } from '../../../src/engine/testing/attention';
import { rng } from '../../../src/engine/testing/dag';

test('independentOnce = independent for |S| = 2..4 on attention correlations, every alpha and sample size', () => {
  const rand = rng(31);
  let checked = 0,
    independent = 0,
    nearThreshold = 0;
  for (let seed = 1; seed <= 12; seed++) {
    const n = 12 + seed;
    const corr = attentionToCorrelation(syntheticAttention(n, 50 + seed, [1, 2, 0.5][seed % 3]));
    if (seed % 4 === 0) corr[3] = corr[2].slice(); // a singular sub-matrix (identical rows, made symmetric below)
    if (seed % 4 === 0) for (let i = 0; i < n; i++) corr[i][3] = corr[3][i];
    for (const [samples, alpha] of [
      [768, 0.01],
      [64, 0.05],
      [7, 0.2],
      [5, 0.01],
      [1e6, 1e-12],
    ] as const) {
      const once = new ParCorrTest(corr, { samples, alpha }),
        exact = new ParCorrTest(corr, { samples, alpha });
      let calls = 0;
      for (let t = 0; t < 120; t++) {
        const x = Math.floor(rand() * n),
          y = Math.floor(rand() * n),
          size = 2 + (t % 3);
        const cond = new Set<number>();
        while (cond.size < size) {
          const z = Math.floor(rand() * n);
          if (z !== x && z !== y) cond.add(z);
        }
        if (x === y) continue;
        const s = [...cond];
        const got = once.independentOnce(x, y, s);
        calls++;
        assert.equal(
          got,
          exact.independent(x, y, s),
          `seed ${seed} samples ${samples} alpha ${alpha} ${x} ${y} | ${s}`,
        );
        const p = exact.pValue(x, y, s);
        if (p > 0 && Math.abs(Math.log(p / alpha)) < 0.05) nearThreshold++;
        checked++;
        if (got) independent++;
      }
      assert.equal(once.testsRun, calls, 'one computed test per call, repeats included (nothing is cached)');
    }
  }
  assert.ok(
    checked > 5000 && independent > 500 && checked - independent > 500 && nearThreshold > 5,
    `${checked} ${independent} ${nearThreshold}`,
  );
});
