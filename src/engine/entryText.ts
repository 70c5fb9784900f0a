// Why a matrix entry is refused, in words: a string "0.5" is not a number (quoted in the JSON),
// a different mistake from NaN or Infinity. Shared by the correlation and attention checks.

/** null for a finite number; otherwise e.g. 'a non-finite entry at [0][1]: NaN' or 'a string entry at [0][1]: "0.5" (…)'. */
export function badEntry(v: unknown, i: number, j: number): string | null {
  const at = `[${i}][${j}]`;
  if (typeof v === 'number') return Number.isFinite(v) ? null : `a non-finite entry at ${at}: ${String(v)}`;
  if (typeof v === 'string')
    return `a string entry at ${at}: ${JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v)} (numbers must not be quoted)`;
  return `a non-number entry at ${at}: ${v === null ? 'null' : v === undefined ? 'missing' : Array.isArray(v) ? 'an array' : `a ${typeof v}`}`;
}
