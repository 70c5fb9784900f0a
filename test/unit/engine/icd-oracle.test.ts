// ICD driven by a d-separation oracle recovers the true PAG: hand-checked classic cases, and every DAG of a
// seeded generator against an independent computation of the true PAG (MAG + textbook FCI rules).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { learnIcd } from '../../../src/engine/icd';
import { learnPag } from '../../../src/engine/index';
import { Dag, DsepOracle, randomLatentDag, scmCorrelation, type LatentDag } from '../../../src/engine/testing/dag';
import { truePag } from './support/truePag';
import { jsonText, simpleText } from './support/pagText';

function model(size: number, edges: [number, number][], latent: number[] = [], selection: number[] = []): LatentDag {
  const observed = [...Array(size).keys()].filter((v) => !latent.includes(v) && !selection.includes(v));
  return { dag: new Dag(size, edges), observed, latent, selection };
}

async function icdText(m: LatentDag): Promise<string> {
  return jsonText((await learnIcd(m.observed.length, new DsepOracle(m))).json);
}

const CLASSIC: [string, LatentDag, string][] = [
  [
    'chain 0→1→2',
    model(3, [
      [0, 1],
      [1, 2],
    ]),
    '0 o-o 1; 1 o-o 2',
  ],
  [
    'fork 0←1→2',
    model(3, [
      [1, 0],
      [1, 2],
    ]),
    '0 o-o 1; 1 o-o 2',
  ],
  [
    'collider 0→1←2',
    model(3, [
      [0, 1],
      [2, 1],
    ]),
    '0 o-> 1; 1 <-o 2',
  ],
  [
    'Y-structure 0→2←1, 2→3',
    model(4, [
      [0, 2],
      [1, 2],
      [2, 3],
    ]),
    '0 o-> 2; 1 o-> 2; 2 --> 3',
  ],
  [
    'latent confounder 0→1←L→2←3',
    model(
      5,
      [
        [0, 1],
        [4, 1],
        [4, 2],
        [3, 2],
      ],
      [4],
    ),
    '0 o-> 1; 1 <-> 2; 2 <-o 3',
  ],
  // a discriminating path <0, 1, 2, 3> for 2: R4 orients 2 → 3 because 2 is in sepset(0, 3)
  [
    'discriminating path 0→1←L→2, 1→3←2',
    model(
      5,
      [
        [0, 1],
        [4, 1],
        [4, 2],
        [1, 3],
        [2, 3],
      ],
      [4],
    ),
    '0 o-> 1; 1 <-o 2; 1 --> 3; 2 --> 3',
  ],
  // selection on a common child S of 0 and 1 makes them adjacent; 2→0 stays undirected in the PAG
  [
    'selection 2→0→S←1',
    model(
      4,
      [
        [2, 0],
        [0, 3],
        [1, 3],
      ],
      [],
      [3],
    ),
    '0 o-o 1; 0 o-o 2',
  ],
  ['independent pair', model(2, []), ''],
];

for (const [name, m, expected] of CLASSIC) {
  test(`oracle ICD, hand-checked: ${name}`, async () => {
    assert.equal(await icdText(m), expected);
    assert.equal(simpleText(truePag(m)), expected, 'the independent truth agrees with the hand-checked PAG');
  });
}

/** 160 seeded DAGs, 3–20 observed nodes, sparse to dense, with latent confounders and some selection variables. */
function generated(): { seed: number; m: LatentDag }[] {
  const out: { seed: number; m: LatentDag }[] = [];
  for (let seed = 1; seed <= 160; seed++) {
    const observed = 3 + (seed % 18);
    const avgParents = [0.5, 1, 1.5, 2][seed % 4];
    if (avgParents === 2 && observed > 12) continue; // dense and large: slow with an exhaustive oracle, covered by smaller ones
    out.push({
      seed,
      m: randomLatentDag(seed, { observed, avgParents, latents: seed % 4, selections: seed % 5 === 0 ? 1 : 0 }),
    });
  }
  return out;
}

test('oracle ICD equals the true PAG on every generated DAG (latents and selection included)', async () => {
  const cases = generated();
  assert.ok(cases.length >= 130);
  let withLatents = 0,
    withSelection = 0,
    withArrowheads = 0;
  for (const { seed, m } of cases) {
    const learned = await icdText(m);
    assert.equal(learned, simpleText(truePag(m)), `seed ${seed} (${m.observed.length} observed)`);
    if (m.latent.length) withLatents++;
    if (m.selection.length) withSelection++;
    if (learned.includes('>')) withArrowheads++;
  }
  // the generator really exercises the hard parts
  assert.ok(
    withLatents > 80 && withSelection > 20 && withArrowheads > 60,
    `${withLatents} ${withSelection} ${withArrowheads}`,
  );
});

