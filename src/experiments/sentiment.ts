// The paper's IMDB experiment, plus a faithfulness check: per review, the CLEANN explanation and
// the baselines' explanations (raw attention top-k, attention rollout, random order), each grown
// until the same [PAD] counterfactual tester confirms a label flip; then, at CLEANN's size k,
// mask k tokens chosen by each method and measure how the prediction changes.
// Everything model-related goes through MODEL's pipeline (reexplain, padTester): no reimplementation.
import { baselineExplanation, rawAttentionRanking, rolloutRanking } from '../engine';
import type { LoadedModel, ModelRun } from '../model';
import {
  reexplain,
  padTester,
  attentionMatrix,
  meanAttentionPerLayer,
  type ExplainResult,
  type LayerChoice,
} from '../pipeline';
import {
  faithfulnessStats,
  maskOutcome,
  sizeStats,
  type MaskOutcome,
  type FaithfulnessStats,
  type SizeStats,
} from './metrics';
import { Rng, fnv1a, shuffle } from './scm';

export const METHODS = ['cleann', 'rawAttention', 'rollout', 'random'] as const;
export type Method = (typeof METHODS)[number];

export interface ReviewOptions {
  layer?: LayerChoice;
  maxTokens?: number;
  /** Largest CLEANN set size tried (the pipeline's default is 3). */
  maxSetSize?: number;
  /** Most model runs one CLEANN search may make. */
  maxTests?: number;
  /** Largest top-k a baseline may grow to (default 50: bounds the run time; larger counts as not found). */
  baselineMaxSize?: number;
  /** Random k-token maskings per review for the faithfulness comparison. */
  randomDraws?: number;
  seed?: number;
}

export interface ReviewRecord {
  id: string;
  gold: number | null;
  tokens: number;
  truncated: boolean;
  predicted: number;
  score: number;
  layer: number;
  /** Size of the first confirmed explanation per method; null = none within the limit. */
  sizes: Record<Method, number | null>;
  sets: Record<Method, number[] | null>;
  /** At CLEANN's size k (only when CLEANN found a set): the outcome of masking each method's k tokens. */
  /** PDS-tree candidates CLEANN searched, and whether its model-run budget (maxTests) ran out. */
  cleannCandidates: number;
  cleannSearchStopped: boolean;
  atCleannSize: {
    k: number;
    cleann: MaskOutcome;
    rawAttention: MaskOutcome;
    rollout: MaskOutcome;
    random: MaskOutcome[];
  } | null;
  modelRuns: number;
  ms: number;
}

async function masked(model: LoadedModel, run: ModelRun, positions: readonly number[]): Promise<MaskOutcome> {
  const ids = run.inputIds.slice();
  for (const p of positions) ids[p] = model.padTokenId;
  return maskOutcome(run.prediction.logits, (await model.runIds(ids)).logits);
}

