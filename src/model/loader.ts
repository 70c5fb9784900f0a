// Loads a BERT-family text classifier (Hugging Face layout) and runs it with every layer's attention
// exposed: tokenizer and file access from transformers.js, the ONNX session from the onnxruntime-node
// that transformers.js bundles, created from the surgically edited model bytes. The files are read by
// modelFiles.ts; what a loaded model offers is declared in loadedModel.ts.
import { parseModelConfig } from './config';
import { CorruptModelFileError, ModelError } from './errors';
import type { LoadedModel, ModelRun, Prediction, RunOptions } from './loadedModel';
import { LruCache } from './lru';
import { buildTokenizer, decode, parseJson, readOnnx, requireFile } from './modelFiles';
import { tokenizePairWithOffsets, tokenizeWithOffsets, truncationWarning, type Tokenized } from './offsets';
import { exposeAttention } from './onnxSurgery';
import { predictionFrom } from './prediction';
import { loadOrt, type OrtSession, type OrtTensor } from './runtime';
import { openModelSource, type ModelSpec } from './source';

export type { LoadedModel, ModelRun, Prediction, RunIdsContext, RunOptions } from './loadedModel';

const SUPPORTED_INPUTS = new Set(['input_ids', 'attention_mask', 'token_type_ids']);

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
