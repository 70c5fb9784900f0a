// Mocha inside the VS Code extension host: runs every *.test.js bundled next to this file and
// prints the "integration: N passed, N failed, N skipped" line the test runner sums up.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 180_000, reporter: 'spec' });
  // extension.test.js first: it asserts that the extension is not active before one of its
  // commands runs, which any other file's first command would make false. The rest by name.
  const first = 'extension.test.js';
  const files = readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .sort((a, b) => Number(b === first) - Number(a === first) || a.localeCompare(b));
  // No test file is a broken build, not a green run.
  if (files.length === 0) {
    console.log('integration: 0 passed, 1 failed, 0 skipped');
    return Promise.reject(new Error(`no *.test.js next to ${__filename}`));
  }
  for (const f of files) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(() => {
        // Counted from the runner's stats: tests skipped by a failed hook are not "passed";
        // pending (it.skip / this.skip()) ones are reported as skipped. Zero passed is a failure.
        const { passes, failures, pending } = runner.stats ?? { passes: 0, failures: 1, pending: 0 };
        const failed = failures + (passes === 0 && failures === 0 ? 1 : 0);
        console.log(`integration: ${passes} passed, ${failed} failed, ${pending} skipped`);
        if (failed > 0)
          reject(new Error(passes === 0 ? 'no integration test passed' : `${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (err) {
      console.log('integration: 0 passed, 1 failed, 0 skipped');
      reject(err);
    }
  });
}
