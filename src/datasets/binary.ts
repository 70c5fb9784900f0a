// Binary-file detection on the first bytes of a file: a NUL byte, or too many control characters,
// means "not text" (the same rule of thumb git and editors use).

const SAMPLE = 8192;

export function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, SAMPLE);
  if (n === 0) return false;
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) return true;
    // Tab, LF, VT, FF, CR and ESC are ordinary in text files.
    if (b < 32 && b !== 9 && b !== 10 && b !== 11 && b !== 12 && b !== 13 && b !== 27) control++;
  }
  return control / n > 0.1;
}

export const BINARY_SAMPLE_BYTES = SAMPLE;
