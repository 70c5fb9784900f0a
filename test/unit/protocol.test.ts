import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWebviewMessage, isHostMessage, LIMITS } from '../../src/protocol';
import { renderPanelHtml, contentSecurityPolicy, makeNonce } from '../../src/extension/panelHtml';

test('parseWebviewMessage accepts every well-formed message and returns a copy', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'ready' }), { type: 'ready' });
  assert.deepEqual(parseWebviewMessage({ type: 'cancel' }), { type: 'cancel' });
  assert.deepEqual(parseWebviewMessage({ type: 'revealToken', index: 3 }), { type: 'revealToken', index: 3 });
  assert.deepEqual(parseWebviewMessage({ type: 'rerun', alpha: 0.05, samples: 768 }), {
    type: 'rerun',
    alpha: 0.05,
    samples: 768,
  });
  assert.deepEqual(parseWebviewMessage({ type: 'rerun', layer: 5, head: 'mean' }), {
    type: 'rerun',
    layer: 5,
    head: 'mean',
  });
  assert.deepEqual(parseWebviewMessage({ type: 'rerun', head: 0 }), { type: 'rerun', head: 0 });
  assert.deepEqual(parseWebviewMessage({ type: 'export', format: 'json' }), { type: 'export', format: 'json' });
  assert.deepEqual(parseWebviewMessage({ type: 'export', format: 'json', data: '{"a":1}' }), {
    type: 'export',
    format: 'json',
    data: '{"a":1}',
  });
  assert.deepEqual(parseWebviewMessage({ type: 'export', format: 'dot', data: 'graph pag {\n}' }), {
    type: 'export',
    format: 'dot',
    data: 'graph pag {\n}',
  });
  const svg = '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>\n';
  assert.deepEqual(parseWebviewMessage({ type: 'export', format: 'svg', data: svg }), {
    type: 'export',
    format: 'svg',
    data: svg,
  });
  const png = 'data:image/png;base64,iVBORw0KGgo=';
  assert.deepEqual(parseWebviewMessage({ type: 'export', format: 'png', data: png }), {
    type: 'export',
    format: 'png',
    data: png,
  });
  const input = { type: 'rerun', alpha: 0.01 };
  const out = parseWebviewMessage(input);
  assert.notEqual(out, input, 'a fresh object, not the untrusted input');
});

test('parseWebviewMessage rejects wrong shapes, types and ranges', () => {
  const bad: unknown[] = [
    null,
    undefined,
    42,
    'ready',
    [],
    [{ type: 'ready' }],
    {},
    { type: 42 },
    { type: 'nope' },
    { type: 'ready', extra: 1 },
    { type: 'cancel', why: 'x' },
    { type: 'revealToken' },
    { type: 'revealToken', index: -1 },
    { type: 'revealToken', index: 1.5 },
    { type: 'revealToken', index: '3' },
    { type: 'revealToken', index: NaN },
    { type: 'revealToken', index: LIMITS.maxTokenIndex + 1 },
    { type: 'rerun' },
    { type: 'rerun', alpha: 0 },
    { type: 'rerun', alpha: -0.1 },
    { type: 'rerun', alpha: 0.9 },
    { type: 'rerun', alpha: NaN },
    { type: 'rerun', alpha: Infinity },
    { type: 'rerun', alpha: '0.05' },
    { type: 'rerun', samples: 3 },
    { type: 'rerun', samples: 100.5 },
    { type: 'rerun', samples: 1e9 },
    { type: 'rerun', layer: -1 },
    { type: 'rerun', layer: 2.5 },
    { type: 'rerun', head: 'max' },
    { type: 'rerun', head: -2 },
    { type: 'rerun', alpha: 0.05, bogus: true },
    { type: 'rerun', alpha: 0.05, samples: 0 },
    { type: 'export' },
    { type: 'export', format: 'pdf' },
    { type: 'export', format: 'svg' },
    { type: 'export', format: 'png' },
    { type: 'export', format: 'png', data: 'data:image/jpeg;base64,AAAA' },
    { type: 'export', format: 'png', data: 'data:image/png;base64,<script>' },
    { type: 'export', format: 'svg', data: '<html><svg></svg></html>' },
    { type: 'export', format: 'svg', data: '<svg>' },
    { type: 'export', format: 'json', data: '{not json' },
    { type: 'export', format: 'dot', data: 'hello' },
    { type: 'export', format: 'json', data: 7 },
    { type: 'export', format: 'json', data: '' },
    { type: 'export', format: 'json', path: '/etc/passwd' },
  ];
  for (const m of bad) assert.equal(parseWebviewMessage(m), null, JSON.stringify(m) ?? String(m));
});

test('parseWebviewMessage: alpha bounds are inclusive at the documented limits', () => {
  assert.ok(parseWebviewMessage({ type: 'rerun', alpha: LIMITS.alphaMax }));
  assert.ok(parseWebviewMessage({ type: 'rerun', alpha: LIMITS.alphaMin }));
  assert.equal(parseWebviewMessage({ type: 'rerun', alpha: LIMITS.alphaMax + 1e-9 }), null);
  assert.ok(parseWebviewMessage({ type: 'rerun', samples: LIMITS.samplesMin }));
  assert.equal(parseWebviewMessage({ type: 'rerun', samples: LIMITS.samplesMin - 1 }), null);
});

