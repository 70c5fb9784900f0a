// CLEANN's anytime search: the lazy subset enumeration against the eager oracle (PdsTree.legalSubsets),
// cancellation and budgets counted in enumeration steps and tester calls (never in milliseconds),
// honest partial results, and several PAGs (one per head) with each explanation tagged by its source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pag, CIRCLE, ARROW } from '../../../src/engine/pag';
import { createPdsTree } from '../../../src/engine/pdsTree';
import { SubsetSpace, STEP } from '../../../src/engine/lazySubsets';
import { explainCleann, explainCleannMany, YIELD_EVERY, type CleannOptions } from '../../../src/engine/cleann';
import { rng } from '../../../src/engine/testing/dag';
import { randomPag } from './support/randomPag';

/** Target 0 with `m` neighbours 1..m (o-o): every subset of them is legal, C(m, k) sets of size k. */
function star(m: number): Pag {
  const g = new Pag(m + 1);
  for (let v = 1; v <= m; v++) g.addEdge(0, v, CIRCLE, CIRCLE);
  return g;
}

/** The search before it was lazy: every legal set of a size materialised and sorted, sizes up to maxSetSize. */
async function eagerOracle(
  pag: Pag,
  target: number,
  maxSize: number,
  exclude: number[],
  tester: (s: number[]) => boolean,
) {
  const tree = createPdsTree(pag, target);
  const allowed = new Uint8Array(pag.n).fill(1);
  for (const v of exclude) allowed[v] = 0;
  const calls: number[][] = [];
  const sets: number[][] = [];
  for (let size = 1; size <= maxSize && sets.length === 0; size++) {
    for (const { set } of tree.legalSubsets(size, allowed)) {
      calls.push(set);
      if (tester(set)) sets.push(set);
    }
  }
  return { calls, sets };
}

test('lazy enumeration yields exactly the eager legal subsets, in the same order (distance sum, then lexicographic)', () => {
  let compared = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const n = seed % 3 === 0 ? 40 : 8 + (seed % 10);
    const g = randomPag(n, n === 40 ? 0.15 : 0.3, seed);
    for (const depth of [2, 3, undefined]) {
      const tree = createPdsTree(g, seed % n, depth);
      for (const allowed of [undefined, new Uint8Array(n).map((_, v) => (v % 3 === 1 ? 0 : 1))]) {
        const space = new SubsetSpace(tree, allowed);
        for (const k of [1, 2, 3, 4]) {
          if (n === 40 && k > 3) continue;
          const want = tree.legalSubsets(k, allowed).map((s) => s.set);
          const got: number[][] = [];
          const r = space.sumRange(k);
          if (r)
            for (let d = r.min; d <= r.max; d++) for (const s of space.withSum(k, d, 7)) if (s !== STEP) got.push(s);
          assert.deepEqual(got, want, `seed ${seed}, depth ${depth}, k ${k}`);
          compared += want.length;
        }
      }
    }
  }
  assert.ok(compared > 5000, `${compared} sets compared`);
});

test('the lazy search tests the same sets in the same order and returns the same explanations as the eager search', async () => {
  let withSets = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const n = 8 + (seed % 9);
    const g = randomPag(n, 0.3, 500 + seed);
    const rand = rng(seed);
    const flipping = new Set(Array.from({ length: n }, (_, v) => v).filter(() => rand() < 0.15));
    const flips = (s: number[]) => s.filter((v) => flipping.has(v)).length >= 2; // needs two "strong" tokens
    const exclude = [n - 1];
    const want = await eagerOracle(g, 0, 4, exclude, flips);
    const calls: number[][] = [];
    const got = await explainCleann(g, 0, {
      maxSetSize: 4,
      exclude,
      tester: async (s) => {
        calls.push(s);
        return flips(s);
      },
    });
    assert.deepEqual(calls, want.calls, `seed ${seed}: tested sets`);
    assert.deepEqual(got.sets, want.sets, `seed ${seed}: explanations`);
    assert.equal(got.testsRun, want.calls.length);
    assert.equal(got.kind, want.sets.length ? 'tested' : 'partial');
    if (want.sets.length) withSets++;
  }
  assert.ok(withSets >= 5, `${withSets} seeds found an explanation`);
});

