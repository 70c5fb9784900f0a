// Loads a BERT-family text classifier (Hugging Face layout) and runs it with every layer's attention
// exposed: tokenizer and file access from transformers.js, the ONNX session from the onnxruntime-node
// that transformers.js bundles, created from the surgically edited model bytes.
import { parseModelConfig, type ModelConfig } from './config';
import { CorruptModelFileError, ModelError } from './errors';
import { LruCache } from './lru';
import { tokenizeWithOffsets, truncationWarning, type TokenSpan, type Tokenized } from './offsets';
import { exposeAttention } from './onnxSurgery';
import { loadOrt, loadTransformers, type OrtSession, type OrtTensor, type TokenizerLike } from './runtime';
import { defaultCacheDir, missingFileMessage, openModelSource, type ModelSource, type ModelSpec } from './source';

export interface Prediction { label: string; score: number; labelIndex: number; logits: number[] }

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
  run(text: string, opts?: { maxTokens?: number }): Promise<ModelRun>;
  /** The prediction for given token ids (batch 1; attention mask all ones). */
  runIds(ids: number[]): Promise<Prediction>;
  /** Predictions for many texts, padded batches, logits only (evaluation); batchSize 1 reproduces run() exactly. */
  classify(texts: string[], opts?: { maxTokens?: number; batchSize?: number }): Promise<Prediction[]>;
  tokenize(text: string, maxTokens?: number): Tokenized;
  dispose(): Promise<void>;
}

/** Tokenizer models whose pieces offsets.ts lays back onto the text. */
const OFFSET_TOKENIZERS = ['WordPiece', 'BPE', 'Unigram'];

const SUPPORTED_INPUTS = new Set(['input_ids', 'attention_mask', 'token_type_ids']);

function parseJson(bytes: Uint8Array, what: string, name: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new CorruptModelFileError(`model "${name}": ${what} is not valid JSON (${(err as Error).message}); the file is corrupt, re-download or re-export it`);
  }
}

/**
 * Decodes a file; when a downloaded one turns out corrupt (a cut the transport could not see), it is
 * dropped from the cache so that "re-download" is what the next load does instead of failing again.
 */
async function decode<T>(source: ModelSource, file: string, work: () => T | Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof CorruptModelFileError) || !source.forget) throw err;
    await source.forget(file);
    throw new CorruptModelFileError(`${err.message} (${file}: the downloaded copy was removed from the cache; the next load downloads it again)`);
  }
}

async function requireFile(source: ModelSource, file: string, spec: ModelSpec): Promise<Uint8Array> {
  const bytes = await source.read(file);
  if (!bytes) throw new ModelError(missingFileMessage(source, file, spec.offline ? spec.cacheDir ?? defaultCacheDir() : undefined));
  return bytes;
}

async function readOnnx(source: ModelSource, spec: ModelSpec): Promise<{ file: string; bytes: Uint8Array }> {
  const order = spec.quantized === true ? ['onnx/model_quantized.onnx']
    : spec.quantized === false ? ['onnx/model.onnx']
      : ['onnx/model_quantized.onnx', 'onnx/model.onnx'];
  for (const file of order) {
    const bytes = await source.read(file);
    if (bytes) return { file, bytes };
  }
  throw new ModelError(missingFileMessage(source, order.join(' or '), spec.offline ? spec.cacheDir ?? defaultCacheDir() : undefined));
}

async function buildTokenizer(source: ModelSource, spec: ModelSpec): Promise<TokenizerLike> {
  const tokBytes = await requireFile(source, 'tokenizer.json', spec);
  const json = await decode(source, 'tokenizer.json', () => parseJson(tokBytes, 'tokenizer.json', source.name) as { model?: { type?: string } });
  const cfgBytes = await source.read('tokenizer_config.json');
  const cfg = (cfgBytes ? await decode(source, 'tokenizer_config.json', () => parseJson(cfgBytes, 'tokenizer_config.json', source.name)) : {}) as { tokenizer_class?: string };
  if (!OFFSET_TOKENIZERS.includes(json.model?.type ?? '')) {
    throw new ModelError(`model "${source.name}" uses a ${json.model?.type ?? 'unknown'} tokenizer; supported: WordPiece (BERT), byte-level BPE (RoBERTa), SentencePiece Unigram (XLM-R, CamemBERT)`);
  }
  const { AutoTokenizer, PreTrainedTokenizer } = await loadTransformers();
  // As AutoTokenizer.from_pretrained does, from the files already read.
  const cls = AutoTokenizer.TOKENIZER_CLASS_MAPPING[cfg.tokenizer_class?.replace(/Fast$/, '') ?? ''] ?? PreTrainedTokenizer;
  try {
    return new cls(json, cfg);
  } catch (err) {
    throw new ModelError(`model "${source.name}": tokenizer.json could not be loaded (${(err as Error).message})`);
  }
}

