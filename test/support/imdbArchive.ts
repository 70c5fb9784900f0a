// Real IMDB reviews for tests, read straight from the aclImdb archive in ../shared/data/imdb/ (nothing
// unpacked, nothing cached): a fixed sample of every `every`-th review by file id across
// {train,test}/{pos,neg}. The archive is inflated in memory and its ustar headers walked directly
// (node-tar's per-entry streams take several times longer over its 100,000 entries).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { defaultImdbData, IMDB_ARCHIVE_NAME } from '../../src/pipeline/imdb';

export interface ArchivedReview {
  name: string;
  text: string;
}

/**
 * Where the archive is: $CAUSAL_LENS_IMDB_DIR, ../shared/data/imdb next to the repository, or the
 * machines' shared data folder /work/shared/data/imdb (a clone elsewhere, e.g. CI's, still finds it).
 * null when none holds it; `why` then says where it looked.
 */
export function findImdbArchive(): { file: string | null; why: string } {
  const dirs = [process.env.CAUSAL_LENS_IMDB_DIR, defaultImdbData(), '/work/shared/data/imdb'].filter(
    (d): d is string => !!d,
  );
  for (const dir of dirs) {
    const file = path.join(dir, IMDB_ARCHIVE_NAME);
    if (existsSync(file)) return { file, why: '' };
  }
  const seen = dirs.map((d) => `${d} (${existsSync(d) ? readdirSync(d).join(', ') || 'empty' : 'no such folder'})`);
  return { file: null, why: `the IMDB archive ${IMDB_ARCHIVE_NAME} is in none of ${seen.join('; ')}` };
}

/** The archive, or a clear error naming where it was looked for. */
export function imdbArchivePath(): string {
  const { file, why } = findImdbArchive();
  if (!file) throw new Error(`${why}; the offset test reads real reviews from it`);
  return file;
}

const BLOCK = 512;

function field(tar: Buffer, at: number, length: number): string {
  const raw = tar.subarray(at, at + length);
  const end = raw.indexOf(0);
  return raw.subarray(0, end < 0 ? length : end).toString('utf8');
}

/** Regular files of a tar image whose path passes `wanted`, in archive order (ustar names; per-file pax and GNU long names are refused). */
export function tarFiles(tar: Buffer, wanted: (name: string) => boolean): { name: string; data: Buffer }[] {
  const out: { name: string; data: Buffer }[] = [];
  for (let at = 0; at + BLOCK <= tar.length;) {
    const name = field(tar, at, 100);
    if (name === '') break; // the end-of-archive blocks
    const prefix = field(tar, at + 345, 155);
    const size = parseInt(field(tar, at + 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(tar[at + 156]);
    // a global pax header (git archive's commit comment) is skipped; one that renames entries is not expected
    if (type === 'g' && / path=/.test(field(tar, at + BLOCK, size))) throw new Error('a global pax header sets paths');
    if (type === 'x' || type === 'L') throw new Error(`unexpected extended tar header (${type}) at ${name}`);
    const full = prefix ? `${prefix}/${name}` : name;
    if ((type === '0' || type === '\0') && wanted(full))
      out.push({ name: full, data: tar.subarray(at + BLOCK, at + BLOCK + size) });
    at += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}

/** Reviews whose numeric file id is a multiple of `every`, in archive order. */
export function sampleArchivedReviews(archive: string, every: number): ArchivedReview[] {
  const review = /(^|\/)aclImdb\/(train|test)\/(pos|neg)\/(\d+)_\d+\.txt$/;
  const files = tarFiles(gunzipSync(readFileSync(archive), { chunkSize: 1 << 22 }), (p) => {
    const m = review.exec(p);
    return m !== null && Number(m[4]) % every === 0;
  });
  return files.map((f) => ({ name: f.name, text: f.data.toString('utf8') }));
}
