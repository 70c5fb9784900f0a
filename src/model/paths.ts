// Locates the project's own offline model, shipped in the repository and in the .vsix under
// models/causal-lens-imdb/. Bundles live in dist/, sources in src/model/: walk up to package.json.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const HUB_DEFAULT_MODEL = 'Xenova/distilbert-base-uncased-finetuned-sst-2-english';
export const SHIPPED_MODEL_DIR = path.join('models', 'causal-lens-imdb');

/** The package root (folder of the causal-lens package.json) above `from`, or null. */
export function packageRoot(from: string = __dirname): string | null {
  let dir = path.resolve(from);
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === 'causal-lens') return dir;
      } catch {
        /* unreadable package.json: keep walking */
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return null;
    dir = up;
  }
}

/** Absolute path of models/causal-lens-imdb/ in this package (whether or not it exists yet). */
export function defaultModelPath(): string {
  const root = packageRoot() ?? process.cwd();
  return path.join(root, SHIPPED_MODEL_DIR);
}
