// Reads a Hugging Face config.json into the few numbers the product needs, and refuses what it cannot
// explain. Which encoders are supported is decided by graph surgery (an unfused Softmax → MatMul per
// layer, onnxSurgery.ts), not by a list of names: here only what is certainly not an encoder's first-
// token classifier or masked-token predictor is refused (decoders read the last token, not <s>).
import { ModelError } from './errors';

/** What the model's output explains: a label per text, or the token at a [MASK] position. */
export type ModelTask = 'classification' | 'masked-lm';

export interface ModelConfig {
  modelType: string;
  numLayers: number;
  numHeads: number;
  hiddenSize: number;
  /** Longest input in tokens (specials included). */
  maxLength: number;
  /** Label names by output index. */
  labels: string[];
  task: ModelTask;
  /** multi-label: one sigmoid per label (problem_type multi_label_classification); else one softmax over labels. */
  multiLabel: boolean;
}

/** model_type values known to work (the README's table); others load when their graph passes surgery. */
export const SUPPORTED_MODEL_TYPES = [
  'bert',
  'distilbert',
  'electra',
  'mobilebert',
  'roformer',
  'convbert',
  'roberta',
  'xlm-roberta',
  'camembert',
];

/** Decoder-only and encoder–decoder families: their classifier reads the last token, or they generate. */
const NOT_ENCODERS =
  /^(gpt2|gpt_neo|gpt_neox|gptj|gpt_bigcode|llama|mistral|mixtral|qwen2|phi|phi3|gemma|falcon|bloom|opt|codegen|t5|mt5|bart|mbart|pegasus|marian|whisper|bert-generation)$/;

export function parseModelConfig(raw: unknown, modelName: string, tokenizerMaxLength?: number): ModelConfig {
  if (!raw || typeof raw !== 'object') throw new ModelError(`model "${modelName}": config.json is not a JSON object`);
  const c = raw as Record<string, unknown>;
  const modelType = String(c.model_type ?? '');
  if (NOT_ENCODERS.test(modelType) || c.is_encoder_decoder === true || c.is_decoder === true) {
    throw new ModelError(
      `model "${modelName}" has unsupported architecture model_type="${modelType || '(none)'}": not an encoder; ` +
        `supported are encoders whose ONNX export keeps a plain Softmax → MatMul per layer (e.g. ${SUPPORTED_MODEL_TYPES.join(', ')})`,
    );
  }
  const archs = Array.isArray(c.architectures) ? c.architectures.map(String) : [];
  const isClassifier = archs.some((a) => a.endsWith('ForSequenceClassification'));
  const isMaskedLm = archs.some((a) => a.endsWith('ForMaskedLM'));
  if (archs.length && !isClassifier && !isMaskedLm) {
    throw new ModelError(
      `model "${modelName}" is a ${archs.join('/')}, neither a text classifier nor a masked-token predictor; pick a *ForSequenceClassification or *ForMaskedLM model`,
    );
  }
  const task: ModelTask = isMaskedLm && !isClassifier ? 'masked-lm' : 'classification';
  const multiLabel = c.problem_type === 'multi_label_classification';
  const num = (...keys: string[]): number => {
    for (const k of keys) {
      const v = c[k];
      if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v;
    }
    throw new ModelError(`model "${modelName}": config.json lacks ${keys.join(' / ')}`);
  };
  const numLayers = num('num_hidden_layers', 'n_layers');
  const numHeads = num('num_attention_heads', 'n_heads');
  const hiddenSize = num('hidden_size', 'dim');
  const maxPositions = num('max_position_embeddings');
  const maxLength =
    tokenizerMaxLength && tokenizerMaxLength > 0 ? Math.min(maxPositions, tokenizerMaxLength) : maxPositions;
  const id2label = (c.id2label ?? {}) as Record<string, unknown>;
  const indices = Object.keys(id2label)
    .map(Number)
    .filter(Number.isInteger)
    .sort((a, b) => a - b);
  const labels = indices.length ? indices.map((i) => String(id2label[String(i)])) : [];
  return { modelType, numLayers, numHeads, hiddenSize, maxLength, labels, task, multiLabel };
}
