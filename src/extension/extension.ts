// Causal Lens's entry point. Activation happens on its commands (and on a restored panel) only;
// the model is loaded lazily on the first run and reused. activate() returns a small API that the
// integration tests read (real state, no mocks): the last run, the highlights, the panel's traffic.
import * as vscode from 'vscode';
import type { HostToWebview, WebviewToHost } from '../protocol';
import { compareHeads, compareLayers, type CompareArgs, type CompareHeadsArgs } from './commands/compare';
import { explainFile, SUMMARY_SCHEME, type ExplainFileArgs } from './commands/explainFile';
import { explainSelection } from './commands/explainSelection';
import { explainLabel, explainMasked, explainPair, type LabelArgs, type PairArgs } from './commands/modelKindCommands';
import { selectModel } from './commands/selectModel';
import { affectsColours, affectsModel, readSettings } from './config';
import { Highlights } from './decorations';
import { RunLog } from './log';
import { ModelManager } from './modelManager';
import { PanelController } from './panel';
import { exportView, handlePanelMessage } from './panelActions';
import { Runner } from './runner';
import { PagWorkerPool } from '../pipeline/pagWorkerPool';
import type { FileRun, LastRun, Services } from './services';
import { PredictionStatus } from './statusBar';
import type { TokenRole } from './tokenRoles';

/** One highlight: its role, token, the document text under it and what that text should be. */
export interface DecorationInfo {
  role: TokenRole;
  tokenIndex: number;
  text: string;
  expected: string;
  start: [number, number];
  end: [number, number];
}

/** Returned by activate(); used by the integration tests. */
export interface CausalLensApi {
  getLastRun(): LastRun | null;
  getLastFileRun(): FileRun | null;
  getDecorationRanges(editor?: vscode.TextEditor): DecorationInfo[];
  /**
   * Messages delivered to the panel, newest last: the newest few hundred, or those delivered since
   * `mark` (a getPanelMessageCount() read earlier) that are still kept.
   */
  getPanelMessages(mark?: number): HostToWebview[];
  /** How many messages were ever delivered to the panel: a mark for getPanelMessages. */
  getPanelMessageCount(): number;
  getAcceptedWebviewMessages(): WebviewToHost[];
  getRejectedWebviewMessageCount(): number;
  /** Listeners the panel controller holds for open panels (each panel's own, disposed with it). */
  getPanelListenerCount(): number;
  whenPanelReady(): Promise<void>;
  /** Sends a raw message through the panel's validation and handler, as if the page posted it. */
  postFromWebview(raw: unknown): Promise<void>;
  onProgress(listener: (stage: string) => void): vscode.Disposable;
  isBusy(): boolean;
  getLog(): string[];
  getStatusText(): string;
  getModelLoads(): number;
  exportTo(
    format: 'json' | 'dot' | 'svg' | 'png',
    data: string | undefined,
    target: vscode.Uri,
  ): Promise<vscode.Uri | null>;
}

let services: Services | null = null;

const SAMPLE = [
  'The plot was thin, but the acting was wonderful and I loved every minute of it.',
  'A dull, predictable film; not even the soundtrack could save it.',
  'I expected nothing and was surprised: funny, warm and very well made.',
  '',
  'Select a line (or put the cursor on it) and run Causal Lens: Explain Causally (Ctrl+Alt+E).',
].join('\n');
let models: ModelManager | null = null;
let pagLearner: PagWorkerPool | null = null;

