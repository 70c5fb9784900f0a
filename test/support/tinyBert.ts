// Builds tiny random-weight BERT-style sequence classifiers in code, as ONNX files in the Hugging Face
// folder layout that transformers.js loads (config.json, tokenizer.json, tokenizer_config.json,
// onnx/model.onnx, onnx/model_quantized.onnx). The graphs come from tinyBertOnnx.ts, the WordPiece
// tokenizer from tinyWordPiece.ts, the BPE and Unigram ones from tinyTokenizers.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildTinyBertOnnx, tinyDims, type TinyBertOptions, type TinyVariant } from './tinyBertOnnx';
import { robertaTokenizerConfig, tinyBpeTokenizerJson, tinyUnigramTokenizerJson } from './tinyTokenizers';
import { TINY_VOCAB, tinyTokenizerJson } from './tinyWordPiece';

export { buildTinyBertOnnx, type TinyBertOptions, type TinyVariant } from './tinyBertOnnx';
export { TINY_SPECIALS, TINY_VOCAB, tinyTokenizerJson } from './tinyWordPiece';

export interface TinyFolderOptions extends TinyBertOptions {
  /** Which ONNX files to write: fp32 → onnx/model.onnx, quantized → onnx/model_quantized.onnx. */
  files?: TinyVariant[];
  /** Overrides merged into config.json (e.g. another model_type, to test refusals). */
  config?: Record<string, unknown>;
  /** Skip tokenizer.json (to test the missing-tokenizer error). */
  omitTokenizer?: boolean;
  /**
   * 'wordpiece' (default): the tiny BERT tokenizer. 'bpe': a RoBERTa model (byte-level BPE, model_type
   * roberta); 'unigram': an XLM-R model (SentencePiece Unigram, model_type xlm-roberta). Both use the
   * RoBERTa graph (two inputs, positions from the ids).
   */
  tokenizer?: 'wordpiece' | 'bpe' | 'unigram';
  /** Label names (default NEGATIVE, POSITIVE); their count sets the classifier's outputs. */
  labels?: string[];
}

function robertaFolderParts(opts: TinyFolderOptions): {
  vocabSize: number;
  tokenizerJson: object;
  tokenizerConfig: object;
  config: object;
} {
  const { L, H, nH, I, P } = tinyDims(opts);
  const xlmr = opts.tokenizer === 'unigram';
  const { json, vocab } = xlmr ? tinyUnigramTokenizerJson() : tinyBpeTokenizerJson();
  const prefix = xlmr ? 'XLMRoberta' : 'Roberta';
  return {
    vocabSize: vocab.length,
    tokenizerJson: json,
    tokenizerConfig: robertaTokenizerConfig(xlmr ? 'XLMRobertaTokenizer' : 'RobertaTokenizer', P),
    config: {
      model_type: xlmr ? 'xlm-roberta' : 'roberta',
      architectures: [`${prefix}${opts.head === 'mlm' ? 'ForMaskedLM' : 'ForSequenceClassification'}`],
      hidden_size: H,
      num_hidden_layers: L,
      num_attention_heads: nH,
      intermediate_size: I,
      max_position_embeddings: P + 2,
      type_vocab_size: 1,
      vocab_size: vocab.length,
      pad_token_id: 1,
      bos_token_id: 0,
      eos_token_id: 2,
      layer_norm_eps: 1e-5,
    },
  };
}

/** Writes a complete model folder in the Hugging Face layout and returns its path. */
export function writeTinyBertFolder(dir: string, opts: TinyFolderOptions = {}): string {
  const { L, H, nH, I, P } = tinyDims(opts);
  mkdirSync(path.join(dir, 'onnx'), { recursive: true });
  const names = opts.labels ?? ['NEGATIVE', 'POSITIVE'];
  const labels =
    opts.head === 'mlm'
      ? {}
      : {
          id2label: Object.fromEntries(names.map((n, i) => [i, n])),
          label2id: Object.fromEntries(names.map((n, i) => [n, i])),
        };
  if (opts.tokenizer === 'bpe' || opts.tokenizer === 'unigram') {
    const parts = robertaFolderParts(opts);
    writeFileSync(
      path.join(dir, 'config.json'),
      JSON.stringify({ ...parts.config, ...labels, ...opts.config }, null, 2),
    );
    if (!opts.omitTokenizer) writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(parts.tokenizerJson));
    writeFileSync(path.join(dir, 'tokenizer_config.json'), JSON.stringify(parts.tokenizerConfig));
    const onnxOpts: TinyBertOptions = {
      ...opts,
      style: 'roberta',
      vocabSize: parts.vocabSize,
      numLabels: names.length,
    };
    for (const variant of opts.files ?? ['fp32', 'quantized']) {
      writeFileSync(
        path.join(dir, 'onnx', variant === 'quantized' ? 'model_quantized.onnx' : 'model.onnx'),
        buildTinyBertOnnx(variant, onnxOpts),
      );
    }
    return dir;
  }
  const mlmArch = opts.style === 'distilbert' ? 'DistilBertForMaskedLM' : 'BertForMaskedLM';
  const config =
    opts.style === 'distilbert'
      ? {
          model_type: 'distilbert',
          architectures: [opts.head === 'mlm' ? mlmArch : 'DistilBertForSequenceClassification'],
          dim: H,
          n_layers: L,
          n_heads: nH,
          hidden_dim: I,
          max_position_embeddings: P,
          vocab_size: TINY_VOCAB.length,
          pad_token_id: 0,
          ...labels,
          ...opts.config,
        }
      : {
          model_type: 'bert',
          architectures: [opts.head === 'mlm' ? mlmArch : 'BertForSequenceClassification'],
          hidden_size: H,
          num_hidden_layers: L,
          num_attention_heads: nH,
          intermediate_size: I,
          max_position_embeddings: P,
          type_vocab_size: 2,
          vocab_size: TINY_VOCAB.length,
          pad_token_id: 0,
          layer_norm_eps: 1e-12,
          ...labels,
          ...opts.config,
        };
  writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  if (!opts.omitTokenizer) writeFileSync(path.join(dir, 'tokenizer.json'), JSON.stringify(tinyTokenizerJson()));
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: opts.style === 'distilbert' ? 'DistilBertTokenizer' : 'BertTokenizer',
      do_lower_case: true,
      model_max_length: P,
      cls_token: '[CLS]',
      sep_token: '[SEP]',
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      mask_token: '[MASK]',
    }),
  );
  for (const variant of opts.files ?? ['fp32', 'quantized']) {
    const file = variant === 'quantized' ? 'model_quantized.onnx' : 'model.onnx';
    writeFileSync(path.join(dir, 'onnx', file), buildTinyBertOnnx(variant, { ...opts, numLabels: names.length }));
  }
  return dir;
}
