// The path searches the orientation rules need: discriminating paths (R4) and uncovered paths (R5, R9, R10).
import { ARROW as ARROW_CODE, Pag } from './pag';

// A module-local copy of the mark code (see orientation.ts: under tsx an imported binding is a getter call).
const ARROW = ARROW_CODE;

/**
 * A discriminating path for b between some d and c, given a <–* b o–* c with a –> c: breadth-first over
 * "a" nodes (each a collider on the path and a parent of c). Returns d, or −1.
 */
export function findDiscriminatingPath(g: Pag, a: number, b: number, c: number): number {
  let frontier = [a];
  const visited = new Uint8Array(g.n);
  visited[a] = 1;
  visited[b] = 1;
  visited[c] = 1;
  while (frontier.length > 0) {
    const next = new Set<number>();
    for (const cur of frontier) {
      for (const d of g.withMarkAt(cur, ARROW)) {
        if (d === a || d === b || d === c) continue;
        if (!g.isAdjacent(d, c)) return d;
        if (!visited[d] && g.isParent(d, c) && g.mark(cur, d) === ARROW) next.add(d);
      }
    }
    for (const d of next) visited[d] = 1;
    frontier = [...next].sort((p, q) => p - q);
  }
  return -1;
}

/**
 * An uncovered path <x, nx, …, ny, y> (every three consecutive nodes: the outer two non-adjacent) whose
 * edges from nx to ny satisfy `cond` (the caller checks x–nx and ny–y). Returns [nx, …, ny] or null.
 * Exhaustive over simple paths. (The reference's search accepts some covered paths — see the engine notes.)
 */
export function findUncoveredPath(
  g: Pag,
  x: number,
  y: number,
  nx: number,
  ny: number,
  cond: (p: number, q: number) => boolean = (p, q) => g.isAdjacent(p, q),
): number[] | null {
  const onPath = new Uint8Array(g.n);
  onPath[x] = 1;
  onPath[y] = 1;
  onPath[nx] = 1;
  const path = [nx];
  const dfs = (prev: number, cur: number): boolean => {
    if (cur === ny) return !g.isAdjacent(prev, y);
    for (const v of g.neighbors(cur)) {
      if (onPath[v] || !cond(cur, v) || g.isAdjacent(prev, v)) continue;
      onPath[v] = 1;
      path.push(v);
      if (dfs(cur, v)) return true;
      onPath[v] = 0;
      path.pop();
    }
    return false;
  };
  return dfs(x, nx) ? path : null;
}

/** Is there an uncovered possibly directed path <a, e, …, goal> (e = goal: the single edge a–e)? */
export function uncoveredPdPath(g: Pag, a: number, e: number, goal: number): boolean {
  if (e === goal) return true;
  const onPath = new Uint8Array(g.n);
  onPath[a] = 1;
  onPath[e] = 1;
  const dfs = (prev: number, cur: number): boolean => {
    for (const v of g.neighbors(cur)) {
      if (onPath[v] || !g.isPossibleParent(cur, v) || g.isAdjacent(prev, v)) continue;
      if (v === goal) return true;
      onPath[v] = 1;
      if (dfs(cur, v)) return true;
      onPath[v] = 0;
    }
    return false;
  };
  return dfs(a, e);
}
