// Downloads one file of a hub model into the file cache (<cacheDir>/<owner>/<name>/<file>), from the
// URL transformers.js would use (its env.remoteHost + env.remotePathTemplate, so a mirror configured
// there applies here too). Done here rather than by transformers.js's getModelFile because that has no
// timeout (a stalled server hangs the load for minutes), does not compare the bytes received with
// Content-Length, and writes the cache file in place (an interrupted write stays "cached").
// Here: a stall timeout reset by every chunk, the length checked, a temp file renamed into place.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ModelError } from './errors';
import { loadTransformers } from './runtime';

export interface DownloadProgress {
  model: string;
  file: string;
  /** Bytes received so far. */
  loaded: number;
  /** Content-Length, or null when the server did not say. */
  total: number | null;
  /** True once, for the last event of a file that was stored in the cache. */
  done: boolean;
}

export interface HubDownloadOptions {
  cacheDir: string;
  /** Give up when no data arrives for this long (default 30 s). */
  timeoutMs?: number;
  onProgress?: (p: DownloadProgress) => void;
}

export const DEFAULT_HUB_TIMEOUT_MS = 30_000;

/** Where a hub file lives in the cache (the layout transformers.js's own file cache uses). */
export function cachedPath(cacheDir: string, model: string, file: string): string {
  return path.join(cacheDir, model, file);
}

async function fileUrl(model: string, file: string): Promise<string> {
  const { env } = await loadTransformers();
  const dir = env.remotePathTemplate.replaceAll('{model}', model).replaceAll('{revision}', 'main');
  return `${env.remoteHost.replace(/\/$/, '')}/${dir.replace(/^\/|\/$/g, '')}/${file}`;
}

/**
 * The file's bytes: from the cache when present (no request), else downloaded and cached.
 * null when the hub answers 404 (the caller decides whether the file is optional).
 */
export async function hubFile(model: string, file: string, opts: HubDownloadOptions): Promise<Uint8Array | null> {
  const dest = cachedPath(opts.cacheDir, model, file);
  if (existsSync(dest)) return new Uint8Array(await readFile(dest));
  const url = await fileUrl(model, file);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_HUB_TIMEOUT_MS;
  const fail = (why: string) =>
    new ModelError(
      `model "${model}": downloading ${file} from ${new URL(url).host} failed (${why}); nothing was cached. ` +
        'Check the network and try again, or download the model and pass its folder',
    );

  // One timer for the whole exchange, restarted whenever bytes arrive: a slow but moving download
  // is fine, a silent one is not.
  const abort = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => abort.abort(), timeoutMs);
  };
  const stalled = () => fail(`no data for ${(timeoutMs / 1000).toFixed(1)} s; the server stalled`);
  arm();
  try {
    let res: Response;
    try {
      res = await fetch(url, { signal: abort.signal, redirect: 'follow' });
    } catch (err) {
      throw abort.signal.aborted ? stalled() : fail(causeOf(err));
    }
    if (res.status === 404) {
      await res.body?.cancel().catch(() => undefined);
      return null;
    }
    if (!res.ok || !res.body) throw fail(`HTTP ${res.status} ${res.statusText}`.trim());
    // fetch decodes gzip/br itself; Content-Length then counts the encoded bytes, so it is only
    // comparable when the body came unencoded.
    const encoded = (res.headers.get('content-encoding') ?? 'identity') !== 'identity';
    const announced = res.headers.get('content-length');
    const total = !encoded && announced !== null && /^\d+$/.test(announced) ? Number(announced) : null;
    const chunks: Uint8Array[] = [];
    let loaded = 0;
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        arm();
        chunks.push(chunk);
        loaded += chunk.length;
        opts.onProgress?.({ model, file, loaded, total, done: false });
      }
    } catch (err) {
      throw abort.signal.aborted
        ? stalled()
        : fail(`the connection was cut short after ${loaded} bytes: ${causeOf(err)}`);
    }
    if (total !== null && loaded !== total) throw fail(`incomplete: received ${loaded} of ${total} bytes`);
    const bytes = concat(chunks, loaded);
    await storeAtomically(dest, bytes);
    opts.onProgress?.({ model, file, loaded, total, done: true });
    return bytes;
  } finally {
    clearTimeout(timer);
  }
}

/** Drops a cached file (found corrupt after download), so the next load fetches it again. */
export async function forgetCached(cacheDir: string, model: string, file: string): Promise<void> {
  await rm(cachedPath(cacheDir, model, file), { force: true });
}

/** Written under a temporary name and renamed: the cache path holds a complete file or nothing. */
async function storeAtomically(dest: string, bytes: Uint8Array): Promise<void> {
  await mkdir(path.dirname(dest), { recursive: true });
  const tmp = `${dest}.part-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await writeFile(tmp, bytes);
    await rename(tmp, dest);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new ModelError(`could not write ${dest} to the model cache (${(err as Error).message})`);
  }
}

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** fetch's errors say "fetch failed" and keep the reason (ECONNREFUSED, ENOTFOUND, …) in `cause`. */
function causeOf(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  return e.cause?.code ?? e.cause?.message ?? e.message;
}
