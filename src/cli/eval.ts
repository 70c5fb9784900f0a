// `causal-lens eval`: accuracy of a model on the IMDB reviews (default) or on any labelled .csv,
// .tsv or .jsonl file (./evalData), through the same loading and tokenization path the extension
// uses (logits only, padded batches).
import { loadModel } from '../model';
import {
  balancedSample,
  defaultImdbData,
  listReviews,
  positiveIndex,
  readReview,
  resolveImdb,
  type ImdbSplit,
} from '../pipeline/imdb';
import { resolveModelSpec } from '../pipeline/modelChoice';
import { numberOption, parseArgs, stringOption, UsageError, type ParsedArgs } from './args';
import { openDatasetFile, readOptionsFor } from './dataset';
import { evalLabelledFile } from './evalData';
import { formatOf } from '../datasets';
import type { CliCommand } from './commands';

const USAGE = `usage: causal-lens eval [options]

Accuracy of the model on the IMDB Large Movie Review Dataset, or on a labelled .csv, .tsv or
.jsonl file (progress on stderr).

options:
  --data DIR|FILE     IMDB: folder with aclImdb_v1_labeled_train_test.tar.gz or an unpacked aclImdb/
                      (default ../shared/data/imdb/ next to the package; archives are unpacked
                      once into ~/.cache/causal-lens/imdb).
                      FILE.csv|.tsv|.jsonl: a labelled dataset; labels are the model's label names
                      (its id2label, any case) or output indices (0, 1, …); rows with a bad record or
                      an unknown label are reported on stderr by line and left out. A .tsv has one
                      record per line and no quoting (as GLUE/SST-2 ship it)
  --text-column C     .csv/.tsv: the text column, by header name or 0-based index
                      (default: the column named text, sentence, content, review, body or document)
  --label-column C    .csv/.tsv: the label column (default: label, labels, sentiment, class, target or y)
  --text-field F      .jsonl: the text field (default: as --text-column)
  --label-field F     .jsonl: the label field, a string or a number (default: as --label-column)
  --split test|train  IMDB: which split (default test)
  --limit N           IMDB: a fixed, label-balanced sample of N reviews; FILE: the first N usable rows
                      (default: all)
  --model ID|PATH     hub id or model folder (default: the shipped models/causal-lens-imdb/)
  --offline           read hub ids from the local cache only
  --max-tokens N      truncate reviews to N tokens (default: the model's maximum length)
  --batch N           reviews per forward pass (default 16 for fp32 models; 1 for dynamically
                      quantized ones, whose batched results differ slightly from single runs)
  --json              print {"accuracy", "n", "model", "data", …}`;

const SPEC = {
  split: {},
  limit: {},
  data: {},
  model: {},
  'text-column': {},
  'label-column': {},
  'text-field': {},
  'label-field': {},
  offline: { flag: true },
  'max-tokens': {},
  batch: {},
  json: { flag: true },
};

function progressBar(done: number, total: number, correct: number, startMs: number): string {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  const secs = (performance.now() - startMs) / 1000;
  const rate = done / Math.max(secs, 1e-9);
  const eta = rate > 0 ? (total - done) / rate : 0;
  const acc = done ? ((100 * correct) / done).toFixed(2) : '–';
  return `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} acc ${acc}% ${rate.toFixed(1)}/s eta ${eta.toFixed(0)}s `;
}

/** Where a command writes: the process streams, or collectors in tests. */
export interface CliIo {
  out(s: string): void;
  err(s: string): void;
  isTTY: boolean;
}
export const processIo: CliIo = {
  out: (s) => {
    process.stdout.write(s);
  },
  err: (s) => {
    process.stderr.write(s);
  },
  get isTTY() {
    return Boolean(process.stderr.isTTY);
  },
};

