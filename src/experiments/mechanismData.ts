// Data of the mechanism experiment (issue 15 item 2): sequences whose SCM differs per sequence.
//
// A sequence is [kind token, layout token, v_0 … v_{d−1}]. The two structure tokens choose the
// DAG that generated this sequence's values: a kind (chain, fork, collider, or a latent
// confounder) and a layout (which value position plays which role). So the causal structure is
// per sequence and only readable from context — unlike the global-SCM synthetic experiment,
// where there was nothing per-sequence to discover. Values are linear-Gaussian (scm.ts) and
// discretised into equiprobable bins; value symbol = SYMBOL_OFFSET + position·bins + bin.
//
// Every structure is built in role order (an index order that is topological, hidden root
// first), then mapped to value positions by its layout permutation `layout[role] = position`.
import { learnIcd, type PagJson } from '../engine';
import { DSeparationOracle, idealAttention } from './synthetic';
import {
  Rng,
  SPECIAL_SYMBOLS,
  SYMBOL_OFFSET,
  observedIndices,
  observedCorrelation,
  observedCovariance,
  sampleScm,
  toSequences,
} from './scm';
import type { Scm } from './scm';
import { Matrix, inverse } from 'ml-matrix';

export const MECHANISM_KINDS = ['chain', 'fork', 'collider', 'confounded'] as const;
export type MechanismKind = (typeof MECHANISM_KINDS)[number];
/** Observed value variables per sequence. */
export const VALUE_COUNT = 5;
/** Structure tokens before the values. */
export const VALUE_START = 2;

/**
 * The role-order DAG of each kind (5 observed variables; `confounded` has a hidden root, index 0):
 *   chain      0→1→2→3→4                       PAG: all circles
 *   fork       0→1, 0→2, 0→3, 0→4              PAG: all circles
 *   collider   0→2←1, 2→3→4                    PAG: 0o→2←o1, 2→3→4
 *   confounded X1→X2←H→X3←X4, X3→X5 (H hidden)  PAG: X1o→X2↔X3←oX4, X3→X5
 * Fixed weights (|w| 0.8–1.0, mixed signs) so one kind always means one distribution.
 */
export function kindScm(kind: MechanismKind): Scm {
  const n = kind === 'confounded' ? 6 : 5;
  const W = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const edges: [number, number, number][] =
    kind === 'chain'
      ? [
          [0, 1, 0.9],
          [1, 2, -0.8],
          [2, 3, 0.9],
          [3, 4, 0.85],
        ]
      : kind === 'fork'
        ? [
            [0, 1, 0.9],
            [0, 2, -0.85],
            [0, 3, 0.8],
            [0, 4, 0.95],
          ]
        : kind === 'collider'
          ? [
              [0, 2, 0.9],
              [1, 2, -0.9],
              [2, 3, 0.8],
              [3, 4, 0.9],
            ]
          : // 0 = H (hidden), 1 = X1, 2 = X4, 3 = X2, 4 = X3, 5 = X5
            [
              [1, 3, 0.9],
              [0, 3, 0.9],
              [0, 4, -0.9],
              [2, 4, 0.85],
              [4, 5, 0.8],
            ];
  for (const [a, b, w] of edges) W[a][b] = w;
  const noiseStd = new Array<number>(n).fill(0.6);
  if (kind === 'confounded') noiseStd[0] = 1; // the confounder carries more than the other noises
  return { name: kind, n, weights: W, noiseStd, hidden: kind === 'confounded' ? [0] : [] };
}

export interface Structure {
  kind: MechanismKind;
  kindIndex: number;
  layoutIndex: number;
  /** layout[role] = value position (roles in observedIndices order). */
  layout: number[];
  scm: Scm;
}

/** Layout 0 is the identity; the others are fixed pseudo-random permutations (seeded, not per run). */
export function layouts(count: number): number[][] {
  const rng = new Rng(20261202);
  const out: number[][] = [Array.from({ length: VALUE_COUNT }, (_, i) => i)];
  while (out.length < count) {
    const p = Array.from({ length: VALUE_COUNT }, (_, i) => i);
    for (let i = p.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [p[i], p[j]] = [p[j], p[i]];
    }
    if (!out.some((q) => q.join() === p.join())) out.push(p);
  }
  return out;
}

