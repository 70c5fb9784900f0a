// Loads a BERT-family text classifier (Hugging Face layout) and runs it with every layer's attention
// exposed: tokenizer and file access from transformers.js, the ONNX session from the onnxruntime-node
// that transformers.js bundles, created from the surgically edited model bytes.
import { parseModelConfig, type ModelConfig } from './config';
import { CorruptModelFileError, ModelError } from './errors';
import { LruCache } from './lru';
import {
  tokenizePairWithOffsets,
  tokenizeWithOffsets,
  truncationWarning,
  type TokenSpan,
  type Tokenized,
} from './offsets';
import { exposeAttention } from './onnxSurgery';
import { loadOrt, loadTransformers, type OrtSession, type OrtTensor, type TokenizerLike } from './runtime';
import { defaultCacheDir, missingFileMessage, openModelSource, type ModelSource, type ModelSpec } from './source';

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

/** Tokenizer models whose pieces offsets.ts lays back onto the text. */
const OFFSET_TOKENIZERS = ['WordPiece', 'BPE', 'Unigram'];

const SUPPORTED_INPUTS = new Set(['input_ids', 'attention_mask', 'token_type_ids']);

function parseJson(bytes: Uint8Array, what: string, name: string): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch (err) {
    throw new CorruptModelFileError(
      `model "${name}": ${what} is not valid JSON (${(err as Error).message}); the file is corrupt, re-download or re-export it`,
    );
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
    throw new CorruptModelFileError(
      `${err.message} (${file}: the downloaded copy was removed from the cache; the next load downloads it again)`,
    );
  }
}

async function requireFile(source: ModelSource, file: string, spec: ModelSpec): Promise<Uint8Array> {
  const bytes = await source.read(file);
  if (!bytes)
    throw new ModelError(
      missingFileMessage(source, file, spec.offline ? (spec.cacheDir ?? defaultCacheDir()) : undefined),
    );
  return bytes;
}

async function readOnnx(source: ModelSource, spec: ModelSpec): Promise<{ file: string; bytes: Uint8Array }> {
  const order =
    spec.quantized === true
      ? ['onnx/model_quantized.onnx']
      : spec.quantized === false
        ? ['onnx/model.onnx']
        : ['onnx/model_quantized.onnx', 'onnx/model.onnx'];
  for (const file of order) {
    const bytes = await source.read(file);
    if (bytes) return { file, bytes };
  }
  throw new ModelError(
    missingFileMessage(source, order.join(' or '), spec.offline ? (spec.cacheDir ?? defaultCacheDir()) : undefined),
  );
}

