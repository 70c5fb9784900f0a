// PAG marks as Cytoscape arrow shapes at each edge end: tail → none, arrowhead → filled triangle,
// circle → hollow circle; and back, to read what Cytoscape actually drew (the tests' summary).
import type { Mark } from '../../src/shared/pagNotation';

export const SHAPE: Record<Mark, { shape: string; fill: string }> = {
  tail: { shape: 'none', fill: 'filled' },
  arrow: { shape: 'triangle', fill: 'filled' },
  circle: { shape: 'circle', fill: 'hollow' },
};

export function markFromStyle(shape: string, fill: string): Mark {
  if (shape === 'triangle') return 'arrow';
  if (shape === 'circle' && fill === 'hollow') return 'circle';
  return 'tail';
}
