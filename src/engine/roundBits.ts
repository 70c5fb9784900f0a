// The PAG as bit rows for one ICD iteration (r >= 2): within an iteration marks never change and edges
// are only deleted, so three n×n bit matrices, cleared bit by bit on deletion, answer every adjacency and
// arrowhead question of the PDS summaries (./pdsSummary.ts) a word (32 nodes) at a time. n²·3/8 bytes.
import type { Pag } from './pag';

const ARROW = 2;

export class RoundBits {
  readonly n: number;
  /** 32-bit words per row. */
  readonly words: number;
  /** adj[v·words + k]: bit c set when c and v are adjacent. */
  readonly adj: Uint32Array;
  /** into[v·words + k]: bit c set when the edge c–v has an arrowhead at v (m[c][v] = ARROW). */
  readonly into: Uint32Array;
  /** out[v·words + k]: bit b set when the edge v–b has an arrowhead at b (m[v][b] = ARROW). */
  readonly out: Uint32Array;
  /**
   * ancestral[v] = 1 when v is a possible parent of some neighbour: every possible ancestor of any node
   * is one, so this is a superset of every ICD-Sep "allowed" set of the iteration (deletions only shrink those).
   */
  readonly ancestral: Uint8Array;
  /** The PAG's adjacencyVersion these rows describe. */
  version: number;

  constructor(g: Pag) {
    const n = g.n,
      m = g.m;
    this.n = n;
    this.words = (n + 31) >>> 5;
    const w = this.words;
    this.adj = new Uint32Array(n * w);
    this.into = new Uint32Array(n * w);
    this.out = new Uint32Array(n * w);
    this.ancestral = new Uint8Array(n);
    for (let v = 0; v < n; v++) {
      const row = v * n;
      for (let c = 0; c < n; c++) {
        const atC = m[row + c];
        if (atC === 0) continue;
        const bit = 1 << (c & 31),
          k = v * w + (c >>> 5);
        this.adj[k] |= bit;
        if (atC === ARROW) this.out[k] |= bit;
        if (m[c * n + v] === ARROW) this.into[k] |= bit;
        // v is a possible parent of c: no tail at c, no arrowhead at v
        else if (atC !== 3) this.ancestral[v] = 1;
      }
    }
    this.version = g.adjacencyVersion;
  }

  has(rows: Uint32Array, v: number, c: number): boolean {
    return (rows[v * this.words + (c >>> 5)] & (1 << (c & 31))) !== 0;
  }

  /** The edge i–j was deleted from the PAG. */
  deleteEdge(i: number, j: number, version: number): void {
    const w = this.words;
    const ki = i * w + (j >>> 5),
      bj = ~(1 << (j & 31));
    const kj = j * w + (i >>> 5),
      bi = ~(1 << (i & 31));
    this.adj[ki] &= bj;
    this.into[ki] &= bj;
    this.out[ki] &= bj;
    this.adj[kj] &= bi;
    this.into[kj] &= bi;
    this.out[kj] &= bi;
    this.version = version;
  }
}
