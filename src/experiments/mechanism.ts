// The mechanism experiment (issue 15 item 2): does a Transformer trained on sequences whose SCM
// differs per sequence carry that sequence's causal structure in ONE forward pass's attention,
// as ABCD reads it (A → C = A·Aᵀ → correlation → PAG)?
//
// Per seed: sequences of every structure (mechanismData.ts) → a small masked-value Transformer
// (training/synthetic/train_mechanism.py) → for each held-out sequence, the unmasked pass's
// attention over the value positions (diagonal kept), per layer, per head and head-mean →
// scored against that sequence's true PAG. Calibration rows feed the same scoring the
// ideal-SEM attention (A·Aᵀ = the exact covariance) and the Markov-blanket attention.
// Also measured: how well corr(Z = A·V) matches corr(A·Aᵀ), the premise of the reading.
import { averageHeads, attentionToCorrelation, learnPag, type PagJson } from '../engine';
import {
  attentionEdgeScores,
  averagePrecision,
  bidirectedCounts,
  edgeLabels,
  markCounts,
  offDiagonalAgreement,
  partialCorrelationEdgeScores,
  skeletonCounts,
  type Counts,
} from './mechanismScores';
import {
  MASK_ID,
  VALUE_START,
  idealSemAttention,
  markovBlanketAttention,
  structureCorrelation,
  structurePag,
  structureSequences,
  structures,
  vocabulary,
  type Structure,
} from './mechanismData';
import { Rng } from './scm';

/** What the trainer returns: per held-out sequence, [layer][head][t][t] matrices of the unmasked pass. */
export interface MechanismDump {
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  trainSeconds: number;
  maskedCorrect: number[];
  attentions: number[][][][][];
  corrZ: number[][][][][];
  corrV: number[][][][][];
  /** Diagnostic: [test][layer][head][value i][t], value row i from the pass with value i masked (absent in old dumps). */
  maskedRows?: number[][][][][];
  /** Read from the cache: this run did not train (trainSeconds is the original training's). */
  fromCache?: boolean;
}

export type MechanismSource = (input: {
  train: number[][];
  test: number[][];
  vocabSize: number;
  seqLen: number;
  valueStart: number;
  maskId: number;
  seed: number;
}) => Promise<MechanismDump>;

export interface MechanismOptions {
  seeds: number[];
  layoutCount: number;
  trainPerStructure: number;
  testPerStructure: number;
  bins: number;
  alpha: number;
  source: MechanismSource;
  onSeed?: (seed: number, index: number) => void;
}

/** One route's verdict on one sequence. `ap` is the skeleton's average precision (threshold-free). */
export interface RouteScore {
  ap: number | null;
  skeleton: Counts;
  arrow: Counts;
  tail: Counts;
  bidirected: Counts;
  /** ABCD could not run (e.g. a singular A·Aᵀ); the sequence counts as no edges claimed. */
  failed?: boolean;
}

export interface Agreement {
  layer: number;
  /** 'mean' for the head-mean of the per-head numbers. */
  head: number | 'mean';
  /** corr(Z = A·V) vs corr(A·Aᵀ) over all positions' off-diagonal pairs. */
  zMeanAbsDiff: number;
  zPearson: number | null;
  /** Mean |corr(V)| off the diagonal: 0 when V's rows are uncorrelated (the premise). */
  vMeanAbsCorr: number;
  /** corr(A·Aᵀ) on the value positions vs the sequence's true SCM correlation. */
  truthPearson: number | null;
}

export interface SequenceRecord {
  seed: number;
  kind: string;
  layout: number;
  maskedCorrect: number;
  /** Route name → method → score. Methods: abcd (attention → PAG), attention (raw ranking / > 1/d). */
  routes: Record<string, { abcd: RouteScore; attention: RouteScore }>;
  agreement: Agreement[];
}

export interface SeedInfo {
  seed: number;
  hiddenSize: number;
  numLayers: number;
  numHeads: number;
  trainSeconds: number;
  fromCache: boolean;
  maskedAccuracy: number;
}

