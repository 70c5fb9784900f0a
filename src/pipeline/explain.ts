// Text → model run → attention of one layer → correlation → PAG (ICD) → CLEANN explanation of the
// prediction at [CLS], with the paper's baselines tested by the same counterfactual tester.
import {
  AbortError,
  baselineExplanation,
  DEFAULT_CI_TEST,
  defaultMaxTests,
  explainCleannMany,
  rawAttentionRanking,
  rolloutRanking,
  type BaselineResult,
  type CiTestSpec,
  type Explanation,
  type IcdIteration,
  type IcdProgress,
  type PagJson,
} from '../engine';
import type { LoadedModel, ModelRun } from '../model';
import {
  attentionMatrix,
  meanAttentionPerLayer,
  resolveHead,
  resolveLayer,
  type HeadChoice,
  type HeadMode,
  type LayerChoice,
} from './attention';
import { inProcessLearner, type PagLearner } from './learner';
import { searchSummary, type SearchBudget } from './searchText';
import { padTester, type ExplainedOutput } from './tester';
import { pagTruncationText } from '../shared/pagProgressText';

export interface ExplainOptions {
  /** Layer index (0 = first) or 'deepest' (default). */
  layer?: LayerChoice;
  /** Head index, 'mean' over the layer's heads (default), or 'each': one PAG per head, explanations over all of them. */
  head?: HeadMode;
  /** Learn the PAG over the special tokens too (default true); false: the reference notebook's nodes_set, specials left out (the target kept). */
  specialsInGraph?: boolean;
  /** The token a tested set is replaced with: 'pad' (the reference's tester, default) or 'mask'. */
  replacement?: 'pad' | 'mask';
  /** Multi-label models: the label to explain (name or index; default the highest-scoring one). */
  label?: string | number;
  /** A second text: explain the prediction for the pair (NLI, paraphrase). */
  pair?: string;
  /** Masked LM: the characters [start, end) of the word to predict (masked, then explained). */
  maskRange?: [number, number];
  /** Fisher-z sample size; default: the model's hidden size. */
  samples?: number;
  /** CI-test threshold; default 0.01. */
  alpha?: number;
  /** The CI test by name (default fisher-z): plain data, so it reaches a worker-thread learner. */
  ciTest?: CiTestSpec;
  maxR?: number;
  /** ICD's CI-test budget (default defaultMaxTests(tokens)); when spent the last completed round's PAG is used, with a warning. */
  icdMaxTests?: number;
  /** ICD's time limit in milliseconds (default: none), likewise. */
  icdTimeLimitMs?: number;
  /** Largest explanation size CLEANN tries; default (0 or undefined): no cap, sizes grow until the budget is spent. */
  maxSetSize?: number;
  /** Most model runs the CLEANN search may make; default 2000 (then the search stops, reported in warnings). */
  maxTests?: number;
  /** Most milliseconds the CLEANN search may take; default DEFAULT_TIME_BUDGET_MS. */
  timeBudgetMs?: number;
  /**
   * 'greedy' (default): when the smallest-first search spends half the budget without an explanation,
   * the other half looks for an irreducible one greedily (reported as such); 'none': the reference's search only.
   */
  fallback?: 'greedy' | 'none';
  /** Run the raw-attention and rollout baselines (default true). */
  baselines?: boolean;
  /** Longest input in tokens (default: the model's maximum). */
  maxTokens?: number;
  signal?: AbortSignal;
  /** Where correlation + ICD run (default: this thread; the extension uses a worker thread). */
  learner?: PagLearner;
  onProgress?: (stage: ExplainStage, fraction: number) => void;
  onIteration?: (it: IcdIteration) => void;
  /** ICD's progress within its rounds (the first source's learner; about every 250 ms and at each round's start). */
  onPagProgress?: (p: IcdProgress) => void;
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
  /** The output explained and what counts as flipping it (the CLI and panel say which). */
  explained?: ExplainedTarget;
  /** segment: sentence pairs only, 0 = the first text, 1 = the second (ranges index into that text). */
  tokens: { text: string; start: number; end: number; special: boolean; segment?: 0 | 1 }[];
  layer: number;
  head: HeadMode;
  /** What each of the explanation's `origins` indices stands for: the heads searched (one entry unless head is 'each'). */
  sources: HeadChoice[];
  /** With head 'each': the head whose PAG `pag` is (the one behind the first explanation, or the best partial set). */
  pagHead?: number;
  /** With head 'each': every head's PAG. */
  headPags?: { head: number; pag: PagJson; ciTests: number; converged: boolean }[];
  samples: number;
  alpha: number;
  /** The CI test's name, when it is not the default fisher-z (the default's output is unchanged). */
  ciTest?: string;
  pag: PagJson;
  ciTests: number;
  converged: boolean;
  explanation: Explanation;
  /** The explanation search's budget and one plain sentence on its outcome (the CLI, panel and hover show it). */
  search: SearchBudget & { summary: string };
  baselines: { rawAttention: BaselineReport; rollout: BaselineReport } | null;
  truncated: ModelRun['truncated'];
  warnings: string[];
  /** Milliseconds per stage. */
  timings: { model: number; correlation: number; pag: number; explanation: number; baselines: number; total: number };
}

