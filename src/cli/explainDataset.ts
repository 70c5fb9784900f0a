// `causal-lens explain --file DATA`: every row of a .txt / .csv / .tsv / .jsonl file (or standard
// input lines), streamed through the same readers as Explain File. Each good row becomes one JSON
// line (./rowRecord) in file order; malformed rows go to stderr by line. Rows run in parallel on
// --workers threads, each with its own model session; --shard i/N takes every N-th record so a
// dataset fans out as an array job (`causal-lens merge` joins the shards). The dataset is only read.
import { availableParallelism } from 'node:os';
import { readDataset, type ReadOptions } from '../datasets';
import type { ModelSpec } from '../model';
import { numberOption, stringOption, UsageError, type ParsedArgs } from './args';
import { openDatasetFile, readOptionsFor, type DatasetFile } from './dataset';
import type { CliIo } from './eval';
import { ProgressBar } from './progress';
import { openResultsSink } from './resultsSink';
import { defaultRowWorkerFile, inProcessExplainer, workerPoolExplainer, type RowExplainer } from './rowExplainers';
import type { RowOptions } from './rowRecord';
import { parseShard, shardPath, type Shard } from './shard';

export const DATASET_OPTIONS = {
  file: {},
  column: {},
  field: {},
  'pair-column': {},
  'pair-field': {},
  out: {},
  force: { flag: true },
  workers: {},
  shard: {},
};

export interface DatasetRunDeps {
  /** The row worker script (default: dist/rowWorker.js next to the CLI bundle). */
  workerFile?: string | null;
  env?: NodeJS.ProcessEnv;
}

/** Counts this shard's good rows (a first, cheap pass; only for the progress bar's ETA). */
async function countRows(d: DatasetFile, read: ReadOptions, shard: Shard | null): Promise<number> {
  let k = 0,
    n = 0;
  for await (const item of readDataset(d.open(), read)) {
    if ((!shard || k % shard.count === shard.index) && item.kind === 'row') n++;
    k++;
  }
  return n;
}

