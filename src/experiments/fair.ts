// The fair sentiment comparison (issue 15, item 1). Per item (an IMDB review or an SST-2 sentence),
// every method gets the same size cap K and the same model-run budget B against the same [PAD]
// counterfactual tester (the label flips):
// - CLEANN over one PAG per head of the layer ('each', the product's default) and over the
//   head-mean PAG, with the product's search (smallest-first, greedy fallback after half the budget);
// - raw attention of [CLS], attention rollout, and a random order (the same-budget random control):
//   every subset of ≤ K of the method's top-m tokens, m the largest whose subsets fit B
//   (subsetSearch.ts), smallest first, then by rank sum;
// - the exhaustive minimum (the reference's exhaustive_search_explanation: lexicographic
//   combinations of all non-special tokens, smallest size first) up to K within its own budget E,
//   censored ("> s") where E ends first.
// Nothing is dropped: a method that finds nothing within K and B is a censored failure.
import { explainCleannMany, rawAttentionRanking, rolloutRanking, type Pag } from '../engine';
import type { LoadedModel, ModelRun } from '../model';
import {
  attentionMatrix,
  inProcessLearner,
  meanAttentionPerLayer,
  padTester,
  resolveLayer,
  testBatchSize,
  type HeadChoice,
  type LayerChoice,
} from '../pipeline';
import { Rng, fnv1a, shuffle } from './scm';
import { bootstrapCI, censoredMedianRuns, formatInterval, meanOf, successCurveCI, type Interval } from './stats';
import { exhaustiveMinimum, rankedSubsetSearch, type BatchVerdicts } from './subsetSearch';

export const FAIR_METHODS = ['cleannEach', 'cleannMean', 'rawAttention', 'rollout', 'random'] as const;
export type FairMethod = (typeof FAIR_METHODS)[number];
export const FAIR_LABELS: Record<FairMethod, string> = {
  cleannEach: 'CLEANN, one PAG per head',
  cleannMean: 'CLEANN, head-mean PAG',
  rawAttention: 'raw attention of [CLS], top-m subsets',
  rollout: 'attention rollout, top-m subsets',
  random: 'random order, top-m subsets (control)',
};

export interface FairOptions {
  layer?: LayerChoice;
  maxTokens?: number;
  /** Size cap K for every method. */
  maxSize: number;
  /** Model-run budget B for every method. */
  budget: number;
  /** Budget of the exhaustive search (0: skip it). */
  exhaustiveBudget: number;
  seed: number;
  alpha?: number;
  /** CLEANN's search: 'greedy' (the product's default: greedy fallback after half the budget) or 'none' (the reference's smallest-first search alone, the whole budget). */
  cleannFallback?: 'greedy' | 'none';
}

export interface MethodOutcome {
  size: number | null;
  set: number[] | null;
  runs: number;
  runsToFirst: number | null;
  /** CLEANN: 'smallest' (no smaller legal set) or 'irreducible' (greedy); baselines: the m searched. */
  minimality?: string | null;
  candidates?: number;
  m?: number;
}

export interface FairRecord {
  id: string;
  gold: number | null;
  tokens: number;
  /** Non-special tokens (the exhaustive search's and the baselines' pool). */
  words: number;
  truncated: boolean;
  predicted: number;
  score: number;
  layer: number;
  methods: Record<FairMethod, MethodOutcome>;
  /** min: the exhaustive minimum size (null: none ≤ completeSize tokens flips, censored). */
  exhaustive: {
    min: number | null;
    completeSize: number;
    runs: number;
    runsToFirst: number | null;
    set: number[] | null;
  } | null;
  ms: number;
}

/** A tester that counts the sets it was asked about (model runs), in batches. */
export function countingVerdicts(model: LoadedModel, run: ModelRun): BatchVerdicts {
  const tester = padTester(model, run);
  return async (sets) => (await tester.probeMany(sets)).map((v) => v.flips);
}

/** CLEANN with the product's search over the given PAGs, capped at K and B; counts runs to the first flip. */
export async function cleannCapped(
  model: LoadedModel,
  run: ModelRun,
  pags: { pag: Pag }[],
  target: number,
  specials: number[],
  opts: { maxSize: number; budget: number; cleannFallback?: 'greedy' | 'none' },
  batch: number,
): Promise<MethodOutcome> {
  const tester = padTester(model, run);
  let calls = 0,
    first: number | null = null;
  const ex = await explainCleannMany(
    pags.map((p) => p.pag),
    target,
    {
      maxSetSize: opts.maxSize,
      maxTests: opts.budget,
      exclude: specials,
      fallback: opts.cleannFallback ?? 'greedy',
      batchSize: batch,
      tester: async (s) => {
        const v = await tester.probe(s);
        calls++;
        if (v.flips && first === null) first = calls;
        return v;
      },
      batchTester: async (sets) => {
        const vs = await tester.probeMany(sets);
        const hit = vs.findIndex((v) => v.flips);
        if (hit >= 0 && first === null) first = calls + hit + 1;
        calls += sets.length;
        return vs;
      },
    },
  );
  const set = ex.kind === 'tested' && ex.sets.length ? ex.sets[0] : null;
  return {
    size: set ? set.length : null,
    set,
    runs: ex.testsRun,
    runsToFirst: set ? first : null,
    minimality: ex.minimality,
    candidates: ex.candidates.length,
  };
}

