// `causal-lens experiment synthetic`: recover known SCM structures from a small trained Transformer's
// attention (or, with --ideal, from the SCM's ideal attention: a model-free check).
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { numberOption, parseArgs, stringOption, UsageError } from '../args';
import {
  DEFAULT_SHAPES,
  idealAttentionSource,
  runSynthetic,
  syntheticMarkdown,
  type AttentionSource,
} from '../../experiments/synthetic';
import { findTrainerScript, pythonTrainerSource } from '../../experiments/pythonTrainer';
import { writeResults } from '../../experiments/report';
import type { ShapeKind, ShapeSpec } from '../../experiments/scm';
import { outDir, rootDir, type Experiment } from './common';

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

export const syntheticExperiment: Experiment = {
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
    const md = syntheticMarkdown(results, meta);
    const files = writeResults(outDir(p), 'synthetic', { ...meta, shapes: results }, md);
    process.stdout.write(md);
    process.stderr.write(`synthetic: wrote ${files.md} and ${files.json}\n`);
    return 0;
  },
};
