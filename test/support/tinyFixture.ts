// Temporary tiny model folders for tests, built once per test file and removed at exit.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeTinyBertFolder, type TinyFolderOptions } from './tinyBert';

const roots: string[] = [];
process.on('exit', () => {
  for (const r of roots) rmSync(r, { recursive: true, force: true });
});

/** A fresh folder holding a tiny model built with `opts`. */
export function tinyModelFolder(opts: TinyFolderOptions = {}, name = 'tiny-bert'): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'causal-lens-test-'));
  roots.push(root);
  return writeTinyBertFolder(path.join(root, name), opts);
}

/** A fresh empty temporary folder. */
export function tempFolder(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'causal-lens-test-'));
  roots.push(root);
  return root;
}
