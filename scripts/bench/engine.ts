// `npm run bench -- --engine`: the engine alone, each size in its own process (scripts/bench/engineRow.ts)
// so that its peak RSS is its own. Two inputs:
// - synthetic softmax attention (seeded; a local window, hub tokens and random links), a denser worst case
//   than a trained model's attention;
// - the shipped model's own attention on the bench texts (deepest layer, head mean, samples = hidden size,
//   as the extension runs it), with the forward pass timed in the same process: PAG / forward per length.
//   Lengths beyond the model's position table use a grown copy (scripts/bench/positionTable.ts).
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defaultModelPath } from '../../src/model';
import type { EngineRow } from './engineRow';
import { writeLongPositionCopy } from './positionTable';
import { median } from './stats';

/** Synthetic rows stop here: at 512 nodes the dense worst case keeps 80,693 of 130,816 pairs adjacent after round 1 and ICD runs 60 M+ CI tests (minutes of CPU; README, Engine). */
export const SYNTHETIC_MAX = 256;
/** Model-attention rows start here (below, the PAG takes a few milliseconds). */
export const MODEL_MIN = 128;

export function runEngineRow(args: string[]): Promise<EngineRow> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'engineRow.ts'), ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`engine row ${args.join(' ')} failed (exit ${code})`));
      try {
        resolve(JSON.parse(out.trim().split('\n').pop() ?? '') as EngineRow);
      } catch (e) {
        reject(e);
      }
    });
  });
}

const pad = (v: string | number, w: number): string => String(v).padStart(w);
const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x < 1000 ? x.toFixed(1) : x.toFixed(0));

export function rowText(r: EngineRow): string {
  const m = (f: (x: EngineRow['runs'][number]) => number): number => median(r.runs.map(f));
  const last = r.runs[r.runs.length - 1];
  const cells = [
    pad(r.nodes, 5),
    pad(r.runs.length, 4),
    pad(ms(m((x) => x.correlation)), 11),
    pad(ms(m((x) => x.pag)), 10),
    pad(ms(Math.min(...r.runs.map((x) => x.pag))), 9),
    pad(ms(m((x) => x.pagCpu)), 9),
    pad(Math.round(m((x) => x.ciTests)), 9),
    pad(last.iterations, 4),
    pad(last.edges, 6),
    pad(ms(m((x) => x.cleann)), 8),
    pad(last.candidates, 5),
    pad(r.peakRssMiB.toFixed(0), 8),
  ];
  if (r.source === 'model') {
    const fwd = m((x) => x.forward ?? NaN);
    cells.push(
      pad((r.peakRssMiB - r.rssBeforeMiB).toFixed(0), 10),
      pad(ms(fwd), 8),
      pad((m((x) => x.pag) / fwd).toFixed(1), 9),
    );
  }
  return cells.join(' ');
}

const HEADER = `${pad('nodes', 5)} ${pad('runs', 4)} ${pad('correlation', 11)} ${pad('PAG median', 10)} ${pad('PAG min', 9)} ${pad('PAG cpu', 9)} ${pad('CI tests', 9)} ${pad('iter', 4)} ${pad('edges', 6)} ${pad('CLEANN', 8)} ${pad('cands', 5)} ${pad('peak RSS', 8)}`;

export async function engineTable(
  sizes: number[],
  runs: (n: number) => number,
  log: (l: string) => void,
): Promise<string> {
  const synthetic: string[] = [HEADER];
  for (const n of sizes.filter((s) => s <= SYNTHETIC_MAX)) {
    synthetic.push(
      rowText(await runEngineRow(['--source', 'synthetic', '--nodes', String(n), '--runs', String(runs(n))])),
    );
    log(`engine: synthetic ${n} nodes done`);
  }
  const modelSizes = sizes.filter((s) => s >= MODEL_MIN);
  const fromModel: string[] = [`${HEADER} ${pad('after load', 10)} ${pad('forward', 8)} ${pad('PAG/fwd', 9)}`];
  const base = defaultModelPath();
  const positions = Number(
    (JSON.parse(readFileSync(path.join(base, 'config.json'), 'utf8')) as { max_position_embeddings: number })
      .max_position_embeddings,
  );
  const longest = Math.max(...modelSizes);
  const tmp = longest > positions ? mkdtempSync(path.join(os.tmpdir(), 'causal-lens-engine-')) : undefined;
  try {
    const dir = tmp ? writeLongPositionCopy(base, path.join(tmp, 'model'), longest) : base;
    for (const n of modelSizes) {
      // warm-up plus at least 3 runs: the PAG median is the figure that matters here
      fromModel.push(
        rowText(
          await runEngineRow([
            '--source',
            'model',
            '--model',
            dir,
            '--nodes',
            String(n),
            '--runs',
            String(Math.max(3, runs(n))),
          ]),
        ),
      );
      log(`engine: model attention ${n} nodes done`);
    }
  } finally {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
  return [
    'Engine alone (ms; each size in its own process, one warm-up run then the timed runs; alpha 0.01; CLEANN without a tester, target 0)',
    '',
    `Synthetic softmax attention (seeded, samples 768), up to ${SYNTHETIC_MAX} nodes:`,
    ...synthetic,
    '',
    `The shipped model's attention on the bench texts (deepest layer, head mean, samples = hidden size; a different text per run; lengths over ${positions} on a grown position table):`,
    ...fromModel,
    '',
    'correlation = A·Aᵀ → correlation; PAG = ICD to convergence, input validation included (wall median / min / process CPU median); CI tests = tests computed; peak RSS = the row process\'s peak (MiB; a model row includes the loaded model and ONNX Runtime, "after load" is its growth from there); forward = model run with attention (median); PAG/fwd = PAG median / forward median',
  ].join('\n');
}
