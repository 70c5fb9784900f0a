// Comparison of layers or heads: which PAG edges an entry gains or loses against the reference
// entry, and how much the explanations overlap. Pure; used by the panel and available to the host.
import {
  compareKey,
  compareKeyOrder,
  compareLabel,
  type CompareAxis,
  type CompareDiffPayload,
  type CompareEntryPayload,
  type CompareKey,
  type ExplanationPayload,
  type PagJson,
} from '../src/protocol';
import { explanationTokens as explanationSet } from '../src/shared/tokenRoles';

export type EdgePair = [number, number];

function key(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

function edgeMap(pag: PagJson): Map<string, { a: number; b: number; marks: string }> {
  const m = new Map<string, { a: number; b: number; marks: string }>();
  for (const e of pag.edges) {
    const [a, b, markA, markB] = e.a < e.b ? [e.a, e.b, e.markA, e.markB] : [e.b, e.a, e.markB, e.markA];
    m.set(key(a, b), { a, b, marks: `${markA}/${markB}` });
  }
  return m;
}

const byPair = (x: EdgePair, y: EdgePair) => x[0] - y[0] || x[1] - y[1];

/** Edges of `other` not in `ref` (gained), of `ref` not in `other` (lost), and common edges with other marks. */
export function diffPags(ref: PagJson, other: PagJson): { gained: EdgePair[]; lost: EdgePair[]; remarked: EdgePair[] } {
  const r = edgeMap(ref),
    o = edgeMap(other);
  const gained: EdgePair[] = [],
    lost: EdgePair[] = [],
    remarked: EdgePair[] = [];
  for (const [k, e] of o) {
    const re = r.get(k);
    if (!re) gained.push([e.a, e.b]);
    else if (re.marks !== e.marks) remarked.push([e.a, e.b]);
  }
  for (const [k, e] of r) if (!o.has(k)) lost.push([e.a, e.b]);
  return { gained: gained.sort(byPair), lost: lost.sort(byPair), remarked: remarked.sort(byPair) };
}

/** Every token in any of the explanation's minimal sets, in reading order. */
export function explanationTokens(ex: ExplanationPayload): number[] {
  return [...explanationSet(ex.sets)].sort((a, b) => a - b);
}

/** |A ∩ B| / |A ∪ B|; two empty sets are identical (1). */
export function jaccard(a: Iterable<number>, b: Iterable<number>): number {
  const A = new Set(a),
    B = new Set(b);
  let inter = 0;
  for (const x of A) if (B.has(x)) inter++;
  const union = A.size + B.size - inter;
  return union === 0 ? 1 : inter / union;
}

/** One diff per entry against the reference entry (the reference's own diff is empty, Jaccard 1). */
export function compareDiffs(
  entries: CompareEntryPayload[],
  reference: CompareKey,
  axis?: CompareAxis,
): CompareDiffPayload[] {
  const ref = entries.find((e) => compareKey(axis, e) === reference);
  if (!ref)
    throw new Error(`the reference (${compareLabel(axis, reference).toLowerCase()}) is not among the compared entries`);
  const refTokens = explanationTokens(ref.explanation);
  const refSet = new Set(refTokens);
  return entries.map((l) => {
    const d = diffPags(ref.pag, l.pag);
    const mine = explanationTokens(l.explanation);
    return {
      key: compareKey(axis, l),
      reference,
      ...d,
      overlap: mine.filter((t) => refSet.has(t)),
      jaccard: jaccard(mine, refTokens),
    };
  });
}

/** Entries in axis order: layers or heads ascending, the heads' mean last. */
export function sortedEntries(entries: CompareEntryPayload[], axis?: CompareAxis): CompareEntryPayload[] {
  return [...entries].sort((a, b) => compareKeyOrder(compareKey(axis, a), compareKey(axis, b)));
}

/** The union of all entries' edges (for one shared layout across the compare grid). */
export function unionEdges(pags: PagJson[]): EdgePair[] {
  const m = new Map<string, EdgePair>();
  for (const p of pags) for (const e of p.edges) m.set(key(e.a, e.b), e.a < e.b ? [e.a, e.b] : [e.b, e.a]);
  return [...m.values()].sort(byPair);
}
