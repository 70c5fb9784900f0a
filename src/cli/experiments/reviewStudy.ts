// The review studies (`experiment sentiment`, `experiment layers`) share one options block, one sample
// of IMDB test reviews or SST-2 dev sentences, and one resumable run over it; each study adds its own
// analysis and report.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { numberOption, stringOption, UsageError, type OptionSpec, type ParsedArgs } from '../args';
import { printableLabel } from '../pag';
import { loadModel, type LoadedModel } from '../../model';
import { balancedSample, defaultImdbData, listReviews, positiveIndex, resolveImdb } from '../../pipeline/imdb';
import { resolveModelSpec } from '../../pipeline/modelChoice';
import { Checkpoint, runResumable } from '../../experiments/checkpoint';
import { ProgressBar } from '../../experiments/progress';
import { Rng } from '../../experiments/scm';
import { md5Of, modelName, rootDir, split, type Failed } from './common';

/** The options both studies take (each adds its own). */
export const REVIEW_STUDY_OPTIONS: Record<string, OptionSpec> = {
  dataset: {},
  limit: {},
  model: {},
  offline: { flag: true },
  data: {},
  out: {},
  'max-tokens': {},
  'max-size': {},
  budget: {},
  seed: {},
  fresh: { flag: true },
};

export type ReviewDataset = 'imdb' | 'sst2';

/** --dataset, --limit, --max-tokens, --max-size, --budget (the caller reads --seed after its own options). */
export function reviewStudyConfig(p: ParsedArgs, dflt: { dataset: ReviewDataset; limit: number }) {
  const dataset = stringOption(p, 'dataset') ?? dflt.dataset;
  if (dataset !== 'imdb' && dataset !== 'sst2')
    throw new UsageError(`--dataset: imdb or sst2, got "${printableLabel(dataset)}"`);
  return {
    dataset: dataset as ReviewDataset,
    limit: numberOption(p, 'limit', dflt.limit, 1, 25000, true),
    maxTokens: numberOption(p, 'max-tokens', 128, 8, 100000, true),
    maxSize: numberOption(p, 'max-size', 3, 1, 8, true),
    budget: numberOption(p, 'budget', 200, 1, 1e7, true),
  };
}

export function seedOption(p: ParsedArgs): number {
  return numberOption(p, 'seed', 1, 0, 2 ** 31, true);
}

/** --model (a folder or hub id) and --offline. */
export function loadStudyModel(p: ParsedArgs): Promise<LoadedModel> {
  return loadModel(resolveModelSpec(stringOption(p, 'model'), Boolean(p.options.offline)));
}

/** One review of the sample; gold is the model's label index; the text is read when analysed. */
export interface StudyItem {
  id: string;
  gold: number;
  text: () => Promise<string>;
}

/** The study's sample: IMDB test reviews (--data DIR) or SST-2 dev sentences (--data FILE). */
export async function studyItems(
  p: ParsedArgs,
  c: { dataset: ReviewDataset; limit: number; seed: number },
  labels: string[],
): Promise<StudyItem[]> {
  if (c.dataset === 'imdb')
    return (await imdbItems(p, labels, c.limit)).map((it) => ({
      id: it.id,
      gold: it.gold,
      text: () => readFile(it.file, 'utf8'),
    }));
  const file = path.resolve(stringOption(p, 'data') ?? path.join(rootDir(), '..', 'shared', 'data', 'sst2', 'dev.tsv'));
  return sst2Items(file, labels, c.limit, c.seed).map((it) => ({
    id: it.id,
    gold: it.gold,
    text: async () => it.text,
  }));
}

/** The label-balanced IMDB test sample, with gold labels as the model's label indices. */
async function imdbItems(
  p: ParsedArgs,
  labels: string[],
  limit: number,
): Promise<{ id: string; file: string; gold: number }[]> {
  const pos = positiveIndex(labels);
  const root = await resolveImdb(stringOption(p, 'data') ?? defaultImdbData(), undefined, (m) =>
    process.stderr.write(`${m}\n`),
  );
  return balancedSample(listReviews(root, 'test'), limit).map((r) => ({
    id: path.basename(path.dirname(r.file)) + '/' + path.basename(r.file),
    file: r.file,
    gold: r.label === 1 ? pos : 1 - pos,
  }));
}

/** A seeded, label-balanced sample of SST-2 dev.tsv (label<TAB>sentence, header line); gold as the model's label index. */
function sst2Items(
  file: string,
  labels: string[],
  limit: number,
  seed: number,
): { id: string; text: string; gold: number }[] {
  if (!existsSync(file))
    throw new UsageError(`no SST-2 dev file at ${file} (--data FILE: label<TAB>sentence per line)`);
  const pos = positiveIndex(labels);
  const rows = readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .slice(1)
    .flatMap((l, i) => {
      const tab = l.indexOf('\t');
      return tab > 0 ? [{ id: `dev:${i + 2}`, label: Number(l.slice(0, tab)), text: l.slice(tab + 1) }] : [];
    });
  const rng = new Rng(seed);
  const pick = (label: number, k: number) => {
    const pool = rows.filter((r) => r.label === label);
    for (let i = pool.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, k);
  };
  const nPos = Math.ceil(limit / 2);
  return [...pick(0, limit - nPos), ...pick(1, nPos)].map((r) => ({
    id: r.id,
    text: r.text,
    gold: r.label === 1 ? pos : 1 - pos,
  }));
}

/**
 * Runs `analyse` over the items, resumably: each record is appended to <out>/.partial/<name>-<hash of
 * key>.jsonl (--fresh deletes that file first) and a re-run skips the items done. An item the engine
 * refuses is recorded as Failed; a cancellation (AbortError) ends the run.
 */
export async function runStudy<R extends { id: string }>(
  p: ParsedArgs,
  out: string,
  name: string,
  key: unknown,
  items: StudyItem[],
  analyse: (it: StudyItem) => Promise<R>,
): Promise<{ ok: R[]; failed: Failed[] }> {
  if (p.options.fresh) {
    const old = new Checkpoint<R | Failed>(path.join(out, '.partial'), name, key);
    if (existsSync(old.file)) rmSync(old.file);
  }
  const cp = new Checkpoint<R | Failed>(path.join(out, '.partial'), name, key);
  if (cp.size) process.stderr.write(`${name}: resuming, ${cp.size} items already done (${cp.file})\n`);
  const bar = new ProgressBar(name, items.length);
  bar.update(cp.size);
  const orFailed = async (it: StudyItem): Promise<R | Failed> => {
    try {
      return await analyse(it);
    } catch (err) {
      if (err instanceof Error && err.name === 'AbortError') throw err;
      return { id: it.id, error: err instanceof Error ? err.message : String(err) };
    }
  };
  const all = await runResumable(items, cp, orFailed, (d) => bar.update(d));
  bar.done();
  return split(all);
}

/** The model as a report names it: its path or id, the ONNX file's md5 when local, its hidden size. */
export function studyModelText(model: LoadedModel): string {
  const md5 = md5Of(path.join(model.id, 'onnx', 'model.onnx'));
  return `${modelName(model.id)}${md5 ? ` (onnx/model.onnx md5 ${md5})` : ''}, ${model.config.hiddenSize} hidden`;
}

/** The sample as a report names it. */
export function studyDataText(c: { dataset: ReviewDataset; maxTokens: number; seed: number }): string {
  return c.dataset === 'imdb'
    ? `IMDB test reviews, a label-balanced seeded sample (balancedSample, seed 20231031), cut to ${c.maxTokens} tokens`
    : `SST-2 dev sentences (dev.tsv), a label-balanced sample (seed ${c.seed})`;
}
