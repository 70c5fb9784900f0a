import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Matrix, inverse } from 'ml-matrix';
import {
  Rng,
  makeScm,
  observedCorrelation,
  sampleScm,
  sampleCorrelation,
  toSequences,
  dSeparated,
  magSkeleton,
  observedIndices,
  normalQuantile,
  SYMBOL_OFFSET,
  isAncestor,
} from '../../../src/experiments/scm';

function partialCorr(corr: number[][], x: number, y: number, z: number[]): number {
  const idx = [x, y, ...z];
  const P = inverse(new Matrix(idx.map((i) => idx.map((j) => corr[i][j])))).to2DArray();
  return -P[0][1] / Math.sqrt(P[0][0] * P[1][1]);
}

test('the RNG is deterministic and its normals have mean 0, variance 1', () => {
  const a = new Rng(7),
    b = new Rng(7);
  for (let i = 0; i < 5; i++) assert.equal(a.next(), b.next());
  const r = new Rng(1);
  const xs = Array.from({ length: 20000 }, () => r.normal());
  const m = xs.reduce((s, x) => s + x, 0) / xs.length;
  const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / xs.length;
  assert.ok(Math.abs(m) < 0.03 && Math.abs(v - 1) < 0.05, `mean ${m} var ${v}`);
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-5);
  assert.ok(Math.abs(normalQuantile(0.01) + 2.326348) < 1e-5);
});

test('shapes have the documented edges', () => {
  const edges = (s: ReturnType<typeof makeScm>) =>
    s.weights.flatMap((r, i) => r.map((w, j) => (w ? `${i}>${j}` : '')).filter(Boolean));
  assert.deepEqual(edges(makeScm({ kind: 'chain', nodes: 4, seed: 1 })), ['0>1', '1>2', '2>3']);
  assert.deepEqual(edges(makeScm({ kind: 'fork', nodes: 4, seed: 1 })), ['0>1', '0>2', '0>3']);
  assert.deepEqual(edges(makeScm({ kind: 'collider', nodes: 4, seed: 1 })), ['0>2', '1>2', '2>3']);
  const c = makeScm({ kind: 'confounded', nodes: 6, seed: 3 });
  assert.deepEqual(c.hidden, [0]);
  assert.equal(c.weights[0].filter((w) => w !== 0).length, 2);
});

test('d-separation: chain, fork and collider textbook cases', () => {
  const chain = makeScm({ kind: 'chain', nodes: 3, seed: 1 });
  assert.equal(dSeparated(chain, 0, 2, []), false);
  assert.equal(dSeparated(chain, 0, 2, [1]), true);
  const col = makeScm({ kind: 'collider', nodes: 4, seed: 1 }); // 0→2←1, 2→3
  assert.equal(dSeparated(col, 0, 1, []), true);
  assert.equal(dSeparated(col, 0, 1, [2]), false);
  assert.equal(dSeparated(col, 0, 1, [3]), false); // conditioning on a collider's descendant opens it
  assert.equal(isAncestor(col, 0, 3), true);
  assert.equal(isAncestor(col, 3, 0), false);
});

test('exact correlation: d-separated pairs have zero partial correlation, d-connected do not', () => {
  for (const kind of ['random', 'confounded'] as const) {
    let separated = 0,
      connected = 0;
    const scm = makeScm({ kind, nodes: 7, seed: 11 });
    const o = observedIndices(scm);
    const corr = observedCorrelation(scm);
    for (let p = 0; p < o.length; p++)
      for (let q = p + 1; q < o.length; q++) {
        for (const z of [
          [],
          o
            .map((_, k) => k)
            .filter((k) => k !== p && k !== q)
            .slice(0, 2),
        ]) {
          const sep = dSeparated(
            scm,
            o[p],
            o[q],
            z.map((k) => o[k]),
          );
          const r = Math.abs(partialCorr(corr, p, q, z));
          if (sep) {
            separated++;
            assert.ok(r < 1e-9, `${kind} ${p},${q}|${z}: ${r}`);
          } else {
            connected++;
            assert.ok(r > 1e-6, `${kind} ${p},${q}|${z} should be dependent: ${r}`);
          }
        }
      }
    // both branches were exercised on this graph
    assert.ok(separated > 0 && connected > 0, `${kind}: ${separated} separated, ${connected} connected`);
  }
});

test('sample correlation converges to the exact one; sequences use per-variable symbols', () => {
  const scm = makeScm({ kind: 'random', nodes: 6, seed: 5 });
  const samples = sampleScm(scm, 20000, new Rng(2));
  const exact = observedCorrelation(scm),
    est = sampleCorrelation(scm, samples);
  for (let i = 0; i < 6; i++) for (let j = 0; j < 6; j++) assert.ok(Math.abs(exact[i][j] - est[i][j]) < 0.03);
  const seqs = toSequences(scm, samples, 4);
  assert.equal(seqs[0].length, 6);
  for (const s of seqs.slice(0, 100))
    s.forEach((tok, pos) => assert.ok(tok >= SYMBOL_OFFSET + pos * 4 && tok < SYMBOL_OFFSET + pos * 4 + 4));
  // Equiprobable bins: each bin of position 0 holds about a quarter of the samples.
  const counts = [0, 0, 0, 0];
  for (const s of seqs) counts[s[0] - SYMBOL_OFFSET]++;
  for (const c of counts) assert.ok(Math.abs(c / seqs.length - 0.25) < 0.02, String(counts));
});

test('MAG skeleton: DAG skeleton for a sufficient model, plus the confounded pair when hidden', () => {
  const chain = makeScm({ kind: 'chain', nodes: 5, seed: 1 });
  assert.deepEqual(magSkeleton(chain), [
    [0, 1],
    [1, 2],
    [2, 3],
    [3, 4],
  ]);
  const c = makeScm({ kind: 'confounded', nodes: 6, seed: 3 });
  const [a, b] = c.weights[0].map((w, j) => (w ? j - 1 : -1)).filter((j) => j >= 0); // positions = index − 1
  const dagEdges: string[] = [];
  for (let i = 1; i < c.n; i++)
    for (let j = i + 1; j < c.n; j++) if (c.weights[i][j]) dagEdges.push(`${i - 1},${j - 1}`);
  const expected = [...dagEdges, `${a},${b}`].sort();
  assert.deepEqual(
    magSkeleton(c)
      .map(([p, q]) => `${p},${q}`)
      .sort(),
    expected,
  );
});
