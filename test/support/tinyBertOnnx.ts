// The ONNX graph of a tiny random-weight BERT-style model (tinyBert.ts writes it into a model folder).
// Three graph variants mirror what real exports contain:
//  - 'fp32': the unfused graph of a PyTorch export (Gather embeddings, LayerNormalization, MatMul/Add,
//    Reshape/Transpose into heads, Softmax, MatMul with V, Erf-based GELU, classifier on [CLS]);
//  - 'quantized': the same after ONNX Runtime dynamic quantization (DynamicQuantizeLinear +
//    MatMulInteger + Cast + Mul around the weight MatMuls and around probabilities·V);
//  - 'fused': attention replaced by com.microsoft.Attention, as ORT's transformer optimizer emits.
import { encodeModel, OnnxDataType } from '../../src/model/onnxSchema';
import { attrFloat, attrInt, attrInts, GraphBuilder, tensorInfo } from './onnxGraphBuilder';
import { TINY_VOCAB } from './tinyWordPiece';

export type TinyVariant = 'fp32' | 'quantized' | 'fused';

export interface TinyBertOptions {
  /**
   * 'bert' (default): BertForSequenceClassification, three inputs, additive mask, tanh pooler.
   * 'distilbert': DistilBertForSequenceClassification as Hugging Face exports it — no token types,
   * the mask applied with Where (masked_fill) before Softmax, ReLU pre-classifier.
   */
  style?: 'bert' | 'distilbert' | 'roberta';
  /** Embedding rows (default: the tiny WordPiece vocabulary's size). */
  vocabSize?: number;
  /** Classifier outputs (default 2). */
  numLabels?: number;
  /** 'classifier' (default): logits [batch, labels] from the first token; 'mlm': logits [batch, seq, vocab]. */
  head?: 'classifier' | 'mlm';
  layers?: number;
  hidden?: number;
  heads?: number;
  intermediate?: number;
  maxPositions?: number;
  seed?: number;
}

/** The model's sizes with their defaults: layers, hidden size, heads, intermediate size, positions. */
export function tinyDims(opts: TinyBertOptions): { L: number; H: number; nH: number; I: number; P: number } {
  return {
    L: opts.layers ?? 2,
    H: opts.hidden ?? 16,
    nH: opts.heads ?? 2,
    I: opts.intermediate ?? 32,
    P: opts.maxPositions ?? 64,
  };
}

