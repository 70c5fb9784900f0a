// The synthetic sanity check (the paper's first proposed experiment): does ABCD recover a known
// causal structure from the attention of a Transformer trained on data from that structure?
//
// Per graph shape: an SCM (scm.ts) → symbol sequences → a small masked-symbol Transformer
// (training/synthetic/train.py, python3-torch) → its deepest-layer attention on held-out
// sequences → correlation → PAG (the engine) → scored against the answer key.
// Answer key: the engine's ICD learner driven by a d-separation oracle on the true DAG with
// hidden variables marginalised (so the key is the true PAG up to ICD's correctness, which the
// d-separation skeleton cross-checks). Reference routes on the same shape:
//   exact     — the SCM's exact correlation with the same Fisher-z sample size as ABCD (upper bound)
//   data      — the sample correlation of the training data, n = number of training sequences
//   abcd      — attention → correlation → PAG, one PAG per held-out sequence, scores averaged;
//               every layer at n = the model's hidden size, the deepest also at a larger n
//   attention — raw attention thresholded (baseline): edge i–j when the head-averaged symmetric
//               attention (A_ij + A_ji)/2 exceeds the uniform level 1/d; marks unknown (circles)
import { learnPag, learnIcd, attentionToCorrelation, averageHeads, type CiTest, type PagJson } from '../engine';
import { CholeskyDecomposition, Matrix } from 'ml-matrix';
import { scorePag, meanPagScore, type PagScore } from './metrics';
import {
  makeScm,
  observedIndices,
  observedCorrelation,
  sampleScm,
  sampleCorrelation,
  toSequences,
  dSeparated,
  magSkeleton,
  Rng,
  SYMBOL_OFFSET,
  SPECIAL_SYMBOLS,
  populationCovariance,
  type Scm,
  type ShapeSpec,
} from './scm';

/** CI "test" that answers with d-separation in the SCM's DAG (positions → SCM indices). */
export class DSeparationOracle implements CiTest {
  private count = 0;
  private readonly obs: number[];
  constructor(private readonly scm: Scm) {
    this.obs = observedIndices(scm);
  }
  independent(x: number, y: number, cond: readonly number[]): boolean {
    this.count++;
    return dSeparated(
      this.scm,
      this.obs[x],
      this.obs[y],
      cond.map((c) => this.obs[c]),
    );
  }
  get testsRun(): number {
    return this.count;
  }
}

/** The true PAG over the sequence positions, and whether its skeleton matches the MAG's. */
export async function truePag(scm: Scm): Promise<{ pag: PagJson; skeletonChecked: boolean }> {
  const d = observedIndices(scm).length;
  const res = await learnIcd(d, new DSeparationOracle(scm));
  const mag = magSkeleton(scm)
    .map(([a, b]) => `${a}-${b}`)
    .sort();
  const got = res.json.edges.map((e) => `${e.a}-${e.b}`).sort();
  return { pag: res.json, skeletonChecked: JSON.stringify(mag) === JSON.stringify(got) };
}

/**
 * Ideal attention of a linear SCM: a square A with A·Aᵀ = the exact covariance of the observed
 * variables (its Cholesky factor; without hidden variables and in topological order this is
 * M·Λ with M = (I − Wᵀ)⁻¹, the SEM itself). What a perfect "attention = linear SEM" reading
 * would give; used by the toy-size tests and `--ideal`.
 */
export function idealAttention(scm: Scm): number[][] {
  const cov = populationCovariance(scm);
  const o = observedIndices(scm);
  return new CholeskyDecomposition(new Matrix(o.map((i) => o.map((j) => cov[i][j])))).lowerTriangularMatrix.to2DArray();
}

/** Raw-attention baseline PAG: circle–circle edge where symmetric attention exceeds 1/d. */
export function thresholdAttentionPag(att: number[][]): PagJson {
  const d = att.length;
  const edges: PagJson['edges'] = [];
  for (let a = 0; a < d; a++)
    for (let b = a + 1; b < d; b++) {
      if ((att[a][b] + att[b][a]) / 2 > 1 / d) edges.push({ a, b, markA: 'circle', markB: 'circle' });
    }
  return { n: d, edges, sepsets: [], iterations: 0 };
}