test('isHostMessage recognises each host message and rejects others', () => {
  const pag = { n: 1, edges: [], sepsets: [], iterations: 0 };
  const result = { tokens: [], prediction: { label: 'POSITIVE', score: 0.9 }, pag, explanation: { sets: [] } };
  assert.ok(isHostMessage({ type: 'result', result, params: {} }));
  assert.ok(isHostMessage({ type: 'iteration', r: 0, edges: 0, pag }));
  assert.ok(isHostMessage({ type: 'iteration', r: 0, edges: 20000 }), 'a dense iteration comes without its edges');
  assert.ok(!isHostMessage({ type: 'iteration', r: 0, pag }), 'the edge count is required');
  assert.ok(!isHostMessage({ type: 'iteration', r: 0, edges: 3, pag: 'x' }));
  assert.ok(isHostMessage({ type: 'progress', stage: 'model', fraction: 0.5 }));
  assert.ok(isHostMessage({ type: 'compare', entries: [], tokens: [], reference: 5 }));
  assert.ok(isHostMessage({ type: 'compare', axis: 'head', entries: [], tokens: [], reference: 'mean' }));
  assert.ok(
    !isHostMessage({ type: 'compare', layers: [], tokens: [], reference: 5 }),
    'the old field name "layers" is refused',
  );
  assert.ok(!isHostMessage({ type: 'compare', axis: 'token', entries: [], tokens: [], reference: 5 }));
  assert.ok(!isHostMessage({ type: 'compare', entries: [], tokens: [], reference: 'first' }));
  assert.ok(isHostMessage({ type: 'busy', busy: true }));
  assert.ok(isHostMessage({ type: 'error', message: 'x' }));
  assert.ok(isHostMessage({ type: 'clear' }));
  assert.ok(!isHostMessage({ type: 'result' }));
  assert.ok(!isHostMessage({ type: 'ready' }));
  assert.ok(!isHostMessage(null));
});

test('renderPanelHtml: strict CSP with the nonce, no inline styles, scripts only with the nonce', () => {
  const nonce = makeNonce(() => 0.5);
  assert.match(nonce, /^[A-Za-z0-9]{32}$/);
  const html = renderPanelHtml({
    cspSource: 'vscode-webview://abc',
    nonce,
    scriptUri: 'vscode-webview://abc/dist/webview.js',
    styleUri: 'vscode-webview://abc/dist/panel.css',
  });
  const csp = contentSecurityPolicy('vscode-webview://abc', nonce);
  assert.equal(
    csp,
    `default-src 'none'; img-src vscode-webview://abc data:; style-src vscode-webview://abc 'nonce-${nonce}'; script-src 'nonce-${nonce}'; font-src vscode-webview://abc`,
  );
  assert.ok(html.includes(`content="${csp}"`));
  assert.ok(!/unsafe-inline|unsafe-eval/.test(html));
  assert.ok(!/https?:\/\//.test(html), 'no remote resources');
  const scripts = [...html.matchAll(/<script\b([^>]*)>/g)].map((m) => m[1]);
  for (const s of scripts) assert.ok(s.includes(`nonce="${nonce}"`) || s.includes('application/json'), s);
  assert.ok(!/\sstyle=/.test(html), 'no inline style attributes');
});

test('renderPanelHtml embeds the initial state as inert, escaped JSON', () => {
  const nonce = 'abcdefghijklmnop1234';
  const evil = '</script><script>alert(1)</script>';
  const html = renderPanelHtml({
    cspSource: 'http://127.0.0.1:1',
    nonce,
    scriptUri: 's.js',
    styleUri: 's.css',
    initialState: {
      version: 1,
      result: null,
      compare: null,
      ui: { view: 'result', selectedToken: null, mergePieces: true, hideIsolatedSpecials: true, note: evil } as never,
    },
  });
  const m = html.match(/<script type="application\/json" id="causal-lens-initial-state">([\s\S]*?)<\/script>/);
  assert.ok(m);
  assert.ok(!m[1].includes('<'));
  assert.equal(JSON.parse(m[1]).ui.note, evil);
  assert.throws(() => renderPanelHtml({ cspSource: 'x', nonce: 'short', scriptUri: 's', styleUri: 's' }));
  assert.throws(() => renderPanelHtml({ cspSource: "x 'unsafe-inline'", nonce, scriptUri: 's', styleUri: 's' }));
  assert.throws(() => renderPanelHtml({ cspSource: 'https://a; script-src *', nonce, scriptUri: 's', styleUri: 's' }));
  assert.throws(() => renderPanelHtml({ cspSource: '', nonce, scriptUri: 's', styleUri: 's' }));
  // VS Code's own cspSource is a list: accepted as is.
  const vs = renderPanelHtml({ cspSource: "'self' https://*.vscode-cdn.net", nonce, scriptUri: 's', styleUri: 's' });
  assert.ok(vs.includes(`style-src 'self' https://*.vscode-cdn.net 'nonce-${nonce}'`));
  assert.ok(
    renderPanelHtml({ cspSource: 'vscode-webview://1234abcd', nonce, scriptUri: 's', styleUri: 's' }).includes(
      'font-src vscode-webview://1234abcd',
    ),
  );
});
