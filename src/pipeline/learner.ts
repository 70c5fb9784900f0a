// How a pipeline turns one layer's attention into a PAG: correlation, then ICD. The default runs in
// this thread; the extension passes a worker-thread learner (./pagWorker.ts) so that the editor's
// extension host never waits for ICD.
import { AbortError, attentionToCorrelation, learnPag, type LearnPagOptions, type LearnResult } from '../engine';

export interface LearnedPag {
  learned: LearnResult;
  correlationMs: number;
  pagMs: number;
}

/** Attention (seq×seq) → correlation → PAG. Rejects with the engine's errors, or an AbortError. */
export type PagLearner = (attention: number[][], opts: LearnPagOptions) => Promise<LearnedPag>;

export const inProcessLearner: PagLearner = async (attention, opts) => {
  let t = performance.now();
  const corr = attentionToCorrelation(attention);
  const correlationMs = performance.now() - t;
  if (opts.signal?.aborted) throw new AbortError('the explanation was cancelled');
  t = performance.now();
  const learned = await learnPag(corr, opts);
  return { learned, correlationMs, pagMs: performance.now() - t };
};