/** Explain one text with every method and measure the maskings. */
export async function analyseReview(
  model: LoadedModel,
  id: string,
  text: string,
  gold: number | null,
  opts: ReviewOptions = {},
): Promise<ReviewRecord> {
  const t0 = performance.now();
  const run = await model.run(text, { maxTokens: opts.maxTokens });
  // CLEANN through the pipeline; the baselines here (not the pipeline's) so their top-k can be capped.
  const res: ExplainResult = await reexplain(run, model, {
    layer: opts.layer,
    maxSetSize: opts.maxSetSize,
    maxTests: opts.maxTests,
    timeBudgetMs: Infinity,
    baselines: false,
  });
  const rng = new Rng((opts.seed ?? 1) ^ fnv1a(id));
  const specials = run.tokens.flatMap((t, i) => (t.special ? [i] : []));
  const words = run.tokens.flatMap((t, i) => (t.special ? [] : [i]));
  const cap = opts.baselineMaxSize ?? 50;
  const tester = padTester(model, run);
  const rankings = {
    rawAttention: rawAttentionRanking(attentionMatrix(run, res.layer, 'mean'), 0, specials),
    rollout: rolloutRanking(meanAttentionPerLayer(run), 0, specials),
    random: shuffle(words, rng),
  };
  const raw = {
    ranking: rankings.rawAttention,
    ...(await baselineExplanation(rankings.rawAttention, (s) => tester.test(s), cap)),
  };
  const roll = {
    ranking: rankings.rollout,
    ...(await baselineExplanation(rankings.rollout, (s) => tester.test(s), cap)),
  };
  const random = await baselineExplanation(rankings.random, (s) => tester.test(s), cap);
  const cleannSet = res.explanation.kind === 'tested' && res.explanation.sets.length ? res.explanation.sets[0] : null;

  let atCleannSize: ReviewRecord['atCleannSize'] = null;
  let extraRuns = 0;
  if (cleannSet) {
    const k = cleannSet.length;
    const draws: MaskOutcome[] = [];
    for (let d = 0; d < (opts.randomDraws ?? 3); d++)
      draws.push(await masked(model, run, shuffle(words, rng).slice(0, k)));
    atCleannSize = {
      k,
      cleann: await masked(model, run, cleannSet),
      rawAttention: await masked(model, run, raw.ranking.slice(0, k)),
      rollout: await masked(model, run, roll.ranking.slice(0, k)),
      random: draws,
    };
    extraRuns = 3 + draws.length;
  }
  return {
    id,
    gold,
    tokens: run.seq,
    truncated: run.truncated !== null,
    predicted: run.prediction.labelIndex,
    score: run.prediction.score,
    layer: res.layer,
    sizes: {
      cleann: cleannSet ? cleannSet.length : null,
      rawAttention: raw.size,
      rollout: roll.size,
      random: random.size,
    },
    sets: { cleann: cleannSet, rawAttention: raw.set, rollout: roll.set, random: random.set },
    cleannCandidates: res.explanation.candidates.length,
    cleannSearchStopped: res.warnings.some((w) => /stopped after/.test(w)),
    atCleannSize,
    modelRuns: 1 + res.explanation.testsRun + raw.testsRun + roll.testsRun + random.testsRun + extraRuns,
    ms: performance.now() - t0,
  };
}

export interface SentimentSummary {
  n: number;
  model: string;
  layer: number | 'deepest';
  maxSetSize: number;
  maxTests: number;
  baselineMaxSize: number;
  /** Reviews where CLEANN's model-run budget ran out before its search finished. */
  cleannSearchStopped: number;
  meanCleannCandidates: number | null;
  accuracy: number | null;
  meanTokens: number;
  /** Mean explanation size per method over the reviews where that method found one. */
  meanSize: Record<Method, number | null>;
  medianSize: Record<Method, number | null>;
  sizes: Record<Method, SizeStats>;
  /** Reviews where the method found an explanation of at most maxSetSize tokens (CLEANN's search limit). */
  foundWithinLimit: Record<Method, number>;
  /** Same, restricted to the reviews where every method found an explanation (a like-for-like comparison). */
  meanSizeAllFound: Record<Method, number | null> & { n: number };
  faithfulness: {
    /** Reviews where CLEANN found a set of size k; every method masks k tokens of its choice. */
    n: number;
    meanK: number | null;
    atCleannSize: Record<Method, FaithfulnessStats>;
  };
  meanMsPerReview: number;
  meanModelRunsPerReview: number;
}

