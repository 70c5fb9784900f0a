// Attention sources of the mechanism experiment: the Python trainer
// (training/synthetic/train_mechanism.py, python3-torch, run under nice) with a per-seed cache,
// and a model-free source for tests.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { runTrainerScript, type PythonTrainerOptions } from './pythonTrainer';
import type { MechanismDump, MechanismSource } from './mechanism';

/** The synthetic trainer's options (`cacheDir` caches each seed's dump); no ONNX export here. */
export type MechanismTrainerOptions = Omit<PythonTrainerOptions, 'keepOnnxDir'>;

export function findMechanismTrainer(root: string): string {
  const p = path.join(root, 'training', 'synthetic', 'train_mechanism.py');
  if (!existsSync(p)) throw new Error(`mechanism trainer not found at ${p}`);
  return p;
}

export function mechanismTrainerSource(o: MechanismTrainerOptions): MechanismSource {
  return async (input) => {
    const payload = JSON.stringify({ ...input, steps: o.steps });
    const settings = JSON.stringify([o.dim, o.layers, o.heads]);
    const hash = createHash('sha256')
      .update(payload + settings)
      .digest('hex')
      .slice(0, 16);
    const cached = o.cacheDir ? path.join(o.cacheDir, `mechanism-seed${input.seed}-${hash}.json`) : null;
    const model = ['--dim', String(o.dim), '--layers', String(o.layers), '--heads', String(o.heads)];
    const { text, fromCache } = await runTrainerScript(
      o,
      payload,
      (data, out) => ['--data', data, '--out', out, ...model],
      cached,
    );
    const dump = JSON.parse(text) as MechanismDump;
    return fromCache ? { ...dump, fromCache: true } : dump;
  };
}

/**
 * A model-free source: every head of every layer is `attention(sequence index)` (padded with the
 * identity on the structure positions). For tests of the scoring path.
 */
export function fixedAttentionSource(
  layers: number,
  heads: number,
  hiddenSize: number,
  attention: (test: number[], index: number) => number[][],
): MechanismSource {
  return async ({ test, valueStart }) => {
    const full = test.map((seq, i) => {
      const a = attention(seq, i);
      const t = seq.length;
      return Array.from({ length: t }, (_, r) =>
        Array.from({ length: t }, (_, c) =>
          r < valueStart || c < valueStart ? (r === c ? 1 : 0) : a[r - valueStart][c - valueStart],
        ),
      );
    });
    const rep = <T>(x: T): T[][] => Array.from({ length: layers }, () => Array.from({ length: heads }, () => x));
    return {
      hiddenSize,
      numLayers: layers,
      numHeads: heads,
      trainSeconds: 0,
      maskedCorrect: test.map(() => 0),
      attentions: full.map(rep),
      maskedRows: full.map((a) => rep(a.slice(valueStart))),
      corrZ: full.map((a) => rep(a.map((r, i) => r.map((_, j) => (i === j ? 1 : 0))))),
      corrV: full.map((a) => rep(a.map((r, i) => r.map((_, j) => (i === j ? 1 : 0))))),
    };
  };
}
