// A PagLearner that runs correlation + ICD in a worker thread, so the calling thread (the VS Code
// extension host) stays free however long ICD takes. Requests run one at a time; cancelling one
// terminates the worker at once (ICD needs no cleanup) and the next request starts a fresh one.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  AbortError,
  EngineInputError,
  Pag,
  checkCiTestSpec,
  checkSquare,
  isCiTestObject,
  type CiTestSpec,
} from '../engine';
import type { LearnedPag, PagLearner } from './learner';
import type { PagWorkerReply, PagWorkerRequest } from './pagWorkerProtocol';

function revive(reply: { name: string; message: string }): Error {
  if (reply.name === 'EngineInputError') return new EngineInputError(reply.message);
  if (reply.name === 'AbortError') return new AbortError(reply.message);
  return Object.assign(new Error(reply.message), { name: reply.name });
}

/** The CI test as the plain data the worker takes: a spec by name, checked here so a bad one fails before any work. */
function workerCiTest(ciTest: Parameters<PagLearner>[1]['ciTest']): CiTestSpec | undefined {
  if (ciTest === undefined) return undefined;
  if (isCiTestObject(ciTest))
    throw new EngineInputError(
      'a CI test object cannot be sent to the PAG worker thread: pass {name, options} of a registered test',
    );
  return checkCiTestSpec(ciTest);
}

export class WorkerPagLearner {
  private worker: Worker | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;

  private readonly workerFile: string;

  /** `workerFile`: the bundled worker script (dist/pagWorker.js), relative to the working folder or absolute. */
  constructor(workerFile: string) {
    this.workerFile = path.resolve(workerFile);
  }

  readonly learn: PagLearner = (attention, opts) => {
    const result = this.queue.then(() => this.run(attention, opts));
    this.queue = result.catch(() => undefined);
    return result;
  };

  /** true while a worker thread is alive (between the first request and dispose or a cancel). */
  get running(): boolean {
    return this.worker !== undefined;
  }

  /** Stops the worker (the next request would start another). */
  async dispose(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    await w?.terminate();
  }

  private spawn(): Worker {
    if (!existsSync(this.workerFile))
      throw new Error(`the PAG worker script is missing: ${this.workerFile} (run npm run build)`);
    const w = new Worker(this.workerFile);
    w.unref(); // an idle worker never keeps the process alive
    return w;
  }

  private run(attention: number[][], opts: Parameters<PagLearner>[1]): Promise<LearnedPag> {
    if (opts.signal?.aborted) return Promise.reject(new AbortError('the explanation was cancelled'));
    let n: number;
    let ciTest: CiTestSpec | undefined;
    try {
      n = checkSquare(attention, 'attention matrix');
      ciTest = workerCiTest(opts.ciTest);
    } catch (err) {
      return Promise.reject(err);
    }
    const flat = new Float64Array(n * n);
    for (let i = 0; i < n; i++) flat.set(attention[i], i * n);
    const worker = (this.worker ??= this.spawn());
    const id = this.nextId++;
    return new Promise<LearnedPag>((resolve, reject) => {
      const finish = (): void => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
        opts.signal?.removeEventListener('abort', onAbort);
      };
      const lose = (): void => {
        if (this.worker === worker) this.worker = undefined;
      };
      const onMessage = (m: PagWorkerReply): void => {
        if (m.id !== id) return;
        if (m.type === 'iteration') {
          opts.onIteration?.({ r: m.r, pag: m.pag, ciTests: m.ciTests });
          return;
        }
        if (m.type === 'progress') {
          opts.onProgress?.({ r: m.r, pairs: m.pairs, ciTests: m.ciTests });
          return;
        }
        finish();
        if (m.type === 'error') {
          reject(revive(m));
          return;
        }
        resolve({
          learned: {
            pag: Pag.fromJson(m.json),
            json: m.json,
            ciTests: m.ciTests,
            iterations: m.iterations,
            converged: m.converged,
            ...(m.json.truncated ? { truncated: m.json.truncated } : {}),
          },
          correlationMs: m.correlationMs,
          pagMs: m.pagMs,
        });
      };
      const onError = (err: Error): void => {
        finish();
        lose();
        reject(new Error(`the PAG worker failed: ${err.message}`));
      };
      const onExit = (code: number): void => {
        finish();
        lose();
        reject(new Error(`the PAG worker stopped unexpectedly (exit code ${code})`));
      };
      const onAbort = (): void => {
        finish();
        lose();
        void worker.terminate();
        reject(new AbortError('the explanation was cancelled'));
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      const req: PagWorkerRequest = {
        id,
        n,
        attention: flat,
        samples: opts.samples,
        alpha: opts.alpha,
        ciTest,
        maxR: opts.maxR,
        maxTests: opts.maxTests,
        timeLimitMs: opts.timeLimitMs,
        nodes: opts.nodes,
        streamIterations: opts.onIteration !== undefined,
        streamProgress: opts.onProgress !== undefined,
      };
      worker.postMessage(req, [flat.buffer]);
    });
  }
}