export interface ExplainedTarget {
  /** 'single-label': softmax over classes; 'multi-label': one sigmoid per label; 'masked-token': the token predicted at the mask. */
  kind: 'single-label' | 'multi-label' | 'masked-token';
  label: string;
  labelIndex: number;
  /** The label's probability (softmax, or sigmoid for multi-label). */
  score: number;
  /** The token index explained (the classifier's first token, or the mask). */
  token: number;
  /** What a counterfactual must do to count, in words. */
  flip: string;
}

/** Which output to explain: the predicted class, the chosen (or highest) multi-label label, or the masked token. */
export function explainedTarget(
  model: Pick<LoadedModel, 'config' | 'id'>,
  run: ModelRun,
  label?: string | number,
): { target: ExplainedTarget; output: ExplainedOutput } {
  const token = run.target ?? 0;
  const p = run.prediction;
  if (model.config.task === 'masked-lm') {
    return {
      target: {
        kind: 'masked-token',
        label: p.label,
        labelIndex: p.labelIndex,
        score: p.score,
        token,
        flip: `the token predicted at the mask changes from "${p.label}"`,
      },
      output: { kind: 'argmax', index: p.labelIndex },
    };
  }
  const names = model.config.labels.length ? model.config.labels : p.logits.map((_, i) => `LABEL_${i}`);
  if (!model.config.multiLabel) {
    if (label !== undefined && names[typeof label === 'number' ? label : names.indexOf(label)] !== p.label) {
      throw new RangeError(
        `model "${model.id}" is single-label: the explained class is the predicted one ("${p.label}"), not "${label}"`,
      );
    }
    return {
      target: {
        kind: 'single-label',
        label: p.label,
        labelIndex: p.labelIndex,
        score: p.score,
        token,
        flip: `the predicted class changes from "${p.label}"`,
      },
      output: { kind: 'argmax', index: p.labelIndex },
    };
  }
  const index = label === undefined ? p.labelIndex : typeof label === 'number' ? label : names.indexOf(label);
  if (!Number.isInteger(index) || index < 0 || index >= p.logits.length) {
    throw new RangeError(`model "${model.id}" has no label "${label}"; its labels: ${names.join(', ')}`);
  }
  const score = 1 / (1 + Math.exp(-p.logits[index]));
  const on = score >= 0.5;
  return {
    target: {
      kind: 'multi-label',
      label: names[index] ?? `LABEL_${index}`,
      labelIndex: index,
      score,
      token,
      flip: `"${names[index]}" ${on ? 'falls below' : 'rises to'} 0.5 (now ${score.toFixed(3)})`,
    },
    output: { kind: 'sigmoid', index },
  };
}

/** 0: no cap on the explanation size (the budget bounds the search). */
export const DEFAULT_MAX_SET_SIZE = 0;
export const DEFAULT_MAX_TESTS = 2000;
/** Sets per batched tester run for a text of `tokens` tokens: about 512 tokens a batch, 1 to 16 sets. */
export const testBatchSize = (tokens: number): number => Math.max(1, Math.min(16, Math.floor(512 / tokens)));
export const DEFAULT_TIME_BUDGET_MS = 1000;

