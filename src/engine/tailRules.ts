// FCI's orientation rules R5–R7 (selection bias) and R8–R10 (tail completeness) — Zhang 2008 — in the
// reference's formulation and loop order; orientation.ts applies them. Each returns whether it changed a mark.
import { ARROW as ARROW_CODE, CIRCLE as CIRCLE_CODE, Pag, TAIL as TAIL_CODE } from './pag';
import { findUncoveredPath, uncoveredPdPath } from './orientationPaths';

// Module-local copies of the mark codes (see orientation.ts: under tsx an imported binding is a getter call
// at every use).
const ARROW = ARROW_CODE,
  CIRCLE = CIRCLE_CODE,
  TAIL = TAIL_CODE;

/** R5: a o–o b with an uncovered circle path <a, x, …, y, b>, a–y and x–b non-adjacent → a – b and the path all tails. */
export function rule5(g: Pag): boolean {
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
export function rule6(g: Pag): boolean {
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
export function rule7(g: Pag): boolean {
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
export function rule8(g: Pag): boolean {
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
export function rule9(g: Pag): boolean {
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
export function rule10(g: Pag): boolean {
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