export function summariseSentiment(
  records: ReviewRecord[],
  model: string,
  layer: number | 'deepest',
  maxSetSize: number,
  limits: { maxTests: number; baselineMaxSize: number } = { maxTests: 10000, baselineMaxSize: 50 },
): SentimentSummary {
  const m = <T>(f: (m: Method) => T) => Object.fromEntries(METHODS.map((x) => [x, f(x)])) as Record<Method, T>;
  const sizes = m((x) => sizeStats(records.map((r) => r.sizes[x])));
  const allFound = records.filter((r) => METHODS.every((x) => r.sizes[x] !== null));
  const avg = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null);
  const withK = records.filter((r) => r.atCleannSize !== null).map((r) => r.atCleannSize!);
  const gold = records.filter((r) => r.gold !== null);
  return {
    n: records.length,
    model,
    layer,
    maxSetSize,
    ...limits,
    cleannSearchStopped: records.filter((r) => r.cleannSearchStopped).length,
    meanCleannCandidates: avg(records.map((r) => r.cleannCandidates)),
    accuracy: gold.length ? gold.filter((r) => r.gold === r.predicted).length / gold.length : null,
    meanTokens: avg(records.map((r) => r.tokens)) ?? 0,
    meanSize: m((x) => sizes[x].mean),
    medianSize: m((x) => sizes[x].median),
    sizes,
    foundWithinLimit: m((x) => records.filter((r) => r.sizes[x] !== null && r.sizes[x]! <= maxSetSize).length),
    meanSizeAllFound: { ...m((x) => avg(allFound.map((r) => r.sizes[x]!))), n: allFound.length },
    faithfulness: {
      n: withK.length,
      meanK: avg(withK.map((w) => w.k)),
      atCleannSize: m((x) =>
        faithfulnessStats(x === 'random' ? withK.flatMap((w) => w.random) : withK.map((w) => w[x])),
      ),
    },
    meanMsPerReview: avg(records.map((r) => r.ms)) ?? 0,
    meanModelRunsPerReview: avg(records.map((r) => r.modelRuns)) ?? 0,
  };
}

const LABELS: Record<Method, string> = {
  cleann: 'CLEANN (ABCD PAG)',
  rawAttention: 'raw attention top-k',
  rollout: 'attention rollout top-k',
  random: 'random order top-k',
};

export function sentimentMarkdown(s: SentimentSummary, meta: { command: string; seconds: number }): string {
  const f = (x: number | null, d = 2) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(d));
  const p = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(0)}%`);
  const size = METHODS.map(
    (x) =>
      `| ${LABELS[x]} | ${f(s.meanSize[x])} | ${f(s.medianSize[x], 1)} | ${s.sizes[x].found}/${s.n} | ${s.foundWithinLimit[x]}/${s.n} | ${f(s.meanSizeAllFound[x])} |`,
  );
  const faith = METHODS.map(
    (x) =>
      `| ${LABELS[x]} | ${p(s.faithfulness.atCleannSize[x].flipRate)} | ${f(s.faithfulness.atCleannSize[x].meanProbDrop, 3)} | ${s.faithfulness.atCleannSize[x].n} |`,
  );
  return [
    '# Sentiment explanations (IMDB test reviews)',
    '',
    `Command: \`${meta.command}\` — ${Math.round(meta.seconds)} s (${f(s.meanMsPerReview / 1000, 1)} s and ${f(s.meanModelRunsPerReview, 0)} model runs per review).`,
    `Model: ${s.model}; layer: ${s.layer}; ${s.n} reviews (label-balanced sample of the test split), mean ${f(s.meanTokens, 0)} tokens; model accuracy on them: ${p(s.accuracy)}. CLEANN searches sets of up to ${s.maxSetSize} of its PDS-tree candidates (mean ${f(s.meanCleannCandidates, 1)} per review) with at most ${s.maxTests} model runs (budget ran out on ${s.cleannSearchStopped} reviews); baselines grow their top-k up to ${s.baselineMaxSize} tokens.`,
    '',
    '## Explanation-set size (smaller = more specific)',
    'Every method grows its set until the same counterfactual tester ([PAD] the tokens, re-run) sees the label flip. Mean/median over the reviews where the method found an explanation.',
    '',
    `| method | mean size | median size | found (any size) | found with ≤ ${s.maxSetSize} tokens | mean size where all found (n = ${s.meanSizeAllFound.n}) |`,
    '| --- | --- | --- | --- | --- | --- |',
    ...size,
    '',
    '## Faithfulness at equal size',
    `On the ${s.faithfulness.n} reviews where CLEANN found an explanation (mean size k = ${f(s.faithfulness.meanK)}), each method masks its own k tokens ([PAD]) and the model is re-run. CLEANN's flip rate is 100% by construction (its search keeps only sets that flip); the question is how often the other methods' k tokens do the same. Probability drop = original probability of the predicted label minus its probability after masking. Random: ${s.faithfulness.atCleannSize.random.n} draws in all.`,
    '',
    '| method (k tokens) | label flips | mean probability drop | maskings |',
    '| --- | --- | --- | --- |',
    ...faith,
    '',
  ].join('\n');
}