const sub = (m: number[][], from: number): number[][] => m.slice(from).map((r) => r.slice(from));

/** Raw-attention PAG: a circle–circle edge where the symmetric weight exceeds the uniform 1/d. */
function thresholdPag(att: number[][]): PagJson {
  const d = att.length;
  const edges: PagJson['edges'] = [];
  for (let a = 0; a < d; a++)
    for (let b = a + 1; b < d; b++)
      if ((Math.abs(att[a][b]) + Math.abs(att[b][a])) / 2 > 1 / d)
        edges.push({ a, b, markA: 'circle', markB: 'circle' });
  return { n: d, edges, sepsets: [], iterations: 0 };
}

function scoreAgainst(learned: PagJson, truth: PagJson, ap: number | null): RouteScore {
  return {
    ap,
    skeleton: skeletonCounts(learned, truth),
    arrow: markCounts(learned, truth, 'arrow'),
    tail: markCounts(learned, truth, 'tail'),
    bidirected: bidirectedCounts(learned, truth),
  };
}

/** ABCD and the raw-attention baseline on one value-position attention matrix. */
export async function scoreAttention(
  att: number[][],
  truth: PagJson,
  samples: number,
  alpha: number,
): Promise<{ abcd: RouteScore; attention: RouteScore }> {
  const labels = edgeLabels(truth);
  const attention = scoreAgainst(thresholdPag(att), truth, averagePrecision(attentionEdgeScores(att), labels));
  let abcd: RouteScore;
  try {
    const corr = attentionToCorrelation(att);
    const pag = (await learnPag(corr, { samples, alpha })).json;
    abcd = scoreAgainst(pag, truth, averagePrecision(partialCorrelationEdgeScores(corr, samples), labels));
  } catch {
    abcd = { ...scoreAgainst({ n: att.length, edges: [], sepsets: [], iterations: 0 }, truth, null), failed: true };
  }
  return { abcd, attention };
}

function agreementOf(
  layer: number,
  head: number,
  att: number[][],
  corrZ: number[][],
  corrV: number[][],
  truth: number[][],
): Agreement {
  const cAA = attentionToCorrelation(att);
  const z = offDiagonalAgreement(corrZ, cAA);
  const vOff = corrV.flatMap((r, i) => r.filter((_, j) => j > i).map(Math.abs));
  return {
    layer,
    head,
    zMeanAbsDiff: z.meanAbsDiff,
    zPearson: z.pearson,
    vMeanAbsCorr: vOff.reduce((s, x) => s + x, 0) / vOff.length,
    truthPearson: offDiagonalAgreement(sub(cAA, VALUE_START), truth).pearson,
  };
}

function meanAgreement(xs: Agreement[], layer: number): Agreement {
  const m = (f: (a: Agreement) => number | null) => {
    const v = xs.map(f).filter((x): x is number => x !== null);
    return v.length ? v.reduce((s, x) => s + x, 0) / v.length : null;
  };
  return {
    layer,
    head: 'mean',
    zMeanAbsDiff: m((a) => a.zMeanAbsDiff)!,
    zPearson: m((a) => a.zPearson),
    vMeanAbsCorr: m((a) => a.vMeanAbsCorr)!,
    truthPearson: m((a) => a.truthPearson),
  };
}

/** A Fisher-z sample size far above the hidden size, for a second ideal-SEM row. */
export const IDEAL_LARGE_N = 1000;

