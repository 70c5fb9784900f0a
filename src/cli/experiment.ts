// `causal-lens experiment <name>`: reproduce the paper's evidence with the project's own code.
// Each experiment writes results/<name>.md and results/<name>.json.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, numberOption, stringOption, UsageError } from './args';
import type { CliCommand } from './commands';
import { printableLabel } from './pag';
import { loadModel, packageRoot } from '../model';
import { balancedSample, defaultImdbData, listReviews, positiveIndex, resolveImdb } from '../pipeline/imdb';
import { resolveModelSpec } from '../pipeline/modelChoice';
import type { LayerChoice } from '../pipeline';
import { Checkpoint, runResumable } from '../experiments/checkpoint';
import { ProgressBar } from '../experiments/progress';
import { analyseFair, summariseFair, fairMarkdown, type FairRecord } from '../experiments/fair';
import { Rng } from '../experiments/scm';
import {
  analyseLayerHeads,
  summariseLayerHeads,
  layerHeadsMarkdown,
  type LayerHeadRecord,
} from '../experiments/layerHeads';
import { writeResults } from '../experiments/report';
import {
  DEFAULT_SHAPES,
  runSynthetic,
  syntheticMarkdown,
  idealAttentionSource,
  type AttentionSource,
} from '../experiments/synthetic';
import { pythonTrainerSource, findTrainerScript, runProcess } from '../experiments/pythonTrainer';
import { forward, type RecWeights } from '../experiments/bert4rec';
import {
  analyseUser,
  buildDataset,
  parseRatings,
  recommendIntervals,
  recommendIntervalsMarkdown,
  recommendMarkdown,
  summariseRecommend,
  syntheticRatings,
  REC_MASK,
  type RecRecord,
} from '../experiments/recommend';
import type { ShapeSpec, ShapeKind } from '../experiments/scm';

const EXPERIMENTS: Record<
  string,
  { summary: string; usage: string; run(argv: string[], command: string): Promise<number> }
> = {};

const USAGE_HEAD = 'usage: causal-lens experiment <name> [options]\n\nexperiments:';

export const experimentCommand: CliCommand = {
  summary: "reproduce the paper's evidence (synthetic, sentiment, layers, recommend)",
  get usage() {
    return [
      USAGE_HEAD,
      ...Object.entries(EXPERIMENTS).map(([n, e]) => `  ${n.padEnd(12)}${e.summary}`),
      '',
      ...Object.values(EXPERIMENTS).map((e) => e.usage),
    ].join('\n');
  },
  async run(argv) {
    const [name, ...rest] = argv;
    const exp = name ? EXPERIMENTS[name] : undefined;
    if (!name) throw new UsageError(`experiment name required: ${Object.keys(EXPERIMENTS).join(', ')}`);
    if (!exp)
      throw new UsageError(
        `unknown experiment "${printableLabel(name)}" (try: ${Object.keys(EXPERIMENTS).join(', ')})`,
      );
    return exp.run(rest, `causal-lens experiment ${argv.join(' ')}`);
  },
};

function rootDir(): string {
  return packageRoot() ?? process.cwd();
}
function outDir(p: ReturnType<typeof parseArgs>): string {
  return path.resolve(stringOption(p, 'out') ?? path.join(rootDir(), 'results'));
}

function parseShapes(s: string | undefined): ShapeSpec[] {
  if (!s) return DEFAULT_SHAPES;
  return s.split(',').map((item, i) => {
    const m = /^(chain|fork|collider|random|confounded)-(\d+)$/.exec(item.trim());
    if (!m) throw new UsageError(`--shapes: "${item}" is not <chain|fork|collider|random|confounded>-<nodes>`);
    const nodes = Number(m[2]);
    if (nodes < 3 || nodes > 14) throw new UsageError(`--shapes: ${item}: nodes must be 3..14`);
    return { kind: m[1] as ShapeKind, nodes, seed: i + 1 };
  });
}

