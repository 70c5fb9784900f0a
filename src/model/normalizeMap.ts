// Runs a tokenizer's normalizer over a section of text and keeps, for every UTF-16 unit of the
// result, the source range that produced it. The normalized text is always exactly what the
// tokenizer itself produces (so the ids match); only the character map is reconstructed.
//  - Fast path: normalizers that work one code point at a time (BertNormalizer, Lowercase, NFD…).
//  - Otherwise (NFKC composing "e + ◌́" into "é", a Replace collapsing space runs, a Strip): the
//    source is aligned with the whole-text result, code point by code point, with short chunks for
//    compositions and dropped characters for removed ones.

export interface NormalizerLike {
  normalize(text: string): string;
}

/** Normalized text plus, for each of its UTF-16 units, the source range [from, to) that produced it. */
export interface NormalizedMap {
  text: string;
  from: number[];
  to: number[];
}

/** Longest run of source code points tried as one chunk (a composition such as Hangul L+V+T). */
const MAX_CHUNK = 8;

function identityMap(section: string, base: number): NormalizedMap {
  const from = new Array<number>(section.length),
    to = new Array<number>(section.length);
  for (let i = 0; i < section.length; i++) {
    from[i] = base + i;
    to[i] = base + i + 1;
  }
  return { text: section, from, to };
}

/** Per normalizer, the normalization of single code points: they repeat, and some normalizers
 * (a Replace) compile a regular expression on every call. */
const perCodePoint = new WeakMap<NormalizerLike, Map<string, string>>();
function normalizeCodePoint(norm: NormalizerLike, ch: string): string {
  let cache = perCodePoint.get(norm);
  if (!cache) {
    cache = new Map();
    perCodePoint.set(norm, cache);
  }
  let out = cache.get(ch);
  if (out === undefined) {
    out = norm.normalize(ch);
    if (cache.size < 65_536) cache.set(ch, out);
  }
  return out;
}

export function normalizeWithMap(norm: NormalizerLike | null, section: string, base: number): NormalizedMap {
  if (!norm) return identityMap(section, base);
  let text = '';
  const from: number[] = [],
    to: number[] = [];
  let offset = 0;
  for (const ch of section) {
    const out = normalizeCodePoint(norm, ch);
    // A combining mark removed by accent stripping belongs to the letter before it: highlight both.
    if (out === '' && to.length && /^\p{M}$/u.test(ch)) to[to.length - 1] = base + offset + ch.length;
    text += out;
    for (let k = 0; k < out.length; k++) {
      from.push(base + offset);
      to.push(base + offset + ch.length);
    }
    offset += ch.length;
  }
  const whole = norm.normalize(section);
  if (whole === text) return { text, from, to };
  // Context-dependent rules (the Greek final sigma of toLowerCase) only differ from the per-character
  // result in value, not length; prefer the whole-text value then, so ids match the tokenizer's.
  if (whole.length === text.length) return { text: whole, from, to };
  return alignWithWhole(norm, section, base, whole);
}

/**
 * Walks the source code points and the whole-text result side by side. A code point whose own
 * normalization appears next in the result is mapped to it; else the shortest chunk of following
 * code points whose normalization does; else it was removed (a collapsed space, a stripped edge).
 * If the walk does not end exactly at the result's end, every unit maps to the whole section.
 */
function alignWithWhole(norm: NormalizerLike, section: string, base: number, whole: string): NormalizedMap {
  const cps = Array.from(section);
  const starts: number[] = [];
  let o = 0;
  for (const cp of cps) {
    starts.push(o);
    o += cp.length;
  }
  starts.push(o);
  const from = new Array<number>(whole.length).fill(-1),
    to = new Array<number>(whole.length).fill(-1);
  let j = 0;
  for (let i = 0; i < cps.length;) {
    let matched = 0;
    let out = '';
    for (let n = 1; n <= MAX_CHUNK && i + n <= cps.length; n++) {
      out = n === 1 ? normalizeCodePoint(norm, cps[i]) : norm.normalize(section.slice(starts[i], starts[i + n]));
      if (out.length > 0 && whole.startsWith(out, j)) {
        matched = n;
        break;
      }
      if (out.length === 0 && n === 1) break; // removed on its own (control character, stripped mark)
    }
    if (matched) {
      for (let k = 0; k < out.length; k++) {
        from[j + k] = base + starts[i];
        to[j + k] = base + starts[i + matched];
      }
      j += out.length;
      i += matched;
    } else {
      // Removed: a mark still belongs to the letter before it.
      if (j > 0 && /^\p{M}$/u.test(cps[i])) to[j - 1] = base + starts[i + 1];
      i++;
    }
  }
  if (j !== whole.length) return { text: whole, from: from.fill(base), to: to.fill(base + section.length) };
  return { text: whole, from, to };
}
