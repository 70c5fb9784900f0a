// Text → model run → attention of one layer → correlation → PAG (ICD) → CLEANN explanation of the
// prediction at [CLS], with the paper's baselines tested by the same counterfactual tester.
import {
  AbortError, baselineExplanation, explainCleann, rawAttentionRanking, rolloutRanking,
  type BaselineResult, type Explanation, type IcdIteration, type PagJson,
} from '../engine';
import type { LoadedModel, ModelRun } from '../model';
import { attentionMatrix, meanAttentionPerLayer, resolveHead, resolveLayer, type HeadChoice, type LayerChoice } from './attention';
import { inProcessLearner, type PagLearner } from './learner';
import { padTester } from './tester';

export interface ExplainOptions {
  /** Layer index (0 = first) or 'deepest' (default). */
  layer?: LayerChoice;
  /** Head index or 'mean' over the layer's heads (default). */
  head?: HeadChoice;
  /** Fisher-z sample size; default: the model's hidden size. */
  samples?: number;
  /** CI-test threshold; default 0.01. */
  alpha?: number;
  maxR?: number;
  /** Largest explanation size CLEANN tries; default 3. */
  maxSetSize?: number;
  /** Most model runs the CLEANN search may make; default 2000 (then the search stops, reported in warnings). */
  maxTests?: number;
  /** Run the raw-attention and rollout baselines (default true). */
  baselines?: boolean;
  /** Longest input in tokens (default: the model's maximum). */
  maxTokens?: number;
  signal?: AbortSignal;
  /** Where correlation + ICD run (default: this thread; the extension uses a worker thread). */
  learner?: PagLearner;
  onProgress?: (stage: ExplainStage, fraction: number) => void;
  onIteration?: (it: IcdIteration) => void;
}

export type ExplainStage = 'model' | 'correlation' | 'pag' | 'explanation' | 'baselines' | 'done';

export interface BaselineReport extends BaselineResult {
  /** Tokens ranked best first (specials left out). */
  ranking: number[];
}

/** The `causal-lens explain --json` object. */
export interface ExplainResult {
  model: string;
  prediction: { label: string; score: number; labelIndex: number; logits: number[] };
  tokens: { text: string; start: number; end: number; special: boolean }[];
  layer: number;
  head: HeadChoice;
  samples: number;
  alpha: number;
  pag: PagJson;
  ciTests: number;
  converged: boolean;
  explanation: Explanation;
  baselines: { rawAttention: BaselineReport; rollout: BaselineReport } | null;
  truncated: ModelRun['truncated'];
  warnings: string[];
  /** Milliseconds per stage. */
  timings: { model: number; correlation: number; pag: number; explanation: number; baselines: number; total: number };
}

export const DEFAULT_MAX_SET_SIZE = 3;
export const DEFAULT_MAX_TESTS = 2000;

function abortIfNeeded(signal?: AbortSignal): void {
  if (signal?.aborted) throw new AbortError('the explanation was cancelled');
}

/** Runs the model on `text`, then the engine. */
export async function explainText(model: LoadedModel, text: string, opts: ExplainOptions = {}): Promise<ExplainResult> {
  opts.onProgress?.('model', 0);
  const t0 = performance.now();
  const run = await model.run(text, { maxTokens: opts.maxTokens });
  const modelMs = performance.now() - t0;
  abortIfNeeded(opts.signal);
  return reexplain(run, model, opts, modelMs);
}

/** Re-runs only the engine on a (cached) model run, e.g. with another layer, head or alpha. */
export async function reexplain(run: ModelRun, model: LoadedModel, opts: ExplainOptions = {}, modelMs = 0): Promise<ExplainResult> {
  const start = performance.now() - modelMs;
  const layer = resolveLayer(run, opts.layer);
  const head = resolveHead(run, opts.head);
  const samples = opts.samples ?? model.config.hiddenSize;
  const alpha = opts.alpha ?? 0.01;
  const specials = run.tokens.flatMap((t, i) => (t.special ? [i] : []));
  const target = 0; // [CLS]: the classifier's input
  const warnings = [...run.warnings];

  opts.onProgress?.('correlation', 0);
  const att = attentionMatrix(run, layer, head);
  // One call for both stages: a worker learner computes the correlation on its side too.
  opts.onProgress?.('pag', 0);
  const { learned, correlationMs, pagMs } = await (opts.learner ?? inProcessLearner)(att, {
    samples, alpha, maxR: opts.maxR, onIteration: opts.onIteration, signal: opts.signal,
  });
  abortIfNeeded(opts.signal);

  opts.onProgress?.('explanation', 0);
  let t = performance.now();
  const maxTests = opts.maxTests ?? DEFAULT_MAX_TESTS;
  const tester = padTester(model, run, maxTests);
  const explanation = await explainCleann(learned.pag, target, {
    maxSetSize: opts.maxSetSize ?? DEFAULT_MAX_SET_SIZE,
    exclude: specials,
    tester: (s) => tester.test(s),
    signal: opts.signal,
  });
  if (tester.exhausted) warnings.push(`the explanation search stopped after ${maxTests} model runs: larger sets were not tested`);
  const explanationMs = performance.now() - t;

  let baselines: ExplainResult['baselines'] = null;
  t = performance.now();
  if (opts.baselines !== false) {
    opts.onProgress?.('baselines', 0);
    const bTester = padTester(model, run);
    const rawRanking = rawAttentionRanking(att, target, specials);
    const rawAttention = { ranking: rawRanking, ...await baselineExplanation(rawRanking, (s) => bTester.test(s)) };
    abortIfNeeded(opts.signal);
    const rollRanking = rolloutRanking(meanAttentionPerLayer(run), target, specials);
    const rollout = { ranking: rollRanking, ...await baselineExplanation(rollRanking, (s) => bTester.test(s)) };
    baselines = { rawAttention, rollout };
  }
  const baselinesMs = performance.now() - t;
  opts.onProgress?.('done', 1);

  const { label, score, labelIndex, logits } = run.prediction;
  return {
    model: model.id,
    prediction: { label, score, labelIndex, logits },
    tokens: run.tokens.map(({ text, start, end, special }) => ({ text, start, end, special })),
    layer,
    head,
    samples,
    alpha,
    pag: learned.json,
    ciTests: learned.ciTests,
    converged: learned.converged,
    explanation,
    baselines,
    truncated: run.truncated,
    warnings,
    timings: {
      model: modelMs, correlation: correlationMs, pag: pagMs, explanation: explanationMs, baselines: baselinesMs,
      total: performance.now() - start,
    },
  };
}