/** Every method on one text; `pags` receives each head's and the mean's PAG when given (the layer study). */
export async function analyseFair(
  model: LoadedModel,
  id: string,
  text: string,
  gold: number | null,
  opts: FairOptions,
): Promise<FairRecord> {
  const t0 = performance.now();
  const run = await model.run(text, { maxTokens: opts.maxTokens });
  const layer = resolveLayer(run, opts.layer);
  const target = run.target ?? 0;
  const specials = run.tokens.flatMap((t, i) => (t.special || i === target ? [i] : []));
  const words = run.tokens.flatMap((t, i) => (t.special || i === target ? [] : [i]));
  const nodes = run.tokens.flatMap((t, i) => (!t.special || i === target ? [i] : []));
  const batch = testBatchSize(run.seq);
  const learn = async (h: HeadChoice) =>
    (
      await inProcessLearner(attentionMatrix(run, layer, h), {
        samples: model.config.hiddenSize,
        alpha: opts.alpha ?? 0.01,
        nodes,
      })
    ).learned;
  const heads = await Promise.all(run.attentions[layer].map((_, h) => learn(h)));
  const mean = await learn('mean');
  const verdicts = countingVerdicts(model, run);
  const rng = new Rng((opts.seed ^ fnv1a(id)) >>> 0);
  const rankings = {
    rawAttention: rawAttentionRanking(attentionMatrix(run, layer, 'mean'), target, specials),
    rollout: rolloutRanking(meanAttentionPerLayer(run), target, specials),
    random: shuffle(words, rng),
  };
  const methods = {
    cleannEach: await cleannCapped(model, run, heads, target, specials, opts, batch),
    cleannMean: await cleannCapped(model, run, [mean], target, specials, opts, batch),
  } as Record<FairMethod, MethodOutcome>;
  for (const m of ['rawAttention', 'rollout', 'random'] as const) {
    const r = await rankedSubsetSearch(rankings[m], verdicts, { maxSize: opts.maxSize, budget: opts.budget, batch });
    methods[m] = { size: r.set ? r.set.length : null, set: r.set, runs: r.runs, runsToFirst: r.runsToFirst, m: r.m };
  }
  const exhaustive =
    opts.exhaustiveBudget > 0
      ? await exhaustiveMinimum(words, verdicts, { maxSize: opts.maxSize, budget: opts.exhaustiveBudget, batch })
      : null;
  return {
    id,
    gold,
    tokens: run.seq,
    words: words.length,
    truncated: run.truncated !== null,
    predicted: run.prediction.labelIndex,
    score: run.prediction.score,
    layer,
    methods,
    exhaustive: exhaustive && {
      min: exhaustive.min,
      completeSize: exhaustive.completeSize,
      runs: exhaustive.runs,
      runsToFirst: exhaustive.runsToFirst,
      set: exhaustive.set,
    },
    ms: performance.now() - t0,
  };
}

// ---- summary and table ----

export interface FairSummary {
  n: number;
  maxSize: number;
  budget: number;
  exhaustiveBudget: number;
  meanTokens: number | null;
  meanWords: number | null;
  accuracy: number | null;
  /** Per method: success rate at each k = 1..K over ALL items (failures censored), with 95% CIs. */
  curves: Record<FairMethod, Interval[]>;
  /** The exhaustive search's curve: items with a flipping set of ≤ k tokens among all tokens (a lower bound where its budget ran out). */
  exhaustiveCurve: Interval[] | null;
  /** Items whose exhaustive search was complete up to K or found the minimum. */
  exhaustiveResolved: number;
  /** Median model runs to the first explanation, failures counted at the budget (null: half or more failed). */
  runsToFirst: Record<FairMethod, Interval>;
  meanRuns: Record<FairMethod, number | null>;
  /** Paired difference of the success rate at K: method − CLEANN per head. */
  diffVsCleann: Record<FairMethod, Interval>;
  /** Both found: CLEANN per head smaller / equal / larger than the method. */
  sizeVsCleann: Record<FairMethod, { n: number; cleannSmaller: number; equal: number; cleannLarger: number }>;
  /** Against the exhaustive minimum, on items where it is known (min ≤ K): found, hit the minimum size, mean excess. */
  vsExhaustive: Record<FairMethod, { n: number; found: number; atMinimum: Interval; meanExcess: number | null }>;
  /** How many CLEANN explanations were the greedy fallback's (irreducible, not smallest). */
  greedy: { cleannEach: number; cleannMean: number };
}

