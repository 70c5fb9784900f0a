#!/usr/bin/env node
// `npm test`: build, type-check, lint, then every test suite. Each suite prints a closing
// "<label>: N passed, N failed, N skipped" line; this sums them into one final line.
// A suite that crashes or prints no count counts as one failure, and so does a suite whose passed
// count is below its floor in test/suite-floors.json (0 tests, or tests lost without anyone noticing).
import { readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
// Raise a floor when tests are added; lower it only together with the commit that removes tests.
const floors = JSON.parse(readFileSync(path.join(root, 'test', 'suite-floors.json'), 'utf8'));

// [label, command, args, counts?] — checks without counts pass or fail as one.
const steps = [
  ['build', npm, ['run', '--silent', 'build'], false],
  ['typecheck', npm, ['run', '--silent', 'typecheck'], false],
  ['lint', npm, ['run', '--silent', 'lint'], false],
  ['unit', process.execPath, ['scripts/run-unit-tests.mjs', 'test/unit', 'unit'], true],
  // A real VS Code (code-server's, in headless chromium): installs its harness from apt + npm first.
  ['integration', process.execPath, ['scripts/integration.mjs'], true],
  // The PAG panel page in headless Debian chromium (playwright-core); installs chromium with apt if missing.
  ['webview', process.execPath, ['scripts/run-webview-tests.mjs'], true],
];

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      process.stdout.write(d);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

let passed = 0,
  failed = 0,
  skipped = 0;
const summary = [];
for (const [label, cmd, args, counts] of steps) {
  const t0 = Date.now();
  console.log(`\n=== ${label} ===`);
  const { code, out } = await run(cmd, args);
  const secs = ((Date.now() - t0) / 1000).toFixed(1);
  if (counts) {
    const m = [...out.matchAll(new RegExp(`^${label}: (\\d+) passed, (\\d+) failed(?:, (\\d+) skipped)?`, 'gm'))].at(
      -1,
    );
    const p = m ? Number(m[1]) : 0;
    const f = m ? Number(m[2]) : 1;
    const sk = m?.[3] ? Number(m[3]) : 0;
    const floor = Math.max(1, Number(floors[label] ?? 1));
    const short = p < floor ? 1 : 0;
    const f2 = (code !== 0 && f === 0 ? 1 : f) + short;
    passed += p;
    failed += f2;
    skipped += sk;
    summary.push(
      `${label}: ${p} passed, ${f2} failed, ${sk} skipped (floor ${floor}${short ? ': BELOW THE FLOOR' : ''}) (${secs} s)`,
    );
  } else {
    if (code === 0) passed += 1;
    else failed += 1;
    summary.push(`${label}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} (${secs} s)`);
  }
}
console.log('\n=== summary ===');
for (const s of summary) console.log(s);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);
