// What every webview test file sets up the same way: the recorded fixtures, the screenshots folder,
// a bounded test, and one server + browser + current page for the file (opened fresh by open()).
import { test as nodeTest, before, after } from 'node:test';
import { readFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  startServer,
  launch,
  openPanel,
  postToPanel,
  debug,
  ROOT,
  type PanelServer,
  type PageLog,
  type Theme,
} from './harness';

export const SHOTS = path.join(ROOT, 'test', 'screenshots');

/** A recorded host message from test/webview/fixtures/. */
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(__dirname, 'fixtures', name), 'utf8')) as T;
}

/** node:test's test with a time bound: a hung page must fail the suite, not stall it. */
export function boundedTest(timeoutMs: number): (name: string, fn: () => Promise<void>) => void {
  return (name, fn) => nodeTest(name, { timeout: timeoutMs }, fn);
}

export interface PanelSession {
  server: PanelServer;
  browser: Browser;
  /** The page open now (replaced by open()). */
  page: Page;
  log: PageLog;
  /** Closes the current page and opens the panel afresh (theme, extra query, viewport). */
  open(theme?: Theme, opts?: { query?: string; viewport?: { width: number; height: number } }): Promise<void>;
}

/**
 * One server and browser for this test file, started before its first test and closed after its
 * last; `waitMs` is each page's default wait. `setup` runs once they are up, in the same hook:
 * Node 20 runs a file's top-level before() hooks concurrently, so a second hook could not rely on them.
 */
export function panelSession(waitMs: number, setup?: () => Promise<unknown>): PanelSession {
  const s = { log: { console: [], errors: [], csp: [] } } as unknown as PanelSession;
  let opened = false;
  s.open = async (theme = 'dark', opts = {}) => {
    if (opened) await s.page.close();
    ({ page: s.page, log: s.log } = await openPanel(
      s.browser,
      `${s.server.url}?theme=${theme}${opts.query ?? ''}`,
      opts.viewport,
    ));
    opened = true;
    s.page.setDefaultTimeout(waitMs);
    await s.page.evaluate(() => sessionStorage.clear());
  };
  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    s.server = await startServer();
    s.browser = await launch();
    await setup?.();
  });
  after(async () => {
    if (opened) await s.page.close();
    await s.browser?.close();
    await s.server?.close();
  });
  return s;
}

/** Posts a result and waits until the graph draws all its tokens and the panel is idle. */
export async function showResultMessage<D>(
  page: Page,
  msg: { type: 'result'; result: { tokens: unknown[] } },
): Promise<D> {
  await postToPanel(page, msg);
  await page.waitForFunction((n) => {
    const d = (
      window as unknown as { causalLens: { debug(): { graph: { nodes: number } | null; busy: boolean } } }
    ).causalLens.debug();
    return d.graph?.nodes === n && !d.busy;
  }, msg.result.tokens.length);
  return debug<D>(page);
}