export function activate(context: vscode.ExtensionContext): CausalLensApi {
  const log = new RunLog();
  let loads = 0;
  models = new ModelManager((line) => {
    if (line.startsWith('loading')) loads++;
    log.info(line);
  });
  const status = new PredictionStatus();
  const highlights = new Highlights(readSettings());
  const panel = new PanelController(context.extensionUri, { onMessage: (m) => handlePanelMessage(s, m) }, (l) =>
    log.info(l),
  );
  // The panel draws explanations in the editor's colour: the setting, else the theme colour.
  panel.post({ type: 'appearance', explanationColor: readSettings().explanationColor || null });
  // ICD runs in worker threads: the extension host (every extension's thread) never waits for it, and
  // the per-head search learns its heads' PAGs side by side, one worker per core.
  pagLearner = new PagWorkerPool(vscode.Uri.joinPath(context.extensionUri, 'dist', 'pagWorker.js').fsPath);
  const runner = new Runner(models, log, status, panel, pagLearner.learn);
  // The panel's handler above reads `s` only when a message arrives, after this line has run.
  const s: Services = { runner, highlights, panel, log, status, last: null, lastFile: null };
  services = s;

  const summaries = new Map<string, string>();
  const summaryChanged = new vscode.EventEmitter<vscode.Uri>();
  const showSummary = async (name: string, markdown: string) => {
    const uri = vscode.Uri.from({ scheme: SUMMARY_SCHEME, path: `/${name.replace(/[\\/]/g, '_')} summary.md` });
    summaries.set(uri.toString(), markdown);
    summaryChanged.fire(uri);
    try {
      await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
    } catch {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc, {
        viewColumn: vscode.ViewColumn.Beside,
        preview: true,
        preserveFocus: true,
      });
    }
  };

  context.subscriptions.push(
    log,
    status,
    highlights,
    panel,
    summaryChanged,
    vscode.workspace.registerTextDocumentContentProvider(SUMMARY_SCHEME, {
      onDidChange: summaryChanged.event,
      provideTextDocumentContent: (uri) =>
        summaries.get(uri.toString()) ??
        '# Causal Lens\n\nThis summary is no longer available; run Explain File again.\n',
    }),
    vscode.commands.registerCommand('causalLens.explainSelection', () => explainSelection(s)),
    vscode.commands.registerCommand('causalLens.explainPair', (args?: PairArgs) => explainPair(s, args)),
    vscode.commands.registerCommand('causalLens.explainMasked', () => explainMasked(s)),
    vscode.commands.registerCommand('causalLens.explainLabel', (args?: LabelArgs) => explainLabel(s, args)),
    vscode.commands.registerCommand('causalLens.compareLayers', (args?: CompareArgs) => compareLayers(s, args)),
    vscode.commands.registerCommand('causalLens.compareHeads', (args?: CompareHeadsArgs) => compareHeads(s, args)),
    // From the explorer's context menu the argument is the file's Uri; from code, ExplainFileArgs.
    vscode.commands.registerCommand('causalLens.explainFile', (args?: ExplainFileArgs | vscode.Uri) =>
      explainFile(s, showSummary, args instanceof vscode.Uri ? { uri: args.toString() } : args),
    ),
    vscode.commands.registerCommand('causalLens.showPanel', () => {
      panel.show(false);
      return true;
    }),
    vscode.commands.registerCommand('causalLens.clearHighlights', () => {
      highlights.clear();
      panel.post({ type: 'clear' });
      s.last = null;
      status.idle('Causal Lens');
      return true;
    }),
    vscode.commands.registerCommand('causalLens.selectModel', (args?: { model?: string }) => selectModel(args)),
    vscode.commands.registerCommand('causalLens.cancel', () => runner.cancel()),
    vscode.commands.registerCommand('causalLens.openSample', async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'plaintext', content: SAMPLE });
      const editor = await vscode.window.showTextDocument(doc);
      editor.selection = new vscode.Selection(0, 0, 0, doc.lineAt(0).text.length);
      return true;
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsModel(e)) {
        log.info('model settings changed: the model is reloaded on the next run');
        void models?.reset();
      }
      if (affectsColours(e)) {
        highlights.recolour(readSettings());
        panel.post({ type: 'appearance', explanationColor: readSettings().explanationColor || null });
      }
    }),
  );
  log.info(`Causal Lens activated (VS Code ${vscode.version}, ${vscode.env.appName})`);

  return {
    getLastRun: () => s.last,
    getLastFileRun: () => s.lastFile,
    getDecorationRanges: (editor = vscode.window.activeTextEditor) => {
      if (!editor) return [];
      return highlights.get(editor.document).map((h) => ({
        role: h.role,
        tokenIndex: h.span.tokenIndex,
        text: editor.document.getText(h.range),
        expected: h.expected,
        start: [h.range.start.line, h.range.start.character],
        end: [h.range.end.line, h.range.end.character],
      }));
    },
    getPanelMessages: (mark) => (mark === undefined ? panel.delivered.all() : panel.delivered.since(mark)),
    getPanelMessageCount: () => panel.delivered.count,
    getAcceptedWebviewMessages: () => [...panel.accepted],
    getRejectedWebviewMessageCount: () => panel.rejected,
    getPanelListenerCount: () => panel.panelListenerCount,
    whenPanelReady: () => panel.whenReady(),
    postFromWebview: (raw) => panel.simulateFromWebview(raw),
    onProgress: (l) => runner.onProgress(l),
    isBusy: () => runner.busy,
    getLog: () => [...log.lines],
    getStatusText: () => status.text,
    getModelLoads: () => loads,
    exportTo: (format, data, target) =>
      exportView(s, data === undefined ? { type: 'export', format } : { type: 'export', format, data }, target),
  };
}

export async function deactivate(): Promise<void> {
  services?.runner.cancel();
  await pagLearner?.dispose();
  pagLearner = null;
  await models?.reset();
  services = null;
  models = null;
}
