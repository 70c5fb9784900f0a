// The explanation search's access to the tester: a budget in model runs and time, one verdict per
// distinct set (a set proposed twice — by two heads, or by both search phases — is run once), the
// tested sets sent in batches when the tester can take them, and the most influential set that did
// not flip the prediction remembered for an honest partial result.
import { throwIfAborted } from './errors';

/** What the tester says about one set: does removing it flip the prediction, and by how much it lowers the predicted class's probability. */
export interface TestVerdict {
  flips: boolean;
  /** Probability of the originally predicted class, before minus after the removal (optional). */
  drop?: number;
}

export type ExplanationTester = (subset: number[]) => Promise<boolean | TestVerdict>;
export type BatchTester = (subsets: number[][]) => Promise<(boolean | TestVerdict)[]>;

/** Most verdicts kept: memory stays bounded under a huge run budget; past it a repeated set is run again. */
const MAX_CACHED = 100_000;

export const setKey = (set: readonly number[]): string => set.join(',');

const asVerdict = (v: boolean | TestVerdict): TestVerdict => (typeof v === 'boolean' ? { flips: v } : v);

export interface BestPartial {
  set: number[];
  drop: number;
  origins: number[];
  key: string;
}

export class VerdictRunner {
  testsRun = 0;
  best: BestPartial | null = null;
  private readonly cache = new Map<string, TestVerdict>();

  constructor(
    private readonly tester: ExplanationTester,
    private readonly batchTester: BatchTester | undefined,
    readonly maxTests: number,
    private deadline: number,
    private readonly now: () => number,
    private readonly signal?: AbortSignal,
  ) {}

  /** A search phase may stop early: its own deadline and run limit (never past the whole budget's). */
  limit(deadline: number): void {
    this.deadline = deadline;
  }

  outOfTime(): boolean {
    return this.now() >= this.deadline;
  }

  known(key: string): TestVerdict | undefined {
    return this.cache.get(key);
  }

  /**
   * Verdicts for `sets` (sorted node lists), in order; a set the run budget could not pay for gets
   * null. Only sets not seen before cost a model run. `origin` tags the best partial set.
   */
  async verdicts(
    sets: readonly number[][],
    origin: number,
    runsLeft = this.maxTests - this.testsRun,
  ): Promise<(TestVerdict | null)[]> {
    const keys = sets.map(setKey);
    const fresh: number[] = [];
    const queued = new Set<string>();
    for (let i = 0; i < sets.length; i++) {
      if (this.cache.has(keys[i]) || queued.has(keys[i])) continue;
      if (fresh.length >= runsLeft) break;
      queued.add(keys[i]);
      fresh.push(i);
    }
    // this call's own verdicts answer it even when the cache is full and could not keep them
    const ranNow = new Map<string, TestVerdict>();
    if (fresh.length > 0) {
      this.testsRun += fresh.length;
      const batch = fresh.map((i) => sets[i].slice());
      const raw = this.batchTester && batch.length > 1 ? await this.batchTester(batch) : await this.one(batch);
      throwIfAborted(this.signal);
      fresh.forEach((i, k) => {
        const v = asVerdict(raw[k]);
        ranNow.set(keys[i], v);
        if (this.cache.size < MAX_CACHED) this.cache.set(keys[i], v);
        this.noteBest(sets[i], keys[i], v, origin);
      });
    }
    return keys.map((k) => {
      const now = ranNow.get(k);
      if (now) return now;
      const v = this.cache.get(k) ?? null;
      if (v) this.tagBest(k, origin);
      return v;
    });
  }

  private async one(batch: number[][]): Promise<(boolean | TestVerdict)[]> {
    const out: (boolean | TestVerdict)[] = [];
    for (const s of batch) {
      out.push(await this.tester(s));
      throwIfAborted(this.signal);
    }
    return out;
  }

  // only a set that lowered the predicted probability can be "closest"
  private noteBest(set: number[], key: string, v: TestVerdict, origin: number): void {
    if (!v.flips && v.drop !== undefined && v.drop > 0 && (!this.best || v.drop > this.best.drop)) {
      this.best = { set: set.slice(), drop: v.drop, origins: [origin], key };
    }
  }

  private tagBest(key: string, origin: number): void {
    if (this.best?.key === key && !this.best.origins.includes(origin)) this.best.origins.push(origin);
  }
}
