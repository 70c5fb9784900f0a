// Is an exported string an SVG document? Checked by scanning, not by a regular expression: the
// earlier /^\s*(<\?xml…)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE…)?<svg/ backtracked exponentially on
// repeated "<!--" "-->" groups (197 characters stalled the extension host 3.7 s). Each step below
// moves forward through the text, so the work is linear in its length; `steps` counts the
// characters examined so a test can bound the work without a clock.

export interface ScanSteps {
  steps: number;
}

const isSpace = (c: string): boolean => /\s/.test(c);

function startsWithCi(s: string, at: number, word: string): boolean {
  return s.length - at >= word.length && s.slice(at, at + word.length).toLowerCase() === word;
}

/**
 * The same language as /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i
 * followed by /<\/svg>\s*$/i: an optional XML declaration, comments, an optional DOCTYPE, the <svg
 * root element first, and </svg> last.
 */
export function looksLikeSvg(data: string, count: ScanSteps = { steps: 0 }): boolean {
  let i = 0;
  const skipSpace = (): void => {
    while (i < data.length && isSpace(data[i])) {
      i++;
      count.steps++;
    }
  };
  /** Index of `what` at or after `from` (-1: none), counting the characters passed over. */
  const find = (what: string, from: number): number => {
    const k = data.indexOf(what, from);
    count.steps += (k < 0 ? data.length : k + what.length) - from;
    return k;
  };
  skipSpace();
  if (startsWithCi(data, i, '<?xml')) {
    const gt = find('>', i + 5);
    if (gt < 0 || data[gt - 1] !== '?' || gt - 1 < i + 5) return false;
    i = gt + 1;
    skipSpace();
  }
  while (data.startsWith('<!--', i)) {
    const end = find('-->', i + 4);
    if (end < 0) return false;
    i = end + 3;
    skipSpace();
  }
  if (startsWithCi(data, i, '<!doctype')) {
    const gt = find('>', i + 9);
    if (gt < 0) return false;
    i = gt + 1;
    skipSpace();
  }
  if (!startsWithCi(data, i, '<svg') || i + 4 >= data.length || !(data[i + 4] === '>' || isSpace(data[i + 4])))
    return false;
  // The end: </svg> and only whitespace after it.
  let e = data.length;
  while (e > i && isSpace(data[e - 1])) {
    e--;
    count.steps++;
  }
  count.steps += 6;
  return e - 6 >= i && data.slice(e - 6, e).toLowerCase() === '</svg>';
}