/** What trained the model and what it looked at: attentions[test][layer][head][row][col]. */
export interface AttentionDump {
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  maskedAccuracy: number;
  trainSeconds: number;
  attentions: number[][][][][];
}

/** Produces attention for the held-out sequences of one shape (Python training, or ideal attention in tests). */
export type AttentionSource = (input: {
  scm: Scm;
  train: number[][];
  test: number[][];
  vocabSize: number;
  maskId: number;
  seed: number;
}) => Promise<AttentionDump>;

export interface SyntheticOptions {
  shapes: ShapeSpec[];
  trainSequences: number;
  testSequences: number;
  bins: number;
  alpha: number;
  seed: number;
  /** A second Fisher-z sample size for the exact and ABCD routes (sensitivity to n); null = skip. */
  altSamples: number | null;
  source: AttentionSource;
  onShape?: (name: string, index: number) => void;
}

export type Route = 'exact' | 'data' | 'abcd' | 'attention';

export interface ShapeResult {
  shape: string;
  nodes: number;
  hidden: number;
  trueEdges: number;
  keySkeletonChecked: boolean;
  maskedAccuracy: number;
  /** Chance level: predicting the most frequent bin (bins are equiprobable: 1/bins). */
  chanceAccuracy: number;
  trainSeconds: number;
  hiddenSize: number;
  /** Scores per route, in table order; `samples` is the Fisher-z n the route used. */
  routes: {
    route: Route;
    samples: number | null;
    /** Attention layer (1-based) for the attention routes. */ layer?: number;
    score: ReturnType<typeof meanPagScore>;
  }[];
}

export const DEFAULT_SHAPES: ShapeSpec[] = [
  { kind: 'chain', nodes: 6, seed: 1 },
  { kind: 'fork', nodes: 6, seed: 2 },
  { kind: 'collider', nodes: 6, seed: 3 },
  { kind: 'random', nodes: 5, seed: 4 },
  { kind: 'random', nodes: 8, seed: 5 },
  { kind: 'random', nodes: 12, seed: 6 },
  { kind: 'confounded', nodes: 8, seed: 7 },
];

export async function runShape(spec: ShapeSpec, opts: SyntheticOptions): Promise<ShapeResult> {
  const scm = makeScm(spec);
  const d = observedIndices(scm).length;
  const rng = new Rng(opts.seed * 1000 + spec.seed);
  const trainSamples = sampleScm(scm, opts.trainSequences, rng);
  const testSamples = sampleScm(scm, opts.testSequences, rng);
  const train = toSequences(scm, trainSamples, opts.bins),
    test = toSequences(scm, testSamples, opts.bins);
  const key = await truePag(scm);
  const dump = await opts.source({
    scm,
    train,
    test,
    vocabSize: SYMBOL_OFFSET + d * opts.bins,
    maskId: SPECIAL_SYMBOLS.mask,
    seed: opts.seed + spec.seed,
  });

  const score = (p: PagJson): PagScore => scorePag(p, key.pag);
  const routes: ShapeResult['routes'] = [];
  const exactCorr = observedCorrelation(scm);
  const ns = [dump.hiddenSize, ...(opts.altSamples && opts.altSamples !== dump.hiddenSize ? [opts.altSamples] : [])];
  const L = dump.attentions[0].length;
  const layerAtt = (l: number) => dump.attentions.map((layers) => averageHeads(layers[l]));
  const abcdScore = async (atts: number[][][], n: number) => {
    const out: PagScore[] = [];
    for (const att of atts)
      out.push(score((await learnPag(attentionToCorrelation(att), { samples: n, alpha: opts.alpha })).json));
    return meanPagScore(out);
  };
  for (const n of ns) {
    const exact = await learnPag(exactCorr, { samples: n, alpha: opts.alpha });
    routes.push({ route: 'exact', samples: n, score: meanPagScore([score(exact.json)]) });
  }
  const data = await learnPag(sampleCorrelation(scm, trainSamples), {
    samples: opts.trainSequences,
    alpha: opts.alpha,
  });
  routes.push({ route: 'data', samples: opts.trainSequences, score: meanPagScore([score(data.json)]) });
  // ABCD from every layer at the model's hidden size; the deepest layer also at the alternative n.
  for (let l = 0; l < L; l++)
    routes.push({ route: 'abcd', samples: ns[0], layer: l + 1, score: await abcdScore(layerAtt(l), ns[0]) });
  for (const n of ns.slice(1))
    routes.push({ route: 'abcd', samples: n, layer: L, score: await abcdScore(layerAtt(L - 1), n) });
  for (let l = 0; l < L; l++)
    routes.push({
      route: 'attention',
      samples: null,
      layer: l + 1,
      score: meanPagScore(layerAtt(l).map((att) => score(thresholdAttentionPag(att)))),
    });
  return {
    shape: scm.name,
    nodes: d,
    hidden: scm.hidden.length,
    trueEdges: key.pag.edges.length,
    keySkeletonChecked: key.skeletonChecked,
    maskedAccuracy: dump.maskedAccuracy,
    chanceAccuracy: 1 / opts.bins,
    trainSeconds: dump.trainSeconds,
    hiddenSize: dump.hiddenSize,
    routes,
  };
}

