// CI tests by name through learnPag: the registry, the default's byte identity with the recorded
// engine output, Student's t against SciPy's values and on small known graphs, and clear errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  attentionToCorrelation,
  checkCiTestSpec,
  ciTestDescriptions,
  ciTestNames,
  createCiTest,
  DEFAULT_CI_TEST,
  EngineInputError,
  learnPag,
  ParCorrTest,
  StudentTParCorrTest,
} from '../../../src/engine';
import {
  correlationTTestP,
  logGamma,
  regularizedIncompleteBeta,
  studentTTwoSided,
} from '../../../src/engine/tDistribution';
import { syntheticAttention } from '../../../src/engine/testing/attention';
import { Dag, DsepOracle, scmCorrelation } from '../../../src/engine/testing/dag';
import { jsonText, learnedPagSha } from './support/pagText';

test('the registry lists Fisher z (the default, first) and Student t, each described', () => {
  assert.equal(DEFAULT_CI_TEST, 'fisher-z');
  assert.deepEqual(ciTestNames(), ['fisher-z', 'student-t']);
  for (const d of ciTestDescriptions()) assert.ok(d.description.length > 20, d.name);
  const corr = [
    [1, 0.3],
    [0.3, 1],
  ];
  assert.ok(createCiTest(corr, { name: 'fisher-z' }, { samples: 50, alpha: 0.01 }) instanceof ParCorrTest);
  assert.ok(createCiTest(corr, { name: 'student-t' }, { samples: 50, alpha: 0.01 }) instanceof StudentTParCorrTest);
});

test('an unknown name, a malformed spec or an option the test lacks is an EngineInputError saying so', async () => {
  const corr = [
    [1, 0.3],
    [0.3, 1],
  ];
  await assert.rejects(
    learnPag(corr, { ciTest: { name: 'kci' } }),
    (e: Error) => e instanceof EngineInputError && e.message === 'unknown CI test "kci" (known: fisher-z, student-t)',
  );
  assert.throws(() => checkCiTestSpec('student-t'), /must be \{name, options\?\}.*known: fisher-z, student-t/);
  assert.throws(() => checkCiTestSpec({ name: 3 }), /name must be a string \(known: fisher-z, student-t\)/);
  assert.throws(() => checkCiTestSpec({ name: 'student-t', options: [] }), /options must be an object/);
  assert.throws(
    () => checkCiTestSpec({ name: 'student-t', options: { dof: 3 } }),
    /CI test "student-t" has no option "dof" \(its options: none\)/,
  );
  assert.deepEqual(checkCiTestSpec({ name: 'student-t', options: {} }), { name: 'student-t', options: {} });
});

test("Student's t tail and the incomplete beta match SciPy's values (scipy.stats.t.sf, scipy.special.betainc)", () => {
  const close = (got: number, want: number, what: string): void =>
    assert.ok(Math.abs(got - want) <= 1e-11 * Math.max(want, 1e-300) + 1e-15, `${what}: ${got} vs ${want}`);
  // 2·t.sf(t, df)
  for (const [t, df, p] of [
    [1, 1, 0.49999999999999956], // Cauchy: exactly 1/2
    [2, 2, 0.1835034190722739],
    [2.5, 10, 0.031446844236608776],
    [0.3, 30, 0.7662461052843528],
    [3.1, 190, 0.0022294562472334706],
    [2.58, 766, 0.010065184384759451],
    [10, 5, 0.00017094757574296357],
  ])
    close(studentTTwoSided(t, df), p, `t ${t}, df ${df}`);
  // the same test from a correlation r: t = r·sqrt(df/(1 − r²))
  for (const [r, df, p] of [
    [0.558, 18, 0.010567244095146668],
    [0.2, 100, 0.043860884260170374],
    [0.093, 766, 0.009917742366986849],
    [-0.95, 3, 0.013320011010141254],
    [1e-6, 768, 0.9999778955710581],
  ])
    close(correlationTTestP(r, df), p, `r ${r}, df ${df}`);
  close(regularizedIncompleteBeta(2.5, 0.5, 0.3), 0.01892712407194565, 'I_0.3(2.5, 0.5)');
  close(regularizedIncompleteBeta(384, 0.5, 0.99), 0.0054805174071937334, 'I_0.99(384, 0.5)');
  close(regularizedIncompleteBeta(3, 4, 0.6), 0.8208, 'I_0.6(3, 4)');
  close(logGamma(384), 1898.9905744644377, 'lnΓ(384)');
  close(logGamma(0.5), 0.5723649429247, 'lnΓ(1/2)');
  // |r| ≥ 1, NaN or no degrees of freedom: "dependent", as the Fisher-z test
  assert.deepEqual([correlationTTestP(1, 10), correlationTTestP(NaN, 10), correlationTTestP(0.1, 0)], [0, 0, 0]);
});

