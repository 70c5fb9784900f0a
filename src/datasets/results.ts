// Writes per-row results as JSONL next to the dataset — only when the user asks, and never over
// an existing file unless the caller says the user agreed. The dataset itself is never written.
import { open } from 'node:fs/promises';
import path from 'node:path';

export type ResultsRecord = Record<string, unknown>;

/** `reviews.csv` → `reviews.csv.causal-lens.jsonl` in the same folder (the extension stays, so
 * reviews.csv and reviews.jsonl never share a results file). */
export function resultsPathFor(datasetPath: string): string {
  return path.join(path.dirname(datasetPath), `${path.basename(datasetPath)}.causal-lens.jsonl`);
}

/** Writes one JSON object per line. Throws EEXIST when the file exists and `overwrite` is false. */
export async function writeResults(file: string, records: Iterable<ResultsRecord>, opts: { overwrite?: boolean; datasetPath?: string } = {}): Promise<number> {
  if (opts.datasetPath && path.resolve(opts.datasetPath) === path.resolve(file)) throw new Error('refusing to write results over the dataset itself');
  const fh = await open(file, opts.overwrite ? 'w' : 'wx');
  let n = 0;
  try {
    for (const r of records) {
      await fh.write(JSON.stringify(r) + '\n');
      n++;
    }
  } finally {
    await fh.close();
  }
  return n;
}
