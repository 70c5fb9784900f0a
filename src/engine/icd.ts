// ICD — Iterative Causal Discovery (Rohekar et al., NeurIPS 2021), as the reference's LearnStructICD:
// iteration r tests conditioning sets of size r drawn from the ICD-Sep candidates, then re-orients.
// Every iteration leaves a valid (r-representing) PAG: the learner is anytime.
import { ParCorrTest } from './ciTest';
import { fastRound0, fastRound1, pairShare } from './fastRounds';
import { applyRulesAsync, orientColliders } from './orientation';
import { IcdBudget, BudgetSpent } from './icdBudget';
import { IterationMemo } from './icdSep';
import { icdSepStream } from './icdSepStream';
import { STEP } from './lazySubsets';
import { CIRCLE, Pag } from './pag';
import type { CiTest, PagJson, PagTruncation } from './types';
import { Yielder } from './yielder';

export { icdSepSets } from './icdSep';

/** Where a running ICD is: iteration r, the share of its node pairs visited, tests so far. */
export interface IcdProgress {
  r: number;
  /** Share of iteration r's pairs visited (0..1; pairs are visited in order, later ones are often cheaper). */
  pairs: number;
  ciTests: number;
}

export interface IcdIteration {
  /** The conditioning-set size (and PDS search radius) of the iteration just finished. */
  r: number;
  pag: PagJson;
  /** CI tests computed so far. */
  ciTests: number;
}

export interface IcdOptions {
  /** Stop after the iteration with this r (default: run until no conditioning set of the next size exists). */
  maxR?: number;
  /** Learn the graph over these nodes only (the reference's nodes_set); the others stay isolated. */
  nodes?: readonly number[];
  onIteration?: (it: IcdIteration) => void;
  /** Called about every `progressMs` (default 250) of work and at each iteration's start: progress within long iterations. */
  onProgress?: (p: IcdProgress) => void;
  progressMs?: number;
  signal?: AbortSignal;
  /** At most this many CI tests; then the PAG of the last completed round is returned, flagged `truncated` (round 0 always completes). */
  maxTests?: number;
  /** As maxTests, for milliseconds of learning. */
  timeLimitMs?: number;
  /** Rebuild every PDS summary after each edge deletion, as the reference rebuilds its trees (slow; tests check the memo against it). */
  recomputeAfterDeletion?: boolean;
}

export interface IcdResult {
  pag: Pag;
  json: PagJson;
  ciTests: number;
  /** Iterations run, r = 0 … iterations − 1 (the last one may only complete the orientation). */
  iterations: number;
  /** true when ICD concluded on its own (not stopped by maxR or the budget). */
  converged: boolean;
  /** Set when the budget ran out in round `round + 1`: the PAG is round `round`'s (json.truncated says the same). */
  truncated?: PagTruncation;
}

/** The reference's rule batches: R1–R4 after every re-orientation; R5–R7 and R8–R10 when a run completes (and after r = 1). */
const INITIAL_RULES = [1, 2, 3, 4];
const SELECTION_RULES = [5, 6, 7];
const TAIL_RULES = [8, 9, 10];

