// Resumable experiment runs: one JSON record per finished item, appended to a JSONL file under
// results/.partial/. A re-run with the same configuration reads it back and skips those items;
// a torn last line (the process was killed mid-write) is ignored.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fnv1a } from './scm';

export class Checkpoint<T extends { id: string }> {
  readonly file: string;
  private readonly done = new Map<string, T>();

  /** `config` identifies the run: a different configuration gets a different file. */
  constructor(dir: string, name: string, config: unknown) {
    mkdirSync(dir, { recursive: true });
    this.file = path.join(dir, `${name}-${fnv1a(JSON.stringify(config)).toString(16)}.jsonl`);
    if (existsSync(this.file)) {
      for (const line of readFileSync(this.file, 'utf8').split('\n')) {
        if (!line.trim()) continue;
        try {
          const rec = JSON.parse(line) as T;
          if (rec && typeof rec.id === 'string') this.done.set(rec.id, rec);
        } catch {
          /* torn last line */
        }
      }
    }
  }

  has(id: string): boolean {
    return this.done.has(id);
  }
  get size(): number {
    return this.done.size;
  }

  add(rec: T): void {
    this.done.set(rec.id, rec);
    appendFileSync(this.file, JSON.stringify(rec) + '\n');
  }

  /** Records in the order of `ids` (only those done). */
  records(ids: readonly string[]): T[] {
    return ids.flatMap((id) => (this.done.has(id) ? [this.done.get(id)!] : []));
  }
}

/** Run `analyse` over items not yet in the checkpoint (in order), recording each; returns all records in item order. */
export async function runResumable<I extends { id: string }, T extends { id: string }>(
  items: readonly I[],
  checkpoint: Checkpoint<T> | null,
  analyse: (item: I) => Promise<T>,
  onDone?: (done: number, total: number) => void,
): Promise<T[]> {
  const out = new Map<string, T>();
  let done = 0;
  for (const item of items) {
    if (checkpoint?.has(item.id)) {
      out.set(item.id, checkpoint.records([item.id])[0]);
      done++;
      continue;
    }
    const rec = await analyse(item);
    checkpoint?.add(rec);
    out.set(item.id, rec);
    done++;
    onDone?.(done, items.length);
  }
  return items.map((i) => out.get(i.id)!);
}