export function summariseFair(
  records: FairRecord[],
  opts: { maxSize: number; budget: number; exhaustiveBudget: number; seed?: number },
): FairSummary {
  const bs = { seed: opts.seed ?? 1 };
  const K = opts.maxSize;
  const m = <T>(f: (x: FairMethod) => T) =>
    Object.fromEntries(FAIR_METHODS.map((x) => [x, f(x)])) as Record<FairMethod, T>;
  const rateAtK = (xs: readonly FairRecord[], x: FairMethod) =>
    xs.length ? xs.filter((r) => r.methods[x].size !== null && r.methods[x].size! <= K).length / xs.length : null;
  const withEx = records.filter((r) => r.exhaustive !== null);
  const known = withEx.filter((r) => r.exhaustive!.min !== null && r.exhaustive!.min <= K);
  const gold = records.filter((r) => r.gold !== null);
  return {
    n: records.length,
    maxSize: K,
    budget: opts.budget,
    exhaustiveBudget: opts.exhaustiveBudget,
    meanTokens: meanOf(records.map((r) => r.tokens)),
    meanWords: meanOf(records.map((r) => r.words)),
    accuracy: gold.length ? gold.filter((r) => r.gold === r.predicted).length / gold.length : null,
    curves: m((x) =>
      successCurveCI(
        records.map((r) => r.methods[x].size),
        K,
        bs,
      ),
    ),
    exhaustiveCurve: withEx.length
      ? successCurveCI(
          withEx.map((r) => r.exhaustive!.min),
          K,
          bs,
        )
      : null,
    exhaustiveResolved: withEx.filter((r) => r.exhaustive!.min !== null || r.exhaustive!.completeSize >= K).length,
    runsToFirst: m((x) =>
      bootstrapCI(
        records.map((r) => r.methods[x].runsToFirst),
        (xs) => censoredMedianRuns(xs, opts.budget),
        bs,
      ),
    ),
    meanRuns: m((x) => meanOf(records.map((r) => r.methods[x].runs))),
    diffVsCleann: m((x) => bootstrapCI(records, (xs) => rateAtK(xs, x)! - rateAtK(xs, 'cleannEach')!, bs)),
    sizeVsCleann: m((x) => {
      const both = records.filter((r) => r.methods[x].size !== null && r.methods.cleannEach.size !== null);
      const c = (r: FairRecord) => r.methods.cleannEach.size! - r.methods[x].size!;
      return {
        n: both.length,
        cleannSmaller: both.filter((r) => c(r) < 0).length,
        equal: both.filter((r) => c(r) === 0).length,
        cleannLarger: both.filter((r) => c(r) > 0).length,
      };
    }),
    vsExhaustive: m((x) => {
      const found = known.filter((r) => r.methods[x].size !== null);
      return {
        n: known.length,
        found: found.length,
        atMinimum: bootstrapCI(
          known,
          (xs) => (xs.length ? xs.filter((r) => r.methods[x].size === r.exhaustive!.min).length / xs.length : null),
          bs,
        ),
        meanExcess: meanOf(found.map((r) => r.methods[x].size! - r.exhaustive!.min!)),
      };
    }),
    greedy: {
      cleannEach: records.filter(
        (r) => r.methods.cleannEach.size !== null && r.methods.cleannEach.minimality !== 'smallest',
      ).length,
      cleannMean: records.filter(
        (r) => r.methods.cleannMean.size !== null && r.methods.cleannMean.minimality !== 'smallest',
      ).length,
    },
  };
}

const pc = (x: number | null | undefined) =>
  x === null || x === undefined || Number.isNaN(x) ? '–' : `${(100 * x).toFixed(0)}%`;
const ci = (i: Interval, f: (x: number | null) => string = pc) => formatInterval(i, f);
const num = (x: number | null, d = 0) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(d));