export async function runMechanismSeed(
  seed: number,
  opts: MechanismOptions,
): Promise<{ info: SeedInfo; records: SequenceRecord[] }> {
  const all = structures(opts.layoutCount);
  const rng = new Rng(seed * 7919 + 17);
  const train: number[][] = [],
    test: number[][] = [],
    testOf: Structure[] = [];
  for (const s of all) train.push(...structureSequences(s, opts.trainPerStructure, opts.bins, opts.layoutCount, rng));
  for (const s of all) {
    const seqs = structureSequences(s, opts.testPerStructure, opts.bins, opts.layoutCount, rng);
    test.push(...seqs);
    testOf.push(...seqs.map(() => s));
  }
  // Shuffle the training set so batches mix structures (the trainer samples uniformly anyway).
  for (let i = train.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [train[i], train[j]] = [train[j], train[i]];
  }
  const dump = await opts.source({
    train,
    test,
    vocabSize: vocabulary(opts.bins, opts.layoutCount).size,
    seqLen: test[0].length,
    valueStart: VALUE_START,
    maskId: MASK_ID,
    seed,
  });
  const truths = new Map<Structure, PagJson>();
  for (const s of all) truths.set(s, await structurePag(s));
  const n = dump.hiddenSize;
  const deepest = dump.numLayers - 1;
  // Structure-blind control: the deepest layer's head-mean attention averaged over every held-out
  // sequence, the same matrix for all. A per-sequence reading must beat it to show per-sequence content.
  const blind = sub(averageHeads(dump.attentions.map((layers) => averageHeads(layers[deepest]))), VALUE_START);
  const records: SequenceRecord[] = [];
  for (let t = 0; t < test.length; t++) {
    const s = testOf[t],
      truth = truths.get(s)!;
    const routes: SequenceRecord['routes'] = {
      'ideal-SEM': await scoreAttention(idealSemAttention(s), truth, n, opts.alpha),
      // The same input at a large n: how much of what is missed at n = hidden size is the test's power.
      [`ideal-SEM, n = ${IDEAL_LARGE_N}`]: await scoreAttention(idealSemAttention(s), truth, IDEAL_LARGE_N, opts.alpha),
      'Markov-blanket': await scoreAttention(markovBlanketAttention(s), truth, n, opts.alpha),
      ...(dump.maskedRows
        ? {
            [`L${deepest + 1} head-mean, masked-row diagnostic (row i from the pass with i masked)`]:
              await scoreAttention(
                averageHeads(dump.maskedRows[t][deepest].map((h) => h.map((row) => row.slice(VALUE_START)))),
                truth,
                n,
                opts.alpha,
              ),
          }
        : {}),
      [`L${deepest + 1} head-mean, mean over all sequences (structure-blind)`]: await scoreAttention(
        blind,
        truth,
        n,
        opts.alpha,
      ),
    };
    const agreement: Agreement[] = [];
    const trueCorr = structureCorrelation(s);
    for (let l = 0; l < dump.numLayers; l++) {
      const heads = dump.attentions[t][l];
      routes[`L${l + 1} head-mean`] = await scoreAttention(sub(averageHeads(heads), VALUE_START), truth, n, opts.alpha);
      const perHead: Agreement[] = [];
      for (let h = 0; h < heads.length; h++) {
        routes[`L${l + 1} head ${h + 1}`] = await scoreAttention(sub(heads[h], VALUE_START), truth, n, opts.alpha);
        perHead.push(agreementOf(l + 1, h + 1, heads[h], dump.corrZ[t][l][h], dump.corrV[t][l][h], trueCorr));
      }
      agreement.push(...perHead, meanAgreement(perHead, l + 1));
    }
    records.push({
      seed,
      kind: s.kind,
      layout: s.layoutIndex,
      maskedCorrect: dump.maskedCorrect[t],
      routes,
      agreement,
    });
  }
  const values = test[0].length - VALUE_START;
  return {
    info: {
      seed,
      hiddenSize: dump.hiddenSize,
      numLayers: dump.numLayers,
      numHeads: dump.numHeads,
      trainSeconds: dump.trainSeconds,
      fromCache: dump.fromCache === true,
      maskedAccuracy: dump.maskedCorrect.reduce((a, b) => a + b, 0) / (values * test.length),
    },
    records,
  };
}

export async function runMechanism(opts: MechanismOptions): Promise<{ seeds: SeedInfo[]; records: SequenceRecord[] }> {
  const seeds: SeedInfo[] = [],
    records: SequenceRecord[] = [];
  for (const [i, seed] of opts.seeds.entries()) {
    opts.onSeed?.(seed, i);
    const r = await runMechanismSeed(seed, opts);
    seeds.push(r.info);
    records.push(...r.records);
  }
  return { seeds, records };
}
