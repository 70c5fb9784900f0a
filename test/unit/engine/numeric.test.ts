// Known answers for the numeric building blocks: Φ, attention → correlation, validation, the Fisher-z test.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalCdf } from '../../../src/engine/normal';
import { attentionToCorrelation, averageHeads, covToCorr } from '../../../src/engine/correlation';
import { validateCorrelation } from '../../../src/engine/validate';
import { ParCorrTest } from '../../../src/engine/ciTest';
import { learnPag } from '../../../src/engine';

const close = (a: number, b: number, tol: number, msg?: string): void =>
  assert.ok(Math.abs(a - b) <= tol, `${msg ?? ''} ${a} vs ${b}`);

test('normalCdf matches tabulated values', () => {
  close(normalCdf(0), 0.5, 1e-16);
  close(normalCdf(1.959963984540054), 0.975, 1e-15);
  close(normalCdf(2.5758293035489004), 0.995, 1e-15);
  close(normalCdf(1), 0.8413447460685429, 1e-15);
  close(normalCdf(3), 0.9986501019683699, 1e-15);
  close(normalCdf(-4), 3.1671241833119863e-5, 1e-16); // absolute accuracy is what p-values need
  close(normalCdf(6), 1 - 9.865876450377e-10, 1e-15);
  assert.equal(normalCdf(40), 1);
});

test('attentionToCorrelation: C = A·Aᵀ then ρ_ij = C_ij / sqrt(C_ii C_jj)', () => {
  const a = [
    [0.5, 0.5, 0],
    [0, 0.5, 0.5],
    [0.5, 0, 0.5],
  ];
  // C = [[.5,.25,.25],[.25,.5,.25],[.25,.25,.5]] → ρ off-diagonal 0.5
  const r = attentionToCorrelation(a);
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) close(r[i][j], i === j ? 1 : 0.5, 1e-15);
  const r2 = attentionToCorrelation([
    [1, 0],
    [0.6, 0.8],
  ]);
  close(r2[0][1], 0.6, 1e-15); // C = [[1, .6], [.6, 1]]
});

test('averageHeads and covToCorr', () => {
  assert.deepEqual(
    averageHeads([
      [
        [1, 0],
        [0, 1],
      ],
      [
        [0, 1],
        [1, 0],
      ],
    ]),
    [
      [0.5, 0.5],
      [0.5, 0.5],
    ],
  );
  const r = covToCorr([
    [4, 2],
    [2, 9],
  ]);
  close(r[0][1], 2 / 6, 1e-15);
});

test('attention errors: one clear message each', () => {
  assert.throws(
    () =>
      attentionToCorrelation([
        [1, 0],
        [0, 0],
      ]),
    /attention row 1 is all zeros/,
  );
  assert.throws(
    () =>
      attentionToCorrelation([
        [1, 0],
        [0, 1, 0],
      ]),
    /must be square: row 1 has 3 entries, expected 2/,
  );
  assert.throws(
    () =>
      attentionToCorrelation([
        [1, NaN],
        [0, 1],
      ]),
    /non-finite entry at \[0\]\[1\]/,
  );
  assert.throws(() => attentionToCorrelation([]), /non-empty square matrix/);
  assert.throws(
    () =>
      averageHeads([
        [[1]],
        [
          [1, 0],
          [0, 1],
        ],
      ]),
    /head 1 is 2×2, head 0 is 1×1/,
  );
});

test('validateCorrelation: accepts a valid matrix, rejects each defect with its own message', () => {
  const ok = [
    [1, 0.3],
    [0.3, 1],
  ];
  assert.deepEqual(validateCorrelation(ok), ok);
  assert.throws(() => validateCorrelation([[1, 0.3]]), /must be square: row 0 has 2 entries, expected 1/);
  assert.throws(
    () =>
      validateCorrelation([
        [1, 0.3],
        [0.2, 1],
      ]),
    /not symmetric: \[0\]\[1\] = 0.3 but \[1\]\[0\] = 0.2/,
  );
  assert.throws(
    () =>
      validateCorrelation([
        [1, NaN],
        [NaN, 1],
      ]),
    /non-finite entry at \[0\]\[1\]/,
  );
  assert.throws(
    () =>
      validateCorrelation([
        [1, Infinity],
        [Infinity, 1],
      ]),
    /non-finite/,
  );
  assert.throws(
    () =>
      validateCorrelation([
        [2, 0],
        [0, 1],
      ]),
    /diagonal must be 1/,
  );
  assert.throws(
    () =>
      validateCorrelation([
        [1, 0.9, -0.9],
        [0.9, 1, 0.9],
        [-0.9, 0.9, 1],
      ]),
    /not positive semi-definite/,
  );
  assert.throws(() => validateCorrelation('x'), /non-empty array of rows/);
  assert.throws(
    () =>
      validateCorrelation([
        [1, 'a'],
        ['a', 1],
      ]),
    /correlation matrix has a string entry at \[0\]\[1\]: "a" \(numbers must not be quoted\)/,
  );
  // A quoted number is a string, not a "non-finite" number (issue 9).
  assert.throws(
    () =>
      validateCorrelation([
        [1, '0.5'],
        ['0.5', 1],
      ] as unknown as number[][]),
    (e: Error) => /string entry at \[0\]\[1\]: "0\.5"/.test(e.message) && !/non-finite/.test(e.message),
  );
  assert.throws(
    () =>
      attentionToCorrelation([
        [1, '0.5'],
        [0, 1],
      ] as unknown as number[][]),
    /has a string entry at \[0\]\[1\]: "0\.5"/,
  );
  assert.throws(
    () =>
      validateCorrelation([
        [1, null],
        [null, 1],
      ] as unknown as number[][]),
    /a non-number entry at \[0\]\[1\]: null/,
  );
});

