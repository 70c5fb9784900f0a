// Plain-data shapes the engine exchanges with the rest of the product (and the CLI's --json).

export type { Mark, PagEdgeJson, SepsetJson, PagJson, PagTruncation } from '../shared/pagNotation';

/** A conditional-independence oracle or statistical test over node indices. */
export interface CiTest {
  /** true when x and y are judged independent given the conditioning set. */
  independent(x: number, y: number, cond: readonly number[]): boolean;
  /** How many tests were actually computed (cache hits excluded). */
  readonly testsRun: number;
}
