// The recommendation experiment at equal size cap and model-run budget (issue 15, item 4): the
// sentiment study's protocol on BERT4Rec. Every method searches sets of ≤ K history items with at
// most B model runs: CLEANN over its PAG's legal sets (the reference's smallest-first search),
// the baselines and a random control over every subset of their top-m items (m from the budget);
// the exhaustive minimum over all history items is the ground truth of "can ≤ k items change it".
import { attentionToCorrelation, averageHeads, explainCleann, learnPag } from '../engine';
import { baselineRankings, recommend, REC_METHODS, type RecMethod, type RecRecord } from './recommend';
import type { RecWeights } from './bert4rec';
import { exhaustiveMinimum, rankedSubsetSearch, type BatchVerdicts } from './subsetSearch';
import { bootstrapCI, formatInterval, type Interval } from './stats';
import { median } from './metrics';

export interface RecFairOutcome {
  set: number[] | null;
  newTop: number | null;
  rank: number | null;
  /** Model runs (sets tested) the method used. */
  runs: number;
  /** Model runs up to and including the first set that changed the top item (null: none did). */
  runsToFirst: number | null;
}

export interface RecFairRecord extends RecRecord {
  methods: Record<RecMethod, RecFairOutcome>;
  /** The smallest size that changes the top item over all history items (null: none ≤ K within the budget). */
  exhaustive: RecFairOutcome & { min: number | null; completeSize: number };
}

export interface RecFairOptions {
  maxSetSize: number;
  budget: number;
  /** Runs for the exhaustive minimum (default: every set of ≤ K history items). */
  exhaustiveBudget?: number;
  seed?: number;
  samples?: number;
  alpha?: number;
}

export async function analyseUserFair(
  w: RecWeights,
  id: string,
  history: number[],
  opts: RecFairOptions,
): Promise<RecFairRecord> {
  const exclude = new Set(history);
  const orig = recommend(w, history, exclude);
  const top5 = orig.ranking.slice(0, 5);
  const target = history.length; // the [MASK] position
  const newTop = (subset: readonly number[]) =>
    recommend(
      w,
      history.filter((_, p) => !subset.includes(p)),
      exclude,
    ).ranking[0];
  const outcome = (set: number[] | null, runs: number, runsToFirst: number | null): RecFairOutcome => {
    if (!set) return { set: null, newTop: null, rank: null, runs, runsToFirst: null };
    const top = newTop(set);
    const r = top5.indexOf(top);
    return { set, newTop: top, rank: r < 0 ? null : r + 1, runs, runsToFirst };
  };
  // One set per call (batch 1): runs are counted exactly, none tested past the first flip of a batch.
  const verdicts: BatchVerdicts = async (sets) => sets.map((s) => newTop(s) !== top5[0]);

  const deepest = averageHeads(orig.attentions[orig.attentions.length - 1]);
  const learned = await learnPag(attentionToCorrelation(deepest), {
    samples: opts.samples ?? w.dim,
    alpha: opts.alpha ?? 0.01,
  });
  let calls = 0,
    first: number | null = null;
  const ex = await explainCleann(learned.pag, target, {
    maxSetSize: opts.maxSetSize,
    maxTests: opts.budget,
    tester: async (s) => {
      calls++;
      const flips = newTop(s) !== top5[0];
      if (flips && first === null) first = calls;
      return flips;
    },
  });
  const methods = {
    cleann: outcome(ex.sets.length ? ex.sets[0] : null, ex.testsRun, first),
  } as RecFairRecord['methods'];

  // the same orderings as the unbudgeted run's (analyseUser), for comparability
  const rankings = baselineRankings(history, orig.attentions, target, opts.seed);
  for (const m of ['rawAttention', 'rollout', 'random'] as const) {
    const r = await rankedSubsetSearch(rankings[m], verdicts, {
      maxSize: opts.maxSetSize,
      budget: opts.budget,
      batch: 1,
    });
    methods[m] = outcome(r.set, r.runs, r.runsToFirst);
  }
  const all = history.map((_, p) => p);
  const exh = await exhaustiveMinimum(all, verdicts, {
    maxSize: opts.maxSetSize,
    budget: opts.exhaustiveBudget ?? Infinity,
    batch: 1,
  });
  const exhaustive = { ...outcome(exh.set, exh.runs, exh.runsToFirst), min: exh.min, completeSize: exh.completeSize };
  return { id, top5, methods, exhaustive };
}

