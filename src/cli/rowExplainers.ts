// Who explains the rows of `explain --file`: this thread with one model (--workers 1), or a pool of
// worker threads, each with its own model session, so rows run in parallel on every core.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { loadModel, type ModelSpec } from '../model';
import { explainRow, type RowInput, type RowOptions } from './rowRecord';
import type { ModelInfo, RowWorkerReply, RowWorkerRequest } from './rowWorkerProtocol';

export interface RowExplainer {
  /** Rows it explains at once; the caller keeps at most this many in flight. */
  readonly size: number;
  readonly info: ModelInfo;
  explain(input: RowInput): Promise<Record<string, unknown>>;
  dispose(): Promise<void>;
}

export async function inProcessExplainer(spec: ModelSpec, opts: RowOptions): Promise<RowExplainer> {
  const model = await loadModel(spec);
  return {
    size: 1,
    info: { id: model.id, numLayers: model.config.numLayers, numHeads: model.config.numHeads, task: model.config.task },
    explain: (input) => explainRow(model, input, opts),
    dispose: () => model.dispose(),
  };
}

/** The bundled worker script next to the CLI bundle (dist/rowWorker.js), if it is there. */
export function defaultRowWorkerFile(): string | null {
  const candidates = [path.join(__dirname, 'rowWorker.js'), path.join(__dirname, '..', '..', 'dist', 'rowWorker.js')];
  return candidates.find((f) => existsSync(f)) ?? null;
}

interface Slot {
  worker: Worker;
  busy: boolean;
}

/** `size` workers, each loading the model; resolves once all have loaded it (or rejects with the first load error). */
export async function workerPoolExplainer(
  workerFile: string,
  spec: ModelSpec,
  opts: RowOptions,
  size: number,
): Promise<RowExplainer> {
  const slots: Slot[] = [];
  const pending = new Map<
    number,
    { resolve: (r: Record<string, unknown>) => void; reject: (e: Error) => void; slot: Slot }
  >();
  const waiting: (() => void)[] = [];
  let nextId = 1;
  let fatal: Error | null = null;
  let disposed = false;
  const failAll = (err: Error): void => {
    fatal ??= err;
    for (const p of pending.values()) p.reject(fatal);
    pending.clear();
    for (const wake of waiting.splice(0)) wake();
  };
  const ready = Array.from(
    { length: size },
    () =>
      new Promise<ModelInfo>((resolve, reject) => {
        const worker = new Worker(workerFile);
        const slot: Slot = { worker, busy: false };
        slots.push(slot);
        worker.on('message', (m: RowWorkerReply) => {
          if (m.type === 'ready') {
            resolve(m.info);
            return;
          }
          if (m.type === 'init-error') {
            reject(new Error(m.message));
            return;
          }
          if (m.type === 'stopped') return;
          const p = pending.get(m.id);
          if (!p) return;
          pending.delete(m.id);
          p.slot.busy = false;
          waiting.shift()?.();
          if (m.type === 'result') p.resolve(m.record);
          else p.reject(new Error(m.message));
        });
        worker.on('error', (err) => {
          reject(err);
          failAll(new Error(`a row worker failed: ${err.message}`));
        });
        worker.on('exit', (code) => {
          if (!disposed && (code !== 0 || pending.size))
            failAll(new Error(`a row worker stopped unexpectedly (exit code ${code})`));
        });
        worker.postMessage({ type: 'init', spec, opts } satisfies RowWorkerRequest);
      }),
  );
  /** Asks each worker to stop and release its session, then ends it (after 10 s at the latest). */
  const dispose = async (): Promise<void> => {
    disposed = true;
    await Promise.all(
      slots.map(async ({ worker }) => {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, 10_000);
          const done = (): void => {
            clearTimeout(timer);
            resolve();
          };
          worker.on('message', (m: RowWorkerReply) => {
            if (m.type === 'stopped') done();
          });
          worker.once('exit', done);
          worker.postMessage({ type: 'stop' } satisfies RowWorkerRequest);
        });
        await worker.terminate();
      }),
    );
  };
  let info: ModelInfo;
  try {
    [info] = await Promise.all(ready);
  } catch (err) {
    await dispose();
    throw err;
  }
  return {
    size,
    info,
    async explain(input) {
      let slot = slots.find((s) => !s.busy);
      while (!slot && !fatal) {
        await new Promise<void>((r) => waiting.push(r));
        slot = slots.find((s) => !s.busy);
      }
      if (fatal || !slot) throw fatal ?? new Error('no row worker');
      slot.busy = true;
      const id = nextId++;
      const s = slot;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject, slot: s });
        s.worker.postMessage({ type: 'row', id, input } satisfies RowWorkerRequest);
      });
    },
    dispose,
  };
}
