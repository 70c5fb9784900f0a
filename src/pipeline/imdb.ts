// The IMDB Large Movie Review Dataset (aclImdb: {train,test}/{pos,neg}/<id>_<rating>.txt) for
// `causal-lens eval`: located as an archive or a folder, unpacked once into a cache, listed in a fixed
// order, and optionally sampled to a fixed, label-balanced subset.
import { existsSync, readdirSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { x as extractTar } from 'tar';
import { packageRoot } from '../model';
import { mulberry32 } from '../engine/random';

export type ImdbSplit = 'train' | 'test';
export interface Review {
  file: string;
  label: 0 | 1;
}

export const IMDB_ARCHIVE_NAME = 'aclImdb_v1_labeled_train_test.tar.gz';

/** ../shared/data/imdb/ next to the repository (the machine's shared data folder). */
export function defaultImdbData(): string {
  return path.resolve(packageRoot() ?? process.cwd(), '..', 'shared', 'data', 'imdb');
}

export function imdbCacheDir(): string {
  return path.join(os.homedir(), '.cache', 'causal-lens', 'imdb');
}

/** The folder holding {split}/pos and {split}/neg inside `dir`, if any. */
function unpackedRoot(dir: string): string | null {
  for (const cand of [dir, path.join(dir, 'aclImdb')]) {
    if (existsSync(path.join(cand, 'test', 'pos')) || existsSync(path.join(cand, 'train', 'pos'))) return cand;
  }
  return null;
}

/**
 * Resolves `data` (a folder with the archive or an unpacked aclImdb/, or the archive itself) to an
 * unpacked aclImdb folder, extracting the archive into `cacheDir` on first use.
 */
export async function resolveImdb(
  data: string,
  cacheDir = imdbCacheDir(),
  onProgress?: (msg: string) => void,
): Promise<string> {
  if (!existsSync(data))
    throw new Error(
      `IMDB data not found at ${data}; pass --data with the folder holding ${IMDB_ARCHIVE_NAME} or an unpacked aclImdb/`,
    );
  let archive: string | null = null;
  if (statSync(data).isDirectory()) {
    const root = unpackedRoot(data);
    if (root) return root;
    const tgz = readdirSync(data).find((f) => /\.(tar\.gz|tgz)$/.test(f));
    if (!tgz) throw new Error(`no aclImdb/ folder and no .tar.gz archive in ${data}`);
    archive = path.join(data, tgz);
  } else {
    archive = data;
  }
  const target = path.join(cacheDir, path.basename(archive).replace(/\.(tar\.gz|tgz)$/, ''));
  const marker = path.join(target, '.complete');
  if (!existsSync(marker)) {
    onProgress?.(`unpacking ${archive} into ${target} (first use)…`);
    mkdirSync(target, { recursive: true });
    // Only the labelled reviews and the README; no links, nothing outside the target.
    await extractTar({
      file: archive,
      cwd: target,
      strict: true,
      filter: (p, entry) =>
        ('type' in entry ? entry.type === 'File' || entry.type === 'Directory' : true) &&
        /(^|\/)aclImdb\/((train|test)\/(pos|neg)\/|README$)/.test(p),
    });
    writeFileSync(marker, `${new Date().toISOString()}\n`);
  }
  const root = unpackedRoot(target);
  if (!root) throw new Error(`the archive ${archive} holds no aclImdb/{train,test}/{pos,neg}/ reviews`);
  return root;
}

/** Reviews of one split: negatives then positives, each by numeric file id (fixed order). */
export function listReviews(root: string, split: ImdbSplit): Review[] {
  const out: Review[] = [];
  for (const [sub, label] of [
    ['neg', 0],
    ['pos', 1],
  ] as const) {
    const dir = path.join(root, split, sub);
    if (!existsSync(dir)) throw new Error(`${dir} does not exist: not an IMDB ${split} split`);
    const files = readdirSync(dir).filter((f) => f.endsWith('.txt'));
    const id = (f: string) => Number(f.split('_')[0]);
    files.sort((a, b) => id(a) - id(b) || (a < b ? -1 : a > b ? 1 : 0));
    for (const f of files) out.push({ file: path.join(dir, f), label });
  }
  return out;
}

/** A fixed (seeded), label-balanced sample of `limit` reviews: ⌈limit/2⌉ positives, ⌊limit/2⌋ negatives. */
export function balancedSample(reviews: Review[], limit: number, seed = 20231031): Review[] {
  if (limit >= reviews.length) return reviews;
  const rand = mulberry32(seed);
  const pick = (label: 0 | 1, k: number) => {
    const pool = reviews.filter((r) => r.label === label);
    for (let i = pool.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    return pool.slice(0, k);
  };
  const pos = Math.ceil(limit / 2);
  return [...pick(0, limit - pos), ...pick(1, pos)];
}

export function readReview(r: Review): Promise<string> {
  return readFile(r.file, 'utf8');
}

/** Which model output index means "positive": by label name, else index 1 of a two-label model. */
export function positiveIndex(labels: string[]): number {
  const i = labels.findIndex((l) => /^pos/i.test(l));
  if (i >= 0) return i;
  if (labels.length === 2) return 1;
  throw new Error(`cannot tell which of the model's labels (${labels.join(', ')}) is positive sentiment`);
}