/** Emits the ONNX bytes of one variant. */
export function buildTinyBertOnnx(variant: TinyVariant, opts: TinyBertOptions = {}): Uint8Array {
  const { L, H, nH, I, P } = tinyDims(opts);
  const dH = H / nH;
  const V = opts.vocabSize ?? TINY_VOCAB.length;
  const roberta = opts.style === 'roberta';
  const numLabels = opts.numLabels ?? 2;
  const g = new GraphBuilder(opts.seed ?? 7);
  const quantized = variant === 'quantized';

  // x·W with a weight initializer W, quantized the way ORT's quantize_dynamic does it.
  const matmulWeight = (x: string, w: string, dims: [number, number]): string => {
    if (!quantized) return g.one('MatMul', [x, w]);
    const wf = g.takeFloats(w);
    let lo = 0,
      hi = 0;
    for (const v of wf) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const scale = (hi - lo) / 255 || 1;
    const zp = Math.round(-lo / scale);
    const q = new Uint8Array(wf.length);
    for (let i = 0; i < wf.length; i++) q[i] = Math.max(0, Math.min(255, Math.round(wf[i] / scale) + zp));
    const wq = g.uint8(`${w}_quantized`, dims, q);
    const wzp = g.uint8(`${w}_zero_point`, [], new Uint8Array([zp]));
    const ws = g.floatInit(`${w}_scale`, [], new Float32Array([scale]));
    const [xq, xs, xzp] = g.node('DynamicQuantizeLinear', [x], 3);
    const acc = g.one('MatMulInteger', [xq, wq, xzp, wzp]);
    const accF = g.one('Cast', [acc], [attrInt('to', OnnxDataType.FLOAT)]);
    const s = g.one('Mul', [xs, ws]);
    return g.one('Mul', [accF, s]);
  };
  // a·b of two activations (probabilities · values).
  const matmulActivations = (a: string, b: string): string => {
    if (!quantized) return g.one('MatMul', [a, b]);
    const [aq, as, azp] = g.node('DynamicQuantizeLinear', [a], 3);
    const [bq, bs, bzp] = g.node('DynamicQuantizeLinear', [b], 3);
    const acc = g.one('MatMulInteger', [aq, bq, azp, bzp]);
    const accF = g.one('Cast', [acc], [attrInt('to', OnnxDataType.FLOAT)]);
    return g.one('Mul', [accF, g.one('Mul', [as, bs])]);
  };
  const dense = (x: string, prefix: string, inDim: number, outDim: number, scale: number): string => {
    const w = g.random(`${prefix}.weight`, [inDim, outDim], scale);
    const b = g.random(`${prefix}.bias`, [outDim], 0.05);
    return g.one('Add', [matmulWeight(x, w, [inDim, outDim]), b]);
  };
  const layerNorm = (x: string, prefix: string): string =>
    g.one(
      'LayerNormalization',
      [x, g.constant(`${prefix}.weight`, [H], 1), g.constant(`${prefix}.bias`, [H], 0)],
      [attrInt('axis', -1), attrFloat('epsilon', 1e-12)],
    );

  // Embeddings: word + position + token type, then LayerNorm.
  const wordEmb = g.random('embeddings.word_embeddings.weight', [V, H], 1);
  // RoBERTa: positions count from padding_idx + 1 (= 2), so the table has two more rows.
  const posEmb = g.random('embeddings.position_embeddings.weight', [roberta ? P + 2 : P, H], 0.3);
  const typeEmb = g.random('embeddings.token_type_embeddings.weight', [2, H], 0.1);
  const words = g.one('Gather', [wordEmb, 'input_ids'], [attrInt('axis', 0)]);
  const seqLen = g.one('Slice', [
    g.one('Shape', ['input_ids']),
    g.int64('c_1', [1], [1]),
    g.int64('c_2', [1], [2]),
    g.int64('c_0', [1], [0]),
  ]);
  // RoBERTa derives position ids from the ids: cumsum(ids != pad) * (ids != pad) + pad (padding_idx = 1),
  // so a token replaced by <pad> takes the padding position and later tokens move up by one.
  const positions = roberta
    ? (() => {
        const notPad = g.one(
          'Cast',
          [g.one('Not', [g.one('Equal', ['input_ids', g.int64('c_pad', [], [1])])])],
          [attrInt('to', OnnxDataType.INT64)],
        );
        const ids = g.one('Add', [
          g.one('Mul', [g.one('CumSum', [notPad, g.int64('c_axis1', [], [1])]), notPad]),
          g.int64('c_pad_idx', [], [1]),
        ]);
        return g.one('Gather', [posEmb, ids], [attrInt('axis', 0)]);
      })()
    : g.one('Slice', [posEmb, g.int64('c_0b', [1], [0]), seqLen, g.int64('c_0c', [1], [0])]);
  const distil = opts.style === 'distilbert';
  const summed = g.one('Add', [words, positions]);
  let x = layerNorm(
    distil || roberta
      ? summed
      : g.one('Add', [summed, g.one('Gather', [typeEmb, 'token_type_ids'], [attrInt('axis', 0)])]),
    'embeddings.LayerNorm',
  );

  // BERT: additive mask [B,1,1,S], 0 where attended, -10000 where padded.
  // DistilBERT: masked_fill(mask == 0, finfo(float32).min) = Where(Equal(mask, 0), min, scores).
  const maskAxes = g.int64('c_axes12', [2], [1, 2]);
  const applyMask = distil
    ? (() => {
        const isPad = g.one('Equal', [
          g.one('Unsqueeze', ['attention_mask', maskAxes]),
          g.int64('c_zero_i64', [], [0]),
        ]);
        const min = g.constant('c_min', [], -3.4028234663852886e38);
        return (scores: string) => g.one('Where', [isPad, min, scores]);
      })()
    : (() => {
        const inverted = g.one('Sub', [
          g.constant('c_one', [], 1),
          g.one('Cast', ['attention_mask'], [attrInt('to', OnnxDataType.FLOAT)]),
        ]);
        const additive = g.one('Unsqueeze', [g.one('Mul', [inverted, g.constant('c_neg', [], -10000)]), maskAxes]);
        return (scores: string) => g.one('Add', [scores, additive]);
      })();

  const headsShape = g.int64('c_heads_shape', [4], [0, 0, nH, dH]);
  const mergeShape = g.int64('c_merge_shape', [3], [0, 0, H]);
  const attnScale = g.constant('c_sqrt_dh', [], Math.sqrt(dH));
  for (let l = 0; l < L; l++) {
    const p = `encoder.layer.${l}`;
    let context: string;
    if (variant === 'fused') {
      const w = g.random(`${p}.attention.qkv.weight`, [H, 3 * H], 0.6);
      const b = g.random(`${p}.attention.qkv.bias`, [3 * H], 0.05);
      context = g.one('Attention', [x, w, b], [attrInt('num_heads', nH)], 'com.microsoft');
    } else {
      const split = (name: string, perm: number[]) =>
        g.one(
          'Transpose',
          [g.one('Reshape', [dense(x, `${p}.attention.self.${name}`, H, H, 0.6), headsShape])],
          [attrInts('perm', perm)],
        );
      const q = split('query', [0, 2, 1, 3]);
      const k = split('key', [0, 2, 3, 1]);
      const v = split('value', [0, 2, 1, 3]);
      const scores = applyMask(g.one('Div', [g.one('MatMul', [q, k]), attnScale]));
      const probs = g.one('Softmax', [scores], [attrInt('axis', -1)]);
      const ctx = g.one('Transpose', [matmulActivations(probs, v)], [attrInts('perm', [0, 2, 1, 3])]);
      context = g.one('Reshape', [ctx, mergeShape]);
    }
    const attnOut = dense(context, `${p}.attention.output.dense`, H, H, 0.3);
    x = layerNorm(g.one('Add', [attnOut, x]), `${p}.attention.output.LayerNorm`);
    const inter = dense(x, `${p}.intermediate.dense`, H, I, 0.3);
    // GELU(x) = 0.5·x·(1 + erf(x/√2))
    const erf = g.one('Erf', [g.one('Div', [inter, g.constant(`c_sqrt2_${l}`, [], Math.SQRT2)])]);
    const gelu = g.one('Mul', [
      g.one('Mul', [inter, g.one('Add', [erf, g.constant(`c_one_${l}`, [], 1)])]),
      g.constant(`c_half_${l}`, [], 0.5),
    ]);
    const ffOut = dense(gelu, `${p}.output.dense`, I, H, 0.3);
    x = layerNorm(g.one('Add', [ffOut, x]), `${p}.output.LayerNorm`);
  }
  if (opts.head === 'mlm') {
    // BertForMaskedLM's head: dense, GELU, LayerNorm, decoder to the vocabulary, at every position.
    const t = dense(x, 'cls.predictions.transform.dense', H, H, 0.5);
    const erf = g.one('Erf', [g.one('Div', [t, g.constant('c_sqrt2_mlm', [], Math.SQRT2)])]);
    const gelu = g.one('Mul', [
      g.one('Mul', [t, g.one('Add', [erf, g.constant('c_one_mlm', [], 1)])]),
      g.constant('c_half_mlm', [], 0.5),
    ]);
    const normed = layerNorm(gelu, 'cls.predictions.transform.LayerNorm');
    const w = g.random('cls.predictions.decoder.weight', [H, V], 1.5);
    const b = g.random('cls.predictions.bias', [V], 0.1);
    g.nodes.push({
      op_type: 'Add',
      input: [matmulWeight(normed, w, [H, V]), b],
      output: ['logits'],
      name: '/cls/Add',
      domain: '',
    });
  } else {
    const cls = g.one('Gather', [x, g.int64('c_cls', [], [0])], [attrInt('axis', 1)]);
    const pooled = distil
      ? g.one('Relu', [dense(cls, 'pre_classifier', H, H, 0.5)])
      : g.one('Tanh', [dense(cls, 'pooler.dense', H, H, 0.5)]);
    const w = g.random('classifier.weight', [H, numLabels], 1);
    const b = g.random('classifier.bias', [numLabels], 0.1);
    g.nodes.push({
      op_type: 'Add',
      input: [matmulWeight(pooled, w, [H, numLabels]), b],
      output: ['logits'],
      name: '/classifier/Add',
      domain: '',
    });
  }

  const opsets = [{ domain: '', version: 17 }];
  if (variant === 'fused' || quantized) opsets.push({ domain: 'com.microsoft', version: 1 });
  return encodeModel({
    ir_version: 8,
    producer_name: 'causal-lens tinyBert',
    opset_import: opsets,
    graph: {
      name: `tiny-bert-${variant}`,
      node: g.nodes,
      initializer: g.inits,
      input: (distil || roberta
        ? ['input_ids', 'attention_mask']
        : ['input_ids', 'attention_mask', 'token_type_ids']
      ).map((n) => tensorInfo(n, OnnxDataType.INT64, ['batch_size', 'sequence_length'])),
      output: [
        opts.head === 'mlm'
          ? tensorInfo('logits', OnnxDataType.FLOAT, ['batch_size', 'sequence_length', V])
          : tensorInfo('logits', OnnxDataType.FLOAT, ['batch_size', numLabels]),
      ],
    },
  });
}