test('enumeration is lazy: the first set of size 4 out of 200 candidates (64.7 M sets) comes within a few steps', () => {
  const space = new SubsetSpace(createPdsTree(star(200), 0));
  let steps = 0;
  for (const item of space.withSum(4, 4, 1)) {
    steps++;
    if (item !== STEP) {
      assert.deepEqual(item, [1, 2, 3, 4]);
      break;
    }
  }
  assert.ok(steps <= 8, `${steps} steps`);
});

test('Cancel stops the search within YIELD_EVERY enumeration items, while sets are being tested', async () => {
  const ctl = new AbortController();
  let calls = 0,
    callsAtAbort = -1;
  ctl.signal.addEventListener('abort', () => {
    callsAtAbort = calls;
  });
  const tester = async () => {
    calls++;
    // an abort requested from outside the search (a macrotask, as VS Code's Cancel is)
    if (calls === 500) setImmediate(() => ctl.abort());
    return false;
  };
  await assert.rejects(explainCleann(star(200), 0, { tester, signal: ctl.signal }), { name: 'AbortError' });
  assert.ok(callsAtAbort >= 500, 'the abort event was delivered during the search');
  assert.ok(calls - callsAtAbort <= YIELD_EVERY, `${calls - callsAtAbort} tests after the abort`);
});

test('a walk over illegal combinations only still hands back control every stepsPerTick steps', () => {
  // 0 o-> p <-o c for 120 pairs (p = 121..240 at distance 1, c = 1..120 at distance 2, each c only under its
  // own p): a set of size 3 with distance sum 5 (one p, two c) is never legal, yet the walk must try them.
  const m = 120;
  const g = new Pag(2 * m + 1);
  for (let i = 1; i <= m; i++) {
    g.addEdge(0, m + i, CIRCLE, ARROW);
    g.addEdge(m + i, i, ARROW, CIRCLE);
  }
  const space = new SubsetSpace(createPdsTree(g, 0));
  let ticks = 0,
    sets = 0;
  for (const item of space.withSum(3, 5, 256)) {
    if (item === STEP) ticks++;
    else sets++;
  }
  assert.equal(sets, 0);
  assert.ok(ticks > 100, `${ticks} ticks`);
});

test('no candidate can be removed legally: the search says so ("unreachable") instead of "nothing flips"', async () => {
  // 0 o-> 1 <-o x for x = 2..120, with 1 excluded (a special token): each x is reachable only through 1
  const g = new Pag(121);
  g.addEdge(0, 1, CIRCLE, ARROW);
  for (let x = 2; x <= 120; x++) g.addEdge(1, x, ARROW, CIRCLE);
  const ex = await explainCleann(g, 0, { exclude: [1], tester: async () => true });
  assert.equal(ex.stop, 'unreachable');
  assert.equal(ex.testsRun, 0);
  assert.equal(ex.candidates.length, 119, 'the candidates exist, they just cannot be removed legally');
  const lone = await explainCleann(star(1), 0, { exclude: [1], tester: async () => true });
  assert.equal(lone.stop, 'no-candidates');
});

test('Cancel during the search: no progress turn after the abort arrives', async () => {
  const ctl = new AbortController();
  let progress = 0,
    progressAtAbort = -1;
  ctl.signal.addEventListener('abort', () => {
    progressAtAbort = progress;
  });
  const opts: CleannOptions = {
    tester: async () => false,
    signal: ctl.signal,
    onProgress: () => {
      progress++;
      if (progress === 50) setImmediate(() => ctl.abort());
    },
  };
  await assert.rejects(explainCleann(star(200), 0, opts), { name: 'AbortError' });
  assert.ok(progressAtAbort >= 50);
  assert.ok(progress - progressAtAbort <= 1, `${progress - progressAtAbort} progress turns after the abort`);
});

