// Bounds a webview → host message must keep (validate.ts checks them; the panel's controls use them).
import type { ExportFormat } from './webviewMessages';

/** Bounds for rerun parameters: α is a p-value threshold, samples the Fisher-z sample size. */
export const LIMITS = {
  alphaMin: 1e-12,
  alphaMax: 0.5,
  samplesMin: 4,
  samplesMax: 10_000_000,
  maxLayer: 1024,
  maxHead: 1024,
  maxTokenIndex: 1_000_000,
  /** Most labels a multi-label head may have (rerun's label index). */
  maxLabel: 100_000,
  /** Most alternative explanations a result can list. */
  maxSetIndex: 100_000,
  /** Largest line number a revealRow may name. */
  maxLine: 1_000_000_000,
  /** Largest export payload accepted (characters). */
  maxExportChars: 64 * 1024 * 1024,
} as const;

export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'dot', 'svg', 'png'];
