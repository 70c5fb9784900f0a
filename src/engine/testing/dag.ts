// Test and benchmark support (not used by the product): DAGs with latent and selection variables,
// a d-separation oracle, seeded generators and exact linear-Gaussian correlations.
import type { CiTest } from '../types';
import { mulberry32 } from '../random';

/** Small, seedable PRNG (mulberry32): same seed, same sequence on every machine. */
export const rng = mulberry32;

export class Dag {
  readonly parents: number[][];
  readonly children: number[][];
  constructor(
    readonly size: number,
    edges: readonly [number, number][],
  ) {
    this.parents = Array.from({ length: size }, () => []);
    this.children = Array.from({ length: size }, () => []);
    for (const [p, c] of edges) {
      this.parents[c].push(p);
      this.children[p].push(c);
    }
  }

  /** Ancestors of a set, the set included. */
  ancestors(set: Iterable<number>): Uint8Array {
    const out = new Uint8Array(this.size);
    const stack = [...set];
    for (const v of stack) out[v] = 1;
    while (stack.length) {
      const v = stack.pop() as number;
      for (const p of this.parents[v])
        if (!out[p]) {
          out[p] = 1;
          stack.push(p);
        }
    }
    return out;
  }

  private scratch: { inZ: Uint8Array; anZ: Uint8Array; seen: Uint8Array; stack: Int32Array } | null = null;

  /** d-separation of x and y given z: reachability over (node, direction) states, with reused scratch arrays. */
  dsep(x: number, y: number, z: readonly number[]): boolean {
    const n = this.size;
    this.scratch ??= {
      inZ: new Uint8Array(n),
      anZ: new Uint8Array(n),
      seen: new Uint8Array(2 * n),
      stack: new Int32Array(4 * n * n + 8),
    };
    const { inZ, anZ, seen, stack } = this.scratch;
    inZ.fill(0);
    anZ.fill(0);
    seen.fill(0);
    let top = 0;
    for (const v of z) {
      inZ[v] = 1;
      if (!anZ[v]) {
        anZ[v] = 1;
        stack[top++] = v;
      }
    }
    while (top > 0) {
      const v = stack[--top];
      for (const p of this.parents[v])
        if (!anZ[p]) {
          anZ[p] = 1;
          stack[top++] = p;
        }
    }
    // state s = 2·node + (1 when travelling up: arrived from a child, or the start)
    stack[top++] = 2 * x + 1;
    while (top > 0) {
      const s = stack[--top];
      if (seen[s]) continue;
      seen[s] = 1;
      const v = s >> 1,
        up = (s & 1) === 1;
      if (v === y && !inZ[v]) return false;
      if (up && !inZ[v]) {
        for (const p of this.parents[v]) if (!seen[2 * p + 1]) stack[top++] = 2 * p + 1;
        for (const c of this.children[v]) if (!seen[2 * c]) stack[top++] = 2 * c;
      } else if (!up) {
        if (!inZ[v]) for (const c of this.children[v]) if (!seen[2 * c]) stack[top++] = 2 * c;
        if (anZ[v]) for (const p of this.parents[v]) if (!seen[2 * p + 1]) stack[top++] = 2 * p + 1;
      }
    }
    return true;
  }
}

/** A DAG whose nodes are observed, latent or selection variables; observed node k is DAG node observed[k]. */
export interface LatentDag {
  dag: Dag;
  observed: number[];
  latent: number[];
  selection: number[];
}

/** The CI oracle over observed indices: d-separation given the conditioning set plus every selection variable. */
export class DsepOracle implements CiTest {
  private count = 0;
  constructor(private readonly model: LatentDag) {}
  get testsRun(): number {
    return this.count;
  }
  independent(x: number, y: number, cond: readonly number[]): boolean {
    this.count++;
    const o = this.model.observed;
    const z = this.model.selection.slice();
    for (const c of cond) z.push(o[c]);
    return this.model.dag.dsep(o[x], o[y], z);
  }
}

export interface RandomDagOptions {
  observed: number;
  /** Expected number of parents per node. */
  avgParents: number;
  latents?: number;
  selections?: number;
}

/**
 * A random DAG in a random topological order. Latents are extra nodes with two or more observed children
 * (confounders); selection variables are extra sinks with two observed parents.
 */
