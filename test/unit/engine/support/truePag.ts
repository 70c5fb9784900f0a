// The true PAG of a DAG with latent and selection variables, computed independently of the engine:
// the MAG from ancestral relations (Richardson & Spirtes 2002), then FCI's rules as textbook Zhang (2008)
// with exhaustive path searches. Used only as the tests' truth.
import type { LatentDag } from '../../../../src/engine/testing/dag';

const NONE = 0,
  CIRCLE = 1,
  ARROW = 2,
  TAIL = 3;

export interface SimplePag {
  n: number;
  /** m[a][b]: mark at b on the edge a–b. */
  m: number[][];
}

/** The MAG over the observed variables: adjacency by the ancestral separating set, marks by ancestry. */
export function trueMag(model: LatentDag): SimplePag {
  const { dag, observed: obs, selection: sel } = model;
  const k = obs.length;
  const m = Array.from({ length: k }, () => new Array<number>(k).fill(NONE));
  for (let x = 0; x < k; x++)
    for (let y = x + 1; y < k; y++) {
      const an = dag.ancestors([obs[x], obs[y], ...sel]);
      const z = obs.filter((v, i) => an[v] && i !== x && i !== y);
      if (dag.dsep(obs[x], obs[y], [...z, ...sel])) continue;
      const anX = dag.ancestors([obs[x], ...sel]);
      const anY = dag.ancestors([obs[y], ...sel]);
      m[x][y] = anX[obs[y]] ? TAIL : ARROW; // mark at y: tail iff y is an ancestor of x or of a selection variable
      m[y][x] = anY[obs[x]] ? TAIL : ARROW;
    }
  return { n: k, m };
}

export function truePag(model: LatentDag): SimplePag {
  const mag = trueMag(model);
  const n = mag.n;
  const m: number[][] = mag.m.map((row) => row.map((v) => (v === NONE ? NONE : CIRCLE)));
  const adj = (a: number, b: number): boolean => a !== b && m[a][b] !== NONE;
  // R0: unshielded colliders are exactly the MAG's
  for (let z = 0; z < n; z++)
    for (let x = 0; x < n; x++)
      for (let y = x + 1; y < n; y++) {
        if (x === z || y === z || !adj(x, z) || !adj(y, z) || adj(x, y)) continue;
        if (mag.m[x][z] === ARROW && mag.m[y][z] === ARROW) {
          m[x][z] = ARROW;
          m[y][z] = ARROW;
        }
      }
  // On a discriminating path <d, …, a, b, c>, b is in every separating set of d and c iff it is a non-collider in the MAG.
  const inSepset = (a: number, b: number, c: number): boolean => !(mag.m[a][b] === ARROW && mag.m[c][b] === ARROW);
  const g: Graph = { n, m, adj };
  let changed = true;
  while (changed) {
    changed = false;
    while (r1to4(g, inSepset)) changed = true;
    if (r5to10(g)) changed = true;
  }
  return { n, m };
}

interface Graph {
  n: number;
  m: number[][];
  adj: (a: number, b: number) => boolean;
}

/** All simple uncovered paths from `start` (whose predecessor is `prev`) to `goal`, edges satisfying cond: any one exists? */
function uncoveredPathExists(
  g: Graph,
  prev: number,
  start: number,
  goal: number,
  cond: (p: number, q: number) => boolean,
  onPath: boolean[],
): boolean {
  if (start === goal) return true;
  for (let v = 0; v < g.n; v++) {
    if (onPath[v] || !g.adj(start, v) || !cond(start, v) || g.adj(prev, v)) continue;
    onPath[v] = true;
    const ok = uncoveredPathExists(g, start, v, goal, cond, onPath);
    onPath[v] = false;
    if (ok) return true;
  }
  return false;
}

