// ICD-Sep as a stream (src/engine/icdSepStream.ts) against the listed sets (icdSep.ts): walked lazily
// (limit 0 forces the walk) it gives the same sets in the same order, on random PAGs of every density and
// mark mix; and on a complete graph, past the limit, nothing is listed however many sets there are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pag, CIRCLE } from '../../../src/engine/pag';
import { icdSepSets, IterationMemo } from '../../../src/engine/icdSep';
import { EAGER_SET_LIMIT, icdSepStream, sepSetCounters } from '../../../src/engine/icdSepStream';
import { STEP } from '../../../src/engine/lazySubsets';
import { arrowBiasedMarks, randomMarks } from './support/randomPag';

const walked = (it: Iterable<number[] | typeof STEP>): number[][] => [...it].filter((s): s is number[] => s !== STEP);

test('ICD-Sep walked lazily = listed: same sets, same order, random PAGs, sizes 1-4', () => {
  let compared = 0,
    sets = 0,
    nonEmpty = 0;
  sepSetCounters.reset();
  for (let seed = 1; seed <= 30; seed++) {
    const n = 7 + ((seed * 5) % 11);
    const p = [0.2, 0.4, 0.6, 0.8, 0.95][seed % 5];
    const adj = seed % 2 ? randomMarks(n, p, 300 + seed) : arrowBiasedMarks(n, p, 300 + seed);
    const g = Pag.fromMatrix(adj);
    for (let size = 1; size <= 4; size++) {
      if (size === 4 && p > 0.4) continue;
      const memo = new IterationMemo(g, size);
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          if (!g.isAdjacent(i, j)) continue;
          const listed = icdSepSets(g, i, j, size, memo);
          const lazy = walked(icdSepStream(g, i, j, size, memo, 0));
          assert.deepEqual(lazy, listed, `seed ${seed} n ${n} p ${p} size ${size} edge ${i}-${j}`);
          compared++;
          sets += listed.length;
          if (listed.length > 0) nonEmpty++;
        }
    }
  }
  // the walk really ran (limit 0), on many edges with sets
  assert.ok(sepSetCounters.walkedEdges > 1000, `${sepSetCounters.walkedEdges} walked`);
  assert.ok(compared > 2000 && nonEmpty > 800 && sets > 5000, `${compared} edges, ${nonEmpty} non-empty, ${sets} sets`);
});

test('ICD-Sep stream on a complete 60-node graph: size 3 (30,856 sets an edge) is walked, never listed', () => {
  const g = Pag.complete(60, undefined, CIRCLE);
  const memo = new IterationMemo(g, 3);
  sepSetCounters.reset();
  let first: number[] | undefined,
    count = 0;
  for (const s of icdSepStream(g, 0, 1, 3, memo)) {
    if (s === STEP) continue;
    first ??= s;
    count++;
  }
  assert.equal(count, (58 * 57 * 56) / 6);
  assert.deepEqual(first, [2, 3, 4]);
  assert.equal(sepSetCounters.listed, 0);
  assert.equal(sepSetCounters.walkedEdges, 1);
  // size 2 (1,653 sets) stays listed, as before
  const memo2 = new IterationMemo(g, 2);
  assert.equal(walked(icdSepStream(g, 0, 1, 2, memo2)).length, (58 * 57) / 2);
  assert.ok(sepSetCounters.largestList <= EAGER_SET_LIMIT);
  assert.equal(sepSetCounters.listed, (58 * 57) / 2);
});
