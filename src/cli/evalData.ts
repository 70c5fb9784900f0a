// `causal-lens eval --data FILE.{csv,tsv,jsonl}`: accuracy on any labelled dataset, streamed in
// chunks through the same readers as Explain File. Rows whose text or label is unusable (malformed
// record, empty field, a label the model does not have) are reported on stderr by line and left out.
import type { LoadedModel } from '../model';
import { readDataset, type ReadOptions } from '../datasets';
import type { DatasetFile } from './dataset';
import type { CliIo } from './eval';
import { labelIndex } from './labels';
import { ProgressBar } from './progress';

export interface LabelledEval {
  correct: number;
  n: number;
  malformed: number[];
}

/** Rows classified per classify() call: enough to sort by length and batch, bounded memory. */
const CHUNK = 256;

export async function evalLabelledFile(
  model: LoadedModel,
  d: DatasetFile,
  read: ReadOptions,
  opts: { maxTokens?: number; batchSize: number; limit: number },
  io: CliIo,
): Promise<LabelledEval> {
  const labels = model.config.labels;
  const res: LabelledEval = { correct: 0, n: 0, malformed: [] };
  const bar = new ProgressBar(io, { unit: 'rows' });
  const skip = (line: number, reason: string): void => {
    res.malformed.push(line);
    bar.note(`${d.path}:${line}: skipped malformed row: ${reason}`, res.n);
  };
  let texts: string[] = [],
    gold: number[] = [];
  const flush = async (): Promise<void> => {
    if (!texts.length) return;
    const preds = await model.classify(texts, { maxTokens: opts.maxTokens, batchSize: opts.batchSize });
    preds.forEach((p, i) => {
      if (p.labelIndex === gold[i]) res.correct++;
    });
    res.n += texts.length;
    texts = [];
    gold = [];
    bar.update(res.n, `acc ${((100 * res.correct) / res.n).toFixed(2)}%`);
    if (!io.isTTY && res.n % 1000 < CHUNK)
      io.err(`${res.n} rows, accuracy so far ${((100 * res.correct) / res.n).toFixed(2)}%\n`);
  };
  for await (const item of readDataset(d.open(), read)) {
    if (res.n + texts.length >= opts.limit) break;
    if (item.kind === 'malformed') {
      skip(item.malformed.lineNumber, item.malformed.reason);
      continue;
    }
    const idx = labelIndex(item.row.label ?? '', labels);
    if (typeof idx !== 'number') {
      skip(item.row.lineNumber, idx.reason);
      continue;
    }
    texts.push(item.row.text);
    gold.push(idx);
    if (texts.length >= CHUNK) await flush();
  }
  await flush();
  bar.clear();
  return res;
}
