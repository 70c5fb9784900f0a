// Plain-data shapes the engine exchanges with the rest of the product (and the CLI's --json).

/** An edge end: tail (−), arrowhead (>) or circle (o). */
export type Mark = 'tail' | 'arrow' | 'circle';

export interface PagEdgeJson {
  a: number;
  b: number;
  /** The mark at a's end of the edge. */
  markA: Mark;
  /** The mark at b's end of the edge. */
  markB: Mark;
}

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
}

/** A conditional-independence oracle or statistical test over node indices. */
export interface CiTest {
  /** true when x and y are judged independent given the conditioning set. */
  independent(x: number, y: number, cond: readonly number[]): boolean;
  /** How many tests were actually computed (cache hits excluded). */
  readonly testsRun: number;
}