function r1to4(g: Graph, inSepset: (a: number, b: number, c: number) => boolean): boolean {
  const { n, m, adj } = g;
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++)
      for (let c = 0; c < n; c++) {
        if (a === b || b === c || a === c || !adj(a, b) || !adj(b, c)) continue;
        // R1: a *-> b o-* c, a,c non-adjacent → b -> c
        if (m[a][b] === ARROW && m[c][b] === CIRCLE && !adj(a, c)) {
          m[c][b] = TAIL;
          m[b][c] = ARROW;
          return true;
        }
        // R2: (a -> b *-> c or a *-> b -> c) and a *-o c → a *-> c
        if (adj(a, c) && m[a][c] === CIRCLE) {
          const c1 = m[b][a] === TAIL && m[a][b] === ARROW && m[b][c] === ARROW;
          const c2 = m[a][b] === ARROW && m[c][b] === TAIL && m[b][c] === ARROW;
          if (c1 || c2) {
            m[a][c] = ARROW;
            return true;
          }
        }
        // R3: a *-> b <-* c, a *-o d o-* c, a,c non-adjacent, d *-o b → d *-> b
        if (m[a][b] === ARROW && m[c][b] === ARROW && !adj(a, c)) {
          for (let d = 0; d < n; d++) {
            if (d === a || d === b || d === c || !adj(d, a) || !adj(d, c) || !adj(d, b)) continue;
            if (m[a][d] === CIRCLE && m[c][d] === CIRCLE && m[d][b] === CIRCLE) {
              m[d][b] = ARROW;
              return true;
            }
          }
        }
      }
  // R4: discriminating path <d, ..., a, b, c> for b, b o-* c
  for (let b = 0; b < n; b++)
    for (let c = 0; c < n; c++) {
      if (b === c || !adj(b, c) || m[c][b] !== CIRCLE) continue;
      for (let a = 0; a < n; a++) {
        if (a === b || a === c || !adj(a, b) || !adj(a, c)) continue;
        if (!(m[b][a] === ARROW && m[a][c] === ARROW && m[c][a] === TAIL)) continue; // a <-* b, a -> c
        const onPath = new Array<boolean>(n).fill(false);
        onPath[a] = onPath[b] = onPath[c] = true;
        const d = discriminate(g, a, c, onPath);
        if (d < 0) continue;
        if (inSepset(a, b, c)) {
          m[b][c] = ARROW;
          m[c][b] = TAIL;
        } else {
          m[a][b] = ARROW;
          m[b][a] = ARROW;
          m[b][c] = ARROW;
          m[c][b] = ARROW;
        }
        return true;
      }
    }
  return false;
}

/** Extend the collider chain backwards from v (a collider, parent of c): find d *-> v with d non-adjacent to c. */
function discriminate(g: Graph, v: number, c: number, onPath: boolean[]): number {
  const { n, m, adj } = g;
  for (let d = 0; d < n; d++) {
    if (onPath[d] || !adj(d, v) || m[d][v] !== ARROW) continue;
    if (!adj(d, c)) return d;
    // d continues the chain: d must be a collider (arrow at d from v) and a parent of c
    if (m[v][d] === ARROW && m[d][c] === ARROW && m[c][d] === TAIL) {
      onPath[d] = true;
      const found = discriminate(g, d, c, onPath);
      onPath[d] = false;
      if (found >= 0) return found;
    }
  }
  return -1;
}

