// Attention source of the synthetic experiment backed by the Python trainer
// (training/synthetic/train.py with Debian's python3-torch): writes the sequences, trains the
// small masked-symbol Transformer at low CPU priority, reads back its attention.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AttentionDump, AttentionSource } from './synthetic';
import { fnv1a } from './scm';

export interface PythonTrainerOptions {
  python: string;
  script: string;
  steps: number;
  dim: number;
  layers: number;
  heads: number;
  /** Run training with `nice -n <niceness>` (the CPU is shared). */
  niceness: number;
  /** Folder to keep the ONNX exports in (optional). */
  keepOnnxDir?: string;
  /** Folder caching each shape's attention dump, keyed by its data and settings: a re-run (or an interrupted run) skips training. */
  cacheDir?: string;
}

export function findTrainerScript(root: string): string {
  const p = path.join(root, 'training', 'synthetic', 'train.py');
  if (!existsSync(p)) throw new Error(`synthetic trainer not found at ${p}`);
  return p;
}

export function runProcess(cmd: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '',
      err = '';
    child.stdout.on('data', (d) => {
      out += d;
    });
    child.stderr.on('data', (d) => {
      err += d;
    });
    child.on('error', (e) =>
      reject(
        new Error(
          `cannot start ${cmd}: ${e.message} (the synthetic experiment trains with python3-torch: apt-get install python3-torch)`,
        ),
      ),
    );
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(
            new Error(
              `${path.basename(args[args.length - 1] ?? cmd)} training failed (exit ${code}): ${err.trim().split('\n').slice(-3).join(' | ')}`,
            ),
          ),
    );
  });
}

export function pythonTrainerSource(o: PythonTrainerOptions): AttentionSource {
  return async ({ scm, train, test, vocabSize, maskId, seed }) => {
    const payload = JSON.stringify({ vocabSize, seqLen: train[0].length, maskId, train, test, seed, steps: o.steps });
    const cached = o.cacheDir
      ? path.join(
          o.cacheDir,
          `synthetic-${scm.name}-${fnv1a(payload + JSON.stringify([o.dim, o.layers, o.heads])).toString(16)}.json`,
        )
      : null;
    const model = ['--dim', String(o.dim), '--layers', String(o.layers), '--heads', String(o.heads)];
    const onnx = o.keepOnnxDir ? ['--onnx', path.join(o.keepOnnxDir, `${scm.name}.onnx`)] : [];
    // an ONNX file is asked for: train again even when the attention is cached
    const { text } = await runTrainerScript(
      o,
      payload,
      (data, out) => ['--data', data, '--out', out, ...model, ...onnx],
      cached,
      !o.keepOnnxDir,
    );
    return JSON.parse(text) as AttentionDump;
  };
}

/**
 * Runs a trainer script (at `niceness`) on `payload`, written to a temporary data.json, and returns
 * what it wrote to out.json. With `cached`, a file kept from an identical earlier run answers
 * instead (when `reuse`), and a fresh answer is kept there.
 */
export async function runTrainerScript(
  run: { python: string; script: string; niceness: number },
  payload: string,
  args: (data: string, out: string) => string[],
  cached: string | null,
  reuse = true,
): Promise<{ text: string; fromCache: boolean }> {
  if (cached && reuse && existsSync(cached)) return { text: readFileSync(cached, 'utf8'), fromCache: true };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'causal-lens-trainer-'));
  try {
    const data = path.join(dir, 'data.json'),
      out = path.join(dir, 'out.json');
    writeFileSync(data, payload);
    await runProcess('nice', ['-n', String(run.niceness), run.python, run.script, ...args(data, out)]);
    const text = readFileSync(out, 'utf8');
    if (cached) {
      mkdirSync(path.dirname(cached), { recursive: true });
      writeFileSync(cached, text);
    }
    return { text, fromCache: false };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