export function randomLatentDag(seed: number, o: RandomDagOptions): LatentDag {
  const rand = rng(seed);
  const nObs = o.observed;
  const edges: [number, number][] = [];
  const order = Array.from({ length: nObs }, (_, i) => i);
  for (let i = nObs - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const p = nObs > 1 ? Math.min(1, (2 * o.avgParents) / (nObs - 1)) : 0;
  for (let a = 0; a < nObs; a++) for (let b = a + 1; b < nObs; b++) if (rand() < p) edges.push([order[a], order[b]]);
  let size = nObs;
  const latent: number[] = [],
    selection: number[] = [];
  const pickTwo = (): [number, number] => {
    const a = Math.floor(rand() * nObs);
    let b = Math.floor(rand() * (nObs - 1));
    if (b >= a) b++;
    return [a, b];
  };
  if (nObs >= 2) {
    for (let k = 0; k < (o.latents ?? 0); k++) {
      const l = size++;
      latent.push(l);
      const [a, b] = pickTwo();
      edges.push([l, a], [l, b]);
    }
    for (let k = 0; k < (o.selections ?? 0); k++) {
      const s = size++;
      selection.push(s);
      const [a, b] = pickTwo();
      edges.push([a, s], [b, s]);
    }
  }
  return { dag: new Dag(size, edges), observed: Array.from({ length: nObs }, (_, i) => i), latent, selection };
}

/**
 * Exact correlation of the observed variables of a linear-Gaussian SCM X = GᵀX + ΛU over the DAG
 * (C = (I−G)⁻ᵀ Λ Λᵀ (I−G)⁻¹ in column form), conditioned on the selection variables.
 */
export function scmCorrelation(model: LatentDag, seed: number): number[][] {
  const rand = rng(seed);
  const n = model.dag.size;
  // weights w[p][c] for edge p → c, magnitudes in [0.5, 1.5], random signs
  const w = Array.from({ length: n }, () => new Float64Array(n));
  for (let c = 0; c < n; c++) for (const p of model.dag.parents[c]) w[p][c] = (0.5 + rand()) * (rand() < 0.5 ? -1 : 1);
  const lambda = Array.from({ length: n }, () => 0.5 + rand());
  // topological order so X_c = Σ w[p][c]·X_p + λ_c·U_c can be expanded: X = B·U, B rows per variable
  const order: number[] = [];
  const indeg = model.dag.parents.map((ps) => ps.length);
  const queue = indeg.flatMap((d, v) => (d === 0 ? [v] : []));
  while (queue.length) {
    const v = queue.shift() as number;
    order.push(v);
    for (const c of model.dag.children[v]) if (--indeg[c] === 0) queue.push(c);
  }
  const b = Array.from({ length: n }, () => new Float64Array(n));
  for (const v of order) {
    b[v][v] = lambda[v];
    for (const p of model.dag.parents[v]) for (let k = 0; k < n; k++) b[v][k] += w[p][v] * b[p][k];
  }
  const cov = (i: number, j: number): number => {
    let s = 0;
    for (let k = 0; k < n; k++) s += b[i][k] * b[j][k];
    return s;
  };
  const obs = model.observed,
    sel = model.selection;
  let c = obs.map((i) => obs.map((j) => cov(i, j)));
  if (sel.length > 0) {
    // Gaussian conditioning on the selection variables: C_OO − C_OS C_SS⁻¹ C_SO (sizes here are tiny)
    const css = sel.map((i) => sel.map((j) => cov(i, j)));
    const cos = obs.map((i) => sel.map((j) => cov(i, j)));
    const inv = invert(css);
    c = c.map((row, i) =>
      row.map((v, j) => {
        let s = 0;
        for (let p = 0; p < sel.length; p++)
          for (let q = 0; q < sel.length; q++) s += cos[i][p] * inv[p][q] * cos[j][q];
        return v - s;
      }),
    );
  }
  return c.map((row, i) => row.map((v, j) => (i === j ? 1 : v / Math.sqrt(c[i][i] * c[j][j]))));
}

function invert(a: number[][]): number[][] {
  const k = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: k }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < k; col++) {
    let piv = col;
    for (let r = col + 1; r < k; r++) if (Math.abs(m[r][col]) > Math.abs(m[piv][col])) piv = r;
    [m[col], m[piv]] = [m[piv], m[col]];
    const p = m[col][col];
    for (let c = 0; c < 2 * k; c++) m[col][c] /= p;
    for (let r = 0; r < k; r++)
      if (r !== col) {
        const f = m[r][col];
        for (let c = 0; c < 2 * k; c++) m[r][c] -= f * m[col][c];
      }
  }
  return m.map((row) => row.slice(k));
}
