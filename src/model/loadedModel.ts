// What a loaded model is to its users: its run results (tokens, prediction, every layer's attention) and
// the operations loader.ts implements.
import type { ModelConfig } from './config';
import type { TokenSpan, Tokenized } from './offsets';

export interface Prediction {
  label: string;
  score: number;
  labelIndex: number;
  logits: number[];
}

export interface ModelRun {
  inputIds: number[];
  tokens: TokenSpan[];
  prediction: Prediction;
  /** attentions[layer][head]: row-major seq×seq probabilities (batch 1), rows sum to 1. */
  attentions: Float32Array[][];
  seq: number;
  truncated: null | { keptChars: number; totalTokens: number };
  /** Human-readable warnings (e.g. where the text was truncated). */
  warnings: string[];
  /** The token whose output is explained: 0 (<s>/[CLS]) for a classifier, the [MASK] for a masked LM. */
  target: number;
  /** Sentence pairs: the token types fed to the model (counterfactual runs keep them). */
  typeIds?: number[];
}

export interface RunOptions {
  maxTokens?: number;
  /** A second text: the input is the pair (NLI premise + hypothesis, paraphrase…). */
  pair?: string;
  /** Masked LM: the characters [start, end) of the word to predict; its token becomes the model's mask token. */
  maskRange?: [number, number];
}

/** What a counterfactual run needs besides the ids: the pair's token types, the masked position. */
export interface RunIdsContext {
  typeIds?: number[];
  position?: number;
}

export interface LoadedModel {
  id: string;
  config: ModelConfig;
  padTokenId: number;
  maskTokenId: number;
  /** Where the weights came from, e.g. '/path/onnx/model_quantized.onnx' or 'owner/name:onnx/model.onnx'. */
  onnxFile: string;
  /**
   * The graph uses dynamic quantization (DynamicQuantizeLinear): its activation scales span the whole
   * batch tensor, so batched results differ slightly from one-by-one runs.
   */
  quantized: boolean;
  run(text: string, opts?: RunOptions): Promise<ModelRun>;
  /** The prediction for given token ids (batch 1; attention mask all ones). */
  runIds(ids: number[], ctx?: RunIdsContext): Promise<Prediction>;
  /**
   * Predictions for several id rows of one length (counterfactuals of one text) in one batched run:
   * 1.5–2× more runs per second on short texts. Quantized graphs run them one by one (their
   * activation scales span the batch, so a batch would change each row's logits).
   */
  runIdsMany(rows: number[][], ctx?: RunIdsContext): Promise<Prediction[]>;
  /** Predictions for many texts, padded batches, logits only (evaluation); batchSize 1 reproduces run() exactly. */
  classify(texts: string[], opts?: { maxTokens?: number; batchSize?: number }): Promise<Prediction[]>;
  tokenize(text: string, maxTokens?: number): Tokenized;
  dispose(): Promise<void>;
}