test('validateCorrelation and learnPag accept a singular (semi-definite) matrix: duplicated tokens stay adjacent', async () => {
  // Token 1 attends exactly like token 0 (identical attention rows), token 2 elsewhere: ρ01 = 1, rank 2.
  const att = [
    [0.6, 0.4, 0],
    [0.6, 0.4, 0],
    [0, 0, 1],
  ];
  const corr = attentionToCorrelation(att);
  close(corr[0][1], 1, 1e-12);
  assert.deepEqual(validateCorrelation(corr), corr);
  const { pag } = await learnPag(corr, { samples: 100 });
  assert.equal(pag.isAdjacent(0, 1), true, 'perfectly correlated tokens are dependent');
  assert.equal(pag.isAdjacent(0, 2), false);
  assert.equal(pag.isAdjacent(1, 2), false);
  // A 4-node matrix with a zero eigenvalue (x3 = (x0 + x1)/√2 for uncorrelated x0, x1; x2 apart):
  // accepted, and the singular 3×3 sub-matrix {0,1,3} reads "dependent" instead of failing.
  const s = Math.SQRT1_2;
  const singular = [
    [1, 0, 0, s],
    [0, 1, 0, s],
    [0, 0, 1, 0],
    [s, s, 0, 1],
  ];
  assert.doesNotThrow(() => validateCorrelation(singular));
  const test3 = new ParCorrTest(singular, { samples: 100 });
  assert.equal(test3.independent(0, 1, [3, 2]), false);
  assert.equal(test3.independent(0, 1, []), true);
});

test('Fisher z test: known p-values and the reference decision rule', () => {
  // S = ∅, n = 103: stat = sqrt(100)·atanh(r); r = tanh(0.1959963984540054) gives stat = 1.96, p = 0.05
  const r = Math.tanh(0.1959963984540054);
  const t = new ParCorrTest(
    [
      [1, r],
      [r, 1],
    ],
    { samples: 103, alpha: 0.05 },
  );
  close(t.pValue(0, 1, []), 0.05, 1e-12);
  const strict = new ParCorrTest(
    [
      [1, r],
      [r, 1],
    ],
    { samples: 103, alpha: 0.01 },
  );
  assert.equal(strict.independent(0, 1, []), true, 'p = 0.05 > 0.01: independent');
  const lax = new ParCorrTest(
    [
      [1, r],
      [r, 1],
    ],
    { samples: 104, alpha: 0.05 },
  );
  assert.equal(lax.independent(0, 1, []), false, 'one more sample: p < 0.05');
  // |r| = 1 is "dependent" (p = 0), as in the reference
  assert.equal(
    new ParCorrTest([
      [1, 1],
      [1, 1],
    ]).pValue(0, 1, []),
    0,
  );
});

test('partial correlation: closed form for |S| = 1 equals the inverse formula; |S| ≥ 2 from the precision matrix', () => {
  const c = [
    [1, 0.5, 0.3, 0.2],
    [0.5, 1, 0.4, 0.1],
    [0.3, 0.4, 1, 0.25],
    [0.2, 0.1, 0.25, 1],
  ];
  const t = new ParCorrTest(c);
  const closed = t.partialCorrelation(0, 1, [2]);
  close(closed, (0.5 - 0.3 * 0.4) / Math.sqrt((1 - 0.09) * (1 - 0.16)), 1e-15);
  // ρ01·23 by recursion: ρ01·2, ρ03·2, ρ13·2 then one more step
  const p = (a: number, b: number, z: number): number =>
    (c[a][b] - c[a][z] * c[b][z]) / Math.sqrt((1 - c[a][z] ** 2) * (1 - c[b][z] ** 2));
  const r01 = p(0, 1, 2),
    r03 = p(0, 3, 2),
    r13 = p(1, 3, 2);
  const expected = (r01 - r03 * r13) / Math.sqrt((1 - r03 ** 2) * (1 - r13 ** 2));
  close(t.partialCorrelation(0, 1, [2, 3]), expected, 1e-14);
  close(t.partialCorrelation(1, 0, [3, 2]), expected, 1e-14, 'order does not matter');
});

test('CI test cache: a repeated (pair, S) is not recomputed; the counter counts computations', () => {
  const c = [
    [1, 0.5, 0.3, 0.2],
    [0.5, 1, 0.4, 0.1],
    [0.3, 0.4, 1, 0.25],
    [0.2, 0.1, 0.25, 1],
  ];
  const t = new ParCorrTest(c);
  const p1 = t.pValue(0, 1, [2, 3]);
  assert.equal(t.testsRun, 1);
  assert.equal(t.pValue(1, 0, [3, 2]), p1);
  assert.equal(t.testsRun, 1, 'same pair and set in another order: cache hit');
  t.pValue(0, 2, [1, 3]); // shares the inverse of the {0,1,2,3} sub-matrix
  assert.equal(t.testsRun, 2);
  // |S| ≥ n − 3 leaves no degrees of freedom: never "independent" (the reference's NaN p-value)
  const tiny = new ParCorrTest(c, { samples: 4 });
  assert.equal(tiny.independent(0, 1, [2, 3]), false);
});
