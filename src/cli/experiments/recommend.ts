// `causal-lens experiment recommend`: BERT4Rec-style recommendation explanations (MovieLens-1M or a
// synthetic clustered process): where does the replacement item rank once the explanation is removed?
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { numberOption, parseArgs, stringOption, UsageError } from '../args';
import { runProcess } from '../../experiments/pythonTrainer';
import { forward, type RecWeights } from '../../experiments/bert4rec';
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
} from '../../experiments/recommend';
import {
  analyseUserFair,
  recommendFairExtras,
  recommendFairMarkdown,
  REC_FAIR_LABELS,
  type RecFairRecord,
} from '../../experiments/recommendFair';
import { ProgressBar } from '../../experiments/progress';
import { writeResults } from '../../experiments/report';
import { outDir, rootDir, type Experiment } from './common';

export const recommendExperiment: Experiment = {
  summary: 'BERT4Rec-style recommendation explanations: where does the replacement rank?',
  usage: `  recommend (--movielens DIR | --synthetic) [--users 100] [--max-len 20] [--steps 1500] [--max-set-size 3] [--seed 1]
            [--dim 32] [--python /usr/bin/python3] [--budget B] [--exhaustive-budget N] [--out results/]
            --budget B: every method gets sets of ≤ --max-set-size items and B model runs (baselines and random: subsets of
              their top-m items), plus the exhaustive minimum over all history items (default: every set); writes
              results/recommend[-movielens]-k<K>-b<B>.md|json. Without it, the baselines grow their top-k unbounded.
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
      budget: {},
      'exhaustive-budget': {},
    });
    const t0 = Date.now();
    const ml = stringOption(p, 'movielens');
    const maxSetSize = numberOption(p, 'max-set-size', 3, 1, 10, true);
    const budget = p.options.budget === undefined ? null : numberOption(p, 'budget', 200, 1, 1e7, true);
    const exhaustiveBudget = numberOption(p, 'exhaustive-budget', 1e9, 1, 1e9, true);
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
        budget === null
          ? await analyseUser(trained.weights, ev.user, ev.history, { maxSetSize, seed })
          : await analyseUserFair(trained.weights, ev.user, ev.history, {
              maxSetSize,
              budget,
              exhaustiveBudget,
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
    const labels = budget === null ? undefined : REC_FAIR_LABELS;
    const protocol =
      budget === null
        ? undefined
        : `Every method tests sets of ≤ ${maxSetSize} history items, at most ${budget} model runs each, until the top recommendation changes (CLEANN: its PAG's legal sets, smallest first; baselines and the random control: every subset of their top-m items, m the most whose subsets fit the budget, smallest first, then by rank sum)`;
    const extras = budget === null ? null : recommendFairExtras(records as RecFairRecord[], budget);
    const md =
      recommendMarkdown(summary, { ...meta, protocol }, labels) +
      recommendIntervalsMarkdown(intervals, records.length, labels) +
      (extras && budget !== null ? recommendFairMarkdown(extras, { maxSetSize, budget }) : '');
    // MovieLens results do not overwrite the synthetic run's, nor an equal-budget run the unbounded one's
    const files = writeResults(
      outDir(p),
      `${ml ? 'recommend-movielens' : 'recommend'}${budget === null ? '' : `-k${maxSetSize}-b${budget}`}`,
      { ...meta, maxSetSize, budget, ...summary, intervals, extras, records },
      md,
    );
    process.stdout.write(md);
    process.stderr.write(`recommend: wrote ${files.md} and ${files.json}\n`);
    return 0;
  },
};