export async function learnIcd(n: number, test: CiTest, opts: IcdOptions = {}): Promise<IcdResult> {
  const g = Pag.complete(n, opts.nodes, CIRCLE);
  const y = new Yielder(opts.signal);
  const nodes = g.nodes;
  let r = 0;
  let lastReport = -Infinity;
  const report = (force: boolean): void => {
    const t = performance.now();
    if (!opts.onProgress || (!force && t - lastReport < (opts.progressMs ?? 250))) return;
    lastReport = t;
    opts.onProgress({ r, pairs: y.progress, ciTests: test.testsRun });
  };
  if (opts.onProgress) y.onPause = () => report(false);
  let iterations = 0;
  let converged = false;
  const clear = (): void => {
    (test as { clearInverseCache?: () => void }).clearInverseCache?.();
  };
  const budget = new IcdBudget(opts, () => test.testsRun);
  // with a budget: the last completed round's PAG, and the check run before each test from round 1 on
  let completed: { pag: Pag; r: number; iterations: number } | undefined;
  let check: (() => void) | undefined;

  try {
    for (;;) {
      let done = true;
      y.progress = 0;
      report(true);
      if (r === 0) {
        done = false;
        if (test instanceof ParCorrTest) await fastRound0(g, test, y);
        else
          for (let a = 0; a < nodes.length; a++) {
            for (let b = a + 1; b < nodes.length; b++) {
              if (y.due()) await y.pause();
              if (test.independent(nodes[a], nodes[b], [])) {
                g.deleteEdge(nodes[a], nodes[b]);
                g.setSepset(nodes[a], nodes[b], []);
              }
            }
          }
        orientColliders(g);
        await applyRulesAsync(g, y, INITIAL_RULES);
      } else if (r === 1) {
        if (test instanceof ParCorrTest) done = !(await fastRound1(g, test, y, check));
        else
          for (let a = 0; a < nodes.length; a++) {
            for (let b = a + 1; b < nodes.length; b++) {
              const i = nodes[a],
                j = nodes[b];
              if (!g.isAdjacent(i, j)) continue;
              // neighbours of i, then of j, each once
              const cands: number[] = [];
              const seen = new Set<number>();
              for (const z of [...g.neighbors(i), ...g.neighbors(j)]) {
                if (z === i || z === j || seen.has(z)) continue;
                seen.add(z);
                cands.push(z);
              }
              for (const z of cands) {
                done = false;
                if (y.due()) await y.pause();
                check?.();
                if (test.independent(i, j, [z])) {
                  g.deleteEdge(i, j);
                  g.setSepset(i, j, [z]);
                  break;
                }
              }
            }
          }
        g.resetOrientations(CIRCLE);
        orientColliders(g);
        await applyRulesAsync(g, y, INITIAL_RULES);
        await applyRulesAsync(g, y, SELECTION_RULES);
        await applyRulesAsync(g, y, TAIL_RULES);
      } else {
        const memo = new IterationMemo(g, r);
        // each (pair, set) is tested once: the parcorr test needs no cache entry for it
        const independent =
          test instanceof ParCorrTest
            ? (i: number, j: number, s: readonly number[]): boolean => test.independentOnce(i, j, s)
            : (i: number, j: number, s: readonly number[]): boolean => test.independent(i, j, s);
        for (let a = 0; a < nodes.length; a++) {
          y.progress = pairShare(a, nodes.length);
          for (let b = a + 1; b < nodes.length; b++) {
            const i = nodes[a],
              j = nodes[b];
            if (!g.isAdjacent(i, j)) continue;
            if (y.due(true)) await y.pause();
            for (const s of icdSepStream(g, i, j, r, memo)) {
              if (s === STEP) {
                // a long walk through illegal combinations: time passes without tests
                check?.();
                if (y.due()) await y.pause();
                continue;
              }
              done = false;
              if (y.due()) await y.pause();
              check?.();
              if (independent(i, j, s)) {
                g.deleteEdge(i, j);
                g.setSepset(i, j, s);
                memo.edgeDeleted(i, j, opts.recomputeAfterDeletion);
                break;
              }
            }
          }
        }
        if (!done) {
          g.resetOrientations(CIRCLE);
          orientColliders(g);
          await applyRulesAsync(g, y, INITIAL_RULES);
        } else {
          await applyRulesAsync(g, y, SELECTION_RULES);
          await applyRulesAsync(g, y, TAIL_RULES);
        }
      }
      clear();
      iterations++;
      opts.onIteration?.({ r, pag: g.toJson(iterations), ciTests: test.testsRun });
      if (done) {
        converged = true;
        break;
      }
      if (opts.maxR !== undefined && r >= opts.maxR) break;
      if (budget.limited) {
        completed = { pag: g.clone(), r, iterations };
        check = () => budget.check();
      }
      r++;
    }
  } catch (err) {
    if (!(err instanceof BudgetSpent) || !completed) throw err;
    clear();
    const last = completed;
    const truncated: PagTruncation = { round: last.r, testsRun: test.testsRun, reason: err.reason };
    return {
      pag: last.pag,
      json: { ...last.pag.toJson(last.iterations), truncated },
      ciTests: test.testsRun,
      iterations: last.iterations,
      converged: false,
      truncated,
    };
  }
  return { pag: g, json: g.toJson(iterations), ciTests: test.testsRun, iterations, converged };
}
