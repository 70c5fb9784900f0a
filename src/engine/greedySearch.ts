// The anytime fallback of the explanation search: when the smallest-first (reference) search spends
// its share of the budget without a flip, grow one legal set greedily — each step adds the candidate
// whose removal, together with the set so far, lowers the predicted class's probability most — until
// removing the set flips the prediction; then drop members one at a time while it still flips. The
// result is a tested explanation that is irreducible (no single member can go), not necessarily the
// smallest: the report says which. Costs about (candidates × size) model runs instead of C(n, size).
import { throwIfAborted } from './errors';
import type { SubsetSpace } from './lazySubsets';
import { setKey, type TestVerdict, type VerdictRunner } from './verdictRunner';

export interface GreedyResult {
  /** The flipping set found (sorted), or null. */
  set: number[] | null;
  /** The sources (PAG indices) in whose PDS-tree the set is legal. */
  origins: number[];
  /** true when every member was checked: removing any one of them stops the flip (or is illegal). */
  irreducible: boolean;
  /** Why the greedy search ended without a set: the budget, or no legal set left to grow. */
  stop: 'found' | 'budget' | 'no-growth' | 'max-set-size';
  largestSize: number;
}

const sorted = (s: Iterable<number>): number[] => [...s].sort((a, b) => a - b);

/** The sources where `set` is legal. */
function legalIn(spaces: readonly SubsetSpace[], set: readonly number[], among: readonly number[]): number[] {
  return among.filter((h) => spaces[h].isLegal(set));
}

export async function greedyExplanation(
  spaces: readonly SubsetSpace[],
  candidates: readonly number[],
  runner: VerdictRunner,
  maxSize: number,
  signal?: AbortSignal,
  batch = 16,
): Promise<GreedyResult> {
  const all = spaces.map((_, h) => h);
  let members: number[] = [];
  const added: number[] = []; // members in the order they joined
  let heads = all;
  let largestSize = 0;
  let found: { set: number[]; heads: number[] } | null = null;
  const budgetLeft = () => runner.testsRun < runner.maxTests && !runner.outOfTime();

  while (!found) {
    if (members.length >= maxSize)
      return { set: null, origins: [], irreducible: false, stop: 'max-set-size', largestSize };
    const grown: { node: number; set: number[]; heads: number[] }[] = [];
    for (const v of candidates) {
      if (members.includes(v)) continue;
      const set = sorted([...members, v]);
      const where = legalIn(spaces, set, heads);
      if (where.length) grown.push({ node: v, set, heads: where });
    }
    if (grown.length === 0) return { set: null, origins: [], irreducible: false, stop: 'no-growth', largestSize };
    const verdicts: (TestVerdict | null)[] = [];
    for (let i = 0; i < grown.length; i += batch) {
      if (!budgetLeft() && grown.slice(i).some((g) => !runner.known(setKey(g.set)))) break;
      verdicts.push(
        ...(await runner.verdicts(
          grown.slice(i, i + batch).map((g) => g.set),
          grown[i].heads[0],
        )),
      );
      throwIfAborted(signal);
    }
    // a step only counts when every extension was weighed (otherwise the choice would be arbitrary)
    if (verdicts.length < grown.length || verdicts.some((v) => v === null)) {
      const flip = grown.findIndex((_, i) => verdicts[i]?.flips);
      if (flip < 0) return { set: null, origins: [], irreducible: false, stop: 'budget', largestSize };
    }
    largestSize = members.length + 1;
    let pick = -1,
      pickFlips = false,
      pickDrop = -Infinity;
    grown.forEach((_, i) => {
      const v = verdicts[i];
      if (!v) return;
      const drop = v.drop ?? 0;
      // a flipping extension beats any other; among equals the larger drop, then the earlier node
      if ((v.flips && !pickFlips) || (v.flips === pickFlips && drop > pickDrop)) {
        pick = i;
        pickFlips = v.flips;
        pickDrop = drop;
      }
    });
    members = grown[pick].set;
    added.push(grown[pick].node);
    heads = grown[pick].heads;
    if (pickFlips) found = { set: members, heads };
  }

  // Prune: try the members added last first (they mattered least when chosen); repeat until a whole
  // pass removes nothing, since a member needed in a larger set may be spare in a smaller one.
  let set = found.set;
  let removed = true;
  while (removed && set.length > 1) {
    removed = false;
    for (const u of [...added].reverse()) {
      if (!set.includes(u) || set.length === 1) continue;
      const smaller = set.filter((v) => v !== u);
      const where = legalIn(spaces, smaller, all);
      if (where.length === 0) continue;
      // a verdict the budget cannot pay for ends the pruning: the set found stands, marked unpruned
      const affordable = budgetLeft() || runner.known(setKey(smaller)) !== undefined;
      const v = affordable ? (await runner.verdicts([smaller], where[0]))[0] : null;
      throwIfAborted(signal);
      if (v === null)
        return { set, origins: legalIn(spaces, set, all), irreducible: false, stop: 'found', largestSize };
      if (v.flips) {
        set = smaller;
        removed = true;
      }
    }
  }
  return { set, origins: legalIn(spaces, set, all), irreducible: true, stop: 'found', largestSize };
}