EXPERIMENTS.synthetic = {
  summary: "recover known SCM structures from a small trained Transformer's attention",
  usage: `  synthetic [--shapes chain-6,fork-6,...] [--train 20000] [--test 10] [--steps 800] [--bins 4] [--alpha 0.01]
            [--seed 1] [--alt-samples 1000] [--dim 32] [--python /usr/bin/python3] [--ideal] [--out results/]
            --alt-samples: a second Fisher-z sample size for the exact/ABCD rows (0 = none); the first is the model's hidden size
            --ideal: skip training, use the SCM's ideal attention (A·Aᵀ = covariance; a model-free check)
            trained attention is cached per shape in <out>/.partial/, so an interrupted run resumes
            --keep-onnx DIR: also export each trained model as ONNX (one visible Softmax per layer, readable by src/model's surgery)`,
  async run(argv, command) {
    const p = parseArgs(argv, {
      shapes: {},
      train: {},
      test: {},
      steps: {},
      bins: {},
      alpha: {},
      seed: {},
      python: {},
      ideal: { flag: true },
      out: {},
      dim: {},
      'alt-samples': {},
      'keep-onnx': {},
    });
    const t0 = Date.now();
    const ideal = p.options.ideal === true;
    const steps = numberOption(p, 'steps', 800, 1, 1e6, true);
    const dim = numberOption(p, 'dim', 32, 8, 512, true);
    const keepOnnxOpt = stringOption(p, 'keep-onnx');
    const keepOnnx = keepOnnxOpt ? path.resolve(keepOnnxOpt) : undefined;
    if (keepOnnx) mkdirSync(keepOnnx, { recursive: true });
    const source: AttentionSource = ideal
      ? idealAttentionSource(dim)
      : pythonTrainerSource({
          python: stringOption(p, 'python') ?? '/usr/bin/python3',
          script: findTrainerScript(rootDir()),
          steps,
          dim,
          layers: 2,
          heads: 4,
          niceness: 10,
          cacheDir: path.join(outDir(p), '.partial'),
          keepOnnxDir: keepOnnx,
        });
    const opts = {
      shapes: parseShapes(stringOption(p, 'shapes')),
      trainSequences: numberOption(p, 'train', 20000, 100, 1e6, true),
      testSequences: numberOption(p, 'test', 10, 1, 1000, true),
      bins: numberOption(p, 'bins', 4, 2, 32, true),
      alpha: numberOption(p, 'alpha', 0.01, 1e-12, 0.5),
      seed: numberOption(p, 'seed', 1, 0, 2 ** 31, true),
      altSamples: numberOption(p, 'alt-samples', 1000, 0, 1e9, true) || null,
      source,
      onShape: (name: string, i: number) =>
        process.stderr.write(
          `synthetic: [${i + 1}/${opts.shapes.length}] ${name} (${Math.round((Date.now() - t0) / 1000)}s)\n`,
        ),
    };
    const results = await runSynthetic(opts);
    const seconds = (Date.now() - t0) / 1000;
    const model = ideal
      ? `none (ideal attention, n = ${dim})`
      : `2-layer, 4-head, d=${dim} masked-symbol Transformer, ${steps} steps (training/synthetic/train.py)`;
    const meta = {
      command,
      seconds,
      trainSequences: opts.trainSequences,
      testSequences: opts.testSequences,
      bins: opts.bins,
      alpha: opts.alpha,
      model,
    };
    const files = writeResults(outDir(p), 'synthetic', { ...meta, shapes: results }, syntheticMarkdown(results, meta));
    process.stdout.write(syntheticMarkdown(results, meta));
    process.stderr.write(`synthetic: wrote ${files.md} and ${files.json}\n`);
    return 0;
  },
};

interface ReviewItem {
  id: string;
  file: string;
  gold: number;
}

/** A review the engine refused (e.g. a singular correlation matrix): recorded, left out of the statistics, reported. */
interface Failed {
  id: string;
  error: string;
}

function split<T extends { id: string }>(all: (T | Failed)[]): { ok: T[]; failed: Failed[] } {
  const isFailed = (r: T | Failed): r is Failed => typeof (r as Failed).error === 'string';
  return { ok: all.filter((r): r is T => !isFailed(r)), failed: all.filter(isFailed) };
}

function failedNote(failed: Failed[]): string {
  if (!failed.length) return '';
  const reasons = [...new Set(failed.map((f) => f.error))];
  return `\n${failed.length} review(s) left out because the engine refused them: ${reasons.map((r) => `"${r}"`).join('; ')} (${failed.map((f) => f.id).join(', ')}).\n`;
}

