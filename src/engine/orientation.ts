// Orientation of a PAG as the reference applies it: R0 (unshielded colliders from separating sets), then
// FCI's rules R1–R4, R5–R7 (selection bias) and R8–R10 (tail completeness) — Zhang (2008), in the
// reference's formulation and loop order. Where the reference iterates a Python set we go in ascending order.
// Every mark condition needs an edge, so the rules scan neighbour lists (ascending, cached by the PAG;
// orienting never changes adjacency) instead of all nodes: the same candidates in the same order.
import { ARROW as ARROW_CODE, CIRCLE as CIRCLE_CODE, Pag, TAIL as TAIL_CODE } from './pag';
import type { Yielder } from './yielder';

// Module-local copies of the mark codes: run through tsx (tests, bench, CLI from source), an imported
// binding is a getter call at every use, which was over 10 % of the rules' time on dense graphs.
const ARROW = ARROW_CODE,
  CIRCLE = CIRCLE_CODE,
  TAIL = TAIL_CODE;

type Rule = (g: Pag) => boolean;

/**
 * R0: x *–* z *–* y with x, y non-adjacent and z ∉ sepset(x, y) → x *–> z <–* y. R0 only adds
 * arrowheads and reads adjacency alone, so the order of the triples does not matter, and it takes the
 * cheaper of two walks: each node's pairs of neighbours (Σ deg², small on sparse graphs), or the
 * non-adjacent pairs and their common neighbours (nothing at all on the complete graph of round 0).
 */
export function orientColliders(g: Pag): void {
  const nodes = g.nodes;
  let pairsAtNodes = 0;
  for (const z of nodes) pairsAtNodes += g.neighbors(z).length ** 2;
  if (pairsAtNodes <= nodes.length * nodes.length) collidersByNode(g);
  else collidersByPair(g);
}

function collidersByNode(g: Pag): void {
  const n = g.n,
    m = g.m;
  for (const z of g.nodes) {
    const nb = g.neighbors(z);
    for (let i = 0; i < nb.length; i++) {
      const x = nb[i];
      for (let j = i + 1; j < nb.length; j++) {
        const y = nb[j];
        if (m[x * n + y] !== 0 || g.sepsetHas(x, y, z)) continue;
        g.setMark(x, z, ARROW);
        g.setMark(y, z, ARROW);
      }
    }
  }
}

function collidersByPair(g: Pag): void {
  const n = g.n,
    m = g.m,
    nodes = g.nodes;
  for (let p = 0; p < nodes.length; p++) {
    const x = nodes[p];
    const nx = g.neighbors(x);
    if (nx.length === 0) continue;
    for (let q = p + 1; q < nodes.length; q++) {
      const y = nodes[q];
      if (m[x * n + y] !== 0) continue;
      const ny = g.neighbors(y);
      if (ny.length === 0) continue;
      const xFewer = nx.length <= ny.length;
      const few = xFewer ? nx : ny,
        other = xFewer ? y : x;
      for (let k = 0; k < few.length; k++) {
        const z = few[k];
        if (m[other * n + z] === 0 || g.sepsetHas(x, y, z)) continue;
        g.setMark(x, z, ARROW);
        g.setMark(y, z, ARROW);
      }
    }
  }
}

/** R1: a *–> b o–* c, a and c non-adjacent → b –> c. */
function rule1(g: Pag): boolean {
  let modified = false;
  for (const b of g.nodes) {
    const as = g.withMarkAt(b, ARROW);
    const cs = g.withMarkAt(b, CIRCLE);
    for (const a of as)
      for (const c of cs) {
        if (!g.isAdjacent(a, c)) {
          g.setMark(c, b, TAIL);
          g.setMark(b, c, ARROW);
          modified = true;
        }
      }
  }
  return modified;
}

/** R2: a *–> b –> c or a –> b *–> c, and a *–o c → a *–> c. */
function rule2(g: Pag): boolean {
  let modified = false;
  for (const b of g.nodes) {
    // case 1: a *–> b –> c
    const as = g.withMarkAt(b, ARROW);
    const cs = g.withMarkAt(b, TAIL);
    for (const c of cs) {
      if (g.mark(b, c) !== ARROW) continue;
      for (const a of as) {
        if (g.mark(a, c) === CIRCLE) {
          g.setMark(a, c, ARROW);
          modified = true;
        }
      }
    }
  }
  // case 2: a –> b *–> c. "Arrowhead at x" lists are built once per pass and kept current as marks change
  // (the reference re-reads its live sets), so each check sees exactly the marks the reference sees.
  const arrowAt: number[][] = [];
  for (const x of g.nodes) arrowAt[x] = g.withMarkAt(x, ARROW);
  for (const c of g.nodes) {
    const bs = arrowAt[c].slice();
    for (const b of bs) {
      const as = arrowAt[b].slice();
      for (const a of as) {
        if (g.mark(b, a) !== TAIL) continue;
        if (g.mark(a, c) === CIRCLE) {
          g.setMark(a, c, ARROW);
          modified = true;
          insertSorted(arrowAt[c], a);
        }
      }
    }
  }
  return modified;
}