test('exact linear-Gaussian SCM correlation with large n gives the oracle PAG', async () => {
  let compared = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const m = randomLatentDag(1000 + seed, {
      observed: 4 + (seed % 9),
      avgParents: [0.5, 1, 1.5][seed % 3],
      latents: seed % 3,
      selections: seed % 7 === 0 ? 1 : 0,
    });
    const corr = scmCorrelation(m, seed);
    // exact correlations = the infinite-sample limit; n = 1e14 resolves the generator's weakest true dependence (~5e-6)
    const fromData = await learnPag(corr, { samples: 1e14, alpha: 0.01 });
    const fromOracle = await learnIcd(m.observed.length, new DsepOracle(m));
    assert.equal(jsonText(fromData.json), jsonText(fromOracle.json), `seed ${1000 + seed}`);
    compared++;
  }
  assert.equal(compared, 40);
});

test('anytime: one callback per iteration with r = 0, 1, 2, …; maxR stops early', async () => {
  const m = randomLatentDag(7, { observed: 10, avgParents: 2, latents: 3 });
  const seen: number[] = [];
  const full = await learnIcd(10, new DsepOracle(m), {
    onIteration: (it) => {
      seen.push(it.r);
      assert.equal(it.pag.n, 10);
    },
  });
  assert.deepEqual(seen, [...Array(full.iterations).keys()]);
  assert.ok(full.converged && full.iterations >= 4);
  const early = await learnIcd(10, new DsepOracle(m), { maxR: 1 });
  assert.equal(early.iterations, 2);
  assert.equal(early.converged, false);
  assert.ok(early.json.edges.length >= full.json.edges.length, 'fewer tests cannot remove more edges');
});

test('nodes restriction learns over the chosen nodes only', async () => {
  const m = model(4, [
    [0, 1],
    [1, 2],
    [2, 3],
  ]);
  const res = await learnIcd(4, new DsepOracle(m), { nodes: [0, 2, 3] });
  // 1 is left out, so 0 and 2 stay dependent: 0 o-o 2 o-o 3; node 1 has no edges
  assert.equal(jsonText(res.json), '0 o-o 2; 2 o-o 3');
});

test('cancellation rejects with AbortError', async () => {
  const m = randomLatentDag(15, { observed: 18, avgParents: 2, latents: 3 });
  const ctl = new AbortController();
  ctl.abort();
  await assert.rejects(learnIcd(18, new DsepOracle(m), { signal: ctl.signal }), { name: 'AbortError' });
  const ctl2 = new AbortController();
  const run = learnIcd(18, new DsepOracle(m), {
    signal: ctl2.signal,
    onIteration: (it) => {
      if (it.r === 1) ctl2.abort();
    },
  });
  await assert.rejects(run, { name: 'AbortError' });
});

test('the PDS-tree memo changes nothing: same PAG and separating sets as rebuilding after every deletion', async () => {
  const { attentionToCorrelation } = await import('../../../src/engine/correlation');
  const { syntheticAttention } = await import('../../../src/engine/testing/attention');
  const { ParCorrTest } = await import('../../../src/engine/ciTest');
  let compared = 0;
  for (const [size, seed] of [
    [16, 1],
    [24, 2],
    [32, 3],
  ]) {
    const corr = attentionToCorrelation(syntheticAttention(size, seed));
    for (const samples of [64, 768]) {
      const fast = await learnIcd(size, new ParCorrTest(corr, { samples }));
      const slow = await learnIcd(size, new ParCorrTest(corr, { samples }), { recomputeAfterDeletion: true });
      assert.equal(JSON.stringify(fast.json), JSON.stringify(slow.json));
      compared++;
    }
  }
  for (const { m } of generated().slice(0, 30)) {
    const fast = await learnIcd(m.observed.length, new DsepOracle(m));
    const slow = await learnIcd(m.observed.length, new DsepOracle(m), { recomputeAfterDeletion: true });
    assert.equal(JSON.stringify(fast.json), JSON.stringify(slow.json));
    compared++;
  }
  assert.equal(compared, 36);
});
