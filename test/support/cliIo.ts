// Collects what a CLI command writes, for in-process command tests.
import type { CliIo } from '../../src/cli/eval';

export function collectIo(isTTY = false): CliIo & { stdout: string; stderr: string } {
  const io = {
    stdout: '',
    stderr: '',
    isTTY,
    out(s: string) {
      io.stdout += s;
    },
    err(s: string) {
      io.stderr += s;
    },
  };
  return io;
}
