// Exposes every layer's attention probabilities of an ONNX encoder as extra graph outputs.
// Exports used by transformers.js output only logits, so the graph is edited in memory: each
// attention Softmax (the one whose output is multiplied by the values) gets its output listed as a
// graph output. The edit APPENDS an encoded ModelProto{graph{output:[…]}} to the original bytes:
// protobuf merges a repeated field across concatenated messages, so every original field —
// including ones this project's schema does not know — is kept byte for byte.
import { decodeGraphStructure, encodeModel, OnnxDataType, type OnnxGraph, type OnnxNode } from './onnxSchema';
import { CorruptModelFileError, ModelError } from './errors';

/** Operators that fuse attention so that its probabilities never appear as a tensor. */
const FUSED_ATTENTION_OPS = new Set([
  'Attention',
  'MultiHeadAttention',
  'QAttention',
  'PackedAttention',
  'PackedMultiHeadAttention',
  'DecoderAttention',
  'GroupQueryAttention',
]);
/** Operators that pass attention probabilities through unchanged in value (or re-encode them) before the ·V product. */
const PASS_THROUGH_OPS = new Set(['Cast', 'Dropout', 'Identity']);

export interface AttentionOutputs {
  /** Softmax output tensor names, one per layer, in layer order (graph order = topological order). */
  names: string[];
  /** How each one reaches the values product, for diagnostics: 'MatMul' or 'MatMulInteger'. */
  consumers: string[];
}

/** Finds the attention Softmax of every layer. Throws a ModelError for fused attention or when none is found. */
export function findAttentionSoftmaxes(graph: OnnxGraph, modelName: string): AttentionOutputs {
  const nodes = graph.node ?? [];
  const fused = nodes.find((n) => FUSED_ATTENTION_OPS.has(n.op_type ?? '') && (n.domain ?? '') === 'com.microsoft');
  if (fused) {
    throw new ModelError(
      `model "${modelName}" uses the fused operator com.microsoft.${fused.op_type} (node "${fused.name ?? '?'}"), which hides the attention ` +
        'probabilities; export the model without ONNX Runtime transformer fusion (e.g. optimum-cli export onnx without --optimize, or quantize the unfused graph)',
    );
  }
  const consumersOf = new Map<string, OnnxNode[]>();
  for (const n of nodes)
    for (const input of n.input ?? []) {
      if (!input) continue;
      const list = consumersOf.get(input);
      if (list) list.push(n);
      else consumersOf.set(input, [n]);
    }
  const names: string[] = [];
  const consumers: string[] = [];
  for (const n of nodes) {
    if (n.op_type !== 'Softmax' || (n.domain ?? '') !== '') continue;
    const out = n.output?.[0];
    if (!out) continue;
    const via = valuesProductReached(out, consumersOf);
    if (via) {
      names.push(out);
      consumers.push(via);
    }
  }
  if (names.length === 0) {
    throw new ModelError(
      `model "${modelName}": no attention Softmax found in the ONNX graph (expected Softmax → MatMul with the values, or ` +
        'Softmax → DynamicQuantizeLinear → MatMulInteger); only standard, unfused BERT-family exports are supported',
    );
  }
  return { names, consumers };
}

/** Follows a tensor through pass-through ops; returns the op that multiplies it as the left factor, if any. */
function valuesProductReached(tensor: string, consumersOf: Map<string, OnnxNode[]>, depth = 0): string | null {
  if (depth > 4) return null;
  for (const c of consumersOf.get(tensor) ?? []) {
    const op = c.op_type ?? '';
    if (op === 'MatMul' && c.input?.[0] === tensor) return 'MatMul';
    if (op === 'DynamicQuantizeLinear') {
      const q = c.output?.[0];
      if (q && (consumersOf.get(q) ?? []).some((m) => m.op_type === 'MatMulInteger' && m.input?.[0] === q))
        return 'MatMulInteger';
    }
    if (PASS_THROUGH_OPS.has(op) && c.output?.[0]) {
      const via = valuesProductReached(c.output[0], consumersOf, depth + 1);
      if (via) return via;
    }
  }
  return null;
}

/** Returns new model bytes = original bytes + an appended graph-output patch. */
export function appendGraphOutputs(bytes: Uint8Array, names: string[]): Uint8Array {
  const patch = encodeModel({
    graph: { output: names.map((name) => ({ name, type: { tensor_type: { elem_type: OnnxDataType.FLOAT } } })) },
  });
  const out = new Uint8Array(bytes.length + patch.length);
  out.set(bytes, 0);
  out.set(patch, bytes.length);
  return out;
}

export interface ExposedAttention {
  bytes: Uint8Array;
  attentionOutputs: string[];
  /** Names of the model's original outputs (e.g. ['logits']). */
  originalOutputs: string[];
  inputs: string[];
  /** The graph quantizes activations dynamically (DynamicQuantizeLinear). */
  quantized: boolean;
}

/** Decodes the model, finds its attention Softmaxes and returns the edited bytes. */
export function exposeAttention(bytes: Uint8Array, modelName: string): ExposedAttention {
  let graph: OnnxGraph | undefined;
  try {
    graph = decodeGraphStructure(bytes);
  } catch (err) {
    throw new CorruptModelFileError(
      `model "${modelName}": the ONNX file is not a valid model (${(err as Error).message}); re-download or re-export it`,
    );
  }
  if (!graph || !graph.node?.length) {
    throw new CorruptModelFileError(
      `model "${modelName}": the ONNX file has no graph nodes (corrupt or truncated file); re-download or re-export it`,
    );
  }
  const originalOutputs = (graph.output ?? []).map((o) => o.name);
  const { names } = findAttentionSoftmaxes(graph, modelName);
  const missing = names.filter((n) => !originalOutputs.includes(n));
  const initializers = new Set((graph.initializer ?? []).map((t) => t.name));
  const inputs = (graph.input ?? []).map((i) => i.name).filter((n) => !initializers.has(n));
  const quantized = (graph.node ?? []).some((n) => n.op_type === 'DynamicQuantizeLinear');
  return {
    bytes: missing.length ? appendGraphOutputs(bytes, missing) : bytes,
    attentionOutputs: names,
    originalOutputs,
    inputs,
    quantized,
  };
}
