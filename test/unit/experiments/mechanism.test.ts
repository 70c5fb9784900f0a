import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attentionToCorrelation } from '../../../src/engine';
import { Rng } from '../../../src/experiments/scm';
import {
  MECHANISM_KINDS,
  VALUE_START,
  idealSemAttention,
  markovBlanketAttention,
  structureCorrelation,
  structurePag,
  structureSequences,
  structures,
  vocabulary,
} from '../../../src/experiments/mechanismData';
import {
  averagePrecision,
  bidirectedCounts,
  chanceAveragePrecision,
  markCounts,
  offDiagonalAgreement,
  precisionRecall,
  skeletonCounts,
} from '../../../src/experiments/mechanismScores';
import { runMechanismSeed, scoreAttention } from '../../../src/experiments/mechanism';
import { fixedAttentionSource } from '../../../src/experiments/mechanismTrainer';
import { compactRecords, summariseMechanism } from '../../../src/experiments/mechanismReport';
import type { PagEdges } from '../../../src/experiments/metrics';

const text = (p: PagEdges) => p.edges.map((e) => `${e.a}${e.markA[0]}${e.markB[0]}${e.b}`);
const byKind = (kind: string, layout = 0) => structures(3).find((s) => s.kind === kind && s.layoutIndex === layout)!;

test('mechanism truth: each kind in the identity layout has the PAG its DAG implies', async () => {
  assert.deepEqual(text(await structurePag(byKind('chain'))), ['0cc1', '1cc2', '2cc3', '3cc4']);
  assert.deepEqual(text(await structurePag(byKind('fork'))), ['0cc1', '0cc2', '0cc3', '0cc4']);
  // 0→2←1 is a v-structure; 2→3→4 follows by rule 1.
  assert.deepEqual(text(await structurePag(byKind('collider'))), ['0ca2', '1ca2', '2ta3', '3ta4']);
  // Positions: X1=0, X4=1, X2=2, X3=3, X5=4; the hidden H makes X2↔X3.
  assert.deepEqual(text(await structurePag(byKind('confounded'))), ['0ca2', '1ca3', '2aa3', '3ta4']);
});

test('mechanism truth: a layout relabels the PAG (the collider moves with its role)', async () => {
  const s = byKind('collider', 1);
  assert.notDeepEqual(s.layout, [0, 1, 2, 3, 4]);
  const pag = await structurePag(s);
  const c = s.layout[2];
  const into = pag.edges.filter((e) => (e.a === c && e.markA === 'arrow') || (e.b === c && e.markB === 'arrow'));
  assert.deepEqual(into.map((e) => (e.a === c ? e.b : e.a)).sort(), [s.layout[0], s.layout[1]].sort());
});

test('mechanism truth: every structure has 4 true edges among the 10 value pairs', async () => {
  for (const s of structures(3)) assert.equal((await structurePag(s)).edges.length, 4, `${s.kind}/${s.layoutIndex}`);
});

test("mechanism data: structure tokens first, each value symbol in its position's range", () => {
  const bins = 4,
    v = vocabulary(bins, 3);
  const s = byKind('confounded', 2);
  for (const seq of structureSequences(s, 50, bins, 3, new Rng(1))) {
    assert.equal(seq[0], v.kindToken0 + MECHANISM_KINDS.indexOf('confounded'));
    assert.equal(seq[1], v.layoutToken0 + 2);
    for (let p = 0; p < 5; p++) {
      const sym = seq[VALUE_START + p];
      assert.ok(sym >= 2 + p * bins && sym < 2 + (p + 1) * bins, `position ${p}: ${sym}`);
    }
  }
});

test('A·Aᵀ: a tiny known SEM Z = A·U has covariance A·Aᵀ (closed form and by sampling)', () => {
  const A = [
    [1, 0],
    [0.5, 1],
  ];
  const exact = 0.5 / Math.sqrt(1.25);
  assert.ok(Math.abs(attentionToCorrelation(A)[0][1] - exact) < 1e-12);
  const rng = new Rng(7);
  let sxy = 0,
    sxx = 0,
    syy = 0;
  for (let k = 0; k < 20000; k++) {
    const u0 = rng.normal(),
      u1 = rng.normal();
    const z0 = u0,
      z1 = 0.5 * u0 + u1;
    sxy += z0 * z1;
    sxx += z0 * z0;
    syy += z1 * z1;
  }
  assert.ok(Math.abs(sxy / Math.sqrt(sxx * syy) - exact) < 0.02);
});

test("ideal-SEM attention reproduces each structure's exact correlation, latent included", () => {
  for (const s of structures(2)) {
    const c1 = attentionToCorrelation(idealSemAttention(s)),
      c2 = structureCorrelation(s);
    for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) assert.ok(Math.abs(c1[i][j] - c2[i][j]) < 1e-9);
  }
});

test('Markov-blanket attention: uniform over self and the blanket (a collider parent sees its spouse)', () => {
  const chain = markovBlanketAttention(byKind('chain'));
  assert.deepEqual(
    chain[2].map((x) => +x.toFixed(6)),
    [0, 1 / 3, 1 / 3, 1 / 3, 0].map((x) => +x.toFixed(6)),
  );
  const col = markovBlanketAttention(byKind('collider'));
  assert.deepEqual(
    col[0].map((x) => x > 0),
    [true, true, true, false, false],
  );
});

