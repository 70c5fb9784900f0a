// Orientation of a PAG as the reference applies it: R0 (unshielded colliders from separating sets), then
// FCI's rules R1–R4, R5–R7 (selection bias) and R8–R10 (tail completeness) — Zhang (2008), in the
// reference's formulation and loop order. Where the reference iterates a Python set we go in ascending order.
// Every mark condition needs an edge, so the rules scan neighbour lists (ascending, cached by the PAG;
// orienting never changes adjacency) instead of all nodes: the same candidates in the same order.
// R0 is here; R1–R4 in arrowheadRules.ts, R5–R10 in tailRules.ts, their path searches in orientationPaths.ts.
import { ARROW as ARROW_CODE, Pag } from './pag';
import { rule1, rule2, rule3, rule4 } from './arrowheadRules';
import { rule10, rule5, rule6, rule7, rule8, rule9 } from './tailRules';
import type { Yielder } from './yielder';

// A module-local copy of the mark code: run through tsx (tests, bench, CLI from source), an imported
// binding is a getter call at every use, which was over 10 % of the rules' time on dense graphs.
const ARROW = ARROW_CODE;

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