/** The label-balanced IMDB test sample, with gold labels as the model's label indices. */
async function imdbItems(p: ReturnType<typeof parseArgs>, labels: string[], limit: number): Promise<ReviewItem[]> {
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

function md5Of(file: string): string | null {
  return existsSync(file) ? createHash('md5').update(readFileSync(file)).digest('hex') : null;
}

EXPERIMENTS.sentiment = {
  summary: 'CLEANN vs baselines at equal size cap and model-run budget, with the exhaustive minimum (IMDB or SST-2)',
  usage: `  sentiment [--dataset imdb|sst2] [--limit 100] [--model DIR|hub-id] [--data DIR|FILE] [--max-tokens 128] [--max-size 3]
            [--budget 200] [--exhaustive-budget 500] [--cleann-search greedy|exact] [--layer deepest|N] [--seed 1] [--out results/] [--fresh]
            every method (CLEANN per head and head-mean, raw attention, rollout, random) gets sets of ≤ --max-size tokens
            and --budget model runs; the exhaustive minimum over all tokens gets --exhaustive-budget runs (0 = skip).
            --cleann-search exact: CLEANN without the greedy fallback (the reference's smallest-first search, the whole budget);
            writes results/sentiment-<dataset>-exact.md|json.
            Writes results/sentiment-<dataset>.md|json (-k<K>-b<B> appended when K, B are not 3, 200). Resumable: re-run the same command to continue; --fresh restarts.`,
  async run(argv, command) {
    const p = parseArgs(argv, {
      dataset: {},
      limit: {},
      model: {},
      offline: { flag: true },
      data: {},
      out: {},
      'max-tokens': {},
      'max-size': {},
      budget: {},
      'exhaustive-budget': {},
      'cleann-search': {},
      layer: {},
      seed: {},
      fresh: { flag: true },
    });
    const search = stringOption(p, 'cleann-search') ?? 'greedy';
    if (search !== 'greedy' && search !== 'exact')
      throw new UsageError(`--cleann-search: greedy or exact, got "${printableLabel(search)}"`);
    const dataset = stringOption(p, 'dataset') ?? 'imdb';
    if (dataset !== 'imdb' && dataset !== 'sst2')
      throw new UsageError(`--dataset: imdb or sst2, got "${printableLabel(dataset)}"`);
    const c = {
      dataset,
      limit: numberOption(p, 'limit', 100, 1, 25000, true),
      maxTokens: numberOption(p, 'max-tokens', 128, 8, 100000, true),
      maxSize: numberOption(p, 'max-size', 3, 1, 8, true),
      budget: numberOption(p, 'budget', 200, 1, 1e7, true),
      exhaustiveBudget: numberOption(p, 'exhaustive-budget', 500, 0, 1e8, true),
      seed: numberOption(p, 'seed', 1, 0, 2 ** 31, true),
    };
    const layerOpt = stringOption(p, 'layer');
    const layer: LayerChoice =
      layerOpt === undefined || layerOpt === 'deepest' ? 'deepest' : numberOption(p, 'layer', 0, 0, 1000, true);
    const t0 = Date.now();
    const model = await loadModel(resolveModelSpec(stringOption(p, 'model'), Boolean(p.options.offline)));
    try {
      const items: { id: string; gold: number; text: () => Promise<string> }[] =
        dataset === 'imdb'
          ? (await imdbItems(p, model.config.labels, c.limit)).map((it) => ({
              id: it.id,
              gold: it.gold,
              text: () => readFile(it.file, 'utf8'),
            }))
          : sst2Items(
              path.resolve(stringOption(p, 'data') ?? path.join(rootDir(), '..', 'shared', 'data', 'sst2', 'dev.tsv')),
              model.config.labels,
              c.limit,
              c.seed,
            ).map((it) => ({ id: it.id, gold: it.gold, text: async () => it.text }));
      const out = outDir(p);
      // a cap or budget other than the documented K = 3, B = 200 gets its own files, beside the default run's
      const capBudget = c.maxSize === 3 && c.budget === 200 ? '' : `-k${c.maxSize}-b${c.budget}`;
      const name = `sentiment-${dataset}${search === 'exact' ? '-exact' : ''}${capBudget}`;
      // no limit in the key: a smaller --limit takes a prefix of the same seeded sample, so it reuses a longer run's records;
      // the default search keeps the key it had before --cleann-search existed (its records stay valid)
      const { limit: _limit, ...keyed } = c;
      const key = { model: model.id, ...keyed, layer, v: 2, ...(search === 'exact' ? { search } : {}) };
      if (p.options.fresh) {
        const old = new Checkpoint<FairRecord | Failed>(path.join(out, '.partial'), name, key);
        if (existsSync(old.file)) rmSync(old.file);
      }
      const cp = new Checkpoint<FairRecord | Failed>(path.join(out, '.partial'), name, key);
      if (cp.size) process.stderr.write(`${name}: resuming, ${cp.size} items already done (${cp.file})\n`);
      const bar = new ProgressBar(name, items.length);
      bar.update(cp.size);
      const analyse = async (it: (typeof items)[number]): Promise<FairRecord | Failed> => {
        try {
          return await analyseFair(model, it.id, await it.text(), it.gold, {
            layer,
            maxTokens: c.maxTokens,
            maxSize: c.maxSize,
            budget: c.budget,
            exhaustiveBudget: c.exhaustiveBudget,
            seed: c.seed,
            cleannFallback: search === 'exact' ? 'none' : 'greedy',
          });
        } catch (err) {
          if (err instanceof Error && err.name === 'AbortError') throw err;
          return { id: it.id, error: err instanceof Error ? err.message : String(err) };
        }
      };
      const all = await runResumable(items, cp, analyse, (d) => bar.update(d));
      bar.done();
      const { ok: records, failed } = split(all);
      const summary = summariseFair(records, {
        maxSize: c.maxSize,
        budget: c.budget,
        exhaustiveBudget: c.exhaustiveBudget,
        seed: 1,
      });
      const seconds = (Date.now() - t0) / 1000;
      const md5 = md5Of(path.join(model.id, 'onnx', 'model.onnx'));
      const modelText = `${modelName(model.id)}${md5 ? ` (onnx/model.onnx md5 ${md5})` : ''}, ${model.config.hiddenSize} hidden, layer ${records[0]?.layer ?? layer}`;
      const data =
        dataset === 'imdb'
          ? `IMDB test reviews, a label-balanced seeded sample (balancedSample, seed 20231031), cut to ${c.maxTokens} tokens`
          : `SST-2 dev sentences (dev.tsv), a label-balanced sample (seed ${c.seed})`;
      const title =
        dataset === 'imdb'
          ? 'Sentiment explanations at equal cap and budget — IMDB test reviews'
          : 'Sentiment explanations at equal cap and budget — SST-2 dev sentences';
      const md =
        fairMarkdown(summary, {
          title: search === 'exact' ? `${title} (CLEANN: the reference's search alone)` : title,
          command,
          seconds,
          model: modelText,
          data,
          failed: failed.length,
          exact: search === 'exact',
        }) + failedNote(failed);
      const files = writeResults(
        out,
        name,
        { command, seconds, model: modelText, data, ...c, layer, summary, failed, records },
        md,
      );
      process.stdout.write(md);
      process.stderr.write(`${name}: wrote ${files.md} and ${files.json}\n`);
      return 0;
    } finally {
      await model.dispose();
    }
  },
};

EXPERIMENTS.layers = {
  summary: "PAG agreement between layers and heads, and which layer's explanations flip the label at equal budget",
  usage: `  layers [--dataset sst2|imdb] [--limit 60] [--model DIR|hub-id] [--data DIR|FILE] [--max-tokens 128] [--max-size 3] [--budget 200]
            [--seed 1] [--out results/] [--fresh]   (resumable; writes results/layers.md|json, layers-imdb.md|json for IMDB)`,
  async run(argv, command) {
    const p = parseArgs(argv, {
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
    });
    const dataset = stringOption(p, 'dataset') ?? 'sst2';
    if (dataset !== 'imdb' && dataset !== 'sst2')
      throw new UsageError(`--dataset: imdb or sst2, got "${printableLabel(dataset)}"`);
    const c = {
      dataset,
      limit: numberOption(p, 'limit', 60, 1, 25000, true),
      maxTokens: numberOption(p, 'max-tokens', 128, 8, 100000, true),
      maxSize: numberOption(p, 'max-size', 3, 1, 8, true),
      budget: numberOption(p, 'budget', 200, 1, 1e7, true),
      seed: numberOption(p, 'seed', 1, 0, 2 ** 31, true),
    };
    const t0 = Date.now();
    const model = await loadModel(resolveModelSpec(stringOption(p, 'model'), Boolean(p.options.offline)));
    try {
      const items: { id: string; text: () => Promise<string> }[] =
        dataset === 'imdb'
          ? (await imdbItems(p, model.config.labels, c.limit)).map((it) => ({
              id: it.id,
              text: () => readFile(it.file, 'utf8'),
            }))
          : sst2Items(
              path.resolve(stringOption(p, 'data') ?? path.join(rootDir(), '..', 'shared', 'data', 'sst2', 'dev.tsv')),
              model.config.labels,
              c.limit,
              c.seed,
            ).map((it) => ({ id: it.id, text: async () => it.text }));
      const out = outDir(p);
      const { limit: _limit, ...keyed } = c;
      const key = { model: model.id, ...keyed, v: 2 };
      if (p.options.fresh) {
        const old = new Checkpoint<LayerHeadRecord | Failed>(path.join(out, '.partial'), 'layers', key);
        if (existsSync(old.file)) rmSync(old.file);
      }
      const cp = new Checkpoint<LayerHeadRecord | Failed>(path.join(out, '.partial'), 'layers', key);
      if (cp.size) process.stderr.write(`layers: resuming, ${cp.size} items already done (${cp.file})\n`);
      const bar = new ProgressBar('layers', items.length);
      bar.update(cp.size);
      const analyse = async (it: (typeof items)[number]): Promise<LayerHeadRecord | Failed> => {
        try {
          return await analyseLayerHeads(model, it.id, await it.text(), {
            maxTokens: c.maxTokens,
            maxSize: c.maxSize,
            budget: c.budget,
            seed: c.seed,
          });
        } catch (err) {
          if (err instanceof Error && err.name === 'AbortError') throw err;
          return { id: it.id, error: err instanceof Error ? err.message : String(err) };
        }
      };
      const all = await runResumable(items, cp, analyse, (d) => bar.update(d));
      bar.done();
      const { ok: records, failed } = split(all);
      const summary = summariseLayerHeads(records, { maxSize: c.maxSize, budget: c.budget, seed: 1 });
      const seconds = (Date.now() - t0) / 1000;
      const md5 = md5Of(path.join(model.id, 'onnx', 'model.onnx'));
      const modelText = `${modelName(model.id)}${md5 ? ` (onnx/model.onnx md5 ${md5})` : ''}, ${model.config.hiddenSize} hidden`;
      const data =
        dataset === 'imdb'
          ? `IMDB test reviews, a label-balanced seeded sample (balancedSample, seed 20231031), cut to ${c.maxTokens} tokens`
          : `SST-2 dev sentences (dev.tsv), a label-balanced sample (seed ${c.seed})`;
      const meanTokens = records.length ? records.reduce((a, r) => a + r.tokens, 0) / records.length : null;
      const md =
        layerHeadsMarkdown(summary, { command, seconds, model: modelText, data, meanTokens, failed: failed.length }) +
        failedNote(failed);
      // SST-2 keeps the name its first run was documented under; IMDB gets its own files beside it
      const files = writeResults(
        out,
        dataset === 'imdb' ? 'layers-imdb' : 'layers',
        { command, seconds, model: modelText, data, ...c, summary, failed, records },
        md,
      );
      process.stdout.write(md);
      process.stderr.write(`layers: wrote ${files.md} and ${files.json}\n`);
      return 0;
    } finally {
      await model.dispose();
    }
  },
};

/** A model id for reports: paths inside this package are shown relative to it. */
function modelName(id: string): string {
  const root = rootDir();
  return path.isAbsolute(id) && id.startsWith(root) ? path.relative(root, id) : id;
}

EXPERIMENTS.recommend = {
  summary: 'BERT4Rec-style recommendation explanations: where does the replacement rank?',
  usage: `  recommend (--movielens DIR | --synthetic) [--users 100] [--max-len 20] [--steps 1500] [--max-set-size 3] [--seed 1]
            [--dim 32] [--python /usr/bin/python3] [--out results/]
            --movielens: the ml-1m folder (or its parent, or ratings.dat itself: UserID::MovieID::Rating::Timestamp;
              MovieLens-1M is not redistributable: download ml-1m.zip from grouplens.org and unpack it); writes results/recommend-movielens.md|json
            --synthetic: item sequences from a known clustered process (600 users, 60 items); writes results/recommend.md|json`,
  async run(argv, command) {
    const p = parseArgs(argv, {
      movielens: {},
      synthetic: { flag: true },
      users: {},
      'max-len': {},
      steps: {},
      'max-set-size': {},
      seed: {},
      python: {},
      out: {},
      dim: {},
    });
    const t0 = Date.now();
    const ml = stringOption(p, 'movielens');
    if (!ml === !p.options.synthetic)
      throw new UsageError('recommend needs exactly one of --movielens DIR or --synthetic');
    const seed = numberOption(p, 'seed', 1, 0, 2 ** 31, true);
    const maxLen = numberOption(p, 'max-len', 20, 4, 200, true);
    const steps = numberOption(p, 'steps', 1500, 1, 1e6, true);
    const dim = numberOption(p, 'dim', 32, 8, 256, true);
    let users: Map<string, string[]>;
    let dataName: string;
    if (ml) {
      // the folder MovieLens-1M unpacks to (ml-1m/), its parent, or ratings.dat itself
      const file = [path.join(ml, 'ratings.dat'), path.join(ml, 'ml-1m', 'ratings.dat'), ml].find(
        (f) => existsSync(f) && statSync(f).isFile(),
      );
      if (!file)
        throw new UsageError(
          `no ratings.dat in ${ml} (MovieLens-1M: unpack ml-1m.zip from https://grouplens.org/datasets/movielens/1m/ and pass the ml-1m folder)`,
        );
      users = parseRatings(await readFile(file, 'latin1'));
      dataName = `MovieLens ratings ${file}`;
    } else {
      users = syntheticRatings(600, 60, 6, 30, seed);
      dataName = 'synthetic clustered item sequences (600 users × 30 items, 60 items in 6 groups; seed ' + seed + ')';
    }
    const ds = buildDataset(users, maxLen, numberOption(p, 'users', 100, 1, 100000, true), seed);
    process.stderr.write(`recommend: ${users.size} users, ${ds.itemIds.length} items; training (nice 10)…\n`);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'causal-lens-recommend-'));
    let trained: {
      weights: RecWeights;
      reference: { ids: number[]; logits: number[] }[];
      hitRate10: number;
      trainSeconds: number;
    };
    try {
      const data = path.join(dir, 'data.json'),
        outFile = path.join(dir, 'out.json');
      writeFileSync(
        data,
        JSON.stringify({
          vocabSize: ds.vocabSize,
          maskId: REC_MASK,
          maxLen,
          train: ds.train,
          eval: ds.evaluation,
          seed,
          steps,
        }),
      );
      const script = path.join(rootDir(), 'training', 'recommend', 'train.py');
      await runProcess('nice', [
        '-n',
        '10',
        stringOption(p, 'python') ?? '/usr/bin/python3',
        script,
        '--data',
        data,
        '--out',
        outFile,
        '--dim',
        String(dim),
      ]);
      trained = JSON.parse(readFileSync(outFile, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // The TypeScript forward pass must reproduce torch's logits.
    let forwardCheck = 0;
    for (const r of trained.reference) {
      const lg = forward(trained.weights, r.ids).logits;
      for (let i = 0; i < lg.length; i++) forwardCheck = Math.max(forwardCheck, Math.abs(lg[i] - r.logits[i]));
    }
    if (!(forwardCheck < 1e-3))
      throw new Error(`the TypeScript forward pass disagrees with torch (max |Δlogit| ${forwardCheck})`);
    const bar = new ProgressBar('recommend', ds.evaluation.length);
    const records: RecRecord[] = [];
    for (const ev of ds.evaluation) {
      records.push(
        await analyseUser(trained.weights, ev.user, ev.history, {
          maxSetSize: numberOption(p, 'max-set-size', 3, 1, 10, true),
          seed,
        }),
      );
      bar.update(records.length);
    }
    bar.done();
    const summary = summariseRecommend(records);
    const model = `BERT4Rec-style, 2 layers, 2 heads, d=${dim}, ${steps} steps (training/recommend/train.py), trained in ${trained.trainSeconds} s`;
    const meta = {
      command,
      seconds: (Date.now() - t0) / 1000,
      data: dataName,
      model,
      hitRate10: trained.hitRate10,
      users: users.size,
      items: ds.itemIds.length,
      maxLen,
      forwardCheck,
    };
    const intervals = recommendIntervals(records);
    const md = recommendMarkdown(summary, meta) + recommendIntervalsMarkdown(intervals, records.length);
    // MovieLens results do not overwrite the synthetic run's
    const files = writeResults(
      outDir(p),
      ml ? 'recommend-movielens' : 'recommend',
      { ...meta, ...summary, intervals, records },
      md,
    );
    process.stdout.write(md);
    process.stderr.write(`recommend: wrote ${files.md} and ${files.json}\n`);
    return 0;
  },
};
