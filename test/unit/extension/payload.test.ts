import { test } from 'node:test';
import assert from 'node:assert/strict';
import { explanationEvidence, explanationPayload, iterationMessage, toPayload } from '../../../src/extension/payload';
import { Pag } from '../../../src/engine';
import { LIVE_EDGE_LIMIT } from '../../../src/protocol';
import type { ExplainResult } from '../../../src/pipeline/index';

// Target 0; explanation sets {2} and {3}; tree paths 0→1→2 and 0→3; a collider sepset (0, 2 | {}).
const explanation: ExplainResult['explanation'] = {
  target: 0,
  kind: 'tested',
  candidates: [1, 2, 3],
  distances: [
    { node: 1, distance: 1 },
    { node: 2, distance: 2 },
    { node: 3, distance: 1 },
  ],
  sets: [[2], [3]],
  evidence: [
    {
      set: [2],
      paths: [{ node: 2, distance: 2, path: [0, 1, 2] }],
      edges: [
        { a: 0, b: 1, markA: 'circle', markB: 'arrow', text: '0 o-> 1' },
        { a: 1, b: 2, markA: 'arrow', markB: 'arrow', text: '1 <-> 2' },
      ],
      sepsets: [{ a: 2, b: 0, set: [] }],
    },
    {
      set: [3],
      paths: [{ node: 3, distance: 1, path: [0, 3] }],
      edges: [{ a: 0, b: 3, markA: 'circle', markB: 'circle', text: '0 o-o 3' }],
      sepsets: [],
    },
  ],
  origins: [[0], [0]],
  testsRun: 4,
  largestSize: 1,
  stop: 'found',
  best: null,
  minimality: 'smallest',
  completeSize: 1,
  treeDepth: 3,
};

test('explanationEvidence: PDS-tree nodes with parents and depths, edges with separating sets, per-set lists kept', () => {
  const ev = explanationEvidence({ explanation });
  assert.equal(ev.tested, true);
  assert.equal(ev.note, undefined);
  assert.deepEqual(ev.pdsTree, [
    { node: 0, parent: null, depth: 0 },
    { node: 1, parent: 0, depth: 1 },
    { node: 3, parent: 0, depth: 1 },
    { node: 2, parent: 1, depth: 2 },
  ]);
  assert.deepEqual(ev.edges, [
    { a: 0, b: 1 },
    { a: 1, b: 2 },
    { a: 0, b: 2, sepset: [] },
    { a: 0, b: 3 },
  ]);
  assert.equal(ev.perSet, explanation.evidence);
});

test('explanationPayload: nothing found is kind "partial" with the search summary and the closest set, never in sets; heads per set', () => {
  const best = { set: [1, 3], drop: 0.2, origins: [1], evidence: explanation.evidence[1] };
  const none = {
    ...explanation,
    kind: 'partial' as const,
    sets: [],
    evidence: [],
    origins: [],
    stop: 'model-runs' as const,
    best,
  };
  const summary = 'no explanation within 5 model runs / 1.0 s';
  const r = {
    explanation: none,
    sources: [0, 1],
    search: { modelRuns: 5, timeMs: 1000, summary },
  } as unknown as ExplainResult;
  const p = explanationPayload(r);
  assert.equal(p.kind, 'partial');
  assert.deepEqual(p.sets, []);
  assert.equal(p.summary, summary);
  assert.deepEqual(p.partial, { set: [1, 3], drop: 0.2, heads: [1] });
  const found = explanationPayload({ ...r, explanation: { ...explanation, origins: [[0, 1], [1]] } } as ExplainResult);
  assert.equal(found.kind, 'tested');
  assert.equal(found.partial, null);
  assert.deepEqual(found.setHeads, [[0, 1], [1]]);
});

test('explanationEvidence: says when there was no tester', () => {
  const untested = explanationEvidence({ explanation: { ...explanation, kind: 'candidate-set' } });
  assert.equal(untested.tested, false);
  assert.match(untested.note as string, /full candidate set/);
});

test('iterationMessage: edges without sepsets up to LIVE_EDGE_LIMIT, only the count beyond', () => {
  const small = Pag.complete(5);
  small.deleteEdge(0, 1);
  small.setSepset(0, 1, [2]);
  const msg = iterationMessage({ r: 1, pag: small.toJson(1), ciTests: 42 });
  assert.deepEqual(msg, {
    type: 'iteration',
    r: 1,
    edges: 9,
    ciTests: 42,
    pag: { n: 5, edges: small.toJson(1).edges, sepsets: [], iterations: 1 },
  });
  // The smallest complete graph past the limit: n(n−1)/2 > LIVE_EDGE_LIMIT
  const n = Math.ceil((1 + Math.sqrt(1 + 8 * LIVE_EDGE_LIMIT)) / 2) + 1;
  const dense = iterationMessage({ r: 0, pag: Pag.complete(n).toJson(0), ciTests: 7 });
  assert.equal(dense.edges, (n * (n - 1)) / 2);
  assert.ok(dense.edges > LIVE_EDGE_LIMIT);
  assert.equal(dense.pag, undefined);
});

test("toPayload: the search-budget warning names its setting; the model run's truncation warning stays out (it has a notification)", () => {
  const cut = 'the text has 300 tokens: only the first 256 were explained';
  const budget = 'the explanation search stopped after 5 model runs: larger sets were not tested';
  const r = {
    model: 'm',
    prediction: { label: 'POSITIVE', score: 0.9, labelIndex: 1, logits: [0, 1] },
    tokens: [],
    layer: 1,
    head: 'mean',
    samples: 128,
    alpha: 0.01,
    pag: { n: 0, edges: [], sepsets: [], iterations: 0 },
    ciTests: 0,
    converged: true,
    explanation,
    sources: ['mean'],
    search: { modelRuns: 5, timeMs: 1000, summary: 'x' },
    baselines: null,
    truncated: null,
    warnings: [cut, budget],
    timings: { model: 0, correlation: 0, pag: 0, explanation: 0, baselines: 0, total: 0 },
  } as ExplainResult;
  const p = toPayload(r, { truncated: { keptChars: 10, totalTokens: 300 }, warnings: [cut] });
  assert.deepEqual(p.warnings, [`${budget} (raise the causalLens.maxModelRuns setting to search further)`]);
  assert.deepEqual(p.truncated, { keptChars: 10, totalTokens: 300 });
  assert.deepEqual(toPayload({ ...r, warnings: [] }, { truncated: null }).warnings, []);
});
