// ICD-Sep from per-root PDS summaries (src/engine/icdSep.ts, pdsSummary.ts) against the tree-based
// ICD-Sep of the straightforward engine (support/straightforward/icd.ts, whole PDS-trees): the same
// conditioning sets in the same order, on random PAGs of every density, for every edge and set size,
// and under a run of edge deletions with the memo kept (what ICD does) — plus the summary itself
// against createPdsTree: the same minimal depths, and every deep vertex on an ancestral path.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Pag } from '../../../src/engine/pag';
import { createPdsTree } from '../../../src/engine/pdsTree';
import { icdSepSets, IterationMemo } from '../../../src/engine/icdSep';
import { ABSENT, buildPdsSummary } from '../../../src/engine/pdsSummary';
import { RoundBits } from '../../../src/engine/roundBits';
import { rng } from '../../../src/engine/testing/dag';
import { Pag as OraclePag } from './support/straightforward/pag';
import { icdSepSets as oracleSepSets, IterationMemo as OracleMemo } from './support/straightforward/icd';
import { arrowBiasedMarks, randomMarks } from './support/randomPag';

/** Random marks, every third seed biased towards arrowheads and circles. */
function marks(n: number, p: number, seed: number): number[][] {
  return seed % 3 !== 0 ? randomMarks(n, p, seed) : arrowBiasedMarks(n, p, seed);
}

test('ICD-Sep from PDS summaries = from whole PDS-trees: every edge, sizes 0-4, random PAGs', () => {
  let calls = 0,
    nonEmpty = 0,
    sets = 0,
    wide = 0;
  for (let seed = 1; seed <= 36; seed++) {
    const wideCase = seed % 12 === 0; // over 30 usable nodes: the BigInt encoding
    const n = wideCase ? 36 : 8 + ((seed * 5) % 15);
    const p = wideCase ? 0.9 : [0.15, 0.3, 0.5, 0.75, 0.95][seed % 5];
    const adj = marks(n, p, 900 + seed);
    const g = Pag.fromMatrix(adj),
      og = OraclePag.fromMatrix(adj);
    for (let size = 0; size <= 4; size++) {
      // the number of sets grows as C(usable, size): keep the dense cases' sizes small
      if ((wideCase && (size < 1 || size > 2)) || (size === 4 && p > 0.5)) continue;
      const memo = new IterationMemo(g, size),
        omemo = new OracleMemo(og, size);
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) {
          if (!g.isAdjacent(i, j) || (wideCase && (i + j) % 8 !== 0)) continue;
          const got = icdSepSets(g, i, j, size, memo);
          assert.deepEqual(
            got,
            oracleSepSets(og, i, j, size, omemo),
            `seed ${seed} n ${n} p ${p} size ${size} edge ${i}-${j}`,
          );
          calls++;
          if (got.length > 0) nonEmpty++;
          sets += got.length;
          if (new Set(got.flat()).size > 30) wide++;
        }
    }
  }
  // the cases reach both set encodings and produce many sets
  assert.ok(
    calls > 2000 && nonEmpty > 800 && sets > 5000 && wide > 0,
    `${calls} calls, ${nonEmpty} non-empty, ${sets} sets, ${wide} over 30 usable nodes`,
  );
});

test('ICD-Sep under edge deletions: the kept memo answers as a fresh tree-based computation', () => {
  let deleted = 0,
    compared = 0;
  for (let seed = 1; seed <= 16; seed++) {
    const n = 10 + ((seed * 7) % 14);
    const adj = marks(n, [0.4, 0.7, 0.9][seed % 3], 4000 + seed);
    const g = Pag.fromMatrix(adj),
      og = OraclePag.fromMatrix(adj);
    const size = 2 + (seed % 3);
    const memo = new IterationMemo(g, size),
      omemo = new OracleMemo(og, size);
    const rand = rng(seed);
    for (let i = 0; i < n; i++)
      for (let j = i + 1; j < n; j++) {
        if (!g.isAdjacent(i, j)) continue;
        const got = icdSepSets(g, i, j, size, memo);
        assert.deepEqual(
          got,
          oracleSepSets(og, i, j, size, omemo),
          `seed ${seed} size ${size} edge ${i}-${j} after ${deleted} deletions`,
        );
        compared++;
        if (rand() < 0.15) {
          g.deleteEdge(i, j);
          og.deleteEdge(i, j);
          memo.edgeDeleted(i, j);
          omemo.clear(); // the oracle recomputes everything after a deletion
          deleted++;
        }
      }
  }
  assert.ok(deleted > 80 && compared > 500, `${deleted} deletions, ${compared} comparisons`);
});

test('PDS summary = createPdsTree: minimal depths, and the deep vertices on ancestral paths, in tree order', () => {
  let deepKept = 0,
    deepTrees = 0;
  for (let seed = 1; seed <= 40; seed++) {
    const n = 6 + ((seed * 3) % 30);
    const g = Pag.fromMatrix(marks(n, [0.3, 0.6, 0.85][seed % 3], 7000 + seed));
    const bits = new RoundBits(g);
    for (const limit of [1, 2, 3, 4, 6]) {
      for (let root = 0; root < n; root += 1 + (seed % 3)) {
        const tree = createPdsTree(g, root, limit);
        const s = buildPdsSummary(bits, g.m, root, limit);
        for (let v = 0; v < n; v++) {
          assert.equal(
            s.minDist[v] === ABSENT ? Infinity : s.minDist[v],
            v === root ? Infinity : tree.minDist[v],
            `seed ${seed} limit ${limit} root ${root} node ${v}`,
          );
        }
        // the tree's deep vertices whose path (root excluded) is ancestral, as [path...], in creation order
        const expected: number[][] = [];
        for (let v = 1; v < tree.size; v++) {
          if (tree.depth[v] < 3) continue;
          const path: number[] = [];
          for (let u = v; u > 0; u = tree.parent[u]) path.unshift(tree.label[u]);
          if (path.every((x) => bits.ancestral[x] === 1)) expected.push(path);
        }
        const got: number[][] = [];
        for (let p = 0; p < s.deep.length; p += s.deep[p] + 1)
          got.push(Array.from(s.deep.subarray(p + 1, p + 1 + s.deep[p])));
        assert.deepEqual(got, expected, `seed ${seed} limit ${limit} root ${root}`);
        deepKept += got.length;
        if (tree.depth.some((d) => d >= 3)) deepTrees++;
      }
    }
  }
  assert.ok(deepKept > 500 && deepTrees > 100, `${deepKept} deep vertices kept, ${deepTrees} trees of depth ≥ 3`);
});
