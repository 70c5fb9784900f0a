import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  skeletonScore,
  orientationAccuracy,
  structuralHammingDistance,
  sizeStats,
  faithfulnessStats,
  maskOutcome,
  rankStats,
  jaccard,
  pagAgreement,
  median,
  meanPagScore,
  scorePag,
  type PagEdges,
} from '../../../src/experiments/metrics';

// Truth: 0→1←2 (collider), 2→3.  Learned: 0→1, 1—2 as circles, 0–3 extra, missing 2–3.
const truth: PagEdges = {
  n: 4,
  edges: [
    { a: 0, b: 1, markA: 'tail', markB: 'arrow' },
    { a: 1, b: 2, markA: 'arrow', markB: 'tail' },
    { a: 2, b: 3, markA: 'tail', markB: 'arrow' },
  ],
};
const learned: PagEdges = {
  n: 4,
  edges: [
    { a: 0, b: 1, markA: 'tail', markB: 'arrow' },
    { a: 1, b: 2, markA: 'circle', markB: 'circle' },
    { a: 0, b: 3, markA: 'circle', markB: 'arrow' },
  ],
};

test('skeleton precision/recall/F1 on a hand-computed case', () => {
  const s = skeletonScore(learned, truth);
  assert.deepEqual([s.truePositives, s.falsePositives, s.falseNegatives], [2, 1, 1]);
  assert.equal(s.precision, 2 / 3);
  assert.equal(s.recall, 2 / 3);
  assert.ok(Math.abs(s.f1 - 2 / 3) < 1e-12);
  // Empty prediction: no false claims, nothing recalled.
  const e = skeletonScore({ n: 4, edges: [] }, truth);
  assert.deepEqual([e.precision, e.recall, e.f1], [1, 0, 0]);
});

test('orientation accuracy counts agreeing ends on shared edges only', () => {
  // Shared: 0-1 (2 ends agree), 1-2 (circle,circle vs arrow,tail: 0 agree) → 2/4.
  assert.equal(orientationAccuracy(learned, truth), 0.5);
  assert.equal(orientationAccuracy({ n: 4, edges: [{ a: 0, b: 3, markA: 'tail', markB: 'arrow' }] }, truth), null);
});

test('SHD: missing + extra edges + wrong ends; edge order and a/b order do not matter', () => {
  // extra 0-3 (1) + missing 2-3 (1) + 1-2 both ends wrong (2) = 4.
  assert.equal(structuralHammingDistance(learned, truth), 4);
  assert.equal(structuralHammingDistance(truth, truth), 0);
  const flipped: PagEdges = { n: 4, edges: [{ a: 1, b: 0, markA: 'arrow', markB: 'tail' }, ...truth.edges.slice(1)] };
  assert.equal(structuralHammingDistance(flipped, truth), 0);
  // A reversed directed edge costs 2.
  const reversed: PagEdges = { n: 4, edges: [{ a: 0, b: 1, markA: 'arrow', markB: 'tail' }, ...truth.edges.slice(1)] };
  assert.equal(structuralHammingDistance(reversed, truth), 2);
});

test('mean of PAG scores skips undefined orientation', () => {
  const m = meanPagScore([scorePag(learned, truth), scorePag({ n: 4, edges: [] }, truth)]);
  assert.equal(m.n, 2);
  assert.equal(m.orientation, 0.5);
  assert.equal(m.shd, (4 + 3) / 2);
  assert.ok(Math.abs(m.f1 - 1 / 3) < 1e-12);
});

test('size statistics: mean/median over found, null counted as not found', () => {
  assert.deepEqual(sizeStats([1, 2, null, 4, 3]), { found: 4, notFound: 1, mean: 2.5, median: 2.5 });
  assert.deepEqual(sizeStats([null]), { found: 0, notFound: 1, mean: null, median: null });
  assert.equal(median([5, 1, 3]), 3);
});

test('mask outcome and faithfulness stats', () => {
  // logits [0, ln 3] → p = [.25, .75]; masked [ln 3, 0] → label 1 prob .25: flip, drop .5.
  const o = maskOutcome([0, Math.log(3)], [Math.log(3), 0]);
  assert.equal(o.flipped, true);
  assert.ok(Math.abs(o.probDrop - 0.5) < 1e-12);
  const same = maskOutcome([0, Math.log(3)], [0, Math.log(3)]);
  assert.deepEqual(same, { flipped: false, probDrop: 0 });
  const f = faithfulnessStats([o, same]);
  assert.equal(f.flipRate, 0.5);
  assert.ok(Math.abs((f.meanProbDrop ?? NaN) - 0.25) < 1e-12);
});

test('rank statistics: histogram over top-5 and the rank-2–3 fraction', () => {
  const r = rankStats([2, 3, 1, null, 2, 5, 7]);
  assert.deepEqual(r.counts, [1, 2, 1, 0, 1]);
  assert.equal(r.outside, 2);
  assert.equal(r.rank2to3, 3 / 7);
});

test('Jaccard overlap and PAG agreement are symmetric', () => {
  assert.equal(jaccard([1, 2, 3], [2, 3, 4]), 0.5);
  assert.equal(jaccard([], []), 1);
  assert.equal(jaccard([1], [2]), 0);
  const ab = pagAgreement(learned, truth),
    ba = pagAgreement(truth, learned);
  assert.deepEqual(ab, ba);
  assert.equal(ab.shd, 4);
});
