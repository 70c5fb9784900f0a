// The summary shown after "Explain File": label distribution, mean explanation size, slowest rows.
import type { MalformedRow } from './types';

export interface RowResult {
  lineNumber: number;
  label: string;
  score: number;
  /** Size of the smallest explanation found; null when no subset flipped the prediction. */
  explanationSize: number | null;
  /** The explanation's tokens (first minimal set), for the summary's table. */
  explanation: string[];
  totalMs: number;
}

export interface DatasetSummary {
  file: string;
  rows: number;
  malformed: MalformedRow[];
  labels: { label: string; count: number; fraction: number }[];
  meanExplanationSize: number | null;
  rowsWithoutExplanation: number;
  slowest: { lineNumber: number; totalMs: number }[];
  totalMs: number;
  cancelled: boolean;
}

export function summarize(file: string, results: RowResult[], malformed: MalformedRow[], opts: { cancelled?: boolean; slowest?: number } = {}): DatasetSummary {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r.label, (counts.get(r.label) ?? 0) + 1);
  const sizes = results.map((r) => r.explanationSize).filter((s): s is number => s !== null);
  return {
    file,
    rows: results.length,
    malformed,
    labels: [...counts.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .map(([label, count]) => ({ label, count, fraction: count / results.length })),
    meanExplanationSize: sizes.length ? sizes.reduce((a, b) => a + b, 0) / sizes.length : null,
    rowsWithoutExplanation: results.length - sizes.length,
    slowest: [...results].sort((a, b) => b.totalMs - a.totalMs).slice(0, opts.slowest ?? 5).map((r) => ({ lineNumber: r.lineNumber, totalMs: r.totalMs })),
    totalMs: results.reduce((a, r) => a + r.totalMs, 0),
    cancelled: opts.cancelled ?? false,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

export function summaryMarkdown(s: DatasetSummary): string {
  const out: string[] = [];
  out.push(`# Causal Lens — ${s.file}`, '');
  out.push(`${s.rows} row(s) explained${s.cancelled ? ' before the run was **cancelled**' : ''}, ${s.malformed.length} malformed row(s) skipped, ${(s.totalMs / 1000).toFixed(1)} s in total.`, '');
  out.push('## Labels', '', '| label | rows | share |', '|---|---:|---:|');
  for (const l of s.labels) out.push(`| ${l.label} | ${l.count} | ${pct(l.fraction)} |`);
  out.push('', '## Explanations', '');
  out.push(`Mean explanation size: ${s.meanExplanationSize === null ? 'n/a' : s.meanExplanationSize.toFixed(2)} token(s); rows where no subset flipped the prediction: ${s.rowsWithoutExplanation}.`, '');
  out.push('## Slowest rows', '', '| line | time |', '|---:|---:|');
  for (const r of s.slowest) out.push(`| ${r.lineNumber} | ${r.totalMs.toFixed(0)} ms |`);
  if (s.malformed.length) {
    out.push('', '## Malformed rows (skipped)', '', '| line | reason |', '|---:|---|');
    for (const m of s.malformed) out.push(`| ${m.lineNumber} | ${m.reason.replace(/\|/g, '\\|')} |`);
  }
  return out.join('\n') + '\n';
}
