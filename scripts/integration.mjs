#!/usr/bin/env node
// The integration suite: mocha inside a real VS Code extension host, started through
// @vscode/test-electron's runTests. Where it runs:
//   default (web)               → VS Code 1.139 from the npm package code-server, its workbench in
//                                 headless Debian Chromium (scripts/vscode-web-test.mjs); the harness
//                                 is installed first (apt + npm only, idempotent, fails loudly);
//   VSCODE_TEST_TARGET=electron → desktop VS Code downloaded by @vscode/test-electron (where that
//                                 is possible; on Linux run under xvfb-run -a).
// Ends with "integration: N passed, N failed, N skipped" (printed by the suite, or here if it never ran).
// A subset: CAUSAL_LENS_IT_FILES=modelKinds node scripts/integration.mjs runs test/integration/suite/modelKinds.test.ts only.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const target = process.env.VSCODE_TEST_TARGET ?? 'web';
// `--vsix <file>`: run the same suite against the packaged extension (unzipped), not the source tree.
const vsixArg = process.argv.indexOf('--vsix');
const vsix = vsixArg >= 0 ? path.resolve(process.argv[vsixArg + 1] ?? '') : null;
const t0 = Date.now();

function fail(why) {
  console.error(`[integration] ${why}`);
  console.log('integration: 0 passed, 1 failed, 0 skipped');
  process.exit(1);
}

if (target === 'web') {
  const setup = spawnSync('bash', [path.join(root, 'scripts/setup-vscode-web-test.sh')], { stdio: 'inherit' });
  if (setup.status !== 0) fail(`the VS Code test harness could not be installed (exit ${setup.status})`);
} else if (target !== 'electron') fail(`unknown VSCODE_TEST_TARGET=${target} (web or electron)`);

// The extension bundle (npm test builds it first; a standalone run builds it here).
if (!existsSync(path.join(root, 'dist/extension.js')) || !existsSync(path.join(root, 'dist/panel.css'))) {
  const b = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit', cwd: root });
  if (b.status !== 0) fail('the extension build failed');
}

// The suite, bundled with esbuild (no tsc emit): vscode and mocha stay external.
const suiteDir = path.join(root, 'test/integration/suite');
const outDir = path.join(root, 'out/test/integration');
rmSync(outDir, { recursive: true, force: true });
// CAUSAL_LENS_IT_FILES=modelKinds,extension (parts of file names): only those suite files are bundled and run.
const only = (process.env.CAUSAL_LENS_IT_FILES ?? '')
  .split(',')
  .map((x) => x.trim())
  .filter(Boolean);
const entries = readdirSync(suiteDir)
  .filter((f) => f.endsWith('.ts') && (f === 'index.ts' || !only.length || only.some((o) => f.includes(o))))
  .map((f) => path.join(suiteDir, f));
await build({
  entryPoints: entries,
  outdir: outDir,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode', 'mocha', '@xenova/transformers', 'onnxruntime-node', 'sharp'],
  sourcemap: 'inline',
  logLevel: 'warning',
});

let extensionPath = root;
let unpacked = null;
if (vsix) {
  if (!existsSync(vsix)) fail(`no such .vsix: ${vsix} (npm run package makes one)`);
  unpacked = mkdtempSync(path.join(tmpdir(), 'causal-lens-vsix-'));
  const unzip = spawnSync('unzip', ['-q', vsix, 'extension/*', '-d', unpacked], { stdio: 'inherit' });
  if (unzip.status !== 0) fail(`could not unzip ${vsix} (is the unzip command installed?)`);
  extensionPath = path.join(unpacked, 'extension');
  console.log(`[integration] testing the packaged extension ${path.relative(root, vsix)} unzipped in ${extensionPath}`);
}

// A fresh workspace with the fixture files, so every run starts from the same bytes.
const workspace = mkdtempSync(path.join(tmpdir(), 'causal-lens-it-'));
cpSync(path.join(root, 'test/integration/fixtures'), workspace, { recursive: true });
console.log(`[integration] target=${target} workspace=${workspace}`);

let code = 1;
try {
  code = await runTests({
    extensionDevelopmentPath: extensionPath,
    extensionTestsPath: path.join(outDir, 'index'),
    vscodeExecutablePath: target === 'web' ? path.join(root, 'scripts/vscode-web-test.mjs') : undefined,
    launchArgs: [workspace, '--disable-extensions'],
    extensionTestsEnv: { CAUSAL_LENS_IT_WORKSPACE: workspace },
  });
} catch (err) {
  console.error(`[integration] ${err instanceof Error ? err.message : err}`);
  code = 1;
} finally {
  rmSync(workspace, { recursive: true, force: true });
  if (unpacked) rmSync(unpacked, { recursive: true, force: true });
}
console.log(`[integration] finished in ${((Date.now() - t0) / 1000).toFixed(1)} s with exit ${code}`);
process.exit(code === 0 ? 0 : 1);
