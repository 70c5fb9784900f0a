// Layers and heads (issue 15, item 3): per text, one PAG per head and a head-mean PAG for every
// layer; how much the PAGs agree between layers and between the heads of a layer (skeleton F1 and
// edge-mark agreement, next to the F1 two unrelated graphs of the same densities would get), and
// which layer's explanations flip the label most often at an equal size cap and model-run budget
// (CLEANN over the layer's per-head PAGs, the product's default search), with a same-budget random
// control. Nothing is dropped: a layer that finds nothing counts as a failure.
import type { LoadedModel } from '../model';
import { attentionMatrix, inProcessLearner, testBatchSize, type HeadChoice } from '../pipeline';
import { cleannCapped, countingVerdicts, type MethodOutcome } from './fair';
import { pagAgreement, type PagEdges } from './metrics';
import { Rng, fnv1a, shuffle } from './scm';
import { bootstrapCI, censoredMedianRuns, formatInterval, meanOf, type Interval } from './stats';
import { rankedSubsetSearch } from './subsetSearch';

/** F1 that two unrelated skeletons with these edge densities get on average (precision ≈ d2, recall ≈ d1). */
export function chanceF1(d1: number, d2: number): number {
  return d1 + d2 === 0 ? 0 : (2 * d1 * d2) / (d1 + d2);
}

export interface LayerEntry {
  layer: number;
  /** Edges of the head-mean PAG, and its density over the graph's nodes. */
  meanEdges: number;
  density: number;
  /** Mean over the layer's head pairs: skeleton F1, mark agreement on shared edges, chance F1. */
  heads: { f1: number; marks: number | null; chance: number };
  cleann: MethodOutcome;
}

export interface LayerHeadRecord {
  id: string;
  tokens: number;
  layers: LayerEntry[];
  /** Head-mean PAGs of every pair of layers a < b. */
  pairs: { a: number; b: number; f1: number; marks: number | null; chance: number }[];
  /** Same cap and budget, random top-m subsets (layer-independent). */
  random: MethodOutcome;
  ms: number;
}

export interface LayerHeadOptions {
  maxTokens?: number;
  maxSize: number;
  budget: number;
  seed: number;
  alpha?: number;
}

export async function analyseLayerHeads(
  model: LoadedModel,
  id: string,
  text: string,
  opts: LayerHeadOptions,
): Promise<LayerHeadRecord> {
  const t0 = performance.now();
  const run = await model.run(text, { maxTokens: opts.maxTokens });
  const target = run.target ?? 0;
  const specials = run.tokens.flatMap((t, i) => (t.special || i === target ? [i] : []));
  const words = run.tokens.flatMap((t, i) => (t.special || i === target ? [] : [i]));
  const nodes = run.tokens.flatMap((t, i) => (!t.special || i === target ? [i] : []));
  const pairsOfNodes = (nodes.length * (nodes.length - 1)) / 2 || 1;
  const batch = testBatchSize(run.seq);
  const learn = async (l: number, h: HeadChoice) =>
    (
      await inProcessLearner(attentionMatrix(run, l, h), {
        samples: model.config.hiddenSize,
        alpha: opts.alpha ?? 0.01,
        nodes,
      })
    ).learned;
  const density = (p: PagEdges) => p.edges.length / pairsOfNodes;
  const layers: LayerEntry[] = [];
  const means: PagEdges[] = [];
  for (let l = 0; l < run.attentions.length; l++) {
    const heads = await Promise.all(run.attentions[l].map((_, h) => learn(l, h)));
    const mean = await learn(l, 'mean');
    means.push(mean.json);
    const f1s: number[] = [],
      marks: number[] = [],
      chance: number[] = [];
    for (let a = 0; a < heads.length; a++) {
      for (let b = a + 1; b < heads.length; b++) {
        const g = pagAgreement(heads[a].json, heads[b].json);
        f1s.push(g.skeletonF1);
        if (g.markAgreement !== null) marks.push(g.markAgreement);
        chance.push(chanceF1(density(heads[a].json), density(heads[b].json)));
      }
    }
    layers.push({
      layer: l,
      meanEdges: mean.json.edges.length,
      density: density(mean.json),
      heads: { f1: meanOf(f1s) ?? NaN, marks: meanOf(marks), chance: meanOf(chance) ?? NaN },
      cleann: await cleannCapped(model, run, heads, target, specials, opts, batch),
    });
  }
  const pairs: LayerHeadRecord['pairs'] = [];
  for (let a = 0; a < means.length; a++) {
    for (let b = a + 1; b < means.length; b++) {
      const g = pagAgreement(means[a], means[b]);
      pairs.push({
        a,
        b,
        f1: g.skeletonF1,
        marks: g.markAgreement,
        chance: chanceF1(density(means[a]), density(means[b])),
      });
    }
  }
  const rng = new Rng((opts.seed ^ fnv1a(id)) >>> 0);
  const r = await rankedSubsetSearch(shuffle(words, rng), countingVerdicts(model, run), {
    maxSize: opts.maxSize,
    budget: opts.budget,
    batch,
  });
  return {
    id,
    tokens: run.seq,
    layers,
    pairs,
    random: { size: r.set ? r.set.length : null, set: r.set, runs: r.runs, runsToFirst: r.runsToFirst, m: r.m },
    ms: performance.now() - t0,
  };
}

