// Random PAGs for engine tests: each pair adjacent with probability p, each end a random mark.
import { Pag } from '../../../../src/engine/pag';
import { rng } from '../../../../src/engine/testing/dag';

/** Marks in the reference's matrix encoding: adj[a][b] is the mark at b's end of a–b (0 none, 1 o, 2 >, 3 −). */
export function randomMarks(n: number, p: number, seed: number): number[][] {
  const rand = rng(seed);
  const adj = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      if (rand() < p) {
        adj[b][a] = 1 + Math.floor(rand() * 3); // mark at a
        adj[a][b] = 1 + Math.floor(rand() * 3); // mark at b
      }
    }
  return adj;
}

/** Random marks biased towards arrowheads and circles (the marks ICD leaves on dense graphs). */
export function arrowBiasedMarks(n: number, p: number, seed: number): number[][] {
  const rand = rng(seed);
  const adj = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      if (rand() >= p) continue;
      const pick = (): number => (rand() < 0.55 ? 2 : rand() < 0.8 ? 1 : 3);
      adj[b][a] = pick();
      adj[a][b] = pick();
    }
  return adj;
}

/** The same random graph as a Pag. */
export function randomPag(n: number, p: number, seed: number): Pag {
  return Pag.fromMatrix(randomMarks(n, p, seed));
}
