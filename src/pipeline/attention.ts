// Picks the attention matrix the engine works on from a model run: one layer, one head or the mean
// over heads, as plain seq×seq number arrays.
import type { ModelRun } from '../model';

export type LayerChoice = number | 'deepest';
export type HeadChoice = number | 'mean';
/** 'each': one PAG per head of the layer, CLEANN over all of them (the reference notebook's way). */
export type HeadMode = HeadChoice | 'each';

export function resolveLayer(run: ModelRun, layer: LayerChoice = 'deepest'): number {
  const n = run.attentions.length;
  if (layer === 'deepest') return n - 1;
  if (!Number.isInteger(layer) || layer < 0 || layer >= n)
    throw new RangeError(`layer ${layer} does not exist: the model has layers 0–${n - 1}`);
  return layer;
}

export function resolveHead(run: ModelRun, head?: HeadChoice): HeadChoice;
export function resolveHead(run: ModelRun, head?: HeadMode): HeadMode;
export function resolveHead(run: ModelRun, head: HeadMode = 'mean'): HeadMode {
  const n = run.attentions[0]?.length ?? 0;
  if (head === 'mean' || head === 'each') return head;
  if (!Number.isInteger(head) || head < 0 || head >= n)
    throw new RangeError(`head ${head} does not exist: the model has heads 0–${n - 1}`);
  return head;
}

function toRows(flat: Float32Array, seq: number): number[][] {
  return Array.from({ length: seq }, (_, i) => Array.from(flat.subarray(i * seq, (i + 1) * seq)));
}

/** One head's matrix, or the element-wise mean over the layer's heads. */
export function attentionMatrix(run: ModelRun, layer: number, head: HeadChoice): number[][] {
  const heads = run.attentions[layer];
  if (head !== 'mean') return toRows(heads[head], run.seq);
  const seq = run.seq;
  const sum = new Float64Array(seq * seq);
  for (const h of heads) for (let k = 0; k < sum.length; k++) sum[k] += h[k];
  return Array.from({ length: seq }, (_, i) =>
    Array.from(sum.subarray(i * seq, (i + 1) * seq), (v) => v / heads.length),
  );
}

/** Every layer's head-averaged matrix, first to last (the input of attention rollout). */
export function meanAttentionPerLayer(run: ModelRun): number[][][] {
  return run.attentions.map((_, l) => attentionMatrix(run, l, 'mean'));
}
