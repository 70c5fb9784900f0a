// `--shard i/N`: this process explains rows i, i+N, i+2N, … (0-based, counted over every record of
// the file, malformed ones included, so each malformed row is reported by exactly one shard). With
// `--shard auto/N` (or `auto`) the index comes from the array job running it: a Kubernetes Indexed
// Job's JOB_COMPLETION_INDEX, or a Slurm array's SLURM_ARRAY_TASK_ID (minus SLURM_ARRAY_TASK_MIN,
// so --array=1-4 works too; N defaults to SLURM_ARRAY_TASK_COUNT).
import { UsageError } from './args';

export interface Shard {
  index: number;
  count: number;
}

const int = (s: string | undefined): number | null =>
  s !== undefined && /^\d+$/.test(s.trim()) ? Number(s.trim()) : null;

export function parseShard(value: string, env: NodeJS.ProcessEnv = process.env): Shard {
  const m = /^([^/]+)(?:\/(.+))?$/.exec(value.trim());
  if (!m) throw new UsageError(`--shard must be i/N (0 ≤ i < N) or auto/N, got ${JSON.stringify(value)}`);
  let index: number | null;
  let count = m[2] === undefined ? null : int(m[2]);
  if (m[1] === 'auto') {
    const k8s = int(env.JOB_COMPLETION_INDEX);
    const slurm = int(env.SLURM_ARRAY_TASK_ID);
    index = k8s ?? (slurm === null ? null : slurm - (int(env.SLURM_ARRAY_TASK_MIN) ?? 0));
    if (index === null)
      throw new UsageError(
        '--shard auto: neither JOB_COMPLETION_INDEX (Kubernetes Indexed Job) nor SLURM_ARRAY_TASK_ID (Slurm array) is set',
      );
    if (m[2] === undefined) count = k8s === null ? int(env.SLURM_ARRAY_TASK_COUNT) : null;
    if (count === null)
      throw new UsageError(
        `--shard auto needs the number of shards: --shard auto/N${k8s !== null ? ' (a Kubernetes Job does not tell its pods its completions)' : ''}`,
      );
  } else {
    index = int(m[1]);
  }
  if (index === null || count === null || count < 1 || index >= count) {
    throw new UsageError(
      `--shard must be i/N with 0 ≤ i < N, got ${JSON.stringify(value)}${m[1] === 'auto' ? ` (index ${index} from the environment)` : ''}`,
    );
  }
  return { index, count };
}

/** `results-{shard}.jsonl` → `results-3.jsonl`: one --out for every task of an array job. */
export function shardPath(out: string, shard: Shard | null): string {
  return out.replace(/\{shard\}/g, shard ? String(shard.index) : '0');
}