export interface LayerHeadSummary {
  n: number;
  maxSize: number;
  budget: number;
  layers: {
    layer: number;
    meanEdges: number | null;
    density: number | null;
    headF1: Interval;
    headMarks: number | null;
    headChance: number | null;
    found: Interval;
    /** Paired: this layer's found rate minus the deepest layer's. */
    diffVsDeepest: Interval;
    runsToFirst: Interval;
    meanSize: number | null;
    greedy: number;
  }[];
  pairs: { a: number; b: number; f1: Interval; marks: number | null; chance: number | null }[];
  random: { found: Interval; runsToFirst: Interval };
  /** Items where at least one layer found an explanation / every layer did. */
  anyLayer: number;
  allLayers: number;
}

export function summariseLayerHeads(
  records: LayerHeadRecord[],
  opts: { maxSize: number; budget: number; seed?: number },
): LayerHeadSummary {
  const bs = { seed: opts.seed ?? 1 };
  const L = records[0]?.layers.length ?? 0;
  const deepest = L - 1;
  const ok = (o: MethodOutcome) => (o.size !== null && o.size <= opts.maxSize ? 1 : 0);
  const rate = (xs: readonly LayerHeadRecord[], l: number) =>
    xs.length ? xs.reduce((s, r) => s + ok(r.layers[l].cleann), 0) / xs.length : null;
  const layers = Array.from({ length: L }, (_, l) => {
    const es = records.map((r) => r.layers[l]);
    const found = es.filter((e) => e.cleann.size !== null);
    return {
      layer: l,
      meanEdges: meanOf(es.map((e) => e.meanEdges)),
      density: meanOf(es.map((e) => e.density)),
      headF1: bootstrapCI(
        es.map((e) => e.heads.f1),
        meanOf,
        bs,
      ),
      headMarks: meanOf(es.flatMap((e) => (e.heads.marks === null ? [] : [e.heads.marks]))),
      headChance: meanOf(es.map((e) => e.heads.chance)),
      found: bootstrapCI(records, (xs) => rate(xs, l), bs),
      diffVsDeepest: bootstrapCI(records, (xs) => rate(xs, l)! - rate(xs, deepest)!, bs),
      runsToFirst: bootstrapCI(
        es.map((e) => e.cleann.runsToFirst),
        (xs) => censoredMedianRuns(xs, opts.budget),
        bs,
      ),
      meanSize: meanOf(found.map((e) => e.cleann.size!)),
      greedy: found.filter((e) => e.cleann.minimality !== 'smallest').length,
    };
  });
  const pairs = (records[0]?.pairs ?? []).map((p0, k) => ({
    a: p0.a,
    b: p0.b,
    f1: bootstrapCI(
      records.map((r) => r.pairs[k].f1),
      meanOf,
      bs,
    ),
    marks: meanOf(records.flatMap((r) => (r.pairs[k].marks === null ? [] : [r.pairs[k].marks!]))),
    chance: meanOf(records.map((r) => r.pairs[k].chance)),
  }));
  return {
    n: records.length,
    maxSize: opts.maxSize,
    budget: opts.budget,
    layers,
    pairs,
    random: {
      found: bootstrapCI(
        records,
        (xs) => (xs.length ? xs.reduce((s, r) => s + ok(r.random), 0) / xs.length : null),
        bs,
      ),
      runsToFirst: bootstrapCI(
        records.map((r) => r.random.runsToFirst),
        (xs) => censoredMedianRuns(xs, opts.budget),
        bs,
      ),
    },
    anyLayer: records.filter((r) => r.layers.some((e) => ok(e.cleann))).length,
    allLayers: records.filter((r) => r.layers.every((e) => ok(e.cleann))).length,
  };
}

