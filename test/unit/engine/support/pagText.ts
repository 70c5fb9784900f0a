// Helpers to compare PAGs in tests: a canonical text of the marks ("0 o-> 1; 1 <-> 2").
import type { PagJson } from '../../../../src/engine/types';
import type { SimplePag } from './truePag';

const A = ['', 'o', '<', '-'];
const B = ['', 'o', '>', '-'];
const CODE = { circle: 1, arrow: 2, tail: 3 } as const;

export function simpleText(p: SimplePag): string {
  const out: string[] = [];
  for (let a = 0; a < p.n; a++)
    for (let b = a + 1; b < p.n; b++) {
      if (p.m[a][b] === 0) continue;
      out.push(`${a} ${A[p.m[b][a]]}-${B[p.m[a][b]]} ${b}`);
    }
  return out.join('; ');
}

export function jsonText(j: PagJson): string {
  return j.edges.map((e) => `${e.a} ${A[CODE[e.markA]]}-${B[CODE[e.markB]]} ${e.b}`).join('; ');
}
