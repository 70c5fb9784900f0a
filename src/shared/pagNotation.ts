// What a PAG is as plain data and how an edge is written, in one place for the engine, the host, the
// CLI and the webview (which imports nothing of the engine's). No imports: every side can take it.

/** One edge-end mark of a PAG: tail (—), arrowhead (>), circle (o). */
export type Mark = 'tail' | 'arrow' | 'circle';

/** An edge a–b with the mark at each end; a < b in a PagJson, markA is the mark at a's end. */
export interface PagEdgeJson {
  a: number;
  b: number;
  /** The mark at a's end of the edge. */
  markA: Mark;
  /** The mark at b's end of the edge. */
  markB: Mark;
}

/** A separating set found for the removed (absent) edge a–b. */
export interface SepsetJson {
  a: number;
  b: number;
  set: number[];
}

/** A PAG as plain data: edges sorted by (a, b) with a < b; separating sets of removed edges, sorted the same way. */
export interface PagJson {
  n: number;
  edges: PagEdgeJson[];
  sepsets: SepsetJson[];
  iterations: number;
  /** Present when ICD's budget ran out: this is the PAG of round `round`, not ICD's conclusion. */
  truncated?: PagTruncation;
}

/** ICD stopped by its budget (CI tests or time) inside round `round + 1`; `testsRun` tests were run in all. */
export interface PagTruncation {
  round: number;
  testsRun: number;
  reason: 'tests' | 'time';
}

const LEFT: Record<Mark, string> = { tail: '-', arrow: '<', circle: 'o' };
const RIGHT: Record<Mark, string> = { tail: '-', arrow: '>', circle: 'o' };

/** The edge read from one end to the other, e.g. "o->", "<->", "-->", "o-o". */
export function edgeNotation(markAtFrom: Mark, markAtTo: Mark): string {
  return `${LEFT[markAtFrom]}-${RIGHT[markAtTo]}`;
}

/** "3 o-> 5": an edge with its ends labelled (node indices by default). */
export function edgeText(e: PagEdgeJson, label: (i: number) => string = String): string {
  return `${label(e.a)} ${edgeNotation(e.markA, e.markB)} ${label(e.b)}`;
}
