// Reads a command's input file or standard input with a size limit: `pag --corr /dev/zero` used to
// read until memory ran out (5 GB in 30 s). Input is read in blocks and refused, with a clear
// message, as soon as it passes the limit, whatever kind of file it is (pipe, device, regular).
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** 64 MiB: a 1,800×1,800 correlation matrix at full double precision, or ~10⁷ words of text. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** A short pause without a busy loop, for a non-blocking standard input that has no data yet. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The UTF-8 text of `file` ("-" = standard input); throws once it exceeds `maxBytes`. */
export function readInputText(file: string, maxBytes = MAX_INPUT_BYTES): string {
  const name = file === '-' ? 'standard input' : file;
  const mib = maxBytes >= 2 ** 20 ? ` (${(maxBytes / 2 ** 20).toFixed(0)} MiB)` : '';
  const tooBig = (): Error =>
    new Error(`${name} is larger than the input limit of ${maxBytes.toLocaleString('en-US')} bytes${mib}`);
  let fd: number;
  try {
    fd = file === '-' ? 0 : openSync(file, 'r');
  } catch (e) {
    throw new Error(`cannot read ${name}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new Error(`cannot read ${name}: it is a folder`);
    if (st.isFile() && st.size > maxBytes) throw tooBig();
    const blocks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const block = Buffer.allocUnsafe(Math.min(1 << 20, maxBytes + 1 - total));
      let n: number;
      try {
        n = readSync(fd, block, 0, block.length, null);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          pause(5);
          continue;
        }
        if (code === 'EOF') break;
        throw new Error(`cannot read ${name}: ${code ?? (e as Error).message}`);
      }
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooBig();
      blocks.push(block.subarray(0, n));
    }
    return Buffer.concat(blocks, total).toString('utf8');
  } finally {
    if (file !== '-') closeSync(fd);
  }
}