export function structures(layoutCount: number): Structure[] {
  const ls = layouts(layoutCount);
  return MECHANISM_KINDS.flatMap((kind, kindIndex) =>
    ls.map((layout, layoutIndex) => ({ kind, kindIndex, layoutIndex, layout, scm: kindScm(kind) })),
  );
}

export function vocabulary(
  bins: number,
  layoutCount: number,
): { size: number; kindToken0: number; layoutToken0: number } {
  const kindToken0 = SYMBOL_OFFSET + VALUE_COUNT * bins;
  const layoutToken0 = kindToken0 + MECHANISM_KINDS.length;
  return { size: layoutToken0 + layoutCount, kindToken0, layoutToken0 };
}

/** `count` sequences of one structure: structure tokens, then the values at their layout positions. */
export function structureSequences(
  s: Structure,
  count: number,
  bins: number,
  layoutCount: number,
  rng: Rng,
): number[][] {
  const v = vocabulary(bins, layoutCount);
  const roleSymbols = toSequences(s.scm, sampleScm(s.scm, count, rng), bins);
  return roleSymbols.map((roles) => {
    const seq = new Array<number>(VALUE_START + VALUE_COUNT);
    seq[0] = v.kindToken0 + s.kindIndex;
    seq[1] = v.layoutToken0 + s.layoutIndex;
    roles.forEach((sym, r) => {
      const bin = sym - SYMBOL_OFFSET - r * bins;
      const p = s.layout[r];
      seq[VALUE_START + p] = SYMBOL_OFFSET + p * bins + bin;
    });
    return seq;
  });
}

/** Reorder a role-indexed square matrix to value positions: out[layout[i]][layout[j]] = m[i][j]. */
export function toPositions(m: number[][], layout: number[]): number[][] {
  const out = m.map((row) => row.map(() => 0));
  for (let i = 0; i < m.length; i++) for (let j = 0; j < m.length; j++) out[layout[i]][layout[j]] = m[i][j];
  return out;
}

/** The true PAG over the value positions: ICD with a d-separation oracle (hidden root marginalised), relabelled. */
export async function structurePag(s: Structure): Promise<PagJson> {
  const d = observedIndices(s.scm).length;
  const roles = (await learnIcd(d, new DSeparationOracle(s.scm))).json;
  const edges = roles.edges.map((e) => {
    const a = s.layout[e.a],
      b = s.layout[e.b];
    return a < b ? { a, b, markA: e.markA, markB: e.markB } : { a: b, b: a, markA: e.markB, markB: e.markA };
  });
  edges.sort((x, y) => x.a - y.a || x.b - y.b);
  return { ...roles, n: d, edges, sepsets: [] };
}

/**
 * Ideal-SEM attention over the value positions: a square A with A·Aᵀ = the structure's exact
 * observed covariance (the SEM's own matrix when nothing is hidden) — ABCD's upper bound.
 */
export function idealSemAttention(s: Structure): number[][] {
  return toPositions(idealAttention(s.scm), s.layout);
}

/**
 * Markov-blanket attention over the value positions: row i spreads uniformly over i itself and
 * its observed Markov blanket (the non-zeros of row i of the observed precision matrix — the
 * variables the best predictor of a masked X_i uses). What masked-value training rewards.
 */
export function markovBlanketAttention(s: Structure): number[][] {
  const prec = inverse(new Matrix(observedCovariance(s.scm))).to2DArray();
  const rows = prec.map((row, i) => {
    const keep = row.map((p, j) => j === i || Math.abs(p) > 1e-9 * Math.abs(prec[i][i]));
    const k = keep.filter(Boolean).length;
    return keep.map((x) => (x ? 1 / k : 0));
  });
  return toPositions(rows, s.layout);
}

/** The structure's exact correlation over the value positions. */
export function structureCorrelation(s: Structure): number[][] {
  return toPositions(observedCorrelation(s.scm), s.layout);
}

export const MASK_ID = SPECIAL_SYMBOLS.mask;
