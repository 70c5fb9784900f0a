// The explanation search's batched tester and its greedy fallback: a batch changes nothing but the
// number of calls; the greedy phase starts only when the smallest-first search spends its share of
// the budget, grows legal sets only, prunes to an irreducible set and says so; budgets and Cancel are
// counted in tester calls, never in milliseconds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pag, CIRCLE, ARROW } from '../../../src/engine/pag';
import { createPdsTree } from '../../../src/engine/pdsTree';
import { SubsetSpace } from '../../../src/engine/lazySubsets';
import { explainCleann, explainCleannMany, type CleannOptions, type TestVerdict } from '../../../src/engine/cleann';
import { rng } from '../../../src/engine/testing/dag';
import { randomPag } from './support/randomPag';

/** Target 0 with `m` neighbours 1..m (o-o): every subset of them is legal. */
function star(m: number): Pag {
  const g = new Pag(m + 1);
  for (let v = 1; v <= m; v++) g.addEdge(0, v, CIRCLE, CIRCLE);
  return g;
}

/** A tester whose flip rule is "contains every node of `needed`" and whose drop is the members' summed weights. */
function weightedTester(needed: number[], weight: (v: number) => number) {
  const calls: number[][] = [];
  const tester = async (s: number[]): Promise<TestVerdict> => {
    calls.push(s);
    return { flips: needed.every((v) => s.includes(v)), drop: s.reduce((a, v) => a + weight(v), 0) };
  };
  return { calls, tester };
}

test('isLegal agrees with the eager legal-subset enumeration on random PAGs', () => {
  let legal = 0,
    illegal = 0;
  for (let seed = 1; seed <= 30; seed++) {
    const n = 7 + (seed % 6);
    const g = randomPag(n, 0.35, 900 + seed);
    const tree = createPdsTree(g, 0);
    const space = new SubsetSpace(tree);
    for (const k of [1, 2, 3]) {
      const want = new Set(tree.legalSubsets(k).map((s) => s.set.join(',')));
      // every k-subset of the tree's nodes: legal exactly when the enumeration lists it
      const nodes = space.nodes;
      const walk = (from: number, chosen: number[]): void => {
        if (chosen.length === k) {
          const is = space.isLegal(chosen);
          assert.equal(is, want.has(chosen.join(',')), `seed ${seed}: {${chosen}}`);
          if (is) legal++;
          else illegal++;
          return;
        }
        for (let i = from; i < nodes.length; i++) walk(i + 1, [...chosen, nodes[i]]);
      };
      walk(0, []);
    }
    assert.equal(space.isLegal([n + 5]), false, 'a node outside the tree is never legal');
  }
  assert.ok(legal > 200 && illegal > 200, `${legal} legal, ${illegal} illegal sets compared`);
});

test('a batch tester sees the one-by-one order in batches of at most batchSize, and the result is the same', async () => {
  for (let seed = 1; seed <= 25; seed++) {
    const n = 8 + (seed % 8);
    const pags = [randomPag(n, 0.3, 700 + seed), randomPag(n, 0.3, 800 + seed)];
    const rand = rng(seed);
    const strong = new Set(Array.from({ length: n }, (_, v) => v).filter(() => rand() < 0.2));
    const verdict = (s: number[]): TestVerdict => ({
      flips: s.filter((v) => strong.has(v)).length >= 2,
      drop: s.length / 10 + (s[0] ?? 0) / 100,
    });
    const single: number[][] = [];
    const one = await explainCleannMany(pags, 0, {
      maxSetSize: 3,
      tester: async (s) => {
        single.push(s);
        return verdict(s);
      },
    });
    const batched: number[][] = [];
    const sizes: number[] = [];
    const many = await explainCleannMany(pags, 0, {
      maxSetSize: 3,
      batchSize: 5,
      tester: async (s) => {
        sizes.push(1);
        batched.push(s);
        return verdict(s);
      },
      batchTester: async (sets) => {
        sizes.push(sets.length);
        batched.push(...sets);
        return sets.map(verdict);
      },
    });
    assert.deepEqual(batched, single, `seed ${seed}: same sets, same order`);
    assert.ok(
      sizes.every((k) => k >= 1 && k <= 5),
      `seed ${seed}: batch sizes ${sizes}`,
    );
    if (single.length >= 10)
      assert.ok(
        sizes.some((k) => k > 1),
        `seed ${seed}: batches were used`,
      );
    assert.deepEqual({ ...many, testsRun: 0 }, { ...one, testsRun: 0 }, `seed ${seed}: same explanation`);
    assert.equal(many.testsRun, one.testsRun);
  }
});

