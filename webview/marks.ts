// PAG edge marks in words and in the usual text notation (tail "-", arrowhead ">"/"<", circle "o").
import type { Mark, PagEdge } from '../src/protocol';

export { edgeNotation } from '../src/shared/pagNotation';

/** What the edge a *–* b says causally (PAG semantics, Zhang 2008). */
export function edgeMeaning(markA: Mark, markB: Mark, a: string, b: string): string {
  const pair = `${markA}/${markB}`;
  switch (pair) {
    case 'tail/arrow':
      return `${a} is a cause (ancestor) of ${b}.`;
    case 'arrow/tail':
      return `${b} is a cause (ancestor) of ${a}.`;
    case 'arrow/arrow':
      return `Neither causes the other: a latent common cause of ${a} and ${b}.`;
    case 'circle/arrow':
      return `${b} is not a cause of ${a}.`;
    case 'arrow/circle':
      return `${a} is not a cause of ${b}.`;
    case 'circle/circle':
      return `Adjacent; the direction is not identified.`;
    case 'tail/tail':
      return `Both are causes of selection (selection bias).`;
    case 'tail/circle':
      return `${a} is a cause of ${b} or of selection.`;
    case 'circle/tail':
      return `${b} is a cause of ${a} or of selection.`;
    default:
      return '';
  }
}

/** The marks of edge e as seen from token `from`: [mark at `from`, mark at the other end]. */
export function marksFrom(e: PagEdge, from: number): [Mark, Mark] {
  return e.a === from ? [e.markA, e.markB] : [e.markB, e.markA];
}

export const MARK_NAMES: Record<Mark, string> = { tail: 'tail', arrow: 'arrowhead', circle: 'circle' };
