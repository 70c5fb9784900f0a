// Access to @xenova/transformers and to the onnxruntime-node it bundles, through dynamic import():
// the package is ESM-only while the extension and CLI bundles are CommonJS with it external, and
// esbuild keeps `import()` of an external module as a real import for Node 20 targets.
// Only the narrow surface used here is typed.

/** The parts of a transformers.js PreTrainedTokenizer that tokenization with offsets replays. */
export interface TokenizerLike {
  normalizer: { normalize(text: string): string } | null;
  pre_tokenizer: { pre_tokenize_text(text: string, options: { section_index?: number }): string[] } | null;
  model: {
    encode(words: string[]): string[];
    convert_tokens_to_ids(tokens: string[]): number[];
    vocab?: string[];
    tokens_to_ids: Map<string, number>;
    unk_token: string;
    config?: { continuing_subword_prefix?: string; type?: string };
    /** Unigram always, others when configured: runs of unknown pieces become one unknown token. */
    fuse_unk?: boolean;
    /** BPE only: the merges of one word, before the vocabulary lookup. */
    bpe?(word: string): string[];
    ignore_merges?: boolean;
    byte_fallback?: boolean;
    end_of_word_suffix?: string;
    continuing_subword_suffix?: string | null;
  };
  post_processor: {
    post_process(
      a: string[],
      b: string[] | null,
      opts: { add_special_tokens: boolean },
    ): { tokens: string[]; token_type_ids?: number[] };
  } | null;
  added_tokens_regex: RegExp | null;
  special_tokens: string[];
  remove_space?: boolean;
  do_lowercase_and_remove_accent?: boolean;
  pad_token_id?: number;
  mask_token_id?: number;
  unk_token_id?: number;
  model_max_length?: number;
  /** The tokenizer's own encoding (ids incl. specials), used to cross-check offsets. */
  encode(text: string, textPair?: string | null): number[];
  /** ids, mask and token types of one text or a pair (types only when asked for). */
  _encode_plus?(
    text: string,
    textPair: string | null,
    opts: { return_token_type_ids?: boolean },
  ): { input_ids: number[]; token_type_ids?: number[] };
}

type TokenizerClass = new (json: object, config: object) => TokenizerLike;

export interface TransformersModule {
  env: {
    allowRemoteModels: boolean;
    allowLocalModels: boolean;
    localModelPath: string;
    cacheDir: string | null;
    remoteHost: string;
    remotePathTemplate: string;
  };
  AutoTokenizer: { TOKENIZER_CLASS_MAPPING: Record<string, TokenizerClass> };
  PreTrainedTokenizer: TokenizerClass;
}

export interface OrtTensor {
  dims: readonly number[];
  data: Float32Array | BigInt64Array | Int32Array;
  type: string;
}
export interface OrtSession {
  inputNames: readonly string[];
  outputNames: readonly string[];
  run(feeds: Record<string, OrtTensor>, fetches?: string[]): Promise<Record<string, OrtTensor>>;
  release?(): Promise<void>;
}
export interface OrtModule {
  InferenceSession: { create(bytes: Uint8Array, options?: object): Promise<OrtSession> };
  Tensor: new (type: string, data: BigInt64Array | Float32Array, dims: number[]) => OrtTensor;
}

let transformers: Promise<TransformersModule> | undefined;
let ort: Promise<OrtModule> | undefined;

export function loadTransformers(): Promise<TransformersModule> {
  transformers ??= import('@xenova/transformers') as unknown as Promise<TransformersModule>;
  return transformers;
}

/** The very onnxruntime-node module transformers.js itself runs sessions with. */
export function loadOrt(): Promise<OrtModule> {
  // @ts-expect-error deep import of an untyped module file of @xenova/transformers
  ort ??= (import('@xenova/transformers/src/backends/onnx.js') as Promise<{ ONNX: OrtModule }>).then((m) => m.ONNX);
  return ort;
}