const pc = (x: number | null | undefined) =>
  x === null || x === undefined || Number.isNaN(x) ? '–' : `${(100 * x).toFixed(0)}%`;
const f2 = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(2));
const num = (x: number | null | undefined) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(0));
const ci = formatInterval;

export function layerHeadsMarkdown(
  s: LayerHeadSummary,
  meta: { command: string; seconds: number; model: string; data: string; meanTokens: number | null; failed: number },
): string {
  const deepest = s.layers.length - 1;
  const pt = (v: number | null) => (v === null ? '–' : `${v >= 0 ? '+' : ''}${(100 * v).toFixed(0)} pt`);
  return [
    '# Layers and heads',
    '',
    `Command: \`${meta.command}\` — ${Math.round(meta.seconds)} s on the shared 2-core machine (nice 10).`,
    `Model: ${meta.model}. Data: ${meta.data}; ${s.n} items (mean ${num(meta.meanTokens)} tokens)${meta.failed ? `; ${meta.failed} refused by the engine (JSON)` : ''}.`,
    `Per layer (0 = first): one PAG per head and a head-mean PAG over the text's tokens and [CLS] (the product's graph), alpha 0.01, n = hidden size. Explanations: CLEANN over the layer's per-head PAGs (the product's default search: smallest-first, greedy fallback after half the budget), every layer with the same cap K = ${s.maxSize} and budget B = ${s.budget} model runs; the random control searches random top-m subsets with the same K and B. 95% CIs: percentile bootstrap over items (2,000 resamples, seed 1); differences are paired.`,
    '',
    '## Which layer explains: label flips at equal budget, and agreement between the heads of a layer',
    '',
    `| layer | PAG edges (head mean) | density | found ≤ ${s.maxSize} [95% CI] | vs deepest (paired) | median runs to first (failures = B) | mean size | of which greedy | heads' skeleton F1, mean of pairs [95% CI] | chance F1 at those densities | heads' marks agree (shared edges) |`,
    '|' + ' --- |'.repeat(11),
    ...s.layers.map(
      (r) =>
        `| ${r.layer}${r.layer === deepest ? ' (deepest)' : ''} | ${f2(r.meanEdges)} | ${f2(r.density)} | ${ci(r.found, pc)} | ${r.layer === deepest ? '–' : ci(r.diffVsDeepest, pt)} | ${ci(r.runsToFirst, num)} | ${f2(r.meanSize)} | ${r.greedy} | ${ci(r.headF1, f2)} | ${f2(r.headChance)} | ${f2(r.headMarks)} |`,
    ),
    `| random top-m subsets (control) | – | – | ${ci(s.random.found, pc)} | – | ${ci(s.random.runsToFirst, num)} | – | – | – | – | – |`,
    '',
    `At least one layer found an explanation for ${s.anyLayer} of ${s.n} items; every layer did for ${s.allLayers}.`,
    '',
    '## Agreement between layers (head-mean PAGs)',
    '',
    '| layers | skeleton F1 [95% CI] | chance F1 at those densities | marks agree on shared edges |',
    '| --- | --- | --- | --- |',
    ...s.pairs.map((p) => `| ${p.a} – ${p.b} | ${ci(p.f1, f2)} | ${f2(p.chance)} | ${f2(p.marks)} |`),
    '',
    'Chance F1 = 2·d₁·d₂/(d₁+d₂), what two unrelated skeletons with edge densities d₁, d₂ score on average: agreement is only meaningful above it. Mark agreement is over edge ends of edges both PAGs have.',
    '',
  ].join('\n');
}
