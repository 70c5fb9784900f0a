// Part of `npm run typecheck`: each side of the product compiles on its own and imports only what it
// may. tsconfig.engine.json is type-checked by tsc directly (no DOM, no Node, no vscode); here the
// host and webview programs are type-checked and their files listed:
// - the webview (tsconfig.webview.json, DOM only) may hold only webview/, src/shared/, src/protocol.ts;
// - the host (tsconfig.host.json, everything under src/, Node types, no DOM) no file of webview/.
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const root = path.join(import.meta.dirname, '..');
const tsc = path.join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** The project files (not node_modules, not lib .d.ts) a tsconfig's program holds, relative to the root. */
function programFiles(config) {
  const out = execFileSync(process.execPath, [tsc, '-p', config, '--listFilesOnly'], { cwd: root, encoding: 'utf8' });
  return out
    .split('\n')
    .map((f) => f.trim())
    .filter((f) => f && !f.includes('/node_modules/'))
    .map((f) => path.relative(root, f).split(path.sep).join('/'));
}

function typecheck(config) {
  try {
    execFileSync(process.execPath, [tsc, '--noEmit', '-p', config], { cwd: root, stdio: 'inherit' });
    return true;
  } catch {
    return false;
  }
}

const rules = [
  {
    config: 'tsconfig.webview.json',
    side: 'webview',
    allowed: (f) => f.startsWith('webview/') || f.startsWith('src/shared/') || f === 'src/protocol.ts',
  },
  { config: 'tsconfig.host.json', side: 'host', allowed: (f) => !f.startsWith('webview/') },
];
let failed = false;
for (const { config, side, allowed } of rules) {
  if (!typecheck(config)) {
    failed = true;
    continue;
  }
  const wrong = programFiles(config).filter((f) => !allowed(f));
  for (const f of wrong) console.error(`check-boundaries: the ${side} side (${config}) imports ${f}, which it may not`);
  if (wrong.length) failed = true;
}
if (failed) process.exit(1);