export function fairMarkdown(
  s: FairSummary,
  meta: {
    title: string;
    command: string;
    seconds: number;
    model: string;
    data: string;
    failed: number;
    exact?: boolean;
  },
): string {
  const K = s.maxSize;
  const ks = Array.from({ length: K }, (_, i) => i + 1);
  const found = (x: FairMethod) => s.curves[x][K - 1];
  const rows = FAIR_METHODS.map(
    (x) =>
      `| ${FAIR_LABELS[x]} | ${ks.map((k) => ci(s.curves[x][k - 1])).join(' | ')} | ${ci(s.runsToFirst[x], (v) => num(v))} | ${num(s.meanRuns[x])} |`,
  );
  const exh = s.exhaustiveBudget > 0; // 0: the run skipped the exhaustive search; say so, no empty table
  const exRow =
    exh && s.exhaustiveCurve
      ? [
          `| *exhaustive minimum (all tokens, budget ${s.exhaustiveBudget})* | ${ks.map((k) => ci(s.exhaustiveCurve![k - 1])).join(' | ')} | – | – |`,
        ]
      : [];
  return [
    `# ${meta.title}`,
    '',
    `Command: \`${meta.command}\` — ${Math.round(meta.seconds)} s on the shared 2-core machine (nice 10).`,
    `Model: ${meta.model}. Data: ${meta.data}; ${s.n} items (mean ${num(s.meanTokens)} tokens, ${num(s.meanWords)} non-special); model accuracy on them ${pc(s.accuracy)}${meta.failed ? `; ${meta.failed} item(s) the engine refused are listed in the JSON` : ''}.`,
    `Every method: size cap K = ${K}, budget B = ${s.budget} model runs (sets tested), the same [PAD] tester (an explanation = the label flips). ${meta.exact ? "CLEANN: the reference's search alone (smallest-first over PDS-legal sets, no greedy fallback, the whole budget)." : `CLEANN: the product's search (smallest-first over PDS-legal sets, the greedy fallback after half the budget; ${s.greedy.cleannEach} per-head and ${s.greedy.cleannMean} head-mean explanations came from the fallback: irreducible, not proven smallest).`} Baselines and the random control: every subset of ≤ K of their top-m tokens (m = the most whose subsets fit B), smallest first, then by rank sum. ${exh ? `Exhaustive: the reference's exhaustive_search_explanation (all non-special tokens, lexicographic combinations, smallest size first) up to K within ${s.exhaustiveBudget} runs; resolved (minimum found, or every set of ≤ K tested) on ${s.exhaustiveResolved} of ${s.n} items.` : 'No exhaustive search in this run (--exhaustive-budget 0).'} 95% CIs: percentile bootstrap over items, 2,000 resamples, seed 1.`,
    '',
    `## Success at each size k (all ${s.n} items; a failure counts at every k — censored, not dropped)`,
    '',
    `| method | ${ks.map((k) => `≤ ${k} token${k > 1 ? 's' : ''}`).join(' | ')} | median runs to first explanation (failures = B) | mean runs used |`,
    `| --- |${ks.map(() => ' --- |').join('')} --- | --- |`,
    ...rows,
    ...exRow,
    '',
    `${exh ? 'The exhaustive row is the ground truth for "can ≤ k tokens flip it at all" (a lower bound on items where its budget ran out before size k). ' : ''}"–" for runs: half or more of the items failed, so the median is beyond B.`,
    '',
    `## Paired against CLEANN per head (same items)`,
    '',
    `| method | found ≤ ${K} | difference vs CLEANN per head [95% CI] | both found: CLEANN smaller / equal / larger |`,
    '| --- | --- | --- | --- |',
    ...FAIR_METHODS.map(
      (x) =>
        `| ${FAIR_LABELS[x]} | ${ci(found(x))} | ${x === 'cleannEach' ? '–' : ci(s.diffVsCleann[x], (v) => (v === null ? '–' : `${v >= 0 ? '+' : ''}${(100 * v).toFixed(0)} pt`))} | ${x === 'cleannEach' ? '–' : `${s.sizeVsCleann[x].cleannSmaller} / ${s.sizeVsCleann[x].equal} / ${s.sizeVsCleann[x].cleannLarger} (n = ${s.sizeVsCleann[x].n})`} |`,
    ),
    '',
    ...(exh
      ? [
          `## Against the exhaustive minimum (the ${s.vsExhaustive.cleannEach.n} items whose minimum over all tokens is known and ≤ ${K})`,
          '',
          '| method | found | size = the minimum [95% CI] | mean excess size where found |',
          '| --- | --- | --- | --- |',
          ...FAIR_METHODS.map((x) => {
            const v = s.vsExhaustive[x];
            return `| ${FAIR_LABELS[x]} | ${v.found}/${v.n} | ${ci(v.atMinimum)} | ${num(v.meanExcess, 2)} |`;
          }),
          '',
        ]
      : []),
  ].join('\n');
}