test('the model-run budget ends the search at once (the old search kept enumerating for minutes)', async () => {
  let calls = 0;
  const ex = await explainCleann(star(300), 0, {
    maxTests: 1,
    tester: async () => {
      calls++;
      return false;
    },
  });
  assert.equal(calls, 1);
  assert.equal(ex.testsRun, 1);
  assert.equal(ex.stop, 'model-runs');
  assert.equal(ex.kind, 'partial');
  assert.deepEqual(ex.sets, []);
});

test('the time budget ends the search, read from the given clock between enumeration items', async () => {
  let clock = 0;
  let calls = 0;
  const ex = await explainCleann(star(300), 0, {
    timeMs: 100,
    now: () => clock++,
    tester: async () => {
      calls++;
      return false;
    },
  });
  assert.equal(ex.stop, 'time');
  assert.ok(calls >= 90 && calls <= 100, `${calls} tests within 100 clock ticks`);
  assert.equal(ex.largestSize, 1);
});

test('sizes grow until the budget is spent: no fixed cap of 3', async () => {
  const ex = await explainCleann(star(6), 0, { tester: async (s) => s.length >= 5 });
  assert.equal(ex.kind, 'tested');
  assert.equal(ex.stop, 'found');
  assert.equal(ex.sets.length, 6, 'every 5-subset of 6 flips');
  assert.equal(ex.largestSize, 5);
  const all = await explainCleann(star(4), 0, { tester: async () => false });
  assert.equal(all.stop, 'all-sets');
  assert.equal(all.testsRun, 15, '2^4 - 1 sets');
});

test('no flip within the budget: an honest partial result, the largest probability drop, never in `sets`', async () => {
  const drops = new Map([
    ['1', 0.1],
    ['2', 0.3],
    ['1,2', 0.45],
    ['3', 0.2],
  ]);
  const tester = async (s: number[]) => ({ flips: false, drop: drops.get(s.join(',')) ?? 0 });
  const ex = await explainCleann(star(3), 0, { tester, maxTests: 5 });
  assert.equal(ex.kind, 'partial');
  assert.equal(ex.stop, 'model-runs');
  assert.deepEqual(ex.sets, []);
  assert.deepEqual(ex.evidence, []);
  assert.ok(ex.best);
  assert.deepEqual(ex.best.set, [1, 2]);
  assert.equal(ex.best.drop, 0.45);
  assert.deepEqual(ex.best.evidence.set, [1, 2]);

  const found = await explainCleann(star(3), 0, { tester: async (s) => ({ flips: s.includes(3), drop: 0.6 }) });
  assert.equal(found.kind, 'tested');
  assert.equal(found.best, null, 'an explanation was found: no partial result');
  assert.deepEqual(found.sets, [[3]]);

  const none = await explainCleann(star(3), 0, { tester: async () => false });
  assert.equal(none.best, null, 'a tester without drops gives no partial result');
});

test('several PAGs (one per head): minimal explanations over all of them, each tagged with the PAGs that proposed it; shared sets tested once', async () => {
  // head 0: 0 o-o 1, 0 o-o 2;  head 1: 0 o-o 2, 0 o-o 3;  head 2: 0 o-o 4 only
  const heads = [[1, 2], [2, 3], [4]].map((nb) => {
    const g = new Pag(5);
    for (const v of nb) g.addEdge(0, v, CIRCLE, CIRCLE);
    return g;
  });
  const calls: string[] = [];
  const ex = await explainCleannMany(heads, 0, {
    tester: async (s) => {
      calls.push(s.join(','));
      return s.includes(2) || s.includes(4);
    },
  });
  assert.equal(ex.kind, 'tested');
  assert.deepEqual(ex.sets, [[2], [4]]);
  assert.deepEqual(ex.origins, [[0, 1], [2]]);
  assert.deepEqual(ex.candidates, [1, 2, 3, 4]);
  assert.deepEqual(calls, ['1', '2', '3', '4'], 'set {2} of heads 0 and 1 run once');
  assert.equal(ex.testsRun, 4);

  const one = await explainCleann(heads[0], 0, { tester: async (s) => s.includes(2) });
  assert.deepEqual(one.origins, [[0]]);
});
