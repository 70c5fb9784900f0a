// Where `explain --file` and `merge` write their JSON lines: standard output, or a file that is
// never the dataset, never an existing file without --force, and never half-written under its
// final name — lines go to OUT.<pid>.partial, which becomes OUT only when the run completes (a
// hard link, which fails rather than replace a file that appeared meanwhile; a rename with --force).
import { link, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { sameFile } from '../datasets/results';

export interface ResultsSink {
  /** The file written, or null for standard output. */
  readonly path: string | null;
  write(text: string): Promise<void>;
  /** Puts the file in place (a no-op for standard output). */
  commit(): Promise<void>;
  /** Drops the partial file. */
  abort(): Promise<void>;
}

const exists = async (p: string): Promise<boolean> => (await stat(p).catch(() => null)) !== null;

export async function openResultsSink(
  out: string | undefined,
  opts: { force: boolean; inputs: string[]; stdout: (s: string) => void },
): Promise<ResultsSink> {
  if (out === undefined || out === '-') {
    return {
      path: null,
      write: async (t) => {
        opts.stdout(t);
      },
      commit: async () => {},
      abort: async () => {},
    };
  }
  for (const input of opts.inputs) {
    if (input !== '-' && (await sameFile(input, out)))
      throw new Error(`refusing to write results over the input ${input} (--out ${out})`);
  }
  if (!opts.force && (await exists(out))) throw new Error(`${out} already exists; pass --force to replace it`);
  const partial = `${out}.${process.pid}.partial`;
  let fh: FileHandle;
  try {
    fh = await open(partial, 'wx');
  } catch (e) {
    throw new Error(`cannot write ${partial}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let closed = false;
  const close = async (): Promise<void> => {
    if (!closed) {
      closed = true;
      await fh.close();
    }
  };
  return {
    path: out,
    // After an abort (Ctrl-C) rows still finishing are dropped, not written to a closed file.
    write: async (t) => {
      if (!closed) await fh.write(t);
    },
    async commit() {
      await close();
      if (opts.force) {
        await rename(partial, out);
        return;
      }
      try {
        await link(partial, out);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EEXIST') throw new Error(`${out} appeared during the run; the results are kept in ${partial}`);
        // File systems without hard links: check, then rename.
        if (await exists(out)) throw new Error(`${out} appeared during the run; the results are kept in ${partial}`);
        await rename(partial, out);
        return;
      }
      await rm(partial, { force: true });
    },
    async abort() {
      await close().catch(() => undefined);
      await rm(partial, { force: true });
    },
  };
}
