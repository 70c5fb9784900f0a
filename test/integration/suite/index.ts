// Mocha inside the VS Code extension host: runs every *.test.js bundled next to this file and
// prints the "integration: N passed, N failed" line the test runner sums up.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 180_000, reporter: 'spec' });
  for (const f of readdirSync(__dirname).sort()) if (f.endsWith('.test.js')) mocha.addFile(path.join(__dirname, f));
  return new Promise((resolve, reject) => {
    try {
      const runner = mocha.run(() => {
        // Counted from the runner's stats: tests skipped by a failed hook are not "passed".
        const { passes, failures } = runner.stats ?? { passes: 0, failures: 1 };
        console.log(`integration: ${passes} passed, ${failures} failed`);
        if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
        else resolve();
      });
    } catch (err) {
      console.log('integration: 0 passed, 1 failed');
      reject(err);
    }
  });
}
