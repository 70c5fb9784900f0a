// What every `causal-lens experiment` shares: its shape, where results go, how a model is named in a
// report, and the items the engine refused (recorded, left out of the statistics, reported).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { stringOption, type ParsedArgs } from '../args';
import { packageRoot } from '../../model';

export interface Experiment {
  summary: string;
  usage: string;
  run(argv: string[], command: string): Promise<number>;
}

export function rootDir(): string {
  return packageRoot() ?? process.cwd();
}

export function outDir(p: ParsedArgs): string {
  return path.resolve(stringOption(p, 'out') ?? path.join(rootDir(), 'results'));
}

/** A model id for reports: paths inside this package are shown relative to it. */
export function modelName(id: string): string {
  const root = rootDir();
  return path.isAbsolute(id) && id.startsWith(root) ? path.relative(root, id) : id;
}

export function md5Of(file: string): string | null {
  return existsSync(file) ? createHash('md5').update(readFileSync(file)).digest('hex') : null;
}

/** An item the engine refused (e.g. a singular correlation matrix): recorded, left out of the statistics, reported. */
export interface Failed {
  id: string;
  error: string;
}

export function split<T extends { id: string }>(all: (T | Failed)[]): { ok: T[]; failed: Failed[] } {
  const isFailed = (r: T | Failed): r is Failed => typeof (r as Failed).error === 'string';
  return { ok: all.filter((r): r is T => !isFailed(r)), failed: all.filter(isFailed) };
}

export function failedNote(failed: Failed[]): string {
  if (!failed.length) return '';
  const reasons = [...new Set(failed.map((f) => f.error))];
  return `\n${failed.length} review(s) left out because the engine refused them: ${reasons.map((r) => `"${r}"`).join('; ')} (${failed.map((f) => f.id).join(', ')}).\n`;
}