test('greedy fallback: grows the set by the largest drop, then prunes what is not needed (irreducible, not "smallest")', async () => {
  // flips iff {2, 5} are removed; node 1 lowers the probability most alone, so greedy takes it first
  const w = (v: number) => (v === 1 ? 0.4 : v === 2 ? 0.3 : v === 5 ? 0.25 : 0.01);
  const { calls, tester } = weightedTester([2, 5], w);
  // 16 runs: the smallest-first share (8) covers the 8 single tokens only
  const ex = await explainCleann(star(8), 0, { tester, maxTests: 40, fallback: 'greedy', exactShare: 8 / 40 });
  assert.equal(ex.kind, 'tested');
  assert.equal(ex.stop, 'found-greedy');
  assert.deepEqual(ex.sets, [[2, 5]]);
  assert.equal(ex.minimality, 'irreducible');
  assert.equal(ex.completeSize, 1);
  assert.deepEqual(ex.origins, [[0]]);
  // the singles, then pairs with 1, then triples with {1, 2} (the first flip: {1, 2, 5}), then the pruning
  assert.deepEqual(calls.slice(0, 8), [[1], [2], [3], [4], [5], [6], [7], [8]]);
  assert.deepEqual(calls.slice(8, 15), [
    [1, 2],
    [1, 3],
    [1, 4],
    [1, 5],
    [1, 6],
    [1, 7],
    [1, 8],
  ]);
  assert.deepEqual(calls[15], [1, 2, 3]);
  assert.ok(calls.some((s) => s.join() === '1,2,5'));
  assert.ok(
    calls.some((s) => s.join() === '2,5'),
    'pruning tried the set without node 1',
  );
  assert.equal(ex.testsRun, calls.length, 'no set was run twice');
  assert.equal(new Set(calls.map((s) => s.join())).size, calls.length);
});

test('without the fallback (the engine default) the same budget ends in an honest partial result', async () => {
  const w = (v: number) => (v === 1 ? 0.4 : v === 2 ? 0.3 : v === 5 ? 0.25 : 0.01);
  const { tester } = weightedTester([2, 5], w);
  const ex = await explainCleann(star(8), 0, { tester, maxTests: 8 });
  assert.equal(ex.kind, 'partial');
  assert.equal(ex.stop, 'model-runs');
  assert.equal(ex.minimality, null);
  assert.deepEqual(ex.best?.set, [1]);
});

test('the budget runs out while pruning: the set is still a tested explanation, reported as unpruned', async () => {
  const w = (v: number) => (v === 1 ? 0.4 : v === 2 ? 0.3 : v === 5 ? 0.25 : 0.01);
  const { tester } = weightedTester([2, 5], w);
  // 8 singles + 7 pairs + 6 triples = 21 runs reach the flip {1, 2, 5}; nothing is left to prune with
  const ex = await explainCleann(star(8), 0, { tester, maxTests: 21, fallback: 'greedy', exactShare: 8 / 21 });
  assert.equal(ex.stop, 'found-greedy');
  assert.deepEqual(ex.sets, [[1, 2, 5]]);
  assert.equal(ex.minimality, 'unpruned');
  assert.equal(ex.testsRun, 21);
});

test('nothing flips even when every legal candidate is removed: the greedy set is exhausted, then the walk tests every legal set once', async () => {
  const { calls, tester } = weightedTester([99], (v) => v / 100);
  const ex = await explainCleann(star(5), 0, { tester, maxTests: 1000, fallback: 'greedy', exactShare: 0.005 });
  assert.equal(ex.kind, 'partial');
  // the greedy phase grew {5}, {4,5}, … {1..5} without a flip; the budget left resumed the
  // smallest-first walk, which then tested the remaining legal sets: all 31, none twice
  assert.equal(ex.stop, 'all-sets');
  assert.equal(ex.largestSize, 5);
  assert.equal(ex.completeSize, 5);
  assert.deepEqual(ex.best?.set, [1, 2, 3, 4, 5]);
  assert.equal(calls.length, 31);
  assert.equal(new Set(calls.map((s) => s.join())).size, 31);
  assert.deepEqual(
    calls.slice(5, 15),
    [
      [1, 5],
      [2, 5],
      [3, 5],
      [4, 5],
      [1, 4, 5],
      [2, 4, 5],
      [3, 4, 5],
      [1, 3, 4, 5],
      [2, 3, 4, 5],
      [1, 2, 3, 4, 5],
    ],
    'greedy first',
  );
});

