// `npm run bench`, "Host responsiveness": how long the caller's event loop stalls — the wall-clock
// figures the tests no longer assert (a loaded machine made them fail by chance; the tests count
// event-loop turns instead). Measured: model runs with and without yieldingModel, ICD in the worker
// thread vs in this thread, and how long a cancelled worker request takes to reject.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { syntheticAttention } from '../../src/engine/testing/attention';
import { yieldingModel } from '../../src/extension/yieldingModel';
import type { LoadedModel } from '../../src/model/index';
import { inProcessLearner, WorkerPagLearner } from '../../src/pipeline';

/** The longest gap (ms) between ticks of a `period` ms timer while `work` runs. */
async function longestStall(work: () => Promise<unknown>, period: number): Promise<number> {
  let last = performance.now(),
    worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last);
    last = now;
  }, period);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return Math.max(worst, performance.now() - last);
}

/** A model whose runIds busy-waits `ms` inside process.nextTick, like onnxruntime-node 1.14's inference. */
function blockingModel(ms: number): LoadedModel {
  const busy = (): void => {
    const t = performance.now();
    while (performance.now() - t < ms) {
      /* inference */
    }
  };
  return {
    id: 'blocking',
    padTokenId: 0,
    runIds: () =>
      new Promise((resolve) =>
        process.nextTick(() => {
          busy();
          resolve({ label: 'A', score: 1, labelIndex: 0, logits: [0, 1] });
        }),
      ),
  } as unknown as LoadedModel;
}

export async function responsivenessNote(log: (l: string) => void): Promise<string[]> {
  log('bench: host responsiveness');
  const runs = async (m: LoadedModel): Promise<void> => {
    for (let i = 0; i < 100; i++) await m.runIds([1, 2, 3]);
  };
  const bare = await longestStall(() => runs(blockingModel(2)), 1);
  const wrapped = await longestStall(() => runs(yieldingModel(blockingModel(2), 15)), 1);

  // The worker runs plain JavaScript: bundle its entry point the way scripts/build.mjs does.
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'causal-lens-bench-worker-'));
  const file = path.join(tmp, 'pagWorker.js');
  buildSync({
    entryPoints: [path.join(__dirname, '..', '..', 'src', 'pipeline', 'pagWorkerMain.ts')],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
  });
  const learner = new WorkerPagLearner(file);
  try {
    const att = syntheticAttention(128, 7);
    await learner.learn(syntheticAttention(8, 1), {}); // start the worker outside the measurement
    let pagMs = 0;
    const worker = await longestStall(async () => {
      pagMs = (await learner.learn(att, { samples: 768 })).pagMs;
    }, 5);
    const inThread = await longestStall(() => inProcessLearner(att, { samples: 768 }), 5);
    const controller = new AbortController();
    let abortedAt = 0;
    await learner
      .learn(syntheticAttention(160, 3), {
        samples: 768,
        signal: controller.signal,
        onIteration: (it) => {
          if (it.r === 0) {
            abortedAt = performance.now();
            controller.abort();
          }
        },
      })
      .catch(() => undefined);
    const cancelMs = performance.now() - abortedAt;
    const f = (x: number): string => x.toFixed(0);
    return [
      `Host responsiveness (longest event-loop stall of this thread; ${os.loadavg()[0].toFixed(1)} load average):`,
      `- 100 model runs of 2 ms each resolved in process.nextTick: ${f(bare)} ms without yieldingModel, ${f(wrapped)} ms with it (a turn every 15 ms).`,
      `- ICD of 128 synthetic nodes (${f(pagMs)} ms): ${f(worker)} ms in the worker thread, ${f(inThread)} ms in this thread.`,
      `- Cancelling a worker request of 160 nodes after round 0: rejected ${cancelMs.toFixed(1)} ms after the abort.`,
    ];
  } finally {
    await learner.dispose();
    rmSync(tmp, { recursive: true, force: true });
  }
}
