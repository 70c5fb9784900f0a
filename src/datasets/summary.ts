// The summary shown after "Explain File": label distribution, every row (line, prediction,
// explanation or none within budget), mean explanation size, slowest rows.
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
  /** Every explained row in file order: its line, prediction and first explanation (null: none within budget). */
  perRow: { lineNumber: number; label: string; score: number; explanation: string[] | null }[];
  totalMs: number;
  cancelled: boolean;
}

export function summarize(
  file: string,
  results: RowResult[],
  malformed: MalformedRow[],
  opts: { cancelled?: boolean; slowest?: number } = {},
): DatasetSummary {
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
    slowest: [...results]
      .sort((a, b) => b.totalMs - a.totalMs)
      .slice(0, opts.slowest ?? 5)
      .map((r) => ({ lineNumber: r.lineNumber, totalMs: r.totalMs })),
    perRow: [...results]
      .sort((a, b) => a.lineNumber - b.lineNumber)
      .map((r) => ({
        lineNumber: r.lineNumber,
        label: r.label,
        score: r.score,
        explanation: r.explanationSize === null ? null : r.explanation,
      })),
    totalMs: results.reduce((a, r) => a + r.totalMs, 0),
    cancelled: opts.cancelled ?? false,
  };
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;

/** Most rows the Markdown summary lists (the panel's summary and the results file have them all). */
export const SUMMARY_MAX_ROWS = 500;

const cell = (t: string) =>
  t
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/`/g, "'")
    .replace(/[\r\n]+/g, ' ');

export interface SummaryMarkdownOptions {
  /** A link that reveals the row's line (e.g. the file's URI with #L<line>); absent: plain line numbers. */
  rowLink?: (line: number) => string;
}

export function summaryMarkdown(s: DatasetSummary, opts: SummaryMarkdownOptions = {}): string {
  const out: string[] = [];
  out.push(`# Causal Lens — ${s.file}`, '');
  out.push(
    `${s.rows} row(s) explained${s.cancelled ? ' before the run was **cancelled**' : ''}, ${s.malformed.length} malformed row(s) skipped, ${(s.totalMs / 1000).toFixed(1)} s in total.`,
    '',
  );
  out.push('## Labels', '', '| label | rows | share |', '|---|---:|---:|');
  for (const l of s.labels) out.push(`| ${l.label} | ${l.count} | ${pct(l.fraction)} |`);
  out.push('', '## Explanations', '');
  out.push(
    `Mean explanation size: ${s.meanExplanationSize === null ? 'n/a' : s.meanExplanationSize.toFixed(2)} token(s); rows where no subset flipped the prediction: ${s.rowsWithoutExplanation}.`,
    '',
  );
  if (s.perRow.length) {
    const line = (n: number) => (opts.rowLink ? `[${n}](${opts.rowLink(n)})` : String(n));
    out.push('## Rows', '', '| line | prediction | explanation |', '|---:|---|---|');
    for (const r of s.perRow.slice(0, SUMMARY_MAX_ROWS)) {
      const ex = r.explanation === null ? '*none within budget*' : r.explanation.map((t) => `\`${cell(t)}\``).join(' ');
      out.push(`| ${line(r.lineNumber)} | ${cell(r.label)} ${(100 * r.score).toFixed(0)}% | ${ex} |`);
    }
    if (s.perRow.length > SUMMARY_MAX_ROWS)
      out.push(
        '',
        `… and ${s.perRow.length - SUMMARY_MAX_ROWS} more rows (all of them in the panel's summary and the results file).`,
      );
    out.push('');
  }
  out.push('## Slowest rows', '', '| line | time |', '|---:|---:|');
  for (const r of s.slowest) out.push(`| ${r.lineNumber} | ${r.totalMs.toFixed(0)} ms |`);
  if (s.malformed.length) {
    out.push('', '## Malformed rows (skipped)', '', '| line | reason |', '|---:|---|');
    for (const m of s.malformed) out.push(`| ${m.lineNumber} | ${m.reason.replace(/\|/g, '\\|')} |`);
  }
  return out.join('\n') + '\n';
}
