// The fast engine (typed-array rounds r = 0 and 1, incremental orientation rules, compact separating
// sets) against the straightforward implementation kept in support/straightforward/ as the oracle:
// on hundreds of random and attention-like correlation matrices, the same PAG (every mark), the same
// separating sets, the same number of CI tests and the same per-iteration snapshots.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learnIcd } from '../../../src/engine/icd';
import { ParCorrTest } from '../../../src/engine/ciTest';
import { attentionToCorrelation, covToCorr } from '../../../src/engine/correlation';
import { syntheticAttention } from '../../../src/engine/testing/attention';
import { rng } from '../../../src/engine/testing/dag';
import { learnIcd as oracleIcd } from './support/straightforward/icd';
import { ParCorrTest as OracleTest } from './support/straightforward/ciTest';

interface Case {
  name: string;
  corr: number[][];
  samples: number;
  alpha: number;
  nodes?: number[];
}

/** Correlation of `k` samples of n Gaussian variables mixed through a random sparse loading matrix. */
function randomCorrelation(n: number, k: number, seed: number): number[][] {
  const rand = rng(seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const load = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : rand() < 0.15 ? gauss() : 0)),
  );
  const x = Array.from({ length: k }, () => {
    const e = Array.from({ length: n }, gauss);
    return load.map((row) => row.reduce((s, w, j) => s + w * e[j], 0));
  });
  const cov = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => x.reduce((s, row) => s + row[i] * row[j], 0) / k),
  );
  return covToCorr(cov);
}

function cases(): Case[] {
  const out: Case[] = [];
  const alphas = [0.01, 0.05, 1e-12, 0.5, 0.001];
  for (let seed = 1; seed <= 160; seed++) {
    const n = 6 + ((seed * 7) % 35);
    const temperature = [1, 0.5, 2, 0.25][seed % 4];
    const att = syntheticAttention(n, 1000 + seed, temperature);
    if (seed % 9 === 0) att[2] = att[1].slice(); // identical rows: a perfectly correlated pair
    out.push({
      name: `attention n=${n} seed=${seed} T=${temperature}`,
      corr: attentionToCorrelation(att),
      samples: [768, 128, 64, 5, 1e6][seed % 5],
      alpha: alphas[seed % alphas.length],
    });
  }
  for (let seed = 1; seed <= 140; seed++) {
    const n = 5 + ((seed * 5) % 26);
    const c: Case = {
      name: `random n=${n} seed=${seed}`,
      corr: randomCorrelation(n, 40 + (seed % 7) * 60, seed),
      samples: [100, 400, 30, 7, 2000][seed % 5],
      alpha: alphas[(seed + 2) % alphas.length],
    };
    if (seed % 10 === 0) c.nodes = [...Array(n).keys()].filter((v) => v % 3 !== 1);
    out.push(c);
  }
  return out;
}

test('fast path = straightforward oracle: same PAG, separating sets, CI-test count and iterations on 300 matrices', async () => {
  const all = cases();
  assert.equal(all.length, 300);
  let deeper = 0,
    withArrows = 0,
    separatedGivenOne = 0,
    separatedGivenMore = 0;
  for (const c of all) {
    const fastIts: string[] = [],
      slowIts: string[] = [];
    const fast = await learnIcd(c.corr.length, new ParCorrTest(c.corr, { samples: c.samples, alpha: c.alpha }), {
      nodes: c.nodes,
      onIteration: (it) => fastIts.push(JSON.stringify(it)),
    });
    const slow = await oracleIcd(c.corr.length, new OracleTest(c.corr, { samples: c.samples, alpha: c.alpha }), {
      nodes: c.nodes,
      onIteration: (it) => slowIts.push(JSON.stringify(it)),
    });
    assert.deepEqual(fast.json, slow.json, c.name);
    assert.deepEqual(fast.pag.toMatrix(), slow.pag.toMatrix(), c.name);
    assert.equal(fast.ciTests, slow.ciTests, `${c.name}: CI tests`);
    assert.equal(fast.converged, slow.converged, c.name);
    assert.deepEqual(fastIts, slowIts, `${c.name}: per-iteration snapshots`);
    if (slow.iterations > 3) deeper++;
    if (slow.json.edges.some((e) => e.markA === 'arrow' || e.markB === 'arrow')) withArrows++;
    if (slow.json.sepsets.some((s) => s.set.length === 1)) separatedGivenOne++;
    if (slow.json.sepsets.some((s) => s.set.length >= 2)) separatedGivenMore++;
  }
  // the cases reach every part: deep rounds, orientation, and separating sets of each size
  assert.ok(
    deeper > 50 && withArrows > 100 && separatedGivenOne > 200 && separatedGivenMore > 30,
    `${deeper} ${withArrows} ${separatedGivenOne} ${separatedGivenMore}`,
  );
});

test('fast path = oracle with maxR stops (anytime PAGs after r = 0 and r = 1)', async () => {
  for (let seed = 1; seed <= 40; seed++) {
    const corr = attentionToCorrelation(syntheticAttention(10 + seed, 77 + seed));
    for (const maxR of [0, 1, 2]) {
      const fast = await learnIcd(corr.length, new ParCorrTest(corr, { samples: 128 }), { maxR });
      const slow = await oracleIcd(corr.length, new OracleTest(corr, { samples: 128 }), { maxR });
      assert.deepEqual(fast.json, slow.json, `seed ${seed} maxR ${maxR}`);
      assert.equal(fast.ciTests, slow.ciTests);
    }
  }
});