export async function runEval(argv: string[], io: CliIo = processIo): Promise<number> {
  const p = parseArgs(argv, SPEC);
  if (p.positionals.length)
    throw new UsageError(`eval takes no positional arguments (got ${JSON.stringify(p.positionals[0])})`);
  const data = stringOption(p, 'data');
  // A dataset file name (by its extension) means a labelled file; anything else is IMDB.
  if (data !== undefined && formatOf(data)) return runEvalFile(p, data, io);
  const fieldOption = ['text-column', 'label-column', 'text-field', 'label-field'].find(
    (o) => p.options[o] !== undefined,
  );
  if (fieldOption) throw new UsageError(`--${fieldOption} needs --data with a .csv, .tsv or .jsonl file`);
  const split = (stringOption(p, 'split') ?? 'test') as ImdbSplit;
  if (split !== 'test' && split !== 'train')
    throw new UsageError(`--split must be test or train, got ${JSON.stringify(split)}`);
  const limit = p.options.limit === undefined ? Infinity : numberOption(p, 'limit', 0, 1, 1e9, true);
  const batchOption = p.options.batch === undefined ? undefined : numberOption(p, 'batch', 16, 1, 1024, true);
  const maxTokens =
    p.options['max-tokens'] === undefined ? undefined : numberOption(p, 'max-tokens', 0, 3, 100000, true);
  const tty = io.isTTY;
  const note = (msg: string) => io.err(`${msg}\n`);

  const model = await loadModel(resolveModelSpec(stringOption(p, 'model'), Boolean(p.options.offline)));
  try {
    const pos = positiveIndex(model.config.labels);
    const batchSize = batchOption ?? (model.quantized ? 1 : 16);
    const root = await resolveImdb(data ?? defaultImdbData(), undefined, note);
    const reviews = balancedSample(listReviews(root, split), limit);
    const start = performance.now();
    let done = 0,
      correct = 0,
      lastDraw = 0;
    for (let s = 0; s < reviews.length; s += Math.max(batchSize, 16) * 8) {
      // Read and classify in chunks; classify() sorts each chunk by length to pad less.
      const chunk = reviews.slice(s, s + Math.max(batchSize, 16) * 8);
      const texts = await Promise.all(chunk.map(readReview));
      const preds = await model.classify(texts, { maxTokens, batchSize });
      preds.forEach((pr, i) => {
        if ((pr.labelIndex === pos ? 1 : 0) === chunk[i].label) correct++;
      });
      done += chunk.length;
      const now = performance.now();
      if (tty && (now - lastDraw > 200 || done === reviews.length)) {
        io.err(progressBar(done, reviews.length, correct, start));
        lastDraw = now;
      } else if (!tty && (done % 1000 < chunk.length || done === reviews.length))
        note(`${done}/${reviews.length} reviews, accuracy so far ${((100 * correct) / done).toFixed(2)}%`);
    }
    if (tty) io.err('\n');
    const accuracy = reviews.length ? correct / reviews.length : 0;
    const secs = (performance.now() - start) / 1000;
    if (p.options.json) {
      io.out(
        `${JSON.stringify({ accuracy, n: reviews.length, model: model.id, data: root, split, onnx: model.onnxFile, seconds: Number(secs.toFixed(1)) })}\n`,
      );
    } else {
      io.out(
        `accuracy ${(100 * accuracy).toFixed(2)}% (${correct}/${reviews.length}) on IMDB ${split}${Number.isFinite(limit) ? ` (balanced sample of ${limit})` : ''}\n` +
          `model ${model.id} (${model.onnxFile}), ${secs.toFixed(1)} s\n`,
      );
    }
    return 0;
  } finally {
    await model.dispose();
  }
}

async function runEvalFile(p: ParsedArgs, file: string, io: CliIo): Promise<number> {
  if (p.options.split !== undefined)
    throw new UsageError('--split is for the IMDB folder; a dataset file is evaluated whole');
  const d = openDatasetFile(file);
  const json = d.format === 'jsonl';
  const wrong = (json ? ['text-column', 'label-column'] : ['text-field', 'label-field']).find(
    (o) => p.options[o] !== undefined,
  );
  if (wrong)
    throw new UsageError(
      `--${wrong} does not apply to a .${d.format} file; use --${wrong.replace(json ? 'column' : 'field', json ? 'field' : 'column')}`,
    );
  const read = await readOptionsFor(
    d,
    {
      text: stringOption(p, json ? 'text-field' : 'text-column'),
      label: stringOption(p, json ? 'label-field' : 'label-column'),
    },
    true,
  );
  const limit = p.options.limit === undefined ? Infinity : numberOption(p, 'limit', 0, 1, 1e9, true);
  const batchOption = p.options.batch === undefined ? undefined : numberOption(p, 'batch', 16, 1, 1024, true);
  const maxTokens =
    p.options['max-tokens'] === undefined ? undefined : numberOption(p, 'max-tokens', 0, 3, 100000, true);
  const model = await loadModel(resolveModelSpec(stringOption(p, 'model'), Boolean(p.options.offline)));
  try {
    const start = performance.now();
    const r = await evalLabelledFile(
      model,
      d,
      read,
      { maxTokens, batchSize: batchOption ?? (model.quantized ? 1 : 16), limit },
      io,
    );
    const secs = (performance.now() - start) / 1000;
    if (r.malformed.length)
      io.err(
        `${r.malformed.length} malformed row(s) skipped (line ${r.malformed.slice(0, 10).join(', ')}${r.malformed.length > 10 ? ', …' : ''})\n`,
      );
    if (r.n === 0) throw new Error(`${file}: no row with a usable text and label, nothing to evaluate`);
    const accuracy = r.correct / r.n;
    const text = read.column ?? read.field,
      label = read.labelColumn ?? read.labelField;
    if (p.options.json) {
      io.out(
        `${JSON.stringify({ accuracy, n: r.n, model: model.id, data: file, text, label, malformed: r.malformed.length, onnx: model.onnxFile, seconds: Number(secs.toFixed(1)) })}\n`,
      );
    } else {
      io.out(
        `accuracy ${(100 * accuracy).toFixed(2)}% (${r.correct}/${r.n}) on ${file} (text ${JSON.stringify(text)}, label ${JSON.stringify(label)})` +
          `${r.malformed.length ? `, ${r.malformed.length} malformed row(s) skipped` : ''}\nmodel ${model.id} (${model.onnxFile}), ${secs.toFixed(1)} s\n`,
      );
    }
    return 0;
  } finally {
    await model.dispose();
  }
}

export const evalCommand: CliCommand = {
  summary: 'accuracy of a model on the IMDB reviews or a labelled .csv/.tsv/.jsonl file',
  usage: USAGE,
  run: (argv) => runEval(argv),
};
