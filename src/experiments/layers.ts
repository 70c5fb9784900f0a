// Layer comparison (the paper's third proposed experiment): the same review explained from the
// attention of every layer — explanation size, faithfulness at that size against random tokens,
// and how much the layers' PAGs and explanation sets agree with the deepest layer's.
import type { LoadedModel, ModelRun } from '../model';
import { reexplain } from '../pipeline';
import {
  faithfulnessStats,
  jaccard,
  maskOutcome,
  mean,
  pagAgreement,
  sizeStats,
  type MaskOutcome,
  type PagAgreement,
  type SizeStats,
  type FaithfulnessStats,
} from './metrics';
import { Rng } from './scm';

export interface LayerRecordEntry {
  layer: number;
  edges: number;
  size: number | null;
  set: number[] | null;
  /** Masking this layer's explanation (null when none found) and k random tokens. */
  cleann: MaskOutcome | null;
  random: MaskOutcome | null;
  vsDeepest: PagAgreement;
  /** Agreement with the next deeper layer (null for the deepest). */
  vsNext: PagAgreement | null;
  /** Jaccard overlap of this layer's explanation with the deepest layer's (both found). */
  jaccardDeepest: number | null;
}

export interface LayerRecord {
  id: string;
  tokens: number;
  layers: LayerRecordEntry[];
  ms: number;
}

export interface LayerOptions {
  maxTokens?: number;
  maxSetSize?: number;
  maxTests?: number;
  seed?: number;
}

async function masked(model: LoadedModel, run: ModelRun, positions: readonly number[]): Promise<MaskOutcome> {
  const ids = run.inputIds.slice();
  for (const p of positions) ids[p] = model.padTokenId;
  return maskOutcome(run.prediction.logits, (await model.runIds(ids)).logits);
}

export async function analyseLayers(
  model: LoadedModel,
  id: string,
  text: string,
  opts: LayerOptions = {},
): Promise<LayerRecord> {
  const t0 = performance.now();
  const run = await model.run(text, { maxTokens: opts.maxTokens });
  const L = run.attentions.length;
  const results = [];
  for (let l = 0; l < L; l++)
    results.push(
      await reexplain(run, model, {
        layer: l,
        baselines: false,
        maxSetSize: opts.maxSetSize,
        maxTests: opts.maxTests,
        timeBudgetMs: Infinity,
      }),
    );
  const words = run.tokens.flatMap((t, i) => (t.special ? [] : [i]));
  const rng = new Rng(opts.seed ?? 1);
  const sets = results.map((r) =>
    r.explanation.kind === 'tested' && r.explanation.sets.length ? r.explanation.sets[0] : null,
  );
  const deepest = L - 1;
  const layers: LayerRecordEntry[] = [];
  for (let l = 0; l < L; l++) {
    const set = sets[l];
    let random: MaskOutcome | null = null;
    if (set) {
      const pick = words.slice();
      for (let i = pick.length - 1; i > 0; i--) {
        const j = rng.int(i + 1);
        [pick[i], pick[j]] = [pick[j], pick[i]];
      }
      random = await masked(model, run, pick.slice(0, set.length));
    }
    layers.push({
      layer: l,
      edges: results[l].pag.edges.length,
      size: set ? set.length : null,
      set,
      cleann: set ? await masked(model, run, set) : null,
      random,
      vsDeepest: pagAgreement(results[l].pag, results[deepest].pag),
      vsNext: l < deepest ? pagAgreement(results[l].pag, results[l + 1].pag) : null,
      jaccardDeepest: set && sets[deepest] ? jaccard(set, sets[deepest]!) : null,
    });
  }
  return { id, tokens: run.seq, layers, ms: performance.now() - t0 };
}

export interface LayerSummaryRow {
  layer: number;
  meanEdges: number | null;
  size: SizeStats;
  cleann: FaithfulnessStats;
  random: FaithfulnessStats;
  skeletonF1VsDeepest: number | null;
  markAgreementVsDeepest: number | null;
  skeletonF1VsNext: number | null;
  jaccardVsDeepest: number | null;
}

export function summariseLayers(records: LayerRecord[]): LayerSummaryRow[] {
  const L = records.length ? records[0].layers.length : 0;
  const rows: LayerSummaryRow[] = [];
  for (let l = 0; l < L; l++) {
    const es = records.map((r) => r.layers[l]);
    const defined = (xs: (number | null)[]) => xs.filter((x): x is number => x !== null);
    rows.push({
      layer: l,
      meanEdges: mean(es.map((e) => e.edges)),
      size: sizeStats(es.map((e) => e.size)),
      cleann: faithfulnessStats(es.flatMap((e) => (e.cleann ? [e.cleann] : []))),
      random: faithfulnessStats(es.flatMap((e) => (e.random ? [e.random] : []))),
      skeletonF1VsDeepest: mean(es.map((e) => e.vsDeepest.skeletonF1)),
      markAgreementVsDeepest: mean(defined(es.map((e) => e.vsDeepest.markAgreement))),
      skeletonF1VsNext: mean(defined(es.map((e) => e.vsNext?.skeletonF1 ?? null))),
      jaccardVsDeepest: mean(defined(es.map((e) => e.jaccardDeepest))),
    });
  }
  return rows;
}

export function layersMarkdown(
  rows: LayerSummaryRow[],
  meta: { command: string; seconds: number; model: string; n: number; maxSetSize: number; meanTokens: number | null },
): string {
  const f = (x: number | null, d = 2) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(d));
  const p = (x: number | null) => (x === null ? '–' : `${(100 * x).toFixed(0)}%`);
  return [
    '# Layer comparison',
    '',
    `Command: \`${meta.command}\` — ${Math.round(meta.seconds)} s. Model: ${meta.model}; ${meta.n} IMDB test reviews (mean ${f(meta.meanTokens, 0)} tokens); CLEANN sets up to size ${meta.maxSetSize}; heads averaged per layer.`,
    "Per layer: the PAG learned from that layer's attention, its CLEANN explanation of [CLS], and masking it vs masking as many random tokens. Agreement: skeleton F1 and edge-mark agreement of the layer's PAG against the deepest layer's (1 = identical), skeleton F1 against the next deeper layer, Jaccard overlap of explanation sets with the deepest layer's.",
    '',
    '| layer | PAG edges | explanation found | mean size | median size | prob. drop (CLEANN) | random k: flips | random k: prob. drop | skeleton F1 vs deepest | marks agree vs deepest | skeleton F1 vs next | Jaccard vs deepest |',
    '|' + ' --- |'.repeat(12),
    ...rows.map(
      (r) =>
        `| ${r.layer}${r.layer === rows.length - 1 ? ' (deepest)' : ''} | ${f(r.meanEdges, 1)} | ${r.size.found}/${r.size.found + r.size.notFound} | ${f(r.size.mean)} | ${f(r.size.median, 1)} | ${f(r.cleann.meanProbDrop, 3)} | ${p(r.random.flipRate)} | ${f(r.random.meanProbDrop, 3)} | ${f(r.skeletonF1VsDeepest)} | ${f(r.markAgreementVsDeepest)} | ${f(r.skeletonF1VsNext)} | ${f(r.jaccardVsDeepest)} |`,
    ),
    '',
  ].join('\n');
}
