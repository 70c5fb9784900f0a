// `causal-lens experiment mechanism`: does ONE forward pass's attention of a Transformer trained
// on per-sequence SCMs carry each sequence's causal structure as ABCD reads it? (issue 15 item 2)
import path from 'node:path';
import { numberOption, parseArgs, stringOption, UsageError } from '../args';
import { runMechanism } from '../../experiments/mechanism';
import { findMechanismTrainer, mechanismTrainerSource } from '../../experiments/mechanismTrainer';
import { compactRecords, mechanismMarkdown, summariseMechanism } from '../../experiments/mechanismReport';
import { MECHANISM_KINDS } from '../../experiments/mechanismData';
import { writeResults } from '../../experiments/report';
import { outDir, rootDir, type Experiment } from './common';

function parseSeeds(s: string | undefined): number[] {
  if (!s) return [1, 2, 3];
  const seeds = s.split(',').map((x) => Number(x.trim()));
  if (!seeds.length || seeds.some((x) => !Number.isInteger(x) || x < 0))
    throw new UsageError(`--seeds: "${s}" is not a comma-separated list of non-negative integers`);
  return seeds;
}

export const mechanismExperiment: Experiment = {
  summary: "per-sequence causal structure from one forward pass's attention (ABCD's mechanism)",
  usage: `  mechanism [--seeds 1,2,3] [--layouts 3] [--train 2000] [--test 20] [--steps 3000] [--dim 64] [--layers 3]
            [--heads 4] [--bins 4] [--alpha 0.01] [--python /usr/bin/python3] [--out results/]
            --train / --test: sequences per structure (4 kinds × --layouts structures) and seed
            trained dumps are cached per seed in <out>/.partial/, so an interrupted run resumes`,
  async run(argv, command) {
    const p = parseArgs(argv, {
      seeds: {},
      layouts: {},
      train: {},
      test: {},
      steps: {},
      dim: {},
      layers: {},
      heads: {},
      bins: {},
      alpha: {},
      python: {},
      out: {},
    });
    const t0 = Date.now();
    const steps = numberOption(p, 'steps', 3000, 1, 1e6, true);
    const dim = numberOption(p, 'dim', 64, 8, 512, true);
    const layers = numberOption(p, 'layers', 3, 1, 12, true);
    const heads = numberOption(p, 'heads', 4, 1, 16, true);
    if (dim % heads) throw new UsageError(`--dim ${dim} is not a multiple of --heads ${heads}`);
    const layoutCount = numberOption(p, 'layouts', 3, 1, 20, true);
    const opts = {
      seeds: parseSeeds(stringOption(p, 'seeds')),
      layoutCount,
      trainPerStructure: numberOption(p, 'train', 2000, 10, 1e6, true),
      testPerStructure: numberOption(p, 'test', 20, 1, 1000, true),
      bins: numberOption(p, 'bins', 4, 2, 32, true),
      alpha: numberOption(p, 'alpha', 0.01, 1e-12, 0.5),
      source: mechanismTrainerSource({
        python: stringOption(p, 'python') ?? '/usr/bin/python3',
        script: findMechanismTrainer(rootDir()),
        steps,
        dim,
        layers,
        heads,
        niceness: 10,
        cacheDir: path.join(outDir(p), '.partial'),
      }),
      onSeed: (seed: number, i: number) =>
        process.stderr.write(
          `mechanism: [${i + 1}/${opts.seeds.length}] seed ${seed} (${Math.round((Date.now() - t0) / 1000)}s)\n`,
        ),
    };
    const { seeds, records } = await runMechanism(opts);
    const summary = summariseMechanism(records, seeds);
    const meta = {
      command,
      seconds: (Date.now() - t0) / 1000,
      model: `${layers}-layer, ${heads}-head, d=${dim} masked-value Transformer, ${steps} steps (training/synthetic/train_mechanism.py)`,
      trainPerStructure: opts.trainPerStructure,
      testPerStructure: opts.testPerStructure,
      structures: MECHANISM_KINDS.length * layoutCount,
      bins: opts.bins,
      alpha: opts.alpha,
    };
    const md = mechanismMarkdown(summary, seeds, meta);
    const files = writeResults(
      outDir(p),
      'mechanism',
      { ...meta, seeds, summary, sequences: compactRecords(records) },
      md,
    );
    process.stdout.write(md);
    process.stderr.write(`mechanism: wrote ${files.md} and ${files.json}\n`);
    return 0;
  },
};
