// FCI's orientation rules R1–R4 (Zhang 2008: arrowhead completeness), in the reference's formulation and
// loop order; orientation.ts applies them. Each returns whether it changed a mark.
import { ARROW as ARROW_CODE, CIRCLE as CIRCLE_CODE, Pag, TAIL as TAIL_CODE } from './pag';
import { findDiscriminatingPath } from './orientationPaths';

// Module-local copies of the mark codes (see orientation.ts: under tsx an imported binding is a getter call
// at every use).
const ARROW = ARROW_CODE,
  CIRCLE = CIRCLE_CODE,
  TAIL = TAIL_CODE;

/** R1: a *–> b o–* c, a and c non-adjacent → b –> c. */
export function rule1(g: Pag): boolean {
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
export function rule2(g: Pag): boolean {
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
export function rule3(g: Pag): boolean {
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

/** R4: discriminating path (d, …, a, b, c) for b with b o–* c: b ∈ sepset(d, c) → b –> c, else a <–> b <–> c. */
export function rule4(g: Pag): boolean {
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