function r5to10(g: Graph): boolean {
  const { n, m, adj } = g;
  const circ = (p: number, q: number): boolean => m[p][q] === CIRCLE && m[q][p] === CIRCLE;
  const pd = (p: number, q: number): boolean => m[p][q] !== TAIL && m[q][p] !== ARROW; // p possibly parent of q
  // R5
  for (let a = 0; a < n; a++)
    for (let b = 0; b < n; b++) {
      if (a === b || !adj(a, b) || !circ(a, b)) continue;
      for (let x = 0; x < n; x++) {
        if (x === a || x === b || !adj(a, x) || !circ(a, x) || adj(x, b)) continue;
        const onPath = new Array<boolean>(n).fill(false);
        onPath[a] = onPath[x] = true;
        // path <a, x, ..., y, b> uncovered circle, y non-adjacent to a
        const path = findUncoveredPathTo(g, a, x, b, circ, onPath, (y) => !adj(a, y));
        if (path) {
          const full = [a, ...path];
          m[a][b] = TAIL;
          m[b][a] = TAIL;
          for (let i = 0; i + 1 < full.length; i++) {
            m[full[i]][full[i + 1]] = TAIL;
            m[full[i + 1]][full[i]] = TAIL;
          }
          return true;
        }
      }
    }
  for (let b = 0; b < n; b++)
    for (let a = 0; a < n; a++)
      for (let c = 0; c < n; c++) {
        if (a === b || b === c || a === c || !adj(a, b) || !adj(b, c)) continue;
        // R6: a — b o-* c → b -* c
        if (m[a][b] === TAIL && m[b][a] === TAIL && m[c][b] === CIRCLE) {
          m[c][b] = TAIL;
          return true;
        }
        // R7: a -o b o-* c, a,c non-adjacent → b -* c
        if (m[b][a] === TAIL && m[a][b] === CIRCLE && m[c][b] === CIRCLE && !adj(a, c)) {
          m[c][b] = TAIL;
          return true;
        }
      }
  for (let a = 0; a < n; a++)
    for (let c = 0; c < n; c++) {
      if (a === c || !adj(a, c) || !(m[c][a] === CIRCLE && m[a][c] === ARROW)) continue; // a o-> c
      // R8: a -> b -> c or a -o b -> c
      for (let b = 0; b < n; b++) {
        if (b === a || b === c || !adj(a, b) || !adj(b, c)) continue;
        if (m[b][a] === TAIL && (m[a][b] === ARROW || m[a][b] === CIRCLE) && m[c][b] === TAIL && m[b][c] === ARROW) {
          m[c][a] = TAIL;
          return true;
        }
      }
      // R9: uncovered p.d. path <a, b, ..., c>, b and c non-adjacent
      for (let b = 0; b < n; b++) {
        if (b === c || b === a || !adj(a, b) || !pd(a, b) || adj(b, c)) continue;
        const onPath = new Array<boolean>(n).fill(false);
        onPath[a] = onPath[b] = true;
        if (uncoveredPathExists(g, a, b, c, pd, onPath)) {
          m[c][a] = TAIL;
          return true;
        }
      }
      // R10: b -> c <- d, uncovered p.d. paths <a, e, ..., b>, <a, f, ..., d>, e ≠ f non-adjacent
      const parents = [...Array(n).keys()].filter((v) => v !== c && adj(v, c) && m[v][c] === ARROW && m[c][v] === TAIL);
      const firsts = (goal: number): number[] =>
        [...Array(n).keys()].filter((e) => {
          if (e === a || e === c || !adj(a, e) || !pd(a, e)) return false;
          const onPath = new Array<boolean>(n).fill(false);
          onPath[a] = onPath[e] = true;
          return uncoveredPathExists(g, a, e, goal, pd, onPath);
        });
      for (let i = 0; i < parents.length; i++)
        for (let j = i + 1; j < parents.length; j++) {
          const fb = firsts(parents[i]),
            fd = firsts(parents[j]);
          if (fb.some((e) => fd.some((f) => e !== f && !adj(e, f)))) {
            m[c][a] = TAIL;
            return true;
          }
        }
    }
  return false;
}

/** Uncovered path from `start` (predecessor `prev`) to `goal` whose second-to-last node satisfies lastOk. */
function findUncoveredPathTo(
  g: Graph,
  prev: number,
  start: number,
  goal: number,
  cond: (p: number, q: number) => boolean,
  onPath: boolean[],
  lastOk: (y: number) => boolean,
): number[] | null {
  for (let v = 0; v < g.n; v++) {
    if (onPath[v] || !g.adj(start, v) || !cond(start, v) || g.adj(prev, v)) continue;
    if (v === goal) {
      if (lastOk(start)) return [start, goal];
      continue;
    }
    onPath[v] = true;
    const rest = findUncoveredPathTo(g, start, v, goal, cond, onPath, lastOk);
    onPath[v] = false;
    if (rest) return [start, ...rest];
  }
  return null;
}