function abortIfNeeded(signal?: AbortSignal): void {
  if (signal?.aborted) throw new AbortError('the explanation was cancelled');
}

/** Runs the model on `text`, then the engine. */
export async function explainText(model: LoadedModel, text: string, opts: ExplainOptions = {}): Promise<ExplainResult> {
  opts.onProgress?.('model', 0);
  const t0 = performance.now();
  const run = await model.run(text, { maxTokens: opts.maxTokens, pair: opts.pair, maskRange: opts.maskRange });
  const modelMs = performance.now() - t0;
  abortIfNeeded(opts.signal);
  return reexplain(run, model, opts, modelMs);
}

/** Re-runs only the engine on a (cached) model run, e.g. with another layer, head or alpha. */
export async function reexplain(
  run: ModelRun,
  model: LoadedModel,
  opts: ExplainOptions = {},
  modelMs = 0,
): Promise<ExplainResult> {
  const start = performance.now() - modelMs;
  const layer = resolveLayer(run, opts.layer);
  const head = resolveHead(run, opts.head);
  const samples = opts.samples ?? model.config.hiddenSize;
  const alpha = opts.alpha ?? 0.01;
  const { target: explained, output } = explainedTarget(model, run, opts.label);
  // the classifier's first token (<s>/[CLS]), or a masked LM's [MASK]
  const target = explained.token;
  const specials = run.tokens.flatMap((t, i) => (t.special || i === target ? [i] : []));
  const warnings = [...run.warnings];

  opts.onProgress?.('correlation', 0);
  const sources: HeadChoice[] = head === 'each' ? run.attentions[layer].map((_, h) => h) : [head];
  const att = attentionMatrix(run, layer, head === 'each' ? 'mean' : head);
  const nodes =
    opts.specialsInGraph === false ? run.tokens.flatMap((t, i) => (!t.special || i === target ? [i] : [])) : undefined;
  // One call per source for both stages: a worker learner computes the correlation on its side too;
  // a pool learner runs the heads side by side. Only the first head streams its ICD iterations.
  opts.onProgress?.('pag', 0);
  const learner = opts.learner ?? inProcessLearner;
  const tLearn = performance.now();
  const perSource = await Promise.all(
    sources.map((src, k) =>
      learner(head === 'each' ? attentionMatrix(run, layer, src) : att, {
        samples,
        alpha,
        ciTest: opts.ciTest,
        maxR: opts.maxR,
        maxTests: opts.icdMaxTests ?? defaultMaxTests(nodes?.length ?? run.seq),
        ...(opts.icdTimeLimitMs !== undefined ? { timeLimitMs: opts.icdTimeLimitMs } : {}),
        nodes,
        onIteration: k === 0 ? opts.onIteration : undefined,
        onProgress: k === 0 ? opts.onPagProgress : undefined,
        signal: opts.signal,
      }),
    ),
  );
  abortIfNeeded(opts.signal);
  for (const [k, r] of perSource.entries()) {
    const t = r.learned.truncated;
    if (t) warnings.push(`${sources.length > 1 ? `head ${sources[k]}: ` : ''}${pagTruncationText(t)}`);
  }
  // heads may be learned side by side: report wall time, not the sum
  const correlationMs = Math.max(...perSource.map((r) => r.correlationMs));
  const pagMs = Math.max(0, performance.now() - tLearn - correlationMs);

  opts.onProgress?.('explanation', 0);
  let t = performance.now();
  const budget: SearchBudget = {
    modelRuns: opts.maxTests ?? DEFAULT_MAX_TESTS,
    timeMs: opts.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS,
    ...(opts.maxSetSize ? { maxSetSize: opts.maxSetSize } : {}),
  };
  const replacementId = opts.replacement === 'mask' ? model.maskTokenId : model.padTokenId;
  if (replacementId < 0) throw new RangeError(`model "${model.id}" has no [MASK] token: use the [PAD] replacement`);
  const tester = padTester(model, run, Infinity, replacementId, output);
  let reported = 0;
  const explanation = await explainCleannMany(
    perSource.map((r) => r.learned.pag),
    target,
    {
      maxSetSize: budget.maxSetSize,
      maxTests: budget.modelRuns,
      timeMs: budget.timeMs,
      exclude: specials,
      tester: (s) => tester.probe(s),
      batchTester: (sets) => tester.probeMany(sets),
      // about 512 tokens per batched run (~50 ms here): batches pay off on short texts, and Cancel,
      // seen between batches, still lands within 100 ms on long ones
      batchSize: testBatchSize(run.seq),
      fallback: opts.fallback ?? 'greedy',
      signal: opts.signal,
      // the anytime search's progress: the larger share of its budget spent (reported in 2% steps)
      onProgress: (p) => {
        const f = Math.min(1, Math.max(p.testsRun / budget.modelRuns, (performance.now() - t) / budget.timeMs));
        if (f >= reported + 0.02) {
          reported = f;
          opts.onProgress?.('explanation', f);
        }
      },
    },
  );
  warnings.push(...searchWarnings(explanation, budget));
  const explanationMs = performance.now() - t;
  const search = { ...budget, summary: searchSummary(explanation, budget, run.tokens[target]?.text) };
  // the PAG shown: the one behind the first explanation (or the best partial set)
  const shownSource = explanation.origins[0]?.[0] ?? explanation.best?.origins[0] ?? 0;

  let baselines: ExplainResult['baselines'] = null;
  t = performance.now();
  if (opts.baselines !== false) {
    opts.onProgress?.('baselines', 0);
    const bTester = padTester(model, run, Infinity, replacementId, output);
    const rawRanking = rawAttentionRanking(att, target, specials);
    const rawAttention = { ranking: rawRanking, ...(await baselineExplanation(rawRanking, (s) => bTester.test(s))) };
    abortIfNeeded(opts.signal);
    const rollRanking = rolloutRanking(meanAttentionPerLayer(run), target, specials);
    const rollout = { ranking: rollRanking, ...(await baselineExplanation(rollRanking, (s) => bTester.test(s))) };
    baselines = { rawAttention, rollout };
  }
  const baselinesMs = performance.now() - t;
  opts.onProgress?.('done', 1);

  const { label, score, labelIndex, logits } = run.prediction;
  return {
    model: model.id,
    prediction: { label, score, labelIndex, logits },
    explained,
    tokens: run.tokens.map(({ text, start, end, special, segment }) => ({
      text,
      start,
      end,
      special,
      ...(segment !== undefined ? { segment } : {}),
    })),
    layer,
    head,
    sources,
    ...(head === 'each'
      ? {
          pagHead: shownSource,
          headPags: perSource.map((r, h) => ({
            head: h,
            pag: r.learned.json,
            ciTests: r.learned.ciTests,
            converged: r.learned.converged,
          })),
        }
      : {}),
    samples,
    alpha,
    ...(opts.ciTest && opts.ciTest.name !== DEFAULT_CI_TEST ? { ciTest: opts.ciTest.name } : {}),
    pag: perSource[shownSource].learned.json,
    ciTests: perSource.reduce((a, r) => a + r.learned.ciTests, 0),
    converged: perSource.every((r) => r.learned.converged),
    explanation,
    search,
    baselines,
    truncated: run.truncated,
    warnings,
    timings: {
      model: modelMs,
      correlation: correlationMs,
      pag: pagMs,
      explanation: explanationMs,
      baselines: baselinesMs,
      total: performance.now() - start,
    },
  };
}

/** The budget cut the search short: say where, so the user can raise the right setting. */
function searchWarnings(ex: Explanation, budget: SearchBudget): string[] {
  const byRuns = ex.stop === 'model-runs' || (ex.stop === 'found-cut' && ex.testsRun >= budget.modelRuns);
  // found-cut: explanations exist, but other sets of their size were not all tested
  const k = ex.sets[0]?.length ?? 0;
  const what =
    ex.stop === 'found-cut'
      ? `other sets of ${k} token${k === 1 ? '' : 's'} were not all tested`
      : 'larger sets were not tested';
  if (byRuns) return [`the explanation search stopped after ${budget.modelRuns} model runs: ${what}`];
  if (ex.stop === 'time' || ex.stop === 'found-cut')
    return [
      `the explanation search stopped after its time budget of ${(budget.timeMs / 1000).toFixed(1)} s (${ex.testsRun} model runs): ${what}`,
    ];
  return [];
}
