// Reading a model's files from its source (folder or hub cache): required files with a message that says
// what to do, the ONNX file to use, JSON that fails as a corrupt file, and the tokenizer built from them.
import { CorruptModelFileError, ModelError } from './errors';
import { loadTransformers, type TokenizerLike } from './runtime';
import { defaultCacheDir, missingFileMessage, type ModelSource, type ModelSpec } from './source';

/** Tokenizer models whose pieces offsets.ts lays back onto the text. */
const OFFSET_TOKENIZERS = ['WordPiece', 'BPE', 'Unigram'];

export function parseJson(bytes: Uint8Array, what: string, name: string): unknown {
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
export async function decode<T>(source: ModelSource, file: string, work: () => T | Promise<T>): Promise<T> {
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

export async function requireFile(source: ModelSource, file: string, spec: ModelSpec): Promise<Uint8Array> {
  const bytes = await source.read(file);
  if (!bytes)
    throw new ModelError(
      missingFileMessage(source, file, spec.offline ? (spec.cacheDir ?? defaultCacheDir()) : undefined),
    );
  return bytes;
}

export async function readOnnx(source: ModelSource, spec: ModelSpec): Promise<{ file: string; bytes: Uint8Array }> {
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

export async function buildTokenizer(source: ModelSource, spec: ModelSpec): Promise<TokenizerLike> {
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