function insertSorted(list: number[], v: number): void {
  let i = list.length;
  while (i > 0 && list[i - 1] > v) i--;
  if (list[i - 1] !== v) list.splice(i, 0, v);
}

/** R3: a *–> b <–* c, a *–o d o–* c, a, c non-adjacent, d *–o b → d *–> b. */
function rule3(g: Pag): boolean {
  let modified = false;
  for (const b of g.nodes) {
    const ds = g.withMarkAt(b, CIRCLE);
    if (ds.length === 0) continue;
    // arrowheads at b, kept current: within b's turn only d *–> b is ever added
    const intoB = g.withMarkAt(b, ARROW);
    for (const d of ds) {
      const ac = intoB.filter((x) => g.mark(x, d) === CIRCLE);
      search: for (let i = 0; i < ac.length; i++)
        for (let j = i + 1; j < ac.length; j++) {
          // one non-adjacent pair decides; further pairs would set the same mark again
          if (!g.isAdjacent(ac[i], ac[j])) {
            g.setMark(d, b, ARROW);
            modified = true;
            insertSorted(intoB, d);
            break search;
          }
        }
    }
  }
  return modified;
}

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

/** R4: discriminating path (d, …, a, b, c) for b with b o–* c: b ∈ sepset(d, c) → b –> c, else a <–> b <–> c. */
function rule4(g: Pag): boolean {
  let modified = false;
  const n = g.n;
  for (const b of g.nodes) {
    const cs = g.withMarkAt(b, CIRCLE);
    if (cs.length === 0) continue;
    // a with b *–> a (ascending), kept current: within b's turn only b *–> c is ever added, after c's turn.
    // Looping over these instead of over every parent of c visits the same a in the same order.
    const outOfB: number[] = [];
    for (const a of g.neighbors(b)) if (g.m[b * n + a] === ARROW) outOfB.push(a);
    for (const c of cs) {
      for (let k = 0; k < outOfB.length; k++) {
        const a = outOfB[k];
        if (!g.isParent(a, c)) continue;
        const d = findDiscriminatingPath(g, a, b, c);
        if (d < 0) continue;
        if (g.sepsetHas(d, c, b)) {
          g.setMark(b, c, ARROW);
          g.setMark(c, b, TAIL);
        } else {
          g.setMark(b, a, ARROW);
          g.setMark(a, b, ARROW);
          g.setMark(b, c, ARROW);
          g.setMark(c, b, ARROW);
        }
        modified = true;
      }
      if (g.m[b * n + c] === ARROW) insertSorted(outOfB, c);
    }
  }
  return modified;
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
function uncoveredPdPath(g: Pag, a: number, e: number, goal: number): boolean {
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

/** R5: a o–o b with an uncovered circle path <a, x, …, y, b>, a–y and x–b non-adjacent → a – b and the path all tails. */
function rule5(g: Pag): boolean {
  let modified = false;
  const circ = (p: number, q: number): boolean => g.isEdge(p, q, CIRCLE, CIRCLE);
  const pairs: [number, number][] = [];
  for (const a of g.nodes) for (const b of g.neighbors(a)) if (circ(a, b)) pairs.push([a, b]);
  for (const [a, b] of pairs) {
    const na = g.neighbors(a).filter((x) => x !== b && circ(a, x) && !g.isAdjacent(b, x));
    const nb = g.neighbors(b).filter((y) => y !== a && circ(b, y) && !g.isAdjacent(a, y));
    for (const x of na)
      for (const y of nb) {
        const inner = findUncoveredPath(g, a, b, x, y, circ);
        if (!inner) continue;
        modified = true;
        const full = [a, ...inner, b];
        g.resetOrientations(TAIL, [a, b]);
        for (let i = 0; i + 1 < full.length; i++) g.resetOrientations(TAIL, [full[i], full[i + 1]]);
      }
  }
  return modified;
}

/** R6: a – b o–* c → b –* c. */
function rule6(g: Pag): boolean {
  let modified = false;
  for (const b of g.nodes) {
    const as = g.neighbors(b).filter((a) => g.isEdge(a, b, TAIL, TAIL));
    const cs = g.withMarkAt(b, CIRCLE);
    for (let i = 0; i < as.length; i++)
      for (const c of cs) {
        g.setMark(c, b, TAIL);
        modified = true;
      }
  }
  return modified;
}

/** R7: a –o b o–* c, a and c non-adjacent → b –* c. */
function rule7(g: Pag): boolean {
  let modified = false;
  for (const b of g.nodes) {
    const as = g.neighbors(b).filter((a) => g.mark(a, b) === CIRCLE && g.mark(b, a) === TAIL);
    const cs = g.withMarkAt(b, CIRCLE);
    for (const a of as)
      for (const c of cs) {
        if (a === c) continue;
        if (!g.isAdjacent(a, c)) {
          g.setMark(c, b, TAIL);
          modified = true;
        }
      }
  }
  return modified;
}

/** R8: a –> b –> c or a –o b –> c, and a o–> c → a –> c. */
function rule8(g: Pag): boolean {
  let modified = false;
  for (const b of g.nodes) {
    const as = g
      .neighbors(b)
      .filter((a) => (g.mark(a, b) === ARROW || g.mark(a, b) === CIRCLE) && g.mark(b, a) === TAIL);
    const cs = g.neighbors(b).filter((c) => g.mark(c, b) === TAIL && g.mark(b, c) === ARROW);
    for (const a of as)
      for (const c of cs) {
        if (a !== c && g.isEdge(a, c, CIRCLE, ARROW)) {
          g.setMark(c, a, TAIL);
          modified = true;
        }
      }
  }
  return modified;
}

/** R9: a o–> c with an uncovered possibly directed path <a, b, …, c>, b and c non-adjacent → a –> c. */
function rule9(g: Pag): boolean {
  const pp = (p: number, q: number): boolean => g.isPossibleParent(p, q);
  for (const a of g.nodes) {
    const cs = g.neighbors(a).filter((c) => g.mark(c, a) === CIRCLE && g.mark(a, c) === ARROW);
    for (const c of cs) {
      const bs = g.possibleChildren(a, [c, a]).filter((b) => !g.isAdjacent(b, c));
      for (const b of bs) {
        const ds = g.possibleParents(c, [a, b, c]);
        for (const d of ds) {
          if (findUncoveredPath(g, a, c, b, d, pp)) {
            g.setMark(c, a, TAIL);
            return true;
          }
        }
      }
    }
  }
  return false;
}

/** R10: a o–> c, b –> c <– d, uncovered paths <a, e, …, b> and <a, f, …, d> with e, f distinct and non-adjacent → a –> c. */
function rule10(g: Pag): boolean {
  for (const c of g.nodes) {
    const as = g.neighbors(c).filter((a) => g.isEdge(a, c, CIRCLE, ARROW));
    if (as.length === 0) continue;
    const bd = g.neighbors(c).filter((x) => g.isEdge(x, c, TAIL, ARROW));
    if (bd.length < 2) continue;
    for (const a of as) {
      const kids = g.possibleChildren(a, [a, c]);
      if (kids.length < 2) continue;
      for (let i = 0; i < bd.length; i++)
        for (let j = i + 1; j < bd.length; j++) {
          const b = bd[i],
            d = bd[j];
          for (const e of kids)
            for (const f of kids) {
              if (e === f || g.isAdjacent(e, f)) continue;
              // Zhang's R10 needs possibly directed paths; the reference's search accepts any adjacency here (unsound).
              if (uncoveredPdPath(g, a, e, b) && uncoveredPdPath(g, a, f, d)) {
                g.setMark(c, a, TAIL);
                return true;
              }
            }
        }
    }
  }
  return false;
}

const RULES: Record<number, Rule> = {
  1: rule1,
  2: rule2,
  3: rule3,
  4: rule4,
  5: rule5,
  6: rule6,
  7: rule7,
  8: rule8,
  9: rule9,
  10: rule10,
};

/** Apply the listed rules in order, all of them per pass, until a pass changes nothing (maximally_orient_pattern). */
export function applyRules(g: Pag, rules: readonly number[]): void {
  let modified = true;
  while (modified) {
    modified = false;
    for (const r of rules) if (RULES[r](g)) modified = true;
  }
}

/** applyRules, giving the event loop a turn between rules when the time budget is spent. */
export async function applyRulesAsync(g: Pag, y: Yielder, rules: readonly number[]): Promise<void> {
  let modified = true;
  while (modified) {
    modified = false;
    for (const r of rules) {
      if (RULES[r](g)) modified = true;
      if (y.due(true)) await y.pause();
    }
  }
}