export interface RecFairExtras {
  /** Per method: median runs to the first explanation (failures count as B) with a 95% CI. */
  medianRunsToFirst: Record<RecMethod, Interval>;
  /** Users whose exhaustive minimum is known (found, ≤ K). */
  exhaustiveKnown: number;
  /** Per method, over users with a known minimum: share whose set has the minimum's size. */
  hitsMinimum: Record<RecMethod, Interval>;
  /** The exhaustive minimum's own found rate and rank-2–3 rate. */
  exhaustiveFound: Interval;
  exhaustiveRank2to3: Interval;
}

export function recommendFairExtras(records: RecFairRecord[], budget: number): RecFairExtras {
  const known = records.filter((r) => r.exhaustive.min !== null);
  const per = <T>(f: (m: RecMethod) => T) =>
    Object.fromEntries(REC_METHODS.map((m) => [m, f(m)])) as Record<RecMethod, T>;
  return {
    medianRunsToFirst: per((m) =>
      bootstrapCI(records, (xs) => median(xs.map((r) => r.methods[m].runsToFirst ?? budget))),
    ),
    exhaustiveKnown: known.length,
    hitsMinimum: per((m) =>
      bootstrapCI(known, (xs) =>
        xs.length ? xs.filter((r) => r.methods[m].set?.length === r.exhaustive.min).length / xs.length : null,
      ),
    ),
    exhaustiveFound: bootstrapCI(records, (xs) =>
      xs.length ? xs.filter((r) => r.exhaustive.set).length / xs.length : null,
    ),
    exhaustiveRank2to3: bootstrapCI(known, (xs) =>
      xs.length ? xs.filter((r) => r.exhaustive.rank === 2 || r.exhaustive.rank === 3).length / xs.length : null,
    ),
  };
}

export const REC_FAIR_LABELS: Record<RecMethod, string> = {
  cleann: 'CLEANN (ABCD PAG), smallest-first',
  rawAttention: 'raw attention, top-m subsets',
  rollout: 'attention rollout, top-m subsets',
  random: 'random order, top-m subsets (control)',
};

export function recommendFairMarkdown(x: RecFairExtras, opts: { maxSetSize: number; budget: number }): string {
  const p = (v: number | null) => (v === null ? '–' : `${(100 * v).toFixed(0)}%`);
  const n = (v: number | null) => (v === null ? '–' : String(Math.round(v)));
  return [
    '',
    `## Runs and the exhaustive minimum (cap K = ${opts.maxSetSize}, budget B = ${opts.budget} runs)`,
    '',
    `The exhaustive minimum (every set of ≤ ${opts.maxSetSize} of all history items, smallest size first, lexicographic) changes the top item for ${formatInterval(x.exhaustiveFound, p)} of users; where it does (${x.exhaustiveKnown} users), its replacement ranks 2–3 for ${formatInterval(x.exhaustiveRank2to3, p)}.`,
    '',
    '| method | median runs to first explanation (failures = B) [95% CI] | set has the minimum size (users with a known minimum) [95% CI] |',
    '| --- | --- | --- |',
    ...REC_METHODS.map(
      (m) =>
        `| ${REC_FAIR_LABELS[m]} | ${formatInterval(x.medianRunsToFirst[m], n)} | ${formatInterval(x.hitsMinimum[m], p)} |`,
    ),
    '',
  ].join('\n');
}