test('average precision: known answers, ties entering as a group, chance by enumeration', () => {
  assert.equal(averagePrecision([3, 2, 1], [true, true, false]), 1);
  assert.ok(Math.abs(averagePrecision([3, 2, 1], [true, false, true])! - (0.5 + 0.5 * (2 / 3))) < 1e-12);
  assert.equal(averagePrecision([1, 1, 1, 1], [true, false, true, false]), 0.5);
  assert.equal(averagePrecision([1, 2], [false, false]), null);
  assert.throws(() => averagePrecision([NaN, 1], [true, false]), /NaN/); // a NaN once made the tie loop spin forever
  assert.ok(Math.abs(chanceAveragePrecision(3, 1) - (1 + 1 / 2 + 1 / 3) / 3) < 1e-12);
});

test('mark precision/recall: arrowheads, tails and ↔ against a known PAG', () => {
  const truth: PagEdges = {
    n: 4,
    edges: [
      { a: 0, b: 1, markA: 'circle', markB: 'arrow' },
      { a: 1, b: 2, markA: 'arrow', markB: 'arrow' },
      { a: 2, b: 3, markA: 'tail', markB: 'arrow' },
    ],
  };
  const learned: PagEdges = {
    n: 4,
    edges: [
      { a: 0, b: 1, markA: 'arrow', markB: 'arrow' }, // one right arrowhead, one wrong
      { a: 1, b: 2, markA: 'circle', markB: 'arrow' }, // one right arrowhead, ↔ missed
      { a: 0, b: 3, markA: 'tail', markB: 'arrow' }, // not an edge of the truth
    ],
  };
  assert.deepEqual(markCounts(learned, truth, 'arrow'), { hit: 2, claimed: 4, actual: 4 });
  assert.deepEqual(markCounts(learned, truth, 'tail'), { hit: 0, claimed: 1, actual: 1 });
  assert.deepEqual(bidirectedCounts(learned, truth), { hit: 0, claimed: 1, actual: 1 });
  assert.deepEqual(skeletonCounts(learned, truth), { hit: 2, claimed: 3, actual: 3 });
  assert.deepEqual(precisionRecall({ hit: 0, claimed: 0, actual: 2 }), { precision: null, recall: 0 });
});

test('ABCD on the ideal-SEM attention recovers the confounded PAG at a large n; raw attention marks nothing', async () => {
  const s = byKind('confounded', 1);
  const truth = await structurePag(s);
  const r = await scoreAttention(idealSemAttention(s), truth, 5000, 0.01);
  assert.equal(r.abcd.ap, 1);
  assert.deepEqual(r.abcd.bidirected, { hit: 1, claimed: 1, actual: 1 });
  assert.equal(r.abcd.arrow.hit, r.abcd.arrow.actual);
  assert.equal(r.abcd.tail.hit, 1);
  assert.equal(r.attention.arrow.claimed + r.attention.tail.claimed, 0);
});

test('corr agreement: identical matrices agree exactly; a sign flip is r = −1', () => {
  const m = [
    [1, 0.3, -0.2],
    [0.3, 1, 0.5],
    [-0.2, 0.5, 1],
  ];
  assert.deepEqual(offDiagonalAgreement(m, m), { meanAbsDiff: 0, pearson: 1 });
  const flipped = m.map((r, i) => r.map((x, j) => (i === j ? x : -x)));
  assert.ok(Math.abs(offDiagonalAgreement(m, flipped).pearson! + 1) < 1e-12);
});

test('mechanism run: a source giving each sequence its ideal-SEM attention scores like the ideal row', async () => {
  const all = structures(1);
  const source = fixedAttentionSource(1, 2, 64, (seq) => idealSemAttention(all[seq[0] - vocabulary(4, 1).kindToken0]));
  const { info, records } = await runMechanismSeed(3, {
    seeds: [3],
    layoutCount: 1,
    trainPerStructure: 5,
    testPerStructure: 2,
    bins: 4,
    alpha: 0.01,
    source,
  });
  assert.equal(records.length, 8);
  assert.equal(info.numHeads, 2);
  for (const r of records) {
    assert.deepEqual(r.routes['L1 head 1'].abcd, r.routes['ideal-SEM'].abcd);
    assert.deepEqual(r.routes['L1 head-mean'].abcd, r.routes['ideal-SEM'].abcd);
    const maskedRow = r.routes['L1 head-mean, masked-row diagnostic (row i from the pass with i masked)'];
    assert.deepEqual(maskedRow.abcd, r.routes['ideal-SEM'].abcd);
  }
  const sum = summariseMechanism(records, [info]);
  assert.equal(sum.routes.length, 2 * 8);
  assert.equal(sum.agreement.length, 3);
  // The structure-blind control (one averaged matrix for every sequence) cannot match each structure.
  const blind = records.map((r) => r.routes['L1 head-mean, mean over all sequences (structure-blind)'].attention.ap!);
  assert.ok(blind.reduce((a, b) => a + b, 0) / blind.length < 0.95);
  assert.ok(records.every((r) => r.routes['ideal-SEM'].abcd.ap === 1));
  const row = (route: string) => sum.routes.find((r) => r.route === route && r.method === 'abcd')!;
  assert.ok(row('L1 head 1').apVsBlind!.estimate! > 0); // per-sequence input beats the blind control, paired
  assert.equal(row('ideal-SEM').apVsBlind, null);
  const compact = compactRecords(records);
  assert.equal(Object.keys(compact.ap).length, 16);
  assert.deepEqual(compact.ap['L1 head 2 | abcd'], compact.ap['ideal-SEM | abcd']);
  assert.equal(compact.kind.filter((k) => k === 'collider').length, 2);
});
