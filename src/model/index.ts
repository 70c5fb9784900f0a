// Public API of the model layer: load a BERT-family classifier, run it with every layer's attention.
export {
  loadModel,
  type LoadedModel,
  type ModelRun,
  type Prediction,
  type RunOptions,
  type RunIdsContext,
} from './loader';
export { defaultModelPath, HUB_DEFAULT_MODEL, SHIPPED_MODEL_DIR, packageRoot } from './paths';
export { ModelError } from './errors';
export { SUPPORTED_MODEL_TYPES, type ModelConfig } from './config';
export { defaultCacheDir, type ModelSpec } from './source';
export type { DownloadProgress } from './hubDownload';
export {
  tokenizeWithOffsets,
  tokenizePairWithOffsets,
  truncationWarning,
  type TokenSpan,
  type Tokenized,
} from './offsets';
export { exposeAttention, findAttentionSoftmaxes, appendGraphOutputs } from './onnxSurgery';
