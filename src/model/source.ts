// Where a model's files come from: a local folder in the Hugging Face layout, or a hub id downloaded
// into the file cache (<cacheDir>/<owner>/<name>/<file>, transformers.js's layout; see hubDownload.ts).
// In offline mode a hub id is read from that cache only.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { ModelError } from './errors';
import { forgetCached, hubFile, type DownloadProgress } from './hubDownload';

export interface ModelSpec {
  /** A hub id (owner/name) or a local folder path. */
  model: string;
  /** No network: hub ids are read from the cache only. */
  offline?: boolean;
  /** File cache for hub downloads (default ~/.cache/causal-lens/models). */
  cacheDir?: string;
  /** Hub downloads: bytes received per file (not called for files already cached). */
  onProgress?: (p: DownloadProgress) => void;
  /** Hub downloads give up when no data arrives for this long (default 30 s). */
  hubTimeoutMs?: number;
  /** Prefer onnx/model_quantized.onnx (true), onnx/model.onnx (false), or whichever exists, quantized first (undefined). */
  quantized?: boolean;
  /**
   * The session behind runIds/classify (the explanation tester's counterfactual runs): 'logits-only'
   * (default) is the model's own graph, which computes no attention outputs; 'attention' reuses the
   * edited graph that also returns every layer's attention (the old way; kept for the benchmark).
   */
  testerSession?: 'logits-only' | 'attention';
}

export interface ModelSource {
  /** What the user asked for, as shown in messages. */
  name: string;
  kind: 'folder' | 'hub';
  /** Absolute folder path (folder) or hub id. */
  location: string;
  /** Reads a file; null when it does not exist. */
  read(file: string): Promise<Uint8Array | null>;
  /** Hub sources: drops a downloaded file found corrupt, so the next load fetches it again. */
  forget?(file: string): Promise<void>;
}

export function defaultCacheDir(): string {
  return path.join(os.homedir(), '.cache', 'causal-lens', 'models');
}

/** A spec names a folder when it exists on disk or is written like a path rather than owner/name. */
export function looksLikePath(model: string): boolean {
  return (
    existsSync(model) ||
    /^(\.{1,2}[\\/]|[\\/]|~|[A-Za-z]:[\\/])/.test(model) ||
    model.includes('\\') ||
    model.split('/').length > 2
  );
}

export function openModelSource(spec: ModelSpec): ModelSource {
  const name = spec.model;
  if (!name.trim()) throw new ModelError('no model given: pass a hub id (owner/name) or a model folder');
  if (looksLikePath(name)) {
    const folder = path.resolve(name.startsWith('~') ? path.join(os.homedir(), name.slice(1)) : name);
    if (!existsSync(folder) || !statSync(folder).isDirectory()) {
      throw new ModelError(
        `model folder "${name}" not found (resolved to ${folder}); pass a folder with config.json, tokenizer.json and onnx/model.onnx, or a hub id`,
      );
    }
    return {
      name,
      kind: 'folder',
      location: folder,
      read: async (file) => {
        const p = path.join(folder, file);
        return existsSync(p) ? new Uint8Array(await readFile(p)) : null;
      },
    };
  }
  const cacheDir = spec.cacheDir ?? defaultCacheDir();
  if (spec.offline) {
    return {
      name,
      kind: 'hub',
      location: name,
      read: async (file) => {
        const p = path.join(cacheDir, name, file);
        return existsSync(p) ? new Uint8Array(await readFile(p)) : null;
      },
    };
  }
  return {
    name,
    kind: 'hub',
    location: name,
    read: (file) => hubFile(name, file, { cacheDir, timeoutMs: spec.hubTimeoutMs, onProgress: spec.onProgress }),
    forget: (file) => forgetCached(cacheDir, name, file),
  };
}

/** What to say when a required file is missing. */
export function missingFileMessage(source: ModelSource, file: string, cacheDir?: string): string {
  if (source.kind === 'folder')
    return `model "${source.name}": ${file} is missing in ${source.location}; a model folder needs config.json, tokenizer.json, tokenizer_config.json and onnx/model.onnx (or onnx/model_quantized.onnx)`;
  return `model "${source.name}": ${file} not found ${cacheDir ? `in the cache ${path.join(cacheDir, source.name)} (offline mode)` : 'on the Hugging Face hub'}; check the id, go online once to download it, or pass a local folder`;
}
