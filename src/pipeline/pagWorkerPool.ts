// Several worker-thread PAG learners side by side, so that the per-head search (one PAG per head)
// uses every core: each request goes to the learner with the fewest requests in flight. A worker
// starts on its first request, so a single-head run costs one worker as before.
import { availableParallelism } from 'node:os';
import type { PagLearner } from './learner';
import { WorkerPagLearner } from './pagWorker';

/** One worker per core, at most `max` (the extension host keeps a core when there are many). */
export function defaultPoolSize(max = 4): number {
  return Math.max(1, Math.min(max, availableParallelism()));
}

export class PagWorkerPool {
  private readonly learners: WorkerPagLearner[];
  private readonly inFlight: number[];

  /** `workerFile`: the bundled worker script (dist/pagWorker.js). */
  constructor(workerFile: string, size = defaultPoolSize()) {
    this.learners = Array.from({ length: Math.max(1, Math.floor(size)) }, () => new WorkerPagLearner(workerFile));
    this.inFlight = this.learners.map(() => 0);
  }

  get size(): number {
    return this.learners.length;
  }

  /** Workers started so far (a worker starts on its first request). */
  get started(): number {
    return this.learners.filter((l) => l.running).length;
  }

  readonly learn: PagLearner = (attention, opts) => {
    let k = 0;
    for (let i = 1; i < this.learners.length; i++) if (this.inFlight[i] < this.inFlight[k]) k = i;
    this.inFlight[k]++;
    const done = (): void => {
      this.inFlight[k]--;
    };
    const result = this.learners[k].learn(attention, opts);
    result.then(done, done);
    return result;
  };

  async dispose(): Promise<void> {
    await Promise.all(this.learners.map((l) => l.dispose()));
  }
}