// 0 → 2 ← 1 with a weak second cause: ρ02 = 0.8, ρ12 = 0.558, ρ01 = 0; 20 samples. Marginally, 1–2 has
// Fisher-z p = 0.0094 (< 0.01: dependent) but Student-t p = 0.01057 (> 0.01: independent, t(18)).
const WEAK_COLLIDER = [
  [1, 0, 0.8],
  [0, 1, 0.558],
  [0.8, 0.558, 1],
];

test('Student t on a small known graph: the weak cause is dropped where Fisher z keeps the collider', async () => {
  const t = new StudentTParCorrTest(WEAK_COLLIDER, { samples: 20 });
  assert.ok(Math.abs(t.pValue(1, 2, []) - 0.010567244095146668) < 1e-12);
  // partial correlation 0–1 given 2 is −0.8966, t(17): SciPy's p = 2.041665606622494e-07
  assert.ok(Math.abs(t.pValue(0, 1, [2]) / 2.041665606622494e-7 - 1) < 1e-9);
  assert.equal(t.testsRun, 2);

  const fisher = await learnPag(WEAK_COLLIDER, { samples: 20 });
  assert.equal(jsonText(fisher.json), '0 o-> 2; 1 o-> 2');
  assert.deepEqual(fisher.json.sepsets, [{ a: 0, b: 1, set: [] }]);
  const student = await learnPag(WEAK_COLLIDER, { samples: 20, ciTest: { name: 'student-t' } });
  assert.equal(jsonText(student.json), '0 o-o 2');
  assert.deepEqual(student.json.sepsets, [
    { a: 0, b: 1, set: [] },
    { a: 1, b: 2, set: [] },
  ]);
  // with 200 samples the two tests agree again: the collider
  const many = await learnPag(WEAK_COLLIDER, { samples: 200, ciTest: { name: 'student-t' } });
  assert.equal(jsonText(many.json), '0 o-> 2; 1 o-> 2');
});

test('Student t recovers the oracle PAG of a Y-structure and a latent confounder from exact SCM correlations', async () => {
  const cases = [
    // Y-structure 0 → 2 ← 1, 2 → 3: the arrow into 3 is oriented
    {
      dag: new Dag(4, [
        [0, 2],
        [1, 2],
        [2, 3],
      ]),
      observed: [0, 1, 2, 3],
      latent: [] as number[],
      want: '0 o-> 2; 1 o-> 2; 2 --> 3',
    },
    // 0 → 1 ↔ 2 ← 3 with 1 ↔ 2 a latent 4: a bidirected edge
    {
      dag: new Dag(5, [
        [0, 1],
        [4, 1],
        [4, 2],
        [3, 2],
      ]),
      observed: [0, 1, 2, 3],
      latent: [4],
      want: '0 o-> 1; 1 <-> 2; 2 <-o 3',
    },
  ];
  for (const c of cases) {
    const m = { dag: c.dag, observed: c.observed, latent: c.latent, selection: [] };
    const oracle = jsonText((await learnPag(scmCorrelation(m, 5), { ciTest: new DsepOracle(m) })).json);
    assert.equal(oracle, c.want, 'the d-separation oracle through learnPag');
    const fromT = await learnPag(scmCorrelation(m, 5), { samples: 100_000, ciTest: { name: 'student-t' } });
    assert.equal(jsonText(fromT.json), c.want);
  }
});

// Two of pag-golden.test.ts's recorded cases (engine output before the PDS-summary rounds, main 6bc90c0).
const GOLDEN: { n: number; seed: number; samples: number; alpha?: number; sha: string }[] = [
  { n: 64, seed: 64, samples: 768, sha: 'b90c6e09abc1241c' },
  { n: 100, seed: 11, samples: 128, alpha: 0.05, sha: '2e349c7efc18e6ef' },
];

test('the default, fisher-z by name and a ParCorrTest object all give the recorded PAG bit for bit', async () => {
  for (const c of GOLDEN) {
    const corr = attentionToCorrelation(syntheticAttention(c.n, c.seed, 1));
    const numbers = { samples: c.samples, alpha: c.alpha };
    assert.equal(await learnedPagSha(corr, numbers), c.sha, `n ${c.n}: no option`);
    assert.equal(await learnedPagSha(corr, { ...numbers, ciTest: { name: 'fisher-z' } }), c.sha, `n ${c.n}: by name`);
    const object = new ParCorrTest(corr, numbers);
    assert.equal(await learnedPagSha(corr, { ciTest: object }), c.sha, `n ${c.n}: a test object`);
  }
});

test('the causalLens.ciTest setting offers exactly the registered tests, the default first', () => {
  const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
    contributes: {
      configuration: { properties: Record<string, { enum: string[]; enumDescriptions: string[]; default: string }> };
    };
  };
  const setting = pkg.contributes.configuration.properties['causalLens.ciTest'];
  assert.deepEqual(setting.enum, ciTestNames());
  assert.equal(setting.enumDescriptions.length, setting.enum.length);
  assert.equal(setting.default, DEFAULT_CI_TEST);
});
