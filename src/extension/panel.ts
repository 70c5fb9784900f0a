// The PAG panel: one WebviewPanel beside the editor. The page comes from renderPanelHtml (strict
// CSP, fresh nonce per render); resources only from dist/ and media/. Its context is not retained
// while hidden: the webview keeps its state with setState, and the serializer restores the panel
// after a reload. Every message from the webview is validated with parseWebviewMessage first.
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import {
  parseWebviewMessage,
  type AppearanceMessage,
  type CompareMessage,
  type FileSummaryMessage,
  type HostToWebview,
  type PanelState,
  type ResultMessage,
  type WebviewToHost,
} from '../protocol';
import { renderPanelHtml } from './panelHtml';
import { DeliveredLog } from './deliveredLog';

export const PANEL_VIEW_TYPE = 'causalLens.panel';

export interface PanelHandlers {
  onMessage(msg: WebviewToHost): void | Promise<void>;
}

export class PanelController implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private queue: HostToWebview[] = [];
  private last: { result: ResultMessage | null; compare: CompareMessage | null; file: FileSummaryMessage | null } = {
    result: null,
    compare: null,
    file: null,
  };
  /** The view posted last (a result, a comparison or a file summary): what a reloaded page shows. */
  private lastView: ResultMessage | CompareMessage | FileSummaryMessage | null = null;
  /** The explanation colour the page draws with; sent again whenever the page (re)loads. */
  private appearance: AppearanceMessage | null = null;
  private readonly subs: vscode.Disposable[] = [];
  /** Each open panel's own listeners, disposed with it (not with the controller: panels come and go). */
  private readonly panelSubs = new Map<vscode.WebviewPanel, vscode.Disposable[]>();
  private readyWaiters: (() => void)[] = [];
  /** Messages delivered to the webview (postMessage resolved true); for the test API. */
  readonly delivered = new DeliveredLog<HostToWebview>();
  /** Messages from the webview: accepted (validated) ones, and a count of rejected ones. */
  readonly accepted: WebviewToHost[] = [];
  rejected = 0;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly handlers: PanelHandlers,
    private readonly log: (line: string) => void,
  ) {
    this.subs.push(
      vscode.window.registerWebviewPanelSerializer(PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, state: unknown) => this.adopt(panel, isPanelState(state) ? state : null),
      }),
    );
  }

  get visible(): boolean {
    return this.panel?.visible ?? false;
  }

  /** Opens the panel beside the editor (or reveals it), without taking focus by default. */
  show(preserveFocus = true): void {
    if (this.panel) {
      this.panel.reveal(this.panel.viewColumn ?? vscode.ViewColumn.Beside, preserveFocus);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      PANEL_VIEW_TYPE,
      'Causal Lens',
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus },
      this.options(),
    );
    this.adopt(panel, null);
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [
        vscode.Uri.joinPath(this.extensionUri, 'dist'),
        vscode.Uri.joinPath(this.extensionUri, 'media'),
      ],
    };
  }

  private adopt(panel: vscode.WebviewPanel, state: PanelState | null): void {
    this.panel = panel;
    this.ready = false;
    panel.webview.options = this.options();
    if (state)
      this.last = {
        result: state.result ?? this.last.result,
        compare: state.compare ?? this.last.compare,
        file: state.file ?? this.last.file,
      };
    panel.webview.html = this.html(panel.webview, state);
    const own: vscode.Disposable[] = [];
    this.panelSubs.set(panel, own);
    panel.onDidDispose(
      () => {
        if (this.panel === panel) {
          this.panel = undefined;
          this.ready = false;
        }
        this.panelSubs.delete(panel);
        for (const d of own.splice(0)) d.dispose();
      },
      null,
      own,
    );
    // Hidden webviews are torn down (no retained context): when shown again the page reloads and
    // says 'ready', and the latest view is sent again.
    panel.onDidChangeViewState(
      () => {
        if (!panel.visible && this.panel === panel) this.ready = false;
      },
      null,
      own,
    );
    panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw), null, own);
  }

  /** Listeners held for open panels (3 per panel); for the test API: reopening must not pile them up. */
  get panelListenerCount(): number {
    let n = 0;
    for (const own of this.panelSubs.values()) n += own.length;
    return n;
  }

  private html(webview: vscode.Webview, state: PanelState | null): string {
    const uri = (...p: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, ...p));
    const script = uri('dist', 'webview.js');
    return renderPanelHtml({
      cspSource: singleCspSource(webview.cspSource, script),
      nonce: randomBytes(24).toString('base64'),
      scriptUri: script.toString(),
      styleUri: uri('dist', 'panel.css').toString(),
      initialState: state,
      title: 'Causal Lens',
    });
  }

  private async receive(raw: unknown): Promise<void> {
    const msg = parseWebviewMessage(raw);
    if (!msg) {
      this.rejected++;
      this.log(`panel: ignored an invalid message ${JSON.stringify(raw)?.slice(0, 120)}`);
      return;
    }
    this.accepted.push(msg);
    if (msg.type === 'ready') {
      this.ready = true;
      const pending = this.queue;
      this.queue = [];
      // The colours, then the latest view (the reloaded page may have lost it), then anything queued after it.
      if (this.appearance && !pending.includes(this.appearance)) await this.deliver(this.appearance);
      const view = this.lastView ?? this.last.result;
      if (view && !pending.includes(view)) await this.deliver(view);
      for (const m of pending) await this.deliver(m);
      for (const w of this.readyWaiters.splice(0)) w();
      return;
    }
    try {
      await this.handlers.onMessage(msg);
    } catch (err) {
      this.log(`panel: handling "${msg.type}" failed: ${(err as Error).message}`);
      this.post({ type: 'error', message: (err as Error).message });
    }
  }

  /** Sends a message now if the page listens, else queues it until it says 'ready'. */
  post(msg: HostToWebview): void {
    if (msg.type === 'result') {
      this.last = { ...this.last, result: msg, compare: null };
      this.lastView = msg;
    }
    if (msg.type === 'compare') {
      this.last = { ...this.last, compare: msg };
      this.lastView = msg;
    }
    if (msg.type === 'fileSummary') {
      this.last = { ...this.last, file: msg };
      this.lastView = msg;
    }
    if (msg.type === 'clear') {
      this.last = { result: null, compare: null, file: null };
      this.lastView = null;
    }
    if (msg.type === 'appearance') this.appearance = msg;
    if (!this.panel || !this.ready) {
      // Only the newest progress/iteration matters for a page that is not listening yet.
      if (msg.type === 'progress' || msg.type === 'iteration' || msg.type === 'appearance')
        this.queue = this.queue.filter((m) => m.type !== msg.type);
      this.queue.push(msg);
      // A panel that is never opened must not collect messages forever: the latest view is kept
      // in `last` anyway, so old transient messages can go.
      if (this.queue.length > 50) this.queue = this.queue.slice(-25);
      return;
    }
    void this.deliver(msg);
  }

  private async deliver(msg: HostToWebview): Promise<void> {
    if (!this.panel) return;
    const ok = await this.panel.webview.postMessage(msg);
    if (ok) this.delivered.add(msg);
  }

  /** Resolves when the page has said 'ready' (immediately if it has). */
  whenReady(): Promise<void> {
    return this.ready ? Promise.resolve() : new Promise((r) => this.readyWaiters.push(r));
  }

  /** Feeds a raw message through the same validation and handling as one from the page. */
  simulateFromWebview(raw: unknown): Promise<void> {
    return this.receive(raw);
  }

  get lastResult(): ResultMessage | null {
    return this.last.result;
  }

  dispose(): void {
    this.panel?.dispose();
    for (const own of this.panelSubs.values()) for (const d of own) d.dispose();
    this.panelSubs.clear();
    for (const s of this.subs) s.dispose();
  }
}

/**
 * renderPanelHtml takes one CSP source expression, while VS Code's webview.cspSource is a list
 * ("'self' https://*.vscode-cdn.net"). The origin our resources are actually served from
 * (asWebviewUri) is one expression and allows exactly them, so it is used when the list has more.
 */
export function singleCspSource(cspSource: string, resource: vscode.Uri): string {
  const trimmed = cspSource.trim();
  if (trimmed && !/[\s;'"]/.test(trimmed)) return trimmed;
  return `${resource.scheme}://${resource.authority}`;
}

function isPanelState(x: unknown): x is PanelState {
  return typeof x === 'object' && x !== null && (x as { version?: unknown }).version === 1;
}
