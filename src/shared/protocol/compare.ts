// Compare Layers / Compare Heads: what is put side by side, the entries' keys, their order and names.
import type { PagJson } from '../pagNotation';
import type { ExplanationPayload, HeadChoice, TimingsPayload } from './payloads';

/** What a comparison puts side by side: the layers (Compare Layers), or the heads of one layer and
 *  their mean, the consensus (Compare Heads). */
export type CompareAxis = 'layer' | 'head';
/** An entry's place on the axis: a layer number, or a head number or 'mean'. */
export type CompareKey = number | 'mean';

/** One PAG and explanation of a comparison (one layer, or one head of a layer). */
export interface CompareEntryPayload {
  layer: number;
  head: HeadChoice;
  pag: PagJson;
  explanation: ExplanationPayload;
  timings?: TimingsPayload;
}

/** The entry's key on the comparison's axis. */
export function compareKey(axis: CompareAxis | undefined, e: Pick<CompareEntryPayload, 'layer' | 'head'>): CompareKey {
  return axis === 'head' ? e.head : e.layer;
}

/** Axis order of two keys: layers or heads ascending, the heads' mean last (a sort comparator). */
export function compareKeyOrder(a: CompareKey, b: CompareKey): number {
  const rank = (k: CompareKey): number => (k === 'mean' ? Number.MAX_SAFE_INTEGER : k);
  return rank(a) - rank(b);
}

/** "Layer 3", "Head 1", "Mean of heads". */
export function compareLabel(axis: CompareAxis | undefined, key: CompareKey): string {
  if (axis === 'head') return key === 'mean' ? 'Mean of heads' : `Head ${key}`;
  return `Layer ${key}`;
}

/** Differences between one entry and the reference entry (see webview/diff.ts). */
export interface CompareDiffPayload {
  key: CompareKey;
  reference: CompareKey;
  /** Edges present in this entry and absent in the reference, as [a, b] with a < b. */
  gained: [number, number][];
  /** Edges present in `reference` and absent in `layer`. */
  lost: [number, number][];
  /** Edges present in both whose marks differ. */
  remarked: [number, number][];
  /** Tokens in both explanations (union over sets), and the Jaccard index of the two unions. */
  overlap: number[];
  jaccard: number;
}
