// The PAG panel's HTML page. A pure function (no vscode import) so the host and the headless
// browser tests render exactly the same page. Strict CSP: only resources from the webview's own
// origin (cspSource), scripts only with the nonce, no inline styles, no eval, nothing remote.
import type { PanelState } from '../protocol';

export interface PanelHtmlOptions {
  /** webview.cspSource (or the test server's origin). */
  cspSource: string;
  /** A fresh random nonce per render: [A-Za-z0-9+/=_-], at least 16 characters. */
  nonce: string;
  /** URI of dist/webview.js as the webview sees it (asWebviewUri). */
  scriptUri: string;
  /** URI of dist/panel.css (built from webview/styles/). */
  styleUri: string;
  /** URI of the toolkit bundle when loaded as a separate script (optional: the bundle includes it). */
  toolkitUri?: string;
  /** URI of codicon.css (optional). */
  codiconsUri?: string;
  /** State to start from (the serializer's saved state), so a restored panel paints at once. */
  initialState?: PanelState | null;
  /** Page title. */
  title?: string;
}

const NONCE = /^[A-Za-z0-9+/=_-]{16,}$/;

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** JSON safe inside a <script type="application/json"> element: no "</script>", no "<!--". */
function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Returns a fresh nonce (32 base-36 characters) using the given random source. */
export function makeNonce(random: () => number = Math.random): string {
  let s = '';
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  for (let i = 0; i < 32; i++) s += chars[Math.floor(random() * chars.length)];
  return s;
}

/**
 * webview.cspSource is one or more source expressions ("'self' https://*.vscode-cdn.net" in
 * current VS Code). Accept host/scheme sources and 'self'; refuse anything that could widen the
 * policy (other quoted keywords such as 'unsafe-inline', or a ';' starting a new directive).
 */
function checkedSources(cspSource: string): string {
  const parts = cspSource.trim().split(/\s+/).filter(Boolean);
  const ok =
    parts.length > 0 &&
    parts.every(
      (p) =>
        p === "'self'" ||
        /^[A-Za-z][A-Za-z0-9+.-]*:(\/\/[^\s;,'"]*)?$|^(\*\.)?[A-Za-z0-9.-]+(:\d+|:\*)?(\/[^\s;,'"]*)?$|^https?:\/\/[^\s;,'"]+$/.test(
          p,
        ),
    );
  if (!ok)
    throw new Error(`renderPanelHtml: cspSource must be CSP source expressions (got ${JSON.stringify(cspSource)})`);
  return parts.join(' ');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function renderPanelHtml(opts: PanelHtmlOptions): string {
  if (!NONCE.test(opts.nonce)) throw new Error('renderPanelHtml: the nonce must be 16+ characters of [A-Za-z0-9+/=_-]');
  const cspSource = checkedSources(opts.cspSource);
  const nonce = escapeAttr(opts.nonce);
  const csp = contentSecurityPolicy(cspSource, opts.nonce);
  const title = escapeAttr(opts.title ?? 'Causal Lens');
  const codicons = opts.codiconsUri
    ? `\n    <link rel="stylesheet" href="${escapeAttr(opts.codiconsUri)}" nonce="${nonce}">`
    : '';
  const toolkit = opts.toolkitUri
    ? `\n    <script type="module" nonce="${nonce}" src="${escapeAttr(opts.toolkitUri)}"></script>`
    : '';
  const state = opts.initialState
    ? `\n    <script type="application/json" id="causal-lens-initial-state">${jsonForScript(opts.initialState)}</script>`
    : '';
  return `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="UTF-8">
    <meta http-equiv="Content-Security-Policy" content="${escapeAttr(csp)}">
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <meta property="csp-nonce" content="${nonce}">
    <title>${title}</title>
    <link rel="stylesheet" href="${escapeAttr(opts.styleUri)}" nonce="${nonce}">${codicons}
  </head>
  <body>
    <div id="app" aria-live="polite"><p class="placeholder">Select text and run <strong>Causal Lens: Explain Causally</strong>.</p></div>${state}${toolkit}
    <script nonce="${nonce}" src="${escapeAttr(opts.scriptUri)}"></script>
  </body>
</html>
`;
}
