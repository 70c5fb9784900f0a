#!/usr/bin/env node
// Runs every <dir>/**/*.test.ts with Node's test runner (TypeScript through tsx) and ends with
// one line "<label>: N passed, N failed, N skipped" (zero passed counts as a failure). Node 20's runner takes file paths, not globs, so the
// files are listed here.
import { readdirSync, statSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dir = process.argv[2] ?? 'test/unit';
const label = process.argv[3] ?? 'unit';
const files = [];
(function walk(d) {
  for (const e of readdirSync(d).sort()) {
    const p = path.join(d, e);
    if (statSync(p).isDirectory()) walk(p);
    else if (e.endsWith('.test.ts')) files.push(path.relative(root, p));
  }
})(path.join(root, dir));
if (files.length === 0) {
  console.error(`no test files under ${dir}`);
  process.exit(1);
}

const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
});
let out = '';
child.stdout.on('data', (d) => {
  out += d;
  process.stdout.write(d);
});
child.on('close', (code) => {
  const num = (k) => Number((out.match(new RegExp(`^ℹ ${k} (\\d+)`, 'm')) ?? [])[1] ?? NaN);
  const passed = num('pass'),
    failed = num('fail'),
    skipped = (num('skipped') || 0) + (num('todo') || 0);
  if (Number.isNaN(passed)) {
    console.log(`${label}: 0 passed, 1 failed, 0 skipped`);
    process.exit(code || 1);
  }
  // Which tests were skipped, by name, so a skip is seen rather than lost in the spec output.
  for (const m of out.matchAll(/^\s*﹣ (.+?) \([\d.]+ms\) # (.*)$/gm))
    console.log(`${label}: skipped: ${m[1]} (${m[2]})`);
  // A suite in which nothing passed proves nothing: red, not green.
  const none = passed === 0 ? 1 : 0;
  if (none) console.error(`${label}: no test passed`);
  console.log(`${label}: ${passed} passed, ${failed + none + (code && !failed ? 1 : 0)} failed, ${skipped} skipped`);
  process.exit(none ? 1 : (code ?? 1));
});
