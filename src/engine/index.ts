// The engine's public API: attention → correlation → PAG (ICD with partial-correlation tests) → CLEANN.
import { ParCorrTest, DEFAULT_ALPHA, DEFAULT_SAMPLES } from './ciTest';
import { EngineInputError } from './errors';
import { learnIcd, type IcdIteration, type IcdResult } from './icd';
import { validateCorrelation } from './validate';

export type { Mark, PagJson, PagEdgeJson, SepsetJson, CiTest } from './types';
export { Pag, edgeText, NONE, CIRCLE, ARROW, TAIL } from './pag';
export { attentionToCorrelation, averageHeads, covToCorr, checkSquare } from './correlation';
export { validateCorrelation } from './validate';
export { ParCorrTest, DEFAULT_ALPHA, DEFAULT_SAMPLES } from './ciTest';
export { learnIcd, icdSepSets, type IcdOptions, type IcdIteration, type IcdResult } from './icd';
export { createPdsTree, PdsTree } from './pdsTree';
export {
  explainCleann, explainCleannMany, YIELD_EVERY, type Explanation, type CleannOptions, type SetEvidence,
  type TestVerdict, type ExplanationTester, type SearchStop, type SearchProgress, type PartialResult,
} from './cleann';
export { SubsetSpace, STEP } from './lazySubsets';
export { rawAttentionRanking, rolloutRanking, rollout, rolloutRow, baselineExplanation, type BaselineResult } from './baselines';
export { AbortError, EngineInputError } from './errors';
export { normalCdf } from './normal';

export interface LearnPagOptions {
  /** Effective sample size of the Fisher-z test (the model's hidden size); default 768. */
  samples?: number;
  /** p-value threshold: independent when p > alpha; default 0.01. */
  alpha?: number;
  maxR?: number;
  nodes?: number[];
  onIteration?: (it: IcdIteration) => void;
  signal?: AbortSignal;
}

export type LearnResult = IcdResult;

/** Learn a PAG from a correlation matrix (validated first) with ICD and the partial-correlation test. */
export async function learnPag(corr: number[][], opts: LearnPagOptions = {}): Promise<LearnResult> {
  const m = validateCorrelation(corr);
  const samples = opts.samples ?? DEFAULT_SAMPLES;
  const alpha = opts.alpha ?? DEFAULT_ALPHA;
  if (!(Number.isFinite(samples) && samples > 0)) throw new EngineInputError(`samples must be a positive number, got ${samples}`);
  if (!(alpha > 0 && alpha < 1)) throw new EngineInputError(`alpha must be in (0, 1), got ${alpha}`);
  if (opts.maxR !== undefined && !(Number.isInteger(opts.maxR) && opts.maxR >= 0)) throw new EngineInputError(`maxR must be a non-negative integer, got ${opts.maxR}`);
  const test = new ParCorrTest(m, { samples, alpha });
  return learnIcd(m.length, test, { maxR: opts.maxR, nodes: opts.nodes, onIteration: opts.onIteration, signal: opts.signal });
}
