// The extension's settings (contributes.configuration, causalLens.*), read into one typed object.
import * as vscode from 'vscode';
import { DEFAULT_CI_TEST } from '../engine';
import { DEFAULT_MAX_SET_SIZE, DEFAULT_MAX_TESTS, DEFAULT_TIME_BUDGET_MS } from '../pipeline/explain';

export interface LensSettings {
  /** Hub id or local folder; '' = the shipped offline model. */
  model: string;
  offline: boolean;
  layer: number | 'deepest';
  /** A head, their mean, or 'each' (one PAG per head). */
  head: number | 'mean' | 'each';
  /** Learn the PAG over [SEP]/[PAD] too (default false: the text's tokens and [CLS]). */
  specialsInGraph: boolean;
  alpha: number;
  /** The CI test's registered name (causalLens.ciTest); an unknown one fails the run with the known names. */
  ciTest: string;
  /** Fisher-z sample size; undefined = the model's hidden size. */
  samples: number | undefined;
  maxTokens: number;
  maxSetSize: number;
  /** Most model runs one explanation search may make. */
  maxModelRuns: number;
  /** Most milliseconds one explanation search may take. */
  searchTimeMs: number;
  /** ICD's time limit (causalLens.graphSeconds); undefined = none beyond its test budget. */
  graphTimeMs: number | undefined;
  /** Spend the second half of the budget on a greedy search when the smallest-first one found nothing. */
  greedySearch: boolean;
  explanationColor: string;
  candidateColor: string;
}

export const SECTION = 'causalLens';

function intOr<T>(raw: unknown, fallback: T): number | T {
  const s = String(raw ?? '').trim();
  return /^\d+$/.test(s) ? Number(s) : fallback;
}

function headSetting(raw: unknown): LensSettings['head'] {
  const s = String(raw ?? 'each').trim();
  return s === 'each' ? 'each' : intOr(s, 'mean' as const);
}

export function readSettings(): LensSettings {
  const c = vscode.workspace.getConfiguration(SECTION);
  const samples = c.get<number>('samples', 0);
  const graphSeconds = c.get<number>('graphSeconds', 0);
  return {
    model: c.get<string>('model', '').trim(),
    offline: c.get<boolean>('offline', false),
    layer: intOr(c.get('layer', 'deepest'), 'deepest' as const),
    head: headSetting(c.get('headAggregation', 'each')),
    specialsInGraph: c.get<boolean>('specialTokensInGraph', false),
    alpha: c.get<number>('alpha', 0.01),
    ciTest: c.get<string>('ciTest', DEFAULT_CI_TEST).trim() || DEFAULT_CI_TEST,
    samples: samples > 0 ? samples : undefined,
    maxTokens: c.get<number>('maxTokens', 256),
    maxSetSize: c.get<number>('maxSetSize', DEFAULT_MAX_SET_SIZE),
    maxModelRuns: c.get<number>('maxModelRuns', DEFAULT_MAX_TESTS),
    searchTimeMs: Math.round(1000 * c.get<number>('searchSeconds', DEFAULT_TIME_BUDGET_MS / 1000)),
    graphTimeMs: graphSeconds > 0 ? Math.round(1000 * graphSeconds) : undefined,
    greedySearch: c.get<boolean>('greedySearch', true),
    explanationColor: c.get<string>('highlight.explanationColor', '').trim(),
    candidateColor: c.get<string>('highlight.candidateColor', '').trim(),
  };
}

/** Settings that change which model is loaded (a change means: reload it). */
export function affectsModel(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.model`) || e.affectsConfiguration(`${SECTION}.offline`);
}

export function affectsColours(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(`${SECTION}.highlight`);
}
