// The PAG worker runs plain JavaScript: tests bundle its entry point the way scripts/build.mjs does.
import path from 'node:path';
import { buildSync } from 'esbuild';
import { tempFolder } from './tinyFixture';

/** Bundles src/pipeline/pagWorkerMain.ts into a fresh temporary folder; returns the bundle's path. */
export function buildPagWorker(): string {
  const outfile = path.join(tempFolder(), 'pagWorker.js');
  buildSync({
    entryPoints: [path.join(__dirname, '..', '..', 'src', 'pipeline', 'pagWorkerMain.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
  });
  return outfile;
}
