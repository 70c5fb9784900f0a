// Reads a Hugging Face config.json into the few numbers the product needs, and refuses what it cannot
// explain: only encoder-only, WordPiece-tokenized, sequence-classification models of the BERT family.
import { ModelError } from './errors';

export interface ModelConfig {
  modelType: string;
  numLayers: number;
  numHeads: number;
  hiddenSize: number;
  /** Longest input in tokens (specials included). */
  maxLength: number;
  /** Label names by output index. */
  labels: string[];
}

/** model_type values whose exports have the unfused Softmax → MatMul attention this project reads. */
export const SUPPORTED_MODEL_TYPES = ['bert', 'distilbert', 'electra', 'mobilebert', 'roformer', 'convbert'];

export function parseModelConfig(raw: unknown, modelName: string, tokenizerMaxLength?: number): ModelConfig {
  if (!raw || typeof raw !== 'object') throw new ModelError(`model "${modelName}": config.json is not a JSON object`);
  const c = raw as Record<string, unknown>;
  const modelType = String(c.model_type ?? '');
  if (!SUPPORTED_MODEL_TYPES.includes(modelType)) {
    throw new ModelError(
      `model "${modelName}" has unsupported architecture model_type="${modelType || '(none)'}"; ` +
      `supported: ${SUPPORTED_MODEL_TYPES.join(', ')} (BERT-family encoders with a WordPiece tokenizer)`,
    );
  }
  const archs = Array.isArray(c.architectures) ? c.architectures.map(String) : [];
  if (archs.length && !archs.some((a) => a.endsWith('ForSequenceClassification'))) {
    throw new ModelError(
      `model "${modelName}" is a ${archs.join('/')}, not a text classifier; pick a *ForSequenceClassification model`,
    );
  }
  const num = (...keys: string[]): number => {
    for (const k of keys) { const v = c[k]; if (typeof v === 'number' && Number.isFinite(v) && v > 0) return v; }
    throw new ModelError(`model "${modelName}": config.json lacks ${keys.join(' / ')}`);
  };
  const numLayers = num('num_hidden_layers', 'n_layers');
  const numHeads = num('num_attention_heads', 'n_heads');
  const hiddenSize = num('hidden_size', 'dim');
  const maxPositions = num('max_position_embeddings');
  const maxLength = tokenizerMaxLength && tokenizerMaxLength > 0 ? Math.min(maxPositions, tokenizerMaxLength) : maxPositions;
  const id2label = (c.id2label ?? {}) as Record<string, unknown>;
  const indices = Object.keys(id2label).map(Number).filter(Number.isInteger).sort((a, b) => a - b);
  const labels = indices.length ? indices.map((i) => String(id2label[String(i)])) : [];
  return { modelType, numLayers, numHeads, hiddenSize, maxLength, labels };
}
