// Writing an experiment's results: results/<name>.json (machine-readable) and results/<name>.md
// (the table the README quotes), plus small formatting helpers for the markdown tables.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export function writeResults(
  outDir: string,
  name: string,
  json: unknown,
  markdown: string,
): { json: string; md: string } {
  mkdirSync(outDir, { recursive: true });
  const j = path.join(outDir, `${name}.json`),
    m = path.join(outDir, `${name}.md`);
  writeFileSync(j, JSON.stringify(json, null, 2) + '\n');
  writeFileSync(m, markdown.endsWith('\n') ? markdown : markdown + '\n');
  return { json: j, md: m };
}

/** A number for a table: fixed digits, "–" for null/undefined/NaN. */
export function fmt(x: number | null | undefined, digits = 2): string {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits);
}

export function pct(x: number | null | undefined, digits = 0): string {
  return x === null || x === undefined || Number.isNaN(x) ? '–' : `${(100 * x).toFixed(digits)}%`;
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
