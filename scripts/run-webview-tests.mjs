#!/usr/bin/env node
// Webview suite: the built PAG panel in headless Debian Chromium, driven by playwright-core.
// Installs Chromium with apt if it is missing (idempotent), builds the bundles, then runs
// test/webview/**/*.test.ts and ends with "webview: N passed, N failed".
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  return r.status ?? 1;
}

function fail(msg) {
  console.error(`[webview] ${msg}`);
  console.log('webview: 0 passed, 1 failed');
  process.exit(1);
}

if (!existsSync(chromium)) {
  console.log(`[webview] ${chromium} missing: installing Debian's chromium with apt-get`);
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const sudo = asRoot ? [] : ['sudo', '-n'];
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = (...args) =>
    run(sudo[0] ?? 'apt-get', [...sudo.slice(1), ...(sudo.length ? ['apt-get'] : []), ...args], { env });
  if (
    apt('update', '-qq') !== 0 ||
    apt('install', '-y', '-qq', '--no-install-recommends', 'chromium', 'fonts-dejavu-core') !== 0 ||
    !existsSync(chromium)
  ) {
    fail('could not install chromium with apt-get (needs root or passwordless sudo)');
  }
}

if (!existsSync(path.join(root, 'node_modules', 'playwright-core')))
  fail('playwright-core is not installed: run npm ci');
if (run(process.execPath, ['scripts/build.mjs']) !== 0) fail('build failed');
if (!existsSync(path.join(root, 'dist', 'webview.js'))) fail('dist/webview.js was not built');
if (!existsSync(path.join(root, 'dist', 'panel.css'))) fail('dist/panel.css was not built');

const code = run(process.execPath, ['scripts/run-unit-tests.mjs', 'test/webview', 'webview'], {
  env: { ...process.env, CHROMIUM_PATH: chromium },
});
process.exit(code);