export async function runExplainDataset(
  p: ParsedArgs,
  rowOpts: RowOptions,
  spec: ModelSpec,
  io: CliIo,
  deps: DatasetRunDeps = {},
): Promise<number> {
  const file = stringOption(p, 'file');
  if (!file) throw new UsageError('--file needs a dataset path (or "-" for standard input lines)');
  if (p.positionals.length)
    throw new UsageError(`explain --file takes no TEXT (got ${JSON.stringify(p.positionals[0])})`);
  const d = openDatasetFile(file, 'txt');
  const column = stringOption(p, 'column'),
    field = stringOption(p, 'field');
  if (column !== undefined && d.format !== 'csv' && d.format !== 'tsv')
    throw new UsageError(
      `--column is for .csv and .tsv files; ${file} is ${d.format === 'jsonl' ? '.jsonl (use --field)' : `.${d.format}`}`,
    );
  if (field !== undefined && d.format !== 'jsonl')
    throw new UsageError(
      `--field is for .jsonl files; ${file} is .${d.format}${d.format === 'txt' ? '' : ' (use --column)'}`,
    );
  const pairColumn = stringOption(p, 'pair-column'),
    pairField = stringOption(p, 'pair-field');
  if (pairColumn !== undefined && d.format !== 'csv' && d.format !== 'tsv')
    throw new UsageError(
      `--pair-column is for .csv and .tsv files; ${file} is ${d.format === 'jsonl' ? '.jsonl (use --pair-field)' : `.${d.format}`}`,
    );
  if (pairField !== undefined && d.format !== 'jsonl')
    throw new UsageError(
      `--pair-field is for .jsonl files; ${file} is .${d.format}${d.format === 'txt' ? '' : ' (use --pair-column)'}`,
    );
  const read: ReadOptions = {
    ...(await readOptionsFor(d, { text: column ?? field }, false)),
    ...(pairColumn !== undefined ? { pairColumn } : {}),
    ...(pairField !== undefined ? { pairField } : {}),
  };
  const shardValue = stringOption(p, 'shard');
  const shard = shardValue === undefined ? null : parseShard(shardValue, deps.env ?? process.env);
  const workers = numberOption(p, 'workers', availableParallelism(), 1, 256, true);
  const outOption = stringOption(p, 'out');
  const out = outOption === undefined ? undefined : shardPath(outOption, shard);
  const sink = await openResultsSink(out, { force: Boolean(p.options.force), inputs: [file], stdout: io.out });

  let explainer: RowExplainer | null = null;
  // Ctrl-C, or a scheduler stopping the task (SIGTERM): no partial file is left behind.
  // Workers are stopped first: exiting while their sessions run aborts the process natively.
  let interrupted = false;
  const onInterrupt = (signal: NodeJS.Signals): void => {
    interrupted = true;
    io.err(`\ncausal-lens: ${signal}: stopped${sink.path ? `, ${sink.path} not written` : ''}\n`);
    void Promise.allSettled([explainer?.dispose(), sink.abort()]).finally(() =>
      process.exit(signal === 'SIGINT' ? 130 : 143),
    );
  };
  if (sink.path) {
    process.once('SIGINT', onInterrupt);
    process.once('SIGTERM', onInterrupt);
  }
  try {
    const total = io.isTTY && file !== '-' ? await countRows(d, read, shard) : undefined;
    if (workers === 1) explainer = await inProcessExplainer(spec, rowOpts);
    else {
      const workerFile = deps.workerFile === undefined ? defaultRowWorkerFile() : deps.workerFile;
      if (!workerFile)
        throw new Error('the row worker script dist/rowWorker.js is missing (run npm run build), or pass --workers 1');
      explainer = await workerPoolExplainer(workerFile, spec, rowOpts, workers);
    }
    const { info } = explainer;
    if (info.task === 'masked-lm')
      throw new UsageError(
        `model "${info.id}" predicts masked tokens: explain --file explains classifiers' predictions; for one text use explain TEXT --mask WORD`,
      );
    if (typeof rowOpts.layer === 'number' && rowOpts.layer >= info.numLayers)
      throw new UsageError(`--layer ${rowOpts.layer}: the model has layers 0–${info.numLayers - 1}`);
    if (typeof rowOpts.head === 'number' && rowOpts.head >= info.numHeads)
      throw new UsageError(`--head ${rowOpts.head}: the model has heads 0–${info.numHeads - 1}`);

    const bar = new ProgressBar(io, { total, unit: 'rows' });
    const start = performance.now();
    let explained = 0,
      failed = 0,
      malformed = 0;
    // Results come back in any order; they are written in row order.
    const ready = new Map<number, string | null>();
    let nextToWrite = 0,
      dispatched = 0;
    let writing = Promise.resolve();
    const put = (k: number, line: string | null): void => {
      ready.set(k, line);
      while (ready.has(nextToWrite)) {
        const l = ready.get(nextToWrite);
        ready.delete(nextToWrite++);
        if (l !== null && l !== undefined) writing = writing.then(() => sink.write(l));
      }
    };
    const inFlight = new Set<Promise<void>>();
    let k = -1;
    for await (const item of readDataset(d.open(), read)) {
      k++;
      if (shard && k % shard.count !== shard.index) continue;
      if (item.kind === 'malformed') {
        malformed++;
        bar.note(`${d.path}:${item.malformed.lineNumber}: skipped malformed row: ${item.malformed.reason}`, explained);
        continue;
      }
      const row = item.row;
      const slot = dispatched++;
      const job = explainer
        .explain({ line: row.lineNumber, row: row.index, text: row.text, ...(row.pair ? { pair: row.pair.text } : {}) })
        .then(
          (record) => {
            explained++;
            put(slot, `${JSON.stringify(record)}\n`);
          },
          (err: unknown) => {
            if (interrupted) return;
            failed++;
            put(slot, null);
            bar.note(
              `${d.path}:${row.lineNumber}: row failed: ${err instanceof Error ? err.message : String(err)}`,
              explained,
            );
          },
        )
        .finally(() => {
          inFlight.delete(job);
          bar.update(explained + failed);
        });
      inFlight.add(job);
      if (inFlight.size >= explainer.size) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    await writing;
    await sink.commit();
    bar.clear();
    const secs = (performance.now() - start) / 1000;
    io.err(
      `${explained} row(s) explained${malformed ? `, ${malformed} malformed skipped` : ''}${failed ? `, ${failed} failed` : ''}` +
        `${shard ? ` (shard ${shard.index}/${shard.count})` : ''} in ${secs.toFixed(1)} s, ${(explained / Math.max(secs, 1e-9)).toFixed(2)} rows/s` +
        ` on ${explainer.size} worker${explainer.size === 1 ? '' : 's'}${sink.path ? ` → ${sink.path}` : ''}\n`,
    );
    return failed ? 1 : 0;
  } catch (err) {
    await sink.abort();
    throw err;
  } finally {
    process.removeListener('SIGINT', onInterrupt);
    process.removeListener('SIGTERM', onInterrupt);
    await explainer?.dispose();
  }
}
