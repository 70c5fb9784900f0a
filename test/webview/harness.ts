// Serves the built panel page to headless Chromium exactly as the host renders it
// (renderPanelHtml with http://127.0.0.1 URLs), plus the acquireVsCodeApi shim and a VS Code
// theme (its CSS variables and body class), and drives it with playwright-core.
import { after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { renderPanelHtml, makeNonce } from '../../src/extension/panelHtml';
import type { PanelState } from '../../src/protocol';

export const ROOT = path.resolve(__dirname, '..', '..');
export type Theme = 'light' | 'dark' | 'high-contrast';
export const BODY_CLASS: Record<Theme, string> = {
  light: 'vscode-light',
  dark: 'vscode-dark',
  'high-contrast': 'vscode-high-contrast',
};

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

const TYPES: Record<string, string> = {
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
  '.json': 'application/json',
  '.ttf': 'font/ttf',
};

/** Paths the page may load: the built bundle and stylesheet, media/, and the test shim/themes. */
const SERVED = [
  /^\/dist\/webview\.js(\.map)?$/,
  /^\/dist\/panel\.css(\.map)?$/,
  /^\/media\/[\w./-]+$/,
  /^\/test\/webview\/(shim\.js|themes\/[\w-]+\.css)$/,
];

export interface PanelServer {
  url: string;
  close(): Promise<void>;
  initialState: PanelState | null;
}

export async function startServer(): Promise<PanelServer> {
  const srv: PanelServer = { url: '', close: async () => {}, initialState: null };
  const server = http.createServer(async (req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    try {
      if (u.pathname === '/' || u.pathname === '/panel.html') {
        const theme = (u.searchParams.get('theme') ?? 'dark') as Theme;
        const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        const nonce = makeNonce();
        let html = renderPanelHtml({
          cspSource: origin,
          nonce,
          scriptUri: `${origin}/dist/webview.js`,
          styleUri: `${origin}/dist/panel.css`,
          initialState: u.searchParams.has('initial') ? srv.initialState : null,
        });
        // What VS Code adds around our page: theme variables and the body's theme class; our shim.
        html = html
          .replace(
            '</head>',
            `  <link rel="stylesheet" href="${origin}/test/webview/themes/common.css">\n    <link rel="stylesheet" id="theme" href="${origin}/test/webview/themes/${theme}.css">\n  </head>`,
          )
          .replace('<body>', `<body class="${BODY_CLASS[theme] ?? 'vscode-dark'}">`)
          .replace(
            `<script nonce="${nonce}" src="${origin}/dist/webview.js">`,
            `<script nonce="${nonce}" src="${origin}/test/webview/shim.js"></script>\n    <script nonce="${nonce}" src="${origin}/dist/webview.js">`,
          );
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(html);
        return;
      }
      if (u.pathname === '/favicon.ico') {
        res.writeHead(204);
        res.end();
        return;
      }
      if (!SERVED.some((re) => re.test(u.pathname)) || u.pathname.includes('..')) {
        res.writeHead(404);
        res.end();
        return;
      }
      const body = await readFile(path.join(ROOT, u.pathname));
      res.writeHead(200, { 'content-type': TYPES[path.extname(u.pathname)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  srv.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  srv.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return srv;
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
  });
}

export interface PageLog {
  console: string[];
  errors: string[];
  csp: string[];
}

/** Chromium's console lines for a blocked resource or inline style/script ("… Content Security Policy …"). */
export const CSP_MESSAGE = /Content Security Policy/i;

// Every page's CSP violations, checked after each test of any file that uses this harness: a
// violation fails the test it happened in (or, when it is reported late, the next one / the file).
const openLogs: PageLog[] = [];
function takeCspViolations(): string[] {
  return openLogs.flatMap((l) => l.csp.splice(0));
}
afterEach(() => assert.deepEqual(takeCspViolations(), [], 'CSP violations reported on the console'));
after(() => assert.deepEqual(takeCspViolations(), [], 'CSP violations reported on the console'));

export async function openPanel(
  browser: Browser,
  url: string,
  viewport = { width: 1280, height: 900 },
): Promise<{ page: Page; log: PageLog }> {
  const page = await browser.newPage({ viewport });
  const log: PageLog = { console: [], errors: [], csp: [] };
  openLogs.push(log);
  page.on('console', (m) => {
    if (CSP_MESSAGE.test(m.text())) log.csp.push(`${m.type()}: ${m.text()}`);
    if (m.type() === 'error' || m.type() === 'warning') log.console.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e) => log.errors.push(String(e)));
  await page.goto(url);
  await page.waitForFunction(() =>
    (window as unknown as { __posted: { type: string }[] }).__posted?.some((m) => m.type === 'ready'),
  );
  return { page, log };
}

/** Delivers a host message the way VS Code does (a window "message" event). */
export async function postToPanel(page: Page, msg: unknown): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), msg);
}

export async function posted(page: Page): Promise<Record<string, unknown>[]> {
  return page.evaluate(() => (window as unknown as { __posted: Record<string, unknown>[] }).__posted);
}

export async function clearPosted(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as unknown as { __posted: unknown[] }).__posted.length = 0;
  });
}

export async function debug<T = Record<string, unknown>>(page: Page): Promise<T> {
  return page.evaluate(() =>
    (window as unknown as { causalLens: { debug(): unknown } }).causalLens.debug(),
  ) as Promise<T>;
}

/** Switches the page's theme like VS Code does: new variables, new body class. */
export async function setTheme(page: Page, theme: Theme): Promise<void> {
  const origin = new URL(page.url()).origin;
  await page.evaluate(
    ({ href, cls }) =>
      new Promise<void>((resolve) => {
        const link = document.getElementById('theme') as HTMLLinkElement;
        if (link.href === href) {
          document.body.className = cls;
          resolve();
          return;
        }
        // Like VS Code: the new variables are in place when the body class changes.
        link.addEventListener(
          'load',
          () => {
            document.body.className = cls;
            resolve();
          },
          { once: true },
        );
        link.href = href;
      }),
    { href: `${origin}/test/webview/themes/${theme}.css`, cls: BODY_CLASS[theme] },
  );
  await page.waitForTimeout(150);
}