test('greedy exhausted and the budget spent in the resumed walk: greedy-exhausted, a partial result', async () => {
  const { calls, tester } = weightedTester([99], (v) => v / 100);
  // 5 singles + 10 greedy sets + 5 of the walk's remaining pairs = 20 runs
  const ex = await explainCleann(star(5), 0, { tester, maxTests: 20, fallback: 'greedy', exactShare: 0.25 });
  assert.equal(ex.kind, 'partial');
  assert.equal(ex.stop, 'greedy-exhausted');
  assert.equal(ex.completeSize, 1, 'the pairs were not all tested');
  assert.equal(calls.length, 20);
  assert.ok(
    calls.slice(15).every((s) => s.length === 2 && !s.includes(5)),
    'the walk resumed at the pairs it had not run',
  );
});

test('greedy stopped by the size cap leaves the budget to the resumed walk, which finds the smallest explanation', async () => {
  // flips iff {3, 4} are removed; node 6 drops most, so greedy grows {6} and the pairs with 6, then
  // stops at the cap of 2 without a flip. Before the walk resumed, this ended "no explanation".
  const { calls, tester } = weightedTester([3, 4], (v) => (v === 6 ? 0.5 : v / 100));
  const ex = await explainCleann(star(6), 0, {
    tester,
    maxTests: 100,
    maxSetSize: 2,
    fallback: 'greedy',
    exactShare: 6 / 100,
  });
  assert.equal(ex.kind, 'tested');
  assert.equal(ex.stop, 'found');
  assert.deepEqual(ex.sets, [[3, 4]]);
  assert.equal(ex.minimality, 'smallest');
  assert.equal(ex.completeSize, 2);
  assert.equal(new Set(calls.map((s) => s.join())).size, calls.length, 'no set run twice');
  assert.equal(calls.length, 6 + 15, 'every single and pair once: 6 + C(6, 2)');
});

test('greedy grows legal sets only: a node two steps away joins after the node it hangs from', async () => {
  // 0 o-> 1 <-o 2 (1 is a collider, so 2 is in the PDS-tree through 1), and 0 o-o 3
  const g = new Pag(4);
  g.addEdge(0, 1, CIRCLE, ARROW);
  g.addEdge(1, 2, ARROW, CIRCLE);
  g.addEdge(0, 3, CIRCLE, CIRCLE);
  const space = new SubsetSpace(createPdsTree(g, 0));
  assert.equal(space.isLegal([2]), false);
  // node 2 alone would drop the most, but it may only be removed with 1
  const { calls, tester } = weightedTester([1, 2], (v) => (v === 2 ? 0.5 : 0.1));
  const ex = await explainCleann(g, 0, { tester, maxTests: 4, fallback: 'greedy', exactShare: 0.5 });
  for (const s of calls) assert.ok(space.isLegal(s), `tested an illegal set {${s}}`);
  assert.deepEqual(ex.sets, [[1, 2]]);
});

test('Cancel during the greedy phase: no tester call after the abort', async () => {
  const ctl = new AbortController();
  let calls = 0,
    callsAtAbort = -1;
  const tester = async (s: number[]): Promise<TestVerdict> => {
    calls++;
    if (calls === 150) {
      ctl.abort();
      callsAtAbort = calls;
    }
    return { flips: false, drop: s.length / 100 };
  };
  const opts: CleannOptions = { tester, maxTests: 10_000, fallback: 'greedy', exactShare: 0.01, signal: ctl.signal };
  await assert.rejects(explainCleann(star(60), 0, opts), { name: 'AbortError' });
  assert.equal(calls, callsAtAbort);
});

test('the time budget is shared: the smallest-first search stops at its share, read from the given clock', async () => {
  let clock = 0;
  const { calls, tester } = weightedTester([2, 5], (v) => (v === 2 ? 0.3 : v === 5 ? 0.25 : 0.01));
  // each tester call costs 1 "ms"; 100 ms in all, 5 for the smallest-first search, which checks the
  // clock between batches (16 sets): it stops after the first batch of the 40 single tokens
  const ex = await explainCleann(star(40), 0, {
    tester: async (s) => {
      clock++;
      return tester(s);
    },
    timeMs: 100,
    now: () => clock,
    fallback: 'greedy',
    exactShare: 0.05,
  });
  assert.equal(ex.stop, 'found-greedy');
  assert.equal(ex.completeSize, 0, 'the singles were not all tested before the fallback');
  assert.deepEqual(ex.sets, [[2, 5]]);
  assert.ok(calls.length <= 100);
});
