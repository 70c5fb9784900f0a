// Robustness and determinism of learnPag: random positive-definite correlation matrices (fast-check),
// attention-derived inputs, byte-identical output, clear errors for bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { attentionToCorrelation, explainCleann, learnPag, type PagJson } from '../../../src/engine/index';
import { rng } from '../../../src/engine/testing/dag';

/** B·Bᵀ + εI normalised: always positive-definite. */
function corrFrom(b: number[][]): number[][] {
  const n = b.length;
  const c = b.map((ri, i) => b.map((rj, j) => ri.reduce((s, v, k) => s + v * rj[k], 0) + (i === j ? 1e-3 : 0)));
  return Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : c[i][j] / Math.sqrt(c[i][i] * c[j][j]))),
  );
}

/** Every structural promise of the JSON. */
function assertValidPag(j: PagJson, n: number): void {
  assert.equal(j.n, n);
  assert.ok(!JSON.stringify(j).includes('null'), 'no NaN/Infinity anywhere');
  const adj = new Set<string>();
  let last = -1;
  for (const e of j.edges) {
    assert.ok(Number.isInteger(e.a) && Number.isInteger(e.b) && e.a >= 0 && e.a < e.b && e.b < n);
    assert.ok(['tail', 'arrow', 'circle'].includes(e.markA) && ['tail', 'arrow', 'circle'].includes(e.markB));
    const key = e.a * n + e.b;
    assert.ok(key > last, 'edges sorted by (a, b), no duplicates');
    last = key;
    adj.add(`${e.a},${e.b}`);
  }
  for (const s of j.sepsets) {
    assert.ok(!adj.has(`${s.a},${s.b}`), 'a separating set only for a removed edge');
    assert.ok(s.set.every((v) => v !== s.a && v !== s.b && v >= 0 && v < n));
  }
  // every non-adjacent pair was separated by some set
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      assert.ok(
        adj.has(`${a},${b}`) || j.sepsets.some((s) => s.a === a && s.b === b),
        `${a},${b} neither adjacent nor separated`,
      );
    }
  assert.ok(j.iterations >= 1);
}

test('property: any positive-definite correlation matrix gives a valid PAG, deterministically', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.integer({ min: 2, max: 9 }).chain((n) =>
        fc.array(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n + 2, maxLength: n + 2 }), {
          minLength: n,
          maxLength: n,
        }),
      ),
      fc.constantFrom(10, 50, 768, 1e5),
      fc.constantFrom(0.001, 0.01, 0.1),
      async (b, samples, alpha) => {
        const corr = corrFrom(b);
        const a = await learnPag(corr, { samples, alpha });
        assertValidPag(a.json, corr.length);
        const again = await learnPag(corr, { samples, alpha });
        assert.equal(JSON.stringify(again.json), JSON.stringify(a.json));
      },
    ),
    { numRuns: 120, seed: 20231031 },
  );
});

function softmaxAttention(n: number, seed: number): number[][] {
  const rand = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const s = Array.from({ length: n }, (_, j) => 3 * (rand() - 0.5) + (Math.abs(i - j) <= 1 ? 2 : 0));
    const mx = Math.max(...s);
    const e = s.map((v) => Math.exp(v - mx));
    const z = e.reduce((p, q) => p + q, 0);
    return e.map((v) => v / z);
  });
}

test('attention-derived inputs: byte-identical JSON and explanation on repeated runs', async () => {
  for (const seed of [1, 2, 3]) {
    const corr = attentionToCorrelation(softmaxAttention(12, seed));
    const runs = await Promise.all([0, 1].map(() => learnPag(corr, { samples: 64 })));
    assertValidPag(runs[0].json, 12);
    assert.equal(JSON.stringify(runs[0].json), JSON.stringify(runs[1].json));
    const ex = await Promise.all(runs.map((r) => explainCleann(r.pag, 0)));
    assert.equal(JSON.stringify(ex[0]), JSON.stringify(ex[1]));
  }
});

test('learnPag rejects bad input with one clear message', async () => {
  await assert.rejects(learnPag([[1, 0.2], [0.2]]), /must be square: row 1 has 1 entries, expected 2/);
  await assert.rejects(
    learnPag([
      [1, 0.2],
      [0.3, 1],
    ]),
    /not symmetric/,
  );
  await assert.rejects(
    learnPag([
      [1, NaN],
      [NaN, 1],
    ]),
    /non-finite entry/,
  );
  await assert.rejects(
    learnPag([
      [1, 0.9, -0.9],
      [0.9, 1, 0.9],
      [-0.9, 0.9, 1],
    ]),
    /not positive semi-definite/,
  );
  await assert.rejects(
    learnPag(
      [
        [1, 0],
        [0, 1],
      ],
      { alpha: 2 },
    ),
    /alpha must be in \(0, 1\)/,
  );
  await assert.rejects(
    learnPag(
      [
        [1, 0],
        [0, 1],
      ],
      { samples: -1 },
    ),
    /samples must be a positive number/,
  );
  await assert.rejects(
    learnPag(
      [
        [1, 0],
        [0, 1],
      ],
      { maxR: 1.5 },
    ),
    /maxR must be a non-negative integer/,
  );
});