async function buildTokenizer(source: ModelSource, spec: ModelSpec): Promise<TokenizerLike> {
  const tokBytes = await requireFile(source, 'tokenizer.json', spec);
  const json = await decode(
    source,
    'tokenizer.json',
    () => parseJson(tokBytes, 'tokenizer.json', source.name) as { model?: { type?: string } },
  );
  const cfgBytes = await source.read('tokenizer_config.json');
  const cfg = (
    cfgBytes
      ? await decode(source, 'tokenizer_config.json', () => parseJson(cfgBytes, 'tokenizer_config.json', source.name))
      : {}
  ) as { tokenizer_class?: string };
  if (!OFFSET_TOKENIZERS.includes(json.model?.type ?? '')) {
    throw new ModelError(
      `model "${source.name}" uses a ${json.model?.type ?? 'unknown'} tokenizer; supported: WordPiece (BERT), byte-level BPE (RoBERTa), SentencePiece Unigram (XLM-R, CamemBERT)`,
    );
  }
  const { AutoTokenizer, PreTrainedTokenizer } = await loadTransformers();
  // As AutoTokenizer.from_pretrained does, from the files already read.
  const cls =
    AutoTokenizer.TOKENIZER_CLASS_MAPPING[cfg.tokenizer_class?.replace(/Fast$/, '') ?? ''] ?? PreTrainedTokenizer;
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

/** multiLabel: one sigmoid per label, the highest one reported; else the softmax's argmax. */
function predictionFrom(logits: number[], labels: string[], multiLabel = false): Prediction {
  const probs = multiLabel ? logits.map((x) => 1 / (1 + Math.exp(-x))) : softmax(logits);
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
  const config = parseModelConfig(
    await decode(source, 'config.json', () => parseJson(configBytes, 'config.json', name)),
    name,
    tokenizer.model_max_length,
  );
  const onnx = await readOnnx(source, spec);
  const exposed = await decode(source, onnx.file, () => exposeAttention(onnx.bytes, name));
  if (exposed.attentionOutputs.length !== config.numLayers) {
    throw new ModelError(
      `model "${name}": found ${exposed.attentionOutputs.length} attention Softmax nodes in ${onnx.file} but config.json says ${config.numLayers} layers; the export is not a standard BERT-family graph`,
    );
  }
  const unsupported = exposed.inputs.filter((i) => !SUPPORTED_INPUTS.has(i));
  if (unsupported.length)
    throw new ModelError(
      `model "${name}": unsupported model inputs ${unsupported.join(', ')} (expected input_ids, attention_mask, token_type_ids)`,
    );
  const logitsName = exposed.originalOutputs.includes('logits') ? 'logits' : exposed.originalOutputs[0];
  if (!logitsName) throw new ModelError(`model "${name}": the ONNX graph has no outputs`);

  const ort = await loadOrt();
  const session: OrtSession = await decode(source, onnx.file, () =>
    ort.InferenceSession.create(exposed.bytes, { executionProviders: ['cpu'], logSeverityLevel: 3 }).catch(
      (err: Error) => {
        throw new CorruptModelFileError(
          `model "${name}": ONNX Runtime could not load ${onnx.file} (${err.message.split('\n')[0]}); the file may be corrupt, re-download or re-export it`,
        );
      },
    ),
  );
  // Counterfactual runs need logits only: the model's own graph skips materialising the attention
  // outputs (layers × heads × seq² floats per run) that the edited graph returns. Created on first use.
  let logitsSession: Promise<OrtSession> | null = null;
  const testerSession = (): Promise<OrtSession> => {
    if (spec.testerSession === 'attention') return Promise.resolve(session);
    logitsSession ??= ort.InferenceSession.create(onnx.bytes, {
      executionProviders: ['cpu'],
      logSeverityLevel: 3,
    }).catch((err: Error) => {
      throw new ModelError(
        `model "${name}": ONNX Runtime could not load ${onnx.file} for logits-only runs (${err.message.split('\n')[0]})`,
      );
    });
    return logitsSession;
  };
  const padTokenId = tokenizer.pad_token_id ?? 0;
  const maskTokenId = tokenizer.mask_token_id ?? -1;
  const vocab = (tokenizer.model as { vocab?: string[] }).vocab ?? [];
  // a masked LM's "labels" are its vocabulary's tokens
  const labelsFor = (n: number) =>
    config.task === 'masked-lm'
      ? vocab
      : config.labels.length === n
        ? config.labels
        : Array.from({ length: n }, (_, i) => config.labels[i] ?? `LABEL_${i}`);
  const predict = (logits: number[]) => predictionFrom(logits, labelsFor(logits.length), config.multiLabel);

  const feeds = (rows: number[][], lengths: number[], typeIds?: number[]): Record<string, OrtTensor> => {
    const width = rows[0].length;
    const ids = new BigInt64Array(rows.length * width),
      mask = new BigInt64Array(rows.length * width);
    rows.forEach((r, b) =>
      r.forEach((id, j) => {
        ids[b * width + j] = BigInt(id);
        mask[b * width + j] = j < lengths[b] ? 1n : 0n;
      }),
    );
    const dims = [rows.length, width];
    const out: Record<string, OrtTensor> = { input_ids: new ort.Tensor('int64', ids, dims) };
    if (exposed.inputs.includes('attention_mask')) out.attention_mask = new ort.Tensor('int64', mask, dims);
    if (exposed.inputs.includes('token_type_ids')) {
      const types = new BigInt64Array(rows.length * width);
      // every row: the counterfactuals of one pair share its token types
      if (typeIds)
        for (let b = 0; b < rows.length; b++)
          typeIds.forEach((t, j) => {
            types[b * width + j] = BigInt(t);
          });
      out.token_type_ids = new ort.Tensor('int64', types, dims);
    }
    return out;
  };
  /** Logits per batch row; a masked LM's [batch, seq, vocab] output is read at `position`. */
  const logitsRows = (t: OrtTensor, position = 0): number[][] => {
    const b = t.dims[0],
      n = t.dims[t.dims.length - 1];
    const perRow = t.dims.length === 3 ? t.dims[1] * n : n;
    const at = t.dims.length === 3 ? position * n : 0;
    const data = t.data as Float32Array;
    return Array.from({ length: b }, (_, i) => Array.from(data.subarray(i * perRow + at, i * perRow + at + n)));
  };
  /** The text's tokens, as a pair, and with the masked word's token(s) replaced by one mask token. */
  const encode = (text: string, maxTokens: number, opts?: RunOptions): { tk: Tokenized; target: number } => {
    const tk =
      opts?.pair !== undefined
        ? tokenizePairWithOffsets(tokenizer, text, opts.pair, maxTokens)
        : tokenize(text, maxTokens);
    if (config.task !== 'masked-lm') return { tk, target: 0 };
    if (!opts?.maskRange)
      throw new ModelError(
        `model "${name}" predicts masked tokens: mark the word to predict (its characters) inside the text`,
      );
    if (maskTokenId < 0) throw new ModelError(`model "${name}" has no mask token in its tokenizer`);
    const [s, e] = opts.maskRange;
    const hit = tk.tokens.flatMap((t, i) => (!t.special && t.segment !== 1 && t.start < e && t.end > s ? [i] : []));
    if (!hit.length)
      throw new ModelError(`model "${name}": no token of the text lies in characters ${s}–${e} (the word to predict)`);
    const keep = (i: number) => i === hit[0] || !hit.includes(i);
    const maskText = tokenizer.model.vocab?.[maskTokenId] ?? '[MASK]';
    const tokens = tk.tokens
      .map((t, i) => (i === hit[0] ? { text: maskText, start: s, end: e, special: false } : t))
      .filter((_, i) => keep(i));
    const ids = tk.ids.map((id, i) => (i === hit[0] ? maskTokenId : id)).filter((_, i) => keep(i));
    const typeIds = tk.typeIds?.filter((_, i) => keep(i));
    return { tk: { ...tk, tokens, ids, ...(typeIds ? { typeIds } : {}) }, target: hit[0] };
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
      const key = JSON.stringify([maxTokens, text, opts?.pair ?? null, opts?.maskRange ?? null]);
      const hit = runCache.get(key);
      if (hit) return hit;
      const { tk, target } = encode(text, maxTokens, opts);
      const seq = tk.ids.length;
      const out = await session.run(feeds([tk.ids], [seq], tk.typeIds));
      const logits = logitsRows(out[logitsName], target)[0];
      const attentions = exposed.attentionOutputs.map((n) => {
        const t = out[n];
        const heads = t.dims[1];
        if (t.dims.length !== 4 || t.dims[2] !== seq || t.dims[3] !== seq) {
          throw new ModelError(
            `model "${name}": attention output ${n} has shape [${t.dims.join(',')}], expected [1, heads, ${seq}, ${seq}]`,
          );
        }
        const data = t.data as Float32Array;
        return Array.from({ length: heads }, (_, h) => data.subarray(h * seq * seq, (h + 1) * seq * seq));
      });
      const result: ModelRun = {
        inputIds: tk.ids,
        tokens: tk.tokens,
        prediction: predict(logits),
        attentions,
        seq,
        truncated: tk.truncated,
        warnings: tk.truncated ? [truncationWarning(tk.truncated, text.length, maxTokens)] : [],
        target,
        ...(tk.typeIds ? { typeIds: tk.typeIds } : {}),
      };
      runCache.set(key, result);
      return result;
    },

    async runIds(ids, ctx) {
      const key = `${ids.join(',')}|${ctx?.typeIds?.join(',') ?? ''}|${ctx?.position ?? 0}`;
      const hit = idsCache.get(key);
      if (hit) return hit;
      const out = await (await testerSession()).run(feeds([ids], [ids.length], ctx?.typeIds), [logitsName]);
      const logits = logitsRows(out[logitsName], ctx?.position ?? 0)[0];
      const p = predict(logits);
      idsCache.set(key, p);
      return p;
    },

    async runIdsMany(rows, ctx) {
      const keyOf = (ids: number[]) => `${ids.join(',')}|${ctx?.typeIds?.join(',') ?? ''}|${ctx?.position ?? 0}`;
      const results: (Prediction | undefined)[] = rows.map((ids) => idsCache.get(keyOf(ids)));
      const todo = rows.flatMap((_, i) => (results[i] ? [] : [i]));
      if (todo.length === 1 || (todo.length > 1 && exposed.quantized)) {
        for (const i of todo) results[i] = await model.runIds(rows[i], ctx);
      } else if (todo.length > 1) {
        const width = rows[todo[0]].length;
        if (todo.some((i) => rows[i].length !== width))
          throw new RangeError('runIdsMany: every row must have the same length');
        const batch = todo.map((i) => rows[i]);
        const out = await (
          await testerSession()
        ).run(
          feeds(
            batch,
            batch.map(() => width),
            ctx?.typeIds,
          ),
          [logitsName],
        );
        logitsRows(out[logitsName], ctx?.position ?? 0).forEach((l, k) => {
          const p = predict(l);
          idsCache.set(keyOf(batch[k]), p);
          results[todo[k]] = p;
        });
      }
      return results as Prediction[];
    },

    async classify(texts, opts) {
      if (config.task === 'masked-lm')
        throw new ModelError(
          `model "${name}" predicts masked tokens; evaluation over labelled texts needs a classifier`,
        );
      const batchSize = Math.max(1, opts?.batchSize ?? 16);
      const encoded = texts.map((t, i) => ({ i, ids: tokenize(t, opts?.maxTokens).ids }));
      // Similar lengths together: less padding per batch.
      const order = [...encoded].sort((a, b) => a.ids.length - b.ids.length);
      const results: Prediction[] = new Array(texts.length);
      for (let s = 0; s < order.length; s += batchSize) {
        const batch = order.slice(s, s + batchSize);
        const width = Math.max(...batch.map((e) => e.ids.length));
        const rows = batch.map((e) => [...e.ids, ...new Array<number>(width - e.ids.length).fill(padTokenId)]);
        const out = await (
          await testerSession()
        ).run(
          feeds(
            rows,
            batch.map((e) => e.ids.length),
          ),
          [logitsName],
        );
        logitsRows(out[logitsName]).forEach((l, k) => {
          results[batch[k].i] = predict(l);
        });
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
