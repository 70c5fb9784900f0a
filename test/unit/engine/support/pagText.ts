// Helpers to compare PAGs in tests: a canonical text of the marks ("0 o-> 1; 1 <-> 2"), and the hash
// the golden tests record of a whole learner run.
import { createHash } from 'node:crypto';
import { learnPag, type LearnPagOptions } from '../../../../src/engine';
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

/**
 * The first 16 hex digits of the SHA-256 of a learner run: the PAG JSON, the mark matrix, the CI-test
 * count, convergence, the iteration count and every iteration's snapshot.
 */
export async function learnedPagSha(corr: number[][], opts: LearnPagOptions): Promise<string> {
  const its: string[] = [];
  const res = await learnPag(corr, { ...opts, onIteration: (it) => its.push(JSON.stringify(it)) });
  const text = JSON.stringify({
    json: res.json,
    matrix: res.pag.toMatrix(),
    ciTests: res.ciTests,
    converged: res.converged,
    iterations: res.iterations,
    its,
  });
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
