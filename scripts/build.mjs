#!/usr/bin/env node
// Bundles the targets with esbuild: the extension (Node, CJS, `vscode` external), the CLI (Node,
// CJS, with a shebang), the extension's PAG worker thread, the webview (browser IIFE) and its stylesheet.
// Native or ESM-only runtime packages stay external and ship in node_modules.
import { build } from 'esbuild';
import { existsSync, mkdirSync, chmodSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const nodeExternal = ['vscode', '@xenova/transformers', 'onnxruntime-node', 'sharp'];

const targets = [
  {
    name: 'extension',
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    external: nodeExternal,
  },
  {
    name: 'cli',
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    external: nodeExternal,
    banner: { js: '#!/usr/bin/env node' },
  },
  // correlation + ICD off the extension host's thread (src/pipeline/pagWorker.ts starts it)
  {
    name: 'pagWorker',
    entryPoints: ['src/pipeline/pagWorkerMain.ts'],
    outfile: 'dist/pagWorker.js',
    platform: 'node',
    format: 'cjs',
    external: nodeExternal,
  },
  // `causal-lens explain --file --workers N`: one model session per row worker (src/cli/rowExplainers.ts starts it)
  {
    name: 'rowWorker',
    entryPoints: ['src/cli/rowWorkerMain.ts'],
    outfile: 'dist/rowWorker.js',
    platform: 'node',
    format: 'cjs',
    external: nodeExternal,
  },
  {
    name: 'webview',
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
  },
  // the panel's stylesheet: webview/styles/panel.css @imports one file per part of the page, bundled in order
  {
    name: 'panelCss',
    entryPoints: ['webview/styles/panel.css'],
    outfile: 'dist/panel.css',
    platform: 'browser',
  },
];

mkdirSync(path.join(root, 'dist'), { recursive: true });
for (const t of targets) {
  const entry = path.join(root, t.entryPoints[0]);
  if (!existsSync(entry)) {
    console.log(`[build] ${t.name}: no ${t.entryPoints[0]} yet, skipped`);
    continue;
  }
  const { name, ...opts } = t;
  await build({
    ...opts,
    absWorkingDir: root,
    bundle: true,
    target: t.platform === 'node' ? 'node20' : 'es2022',
    sourcemap: production ? false : 'linked',
    minify: production,
    logLevel: 'warning',
    legalComments: 'none',
  });
  if (name === 'cli') chmodSync(path.join(root, t.outfile), 0o755);
  console.log(`[build] ${name} → ${t.outfile}`);
}
if (watch) console.log('[build] --watch is not supported; re-run the build');