function softmax(logits: number[]): number[] {
  const m = Math.max(...logits);
  const e = logits.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

function predictionFrom(logits: number[], labels: string[]): Prediction {
  const probs = softmax(logits);
  let labelIndex = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[labelIndex]) labelIndex = i;
  return { label: labels[labelIndex] ?? `LABEL_${labelIndex}`, score: probs[labelIndex], labelIndex, logits };
}

/** Loads a model by hub id or folder. Errors are ModelErrors naming the model and what to do. */
export async function loadModel(spec: ModelSpec): Promise<LoadedModel> {
  const source = openModelSource(spec);
  const name = source.name;
  const tokenizer = await buildTokenizer(source, spec);
  const configBytes = await requireFile(source, 'config.json', spec);
  const config = parseModelConfig(await decode(source, 'config.json', () => parseJson(configBytes, 'config.json', name)), name, tokenizer.model_max_length);
  if (config.task === 'masked-lm') throw new ModelError(`model "${name}" is a masked-token predictor; only *ForSequenceClassification models are explained so far`);
  const onnx = await readOnnx(source, spec);
  const exposed = await decode(source, onnx.file, () => exposeAttention(onnx.bytes, name));
  if (exposed.attentionOutputs.length !== config.numLayers) {
    throw new ModelError(`model "${name}": found ${exposed.attentionOutputs.length} attention Softmax nodes in ${onnx.file} but config.json says ${config.numLayers} layers; the export is not a standard BERT-family graph`);
  }
  const unsupported = exposed.inputs.filter((i) => !SUPPORTED_INPUTS.has(i));
  if (unsupported.length) throw new ModelError(`model "${name}": unsupported model inputs ${unsupported.join(', ')} (expected input_ids, attention_mask, token_type_ids)`);
  const logitsName = exposed.originalOutputs.includes('logits') ? 'logits' : exposed.originalOutputs[0];
  if (!logitsName) throw new ModelError(`model "${name}": the ONNX graph has no outputs`);

  const ort = await loadOrt();
  const session: OrtSession = await decode(source, onnx.file, () => ort.InferenceSession.create(exposed.bytes, { executionProviders: ['cpu'], logSeverityLevel: 3 }).catch((err: Error) => {
    throw new CorruptModelFileError(`model "${name}": ONNX Runtime could not load ${onnx.file} (${err.message.split('\n')[0]}); the file may be corrupt, re-download or re-export it`);
  }));
  // Counterfactual runs need logits only: the model's own graph skips materialising the attention
  // outputs (layers × heads × seq² floats per run) that the edited graph returns. Created on first use.
  let logitsSession: Promise<OrtSession> | null = null;
  const testerSession = (): Promise<OrtSession> => {
    if (spec.testerSession === 'attention') return Promise.resolve(session);
    logitsSession ??= ort.InferenceSession.create(onnx.bytes, { executionProviders: ['cpu'], logSeverityLevel: 3 }).catch((err: Error) => {
      throw new ModelError(`model "${name}": ONNX Runtime could not load ${onnx.file} for logits-only runs (${err.message.split('\n')[0]})`);
    });
    return logitsSession;
  };
  const padTokenId = tokenizer.pad_token_id ?? 0;
  const maskTokenId = tokenizer.mask_token_id ?? -1;
  const labelsFor = (n: number) => (config.labels.length === n ? config.labels : Array.from({ length: n }, (_, i) => config.labels[i] ?? `LABEL_${i}`));

  const feeds = (rows: number[][], lengths: number[]): Record<string, OrtTensor> => {
    const width = rows[0].length;
    const ids = new BigInt64Array(rows.length * width), mask = new BigInt64Array(rows.length * width);
    rows.forEach((r, b) => r.forEach((id, j) => { ids[b * width + j] = BigInt(id); mask[b * width + j] = j < lengths[b] ? 1n : 0n; }));
    const dims = [rows.length, width];
    const out: Record<string, OrtTensor> = { input_ids: new ort.Tensor('int64', ids, dims) };
    if (exposed.inputs.includes('attention_mask')) out.attention_mask = new ort.Tensor('int64', mask, dims);
    if (exposed.inputs.includes('token_type_ids')) out.token_type_ids = new ort.Tensor('int64', new BigInt64Array(rows.length * width), dims);
    return out;
  };
  const logitsRows = (t: OrtTensor): number[][] => {
    const [b, n] = [t.dims[0], t.dims[t.dims.length - 1]];
    const data = t.data as Float32Array;
    return Array.from({ length: b }, (_, i) => Array.from(data.subarray(i * n, (i + 1) * n)));
  };

  const runCache = new LruCache<string, ModelRun>(16);
  const idsCache = new LruCache<string, Prediction>(512);
  const maxTokensFor = (m?: number) => Math.max(2, Math.min(m ?? config.maxLength, config.maxLength));
  const tokenize = (text: string, maxTokens?: number) => tokenizeWithOffsets(tokenizer, text, maxTokensFor(maxTokens));

  const model: LoadedModel = {
    id: name,
    config,
    padTokenId,
    maskTokenId,
    quantized: exposed.quantized,
    onnxFile: source.kind === 'folder' ? `${source.location}/${onnx.file}` : `${source.location}:${onnx.file}`,
    tokenize,

    async run(text, opts) {
      const maxTokens = maxTokensFor(opts?.maxTokens);
      const key = `${maxTokens}\u0000${text}`;
      const hit = runCache.get(key);
      if (hit) return hit;
      const tk = tokenize(text, maxTokens);
      const seq = tk.ids.length;
      const out = await session.run(feeds([tk.ids], [seq]));
      const logits = logitsRows(out[logitsName])[0];
      const attentions = exposed.attentionOutputs.map((n) => {
        const t = out[n];
        const heads = t.dims[1];
        if (t.dims.length !== 4 || t.dims[2] !== seq || t.dims[3] !== seq) {
          throw new ModelError(`model "${name}": attention output ${n} has shape [${t.dims.join(',')}], expected [1, heads, ${seq}, ${seq}]`);
        }
        const data = t.data as Float32Array;
        return Array.from({ length: heads }, (_, h) => data.subarray(h * seq * seq, (h + 1) * seq * seq));
      });
      const result: ModelRun = {
        inputIds: tk.ids,
        tokens: tk.tokens,
        prediction: predictionFrom(logits, labelsFor(logits.length)),
        attentions,
        seq,
        truncated: tk.truncated,
        warnings: tk.truncated ? [truncationWarning(tk.truncated, text.length, maxTokens)] : [],
      };
      runCache.set(key, result);
      return result;
    },

    async runIds(ids) {
      const key = ids.join(',');
      const hit = idsCache.get(key);
      if (hit) return hit;
      const out = await (await testerSession()).run(feeds([ids], [ids.length]), [logitsName]);
      const logits = logitsRows(out[logitsName])[0];
      const p = predictionFrom(logits, labelsFor(logits.length));
      idsCache.set(key, p);
      return p;
    },

    async classify(texts, opts) {
      const batchSize = Math.max(1, opts?.batchSize ?? 16);
      const encoded = texts.map((t, i) => ({ i, ids: tokenize(t, opts?.maxTokens).ids }));
      // Similar lengths together: less padding per batch.
      const order = [...encoded].sort((a, b) => a.ids.length - b.ids.length);
      const results: Prediction[] = new Array(texts.length);
      for (let s = 0; s < order.length; s += batchSize) {
        const batch = order.slice(s, s + batchSize);
        const width = Math.max(...batch.map((e) => e.ids.length));
        const rows = batch.map((e) => [...e.ids, ...new Array<number>(width - e.ids.length).fill(padTokenId)]);
        const out = await (await testerSession()).run(feeds(rows, batch.map((e) => e.ids.length)), [logitsName]);
        logitsRows(out[logitsName]).forEach((l, k) => { results[batch[k].i] = predictionFrom(l, labelsFor(l.length)); });
      }
      return results;
    },

    async dispose() {
      runCache.clear();
      idsCache.clear();
      const extra = logitsSession;
      logitsSession = null;
      await session.release?.();
      if (extra) await (await extra.catch(() => null))?.release?.();
    },
  };
  return model;
}

