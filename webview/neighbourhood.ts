// Which tokens the default view draws for a long text: the explained token, every alternative
// explanation and the selected token (the focus), and their PAG neighbours, up to a cap. A
// 256-token PAG drawn whole is a hairball with unreadable labels; its neighbourhood stays legible,
// and the rest comes on demand (select a token to add its neighbours; the matrix shows everything).
// Pure (no DOM), so unit tests and the panel use the same code.
import type { PagJson } from '../src/protocol';

/** Above this many drawn tokens the panel starts in the neighbourhood view ('auto'). */
export const WHOLE_GRAPH_MAX_TOKENS = 40;
/** Most tokens the neighbourhood view draws (the focus always, then the best-connected neighbours). */
export const NEIGHBOURHOOD_MAX_TOKENS = 48;

/**
 * Tokens the panel draws unless hidden on purpose: all but, when `hideIsolatedSpecials`, the special
 * tokens without edges (other than the target). The result view and the compare cards both use it.
 */
export function drawableTokens(
  pag: PagJson,
  special: readonly boolean[],
  target: number,
  hideIsolatedSpecials: boolean,
): number[] {
  const linked = new Set(pag.edges.flatMap((e) => [e.a, e.b]));
  return special.flatMap((sp, i) => (hideIsolatedSpecials && sp && !linked.has(i) && i !== target ? [] : [i]));
}

export interface Neighbourhood {
  /** Token indices drawn, ascending. */
  shown: number[];
  /** Neighbours of the focus left out by the cap. */
  omitted: number;
}

/**
 * The focus tokens plus their neighbours in `pag`. When the cap cuts, neighbours adjacent to more
 * focus tokens go first, then the lower index (reading order), so the result is deterministic.
 */
export function neighbourhood(pag: PagJson, focus: Iterable<number>, cap = NEIGHBOURHOOD_MAX_TOKENS): Neighbourhood {
  const core = new Set<number>();
  for (const i of focus) if (Number.isInteger(i) && i >= 0 && i < pag.n) core.add(i);
  const links = new Map<number, number>();
  for (const e of pag.edges) {
    if (core.has(e.a) && !core.has(e.b)) links.set(e.b, (links.get(e.b) ?? 0) + 1);
    if (core.has(e.b) && !core.has(e.a)) links.set(e.a, (links.get(e.a) ?? 0) + 1);
  }
  const ranked = [...links.entries()].sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([i]) => i);
  const room = Math.max(0, cap - core.size);
  const shown = [...core, ...ranked.slice(0, room)].sort((a, b) => a - b);
  return { shown, omitted: Math.max(0, ranked.length - room) };
}
