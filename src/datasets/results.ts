// Writes per-row results as JSONL next to the dataset — only when the user asks, and never over
// an existing file unless the caller says the user agreed. The dataset itself is never written:
// not by name, and not through a symbolic or hard link to it (the same file is recognised by its
// device and inode, and by its real path). An agreed overwrite writes a new file and renames it
// into place, so it replaces the link itself and never writes into whatever the link points to.
import { open, realpath, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

export type ResultsRecord = Record<string, unknown>;

/** `reviews.csv` → `reviews.csv.causal-lens.jsonl` in the same folder (the extension stays, so
 * reviews.csv and reviews.jsonl never share a results file). */
export function resultsPathFor(datasetPath: string): string {
  return path.join(path.dirname(datasetPath), `${path.basename(datasetPath)}.causal-lens.jsonl`);
}

/** True when `a` and `b` name the same file: equal paths, equal real paths, or the same inode. */
export async function sameFile(a: string, b: string): Promise<boolean> {
  if (path.resolve(a) === path.resolve(b)) return true;
  const [sa, sb] = await Promise.all([stat(a).catch(() => null), stat(b).catch(() => null)]);
  if (!sa || !sb) return false;
  if (sa.dev === sb.dev && sa.ino === sb.ino) return true;
  const [ra, rb] = await Promise.all([realpath(a), realpath(b)]);
  return ra === rb;
}

/** Writes one JSON object per line. Throws EEXIST when the file exists and `overwrite` is false. */
export async function writeResults(
  file: string,
  records: Iterable<ResultsRecord>,
  opts: { overwrite?: boolean; datasetPath?: string } = {},
): Promise<number> {
  if (opts.datasetPath && (await sameFile(opts.datasetPath, file))) {
    throw new Error(
      `refusing to write results over the dataset itself (${file} is ${opts.datasetPath}${path.resolve(file) === path.resolve(opts.datasetPath) ? '' : ', through a link'})`,
    );
  }
  const target = opts.overwrite ? `${file}.${process.pid}.tmp` : file;
  const fh = await open(target, 'wx');
  let n = 0;
  try {
    try {
      for (const r of records) {
        await fh.write(JSON.stringify(r) + '\n');
        n++;
      }
    } finally {
      await fh.close();
    }
    if (target !== file) await rename(target, file);
  } catch (err) {
    if (target !== file) await rm(target, { force: true });
    throw err;
  }
  return n;
}
