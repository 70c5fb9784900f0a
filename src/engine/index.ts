// The engine's public API: attention → correlation → PAG (ICD with partial-correlation tests) → CLEANN.
import { DEFAULT_ALPHA, DEFAULT_SAMPLES } from './ciTest';
import { createCiTest, DEFAULT_CI_TEST, isCiTestObject, type CiTestSpec } from './ciTestRegistry';
import { EngineInputError } from './errors';
import { learnIcd, type IcdIteration, type IcdProgress, type IcdResult } from './icd';
import { validateCorrelation } from './validate';
import type { CiTest } from './types';

export type { Mark, PagJson, PagEdgeJson, SepsetJson, PagTruncation, CiTest } from './types';
export { Pag, edgeText, NONE, CIRCLE, ARROW, TAIL } from './pag';
export { attentionToCorrelation, averageHeads, covToCorr, checkSquare } from './correlation';
export { validateCorrelation } from './validate';
export { ParCorrTest, DEFAULT_ALPHA, DEFAULT_SAMPLES } from './ciTest';
export { StudentTParCorrTest } from './studentTTest';
export {
  checkCiTestSpec,
  ciTestDescriptions,
  ciTestNames,
  createCiTest,
  DEFAULT_CI_TEST,
  isCiTestObject,
  type CiTestSpec,
  type CiTestOptionValue,
} from './ciTestRegistry';
export { learnIcd, icdSepSets, type IcdOptions, type IcdIteration, type IcdProgress, type IcdResult } from './icd';
export { createPdsTree, PdsTree } from './pdsTree';
export {
  explainCleann,
  explainCleannMany,
  YIELD_EVERY,
  type Explanation,
  type CleannOptions,
  type SetEvidence,
  type TestVerdict,
  type ExplanationTester,
  type SearchStop,
  type SearchProgress,
  type PartialResult,
} from './cleann';
export { SubsetSpace, STEP } from './lazySubsets';
export {
  rawAttentionRanking,
  rolloutRanking,
  rollout,
  rolloutRow,
  baselineExplanation,
  type BaselineResult,
} from './baselines';
export { AbortError, EngineInputError } from './errors';
export { normalCdf } from './normal';

export interface LearnPagOptions {
  /** Effective sample size of the Fisher-z test (the model's hidden size); default 768. */
  samples?: number;
  /** p-value threshold: independent when p > alpha; default 0.01. */
  alpha?: number;
  /** The CI test: a registered one by name (default fisher-z; see ./ciTestRegistry.ts), or a test object built over `corr`. */
  ciTest?: CiTestSpec | CiTest;
  maxR?: number;
  /** ICD's budget: at most this many CI tests (default: none; the CLI and the extension pass defaultMaxTests). */
  maxTests?: number;
  /** ICD's budget in milliseconds of learning (default: none). Either budget, once spent, returns the last completed round's PAG with `truncated` set. */
  timeLimitMs?: number;
  nodes?: number[];
  onIteration?: (it: IcdIteration) => void;
  /** Progress within iterations (iteration r, share of its pairs visited, tests so far), about every 250 ms. */
  onProgress?: (p: IcdProgress) => void;
  signal?: AbortSignal;
}

/**
 * The largest matrix the learner takes. Time and memory grow as n² or faster (the n×n correlation
 * and mark matrices, the neighbour lists, O(n³) validation); the README's bench section gives the
 * measured times. A larger matrix is refused before any of that is allocated, with this number in the message.
 */
export const MAX_PAG_NODES = 2048;

export type LearnResult = IcdResult;

/**
 * The CI-test budget the CLI and the extension give ICD on an n-node matrix: every test rounds 0 and 1 can
 * make (n(n − 1)/2 pairs, each with at most n − 2 single-node sets: polynomial, closed forms), plus
 * 5,000,000 for the rounds with larger sets. Ordinary inputs stay far below it (the bench's shipped-model
 * attention: 2.26 M tests at 512 nodes, 1,369 of them in rounds r ≥ 2, 10.2 M at 1,024; synthetic softmax
 * attention: 4.0 M in all at 256), while a matrix that keeps the graph complete (equicorrelated) would
 * need C(n − 2, r) tests per edge in round r and stops at it, with the last completed round's PAG.
 */
export function defaultMaxTests(n: number): number {
  const pairs = (n * (n - 1)) / 2;
  return 5_000_000 + pairs + pairs * Math.max(0, n - 2);
}

/** Learn a PAG from a correlation matrix (validated first) with ICD and a CI test (default: partial correlation, Fisher z). */
export async function learnPag(corr: number[][], opts: LearnPagOptions = {}): Promise<LearnResult> {
  if (Array.isArray(corr) && corr.length > MAX_PAG_NODES) {
    throw new EngineInputError(
      `the PAG learner takes at most ${MAX_PAG_NODES.toLocaleString('en-US')} nodes; this matrix has ${corr.length.toLocaleString('en-US')} (explain a shorter text, or pass the sub-matrix of the tokens of interest)`,
    );
  }
  const m = validateCorrelation(corr);
  const samples = opts.samples ?? DEFAULT_SAMPLES;
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  if (!(Number.isFinite(samples) && samples > 0))
    throw new EngineInputError(`samples must be a positive number, got ${samples}`);
  if (!(alpha > 0 && alpha < 1)) throw new EngineInputError(`alpha must be in (0, 1), got ${alpha}`);
  if (opts.maxR !== undefined && !(Number.isInteger(opts.maxR) && opts.maxR >= 0))
    throw new EngineInputError(`maxR must be a non-negative integer, got ${opts.maxR}`);
  if (opts.maxTests !== undefined && !(opts.maxTests >= 0))
    throw new EngineInputError(`maxTests must be a non-negative number, got ${opts.maxTests}`);
  if (opts.timeLimitMs !== undefined && !(opts.timeLimitMs >= 0))
    throw new EngineInputError(`timeLimitMs must be a non-negative number, got ${opts.timeLimitMs}`);
  const test =
    opts.ciTest !== undefined && isCiTestObject(opts.ciTest)
      ? opts.ciTest
      : createCiTest(m, opts.ciTest ?? { name: DEFAULT_CI_TEST }, { samples, alpha });
  return learnIcd(m.length, test, {
    maxR: opts.maxR,
    maxTests: opts.maxTests,
    timeLimitMs: opts.timeLimitMs,
    nodes: opts.nodes,
    onIteration: opts.onIteration,
    onProgress: opts.onProgress,
    signal: opts.signal,
  });
}
