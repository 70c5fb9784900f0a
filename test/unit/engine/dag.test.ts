// A direct test of the d-separation oracle (src/engine/testing/dag.ts) that the ICD and CLEANN
// tests lean on. The reference here is written separately and differently: the moralised ancestral
// graph criterion (Lauritzen et al. 1990) — x ⊥ y | Z iff x and y are disconnected in the moral graph
// of An({x, y} ∪ Z) once Z is removed — over an adjacency matrix, with its own ancestor closure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dag, DsepOracle, randomLatentDag, rng } from '../../../src/engine/testing/dag';

/** Ancestor closure by Warshall's algorithm on a boolean matrix (reach[a][b]: a is an ancestor of b or a = b). */
function reachMatrix(n: number, edges: readonly [number, number][]): boolean[][] {
  const r = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => i === j));
  for (const [p, c] of edges) r[p][c] = true;
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++) if (r[i][k]) for (let j = 0; j < n; j++) if (r[k][j]) r[i][j] = true;
  return r;
}

function moralDsep(n: number, edges: readonly [number, number][], x: number, y: number, z: readonly number[]): boolean {
  const reach = reachMatrix(n, edges);
  const keyNodes = [x, y, ...z];
  const inAn = Array.from({ length: n }, (_, v) => keyNodes.some((k) => reach[v][k]));
  const adj = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  const link = (a: number, b: number) => {
    adj[a][b] = true;
    adj[b][a] = true;
  };
  for (const [p, c] of edges) if (inAn[p] && inAn[c]) link(p, c);
  // Marry the parents of every node in the ancestral set.
  for (let c = 0; c < n; c++) {
    if (!inAn[c]) continue;
    const ps = edges.filter(([, cc]) => cc === c).map(([p]) => p);
    for (let i = 0; i < ps.length; i++) for (let j = i + 1; j < ps.length; j++) link(ps[i], ps[j]);
  }
  const blocked = new Set(z);
  if (blocked.has(x) || blocked.has(y)) return true;
  const seen = new Set([x]);
  const queue = [x];
  while (queue.length) {
    const v = queue.shift() as number;
    if (v === y) return false;
    for (let w = 0; w < n; w++)
      if (adj[v][w] && inAn[w] && !blocked.has(w) && !seen.has(w)) {
        seen.add(w);
        queue.push(w);
      }
  }
  return true;
}

function subsetsUpTo(items: number[], k: number): number[][] {
  const out: number[][] = [[]];
  const rec = (start: number, cur: number[]) => {
    for (let i = start; i < items.length; i++) {
      const next = [...cur, items[i]];
      out.push(next);
      if (next.length < k) rec(i + 1, next);
    }
  };
  rec(0, []);
  return out;
}

test('d-separation on the textbook cases: chain, fork, collider, and a collider opened by its descendant', () => {
  // 0 → 1 → 2 (chain); 3 ← 4 → 5 (fork); 6 → 7 ← 8, 7 → 9 (collider with a descendant)
  const d = new Dag(10, [
    [0, 1],
    [1, 2],
    [4, 3],
    [4, 5],
    [6, 7],
    [8, 7],
    [7, 9],
  ]);
  assert.equal(d.dsep(0, 2, []), false);
  assert.equal(d.dsep(0, 2, [1]), true);
  assert.equal(d.dsep(3, 5, []), false);
  assert.equal(d.dsep(3, 5, [4]), true);
  assert.equal(d.dsep(6, 8, []), true);
  assert.equal(d.dsep(6, 8, [7]), false);
  assert.equal(d.dsep(6, 8, [9]), false, 'conditioning on a descendant of the collider opens it');
  assert.equal(d.dsep(0, 6, []), true, 'different components');
  assert.deepEqual([...d.ancestors([9])], [0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
});

test('Dag.dsep and Dag.ancestors agree with the moral-graph criterion on 60 random DAGs (every pair, every set up to size 3)', () => {
  let checks = 0,
    separated = 0;
  for (let seed = 1; seed <= 60; seed++) {
    const rand = rng(seed * 7919);
    const n = 4 + Math.floor(rand() * 5); // 4..8 nodes
    const order = Array.from({ length: n }, (_, i) => i).sort(() => rand() - 0.5);
    const edges: [number, number][] = [];
    for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) if (rand() < 0.35) edges.push([order[a], order[b]]);
    const dag = new Dag(n, edges);
    const reach = reachMatrix(n, edges);
    for (let v = 0; v < n; v++)
      assert.deepEqual(
        [...dag.ancestors([v])].map(Boolean),
        reach.map((row) => row[v]),
        `ancestors of ${v}, seed ${seed}`,
      );
    for (let x = 0; x < n; x++) {
      for (let y = x + 1; y < n; y++) {
        const rest = Array.from({ length: n }, (_, i) => i).filter((i) => i !== x && i !== y);
        for (const z of subsetsUpTo(rest, 3)) {
          const want = moralDsep(n, edges, x, y, z);
          assert.equal(dag.dsep(x, y, z), want, `seed ${seed}: ${x} ⊥ ${y} | {${z}} over ${JSON.stringify(edges)}`);
          assert.equal(dag.dsep(y, x, z), want, 'symmetric');
          checks++;
          if (want) separated++;
        }
      }
    }
  }
  // Both answers occur often, so neither a constant oracle nor a broken reference could pass.
  assert.ok(checks > 5000, `checks: ${checks}`);
  assert.ok(separated > checks * 0.1 && separated < checks * 0.9, `separated ${separated} of ${checks}`);
});

test('DsepOracle answers over observed indices, conditioning on every selection variable too', () => {
  let differsFromNoSelection = 0;
  for (let seed = 1; seed <= 20; seed++) {
    const m = randomLatentDag(seed, { observed: 6, avgParents: 1.2, latents: 2, selections: 1 });
    const oracle = new DsepOracle(m);
    const edges: [number, number][] = m.dag.parents.flatMap((ps, c) => ps.map((p): [number, number] => [p, c]));
    const o = m.observed;
    let asked = 0;
    for (let x = 0; x < o.length; x++) {
      for (let y = x + 1; y < o.length; y++) {
        const rest = o.map((_, i) => i).filter((i) => i !== x && i !== y);
        for (const cond of subsetsUpTo(rest, 2)) {
          const z = [...m.selection, ...cond.map((c) => o[c])];
          const want = moralDsep(m.dag.size, edges, o[x], o[y], z);
          assert.equal(oracle.independent(x, y, cond), want, `seed ${seed}: ${x} ⊥ ${y} | {${cond}}`);
          if (
            want !==
            moralDsep(
              m.dag.size,
              edges,
              o[x],
              o[y],
              cond.map((c) => o[c]),
            )
          )
            differsFromNoSelection++;
          asked++;
        }
      }
    }
    assert.equal(oracle.testsRun, asked, 'counts its calls');
  }
  assert.ok(
    differsFromNoSelection > 0,
    'the selection variables matter in some cases (so dropping them would be caught)',
  );
});
