// Forward pass of the recommendation experiment's BERT4Rec-style model in plain TypeScript, from
// the weights training/recommend/train.py exports (the same network as the synthetic trainer:
// token + learned position embeddings, pre-LayerNorm blocks, softmax attention, GELU MLP).
// Small (tens of items, dim 32), so a direct implementation runs the thousands of counterfactual
// forward passes CLEANN's tester needs without an ONNX session; it returns the attention too.
import { normalCdf } from '../engine';
import { Rng } from './scm';

export interface Linear {
  w: number[][];
  b: number[];
}
export interface Norm {
  w: number[];
  b: number[];
}
export interface Block {
  ln1: Norm;
  qkv: Linear;
  out: Linear;
  ln2: Norm;
  ff1: Linear;
  ff2: Linear;
}
export interface RecWeights {
  dim: number;
  heads: number;
  layers: number;
  vocab: number;
  maxLen: number;
  tok: number[][];
  pos: number[][];
  blocks: Block[];
  ln: Norm;
  head: Linear;
}

/** y = W·x + b with torch's [out][in] layout. */
function linear(l: Linear, x: readonly number[]): number[] {
  return l.w.map((row, o) => {
    let s = l.b[o];
    for (let i = 0; i < row.length; i++) s += row[i] * x[i];
    return s;
  });
}

function layerNorm(l: Norm, x: readonly number[], eps = 1e-5): number[] {
  const m = x.reduce((a, b) => a + b, 0) / x.length;
  const v = x.reduce((a, b) => a + (b - m) ** 2, 0) / x.length;
  const inv = 1 / Math.sqrt(v + eps);
  return x.map((xi, i) => (xi - m) * inv * l.w[i] + l.b[i]);
}

const gelu = (x: number) => x * normalCdf(x);

export interface RecForward {
  /** Logits over the vocabulary at the last position. */
  logits: number[];
  /** attentions[layer][head][row][col]. */
  attentions: number[][][][];
}

export function forward(w: RecWeights, ids: readonly number[]): RecForward {
  const t = ids.length,
    D = w.dim,
    H = w.heads,
    dh = D / H;
  if (t > w.maxLen) throw new RangeError(`sequence of ${t} items is longer than the model's ${w.maxLen}`);
  let x = ids.map((id, p) => w.tok[id].map((v, i) => v + w.pos[p][i]));
  const attentions: number[][][][] = [];
  for (const blk of w.blocks) {
    const qkv = x.map((xi) => linear(blk.qkv, layerNorm(blk.ln1, xi)));
    // torch layout of the 3D output: [3][heads][dh]
    const part = (p: number, which: number, h: number) => qkv[p].slice(which * D + h * dh, which * D + (h + 1) * dh);
    const heads: number[][][] = [];
    const y = Array.from({ length: t }, () => new Array<number>(D).fill(0));
    for (let h = 0; h < H; h++) {
      const q = Array.from({ length: t }, (_, p) => part(p, 0, h)),
        k = Array.from({ length: t }, (_, p) => part(p, 1, h)),
        v = Array.from({ length: t }, (_, p) => part(p, 2, h));
      const probs = q.map((qi) => {
        const s = k.map((kj) => qi.reduce((a, qv, d) => a + qv * kj[d], 0) / Math.sqrt(dh));
        const mx = Math.max(...s);
        const e = s.map((z) => Math.exp(z - mx));
        const sum = e.reduce((a, b) => a + b, 0);
        return e.map((z) => z / sum);
      });
      heads.push(probs);
      for (let i = 0; i < t; i++)
        for (let j = 0; j < t; j++) for (let d = 0; d < dh; d++) y[i][h * dh + d] += probs[i][j] * v[j][d];
    }
    attentions.push(heads);
    x = x.map((xi, p) => {
      const a = linear(blk.out, y[p]);
      return xi.map((v, i) => v + a[i]);
    });
    x = x.map((xi) => {
      const f = linear(blk.ff2, linear(blk.ff1, layerNorm(blk.ln2, xi)).map(gelu));
      return xi.map((v, i) => v + f[i]);
    });
  }
  return { logits: linear(w.head, layerNorm(w.ln, x[t - 1])), attentions };
}

/** Seeded random weights of the same shape (for toy-size tests without training). */
export function randomWeights(vocab: number, maxLen: number, dim = 16, heads = 2, layers = 2, seed = 1): RecWeights {
  const rng = new Rng(seed);
  const mat = (o: number, i: number, s: number) =>
    Array.from({ length: o }, () => Array.from({ length: i }, () => s * rng.normal()));
  const lin = (o: number, i: number): Linear => ({ w: mat(o, i, 1 / Math.sqrt(i)), b: new Array<number>(o).fill(0) });
  const ln = (): Norm => ({ w: new Array<number>(dim).fill(1), b: new Array<number>(dim).fill(0) });
  return {
    dim,
    heads,
    layers,
    vocab,
    maxLen,
    tok: mat(vocab, dim, 1),
    pos: mat(maxLen, dim, 0.1),
    blocks: Array.from({ length: layers }, () => ({
      ln1: ln(),
      qkv: lin(3 * dim, dim),
      out: lin(dim, dim),
      ln2: ln(),
      ff1: lin(2 * dim, dim),
      ff2: lin(dim, 2 * dim),
    })),
    ln: ln(),
    head: lin(vocab, dim),
  };
}