export async function runSynthetic(opts: SyntheticOptions): Promise<ShapeResult[]> {
  const out: ShapeResult[] = [];
  for (const [i, s] of opts.shapes.entries()) {
    opts.onShape?.(`${s.kind}-${s.nodes}`, i);
    out.push(await runShape(s, opts));
  }
  return out;
}

/** Attention source for tests and for a model-free check: the SCM's ideal attention for every held-out sequence. */
export const idealAttentionSource =
  (hiddenSize: number): AttentionSource =>
  async ({ scm, test }) => {
    const a = idealAttention(scm);
    return {
      hiddenSize,
      numLayers: 1,
      numHeads: 1,
      maskedAccuracy: NaN,
      trainSeconds: 0,
      attentions: test.map(() => [[a]]),
    };
  };

export interface SyntheticMeta {
  command: string;
  seconds: number;
  trainSequences: number;
  testSequences: number;
  bins: number;
  alpha: number;
  model: string;
}

/** The results table: one block of rows per shape, one row per route. */
export function syntheticMarkdown(results: ShapeResult[], meta: SyntheticMeta): string {
  const f = (x: number | null, dg = 2) => (x === null || Number.isNaN(x) ? '–' : x.toFixed(dg));
  const head =
    '| shape | nodes (hidden) | true edges | masked acc. (chance) | route | skeleton P | skeleton R | skeleton F1 | orientation acc. | SHD |';
  const rows: string[] = [head, '|' + ' --- |'.repeat(10)];
  const routeNames: Record<Route, string> = {
    exact: 'exact corr. (upper bound)',
    data: 'sample corr. of training data',
    abcd: 'ABCD: attention → PAG',
    attention: 'raw attention > 1/d',
  };
  for (const r of results) {
    r.routes.forEach(({ route, samples, layer, score: s }, i) => {
      const lead =
        i === 0
          ? [
              r.shape,
              `${r.nodes} (${r.hidden})`,
              String(r.trueEdges),
              `${f(r.maskedAccuracy)} (${f(r.chanceAccuracy)})`,
            ]
          : ['', '', '', ''];
      const name = `${routeNames[route]}${layer !== undefined ? `, layer ${layer}` : ''}${samples !== null ? `, n = ${samples}` : ''}`;
      rows.push(
        `| ${[...lead, name, f(s.precision), f(s.recall), f(s.f1), f(s.orientation), f(s.shd, 1)].join(' | ')} |`,
      );
    });
  }
  return [
    '# Synthetic SCM recovery',
    '',
    `Command: \`${meta.command}\` — ${Math.round(meta.seconds)} s. Model: ${meta.model}.`,
    `Per shape: ${meta.trainSequences} training sequences, ${meta.testSequences} held-out sequences (ABCD and raw-attention rows are means over them), ${meta.bins} symbols per variable, α = ${meta.alpha}.`,
    'Answer key: the true PAG (ICD driven by a d-separation oracle on the true DAG, hidden variables marginalised; its skeleton is cross-checked against the MAG skeleton from d-separation).',
    'SHD = missing + extra edges + wrongly marked edge ends; orientation accuracy = agreeing edge-end marks on correctly found edges.',
    '',
    ...rows,
    '',
  ].join('\n');
}
