// What the host does with a (validated) message from the panel: re-run the engine on the cached
// model run, reveal a token in the editor, highlight one alternative explanation, export the view,
// cancel the run in progress; for Explain File's summary, reveal a row and write the results.
import * as vscode from 'vscode';
import type { ExportMessage, RerunMessage, WebviewToHost } from '../protocol';
import { toDot } from '../shared/pagDot';
import { apply } from './commands/explainSelection';
import { revealFileRow, writeFileResults } from './commands/explainFile';
import { placeRange } from './decorations';
import { toPayload } from './payload';
import { documentTokens } from './pairLayout';
import { type Outcome } from './runner';
import type { LastRun, Services } from './services';

export async function handlePanelMessage(s: Services, msg: WebviewToHost): Promise<void> {
  switch (msg.type) {
    case 'rerun':
      await rerun(s, msg);
      return;
    case 'revealToken':
      await revealToken(s, msg.index);
      return;
    case 'export':
      await exportView(s, msg);
      return;
    case 'cancel':
      s.runner.cancel();
      return;
    case 'showExplanation':
      showExplanation(s, msg.set);
      return;
    case 'revealRow':
      await revealFileRow(s, msg.line);
      return;
    case 'writeResults':
      await writeFileResults(s);
      return;
    case 'ready':
      return;
  }
}

/**
 * Highlights one alternative explanation in the editor (`set` indexes explanation.sets; null: all
 * of them). The other alternatives' tokens stay highlighted as candidates, which they are.
 */
export function showExplanation(s: Services, set: number | null): boolean {
  const last = s.last;
  if (!last || last.doc.isClosed || last.doc.version !== last.docVersion) return false;
  const payload = toPayload(last.result, last.run);
  const sets = payload.explanation.sets;
  if (set !== null && set >= sets.length) return false;
  const shown = set === null ? payload : { ...payload, explanation: { ...payload.explanation, sets: [sets[set]] } };
  // As apply() places them: a sentence pair's tokens at their two places in the document.
  const layout = last.layout;
  s.highlights.set(
    last.doc,
    layout ? { ...shown, tokens: documentTokens(shown.tokens, layout) } : shown,
    layout ? layout.text : last.text,
    last.placement,
  );
  return true;
}

/** New α / sample size / layer / head: the engine again on the same model run (no model run). */
export async function rerun(s: Services, msg: Omit<RerunMessage, 'type'>): Promise<Outcome<LastRun>> {
  const last = s.last;
  if (!last) {
    void vscode.window.showInformationMessage('Causal Lens: nothing to re-run yet; run Explain Causally first.');
    return { status: 'error', message: 'nothing to re-run' };
  }
  const params = {
    ...last.params,
    ...(msg.alpha !== undefined ? { alpha: msg.alpha } : {}),
    ...(msg.samples !== undefined ? { samples: msg.samples } : {}),
    ...(msg.layer !== undefined ? { layer: msg.layer } : {}),
    ...(msg.head !== undefined ? { head: msg.head } : {}),
    ...(msg.label !== undefined ? { label: msg.label } : {}),
  };
  if (msg.label !== undefined && !last.model.config.multiLabel) {
    return {
      status: 'error',
      message: `"${last.model.id}" is not a multi-label model: its explained output is the predicted one`,
    };
  }
  if (typeof params.layer === 'number' && params.layer >= last.model.config.numLayers) {
    return {
      status: 'error',
      message: `layer ${params.layer} does not exist (the model has ${last.model.config.numLayers})`,
    };
  }
  if (typeof params.head === 'number' && params.head >= last.model.config.numHeads) {
    return {
      status: 'error',
      message: `head ${params.head} does not exist (the model has ${last.model.config.numHeads})`,
    };
  }
  const outcome = await s.runner.run('Re-run the engine', async (ctx) => {
    const result = await s.runner.engine(ctx, last.model, last.run, params, { baselines: true, modelMs: 0 });
    s.runner.logResult(`rerun (α ${params.alpha}, samples ${params.samples ?? 'hidden size'})`, last.text, result);
    return { ...last, result, params };
  });
  if (outcome.status === 'done') apply(s, outcome.value);
  return outcome;
}

export async function revealToken(s: Services, index: number): Promise<boolean> {
  const last = s.last;
  // a pair's tokens as placed in the document (a typed second text's tokens are not in it: empty)
  const tok = last?.layout ? documentTokens(last.result.tokens, last.layout)[index] : last?.result.tokens[index];
  if (!last || !tok || tok.special || tok.end <= tok.start || last.doc.isClosed) return false;
  if (last.doc.version !== last.docVersion) {
    void vscode.window.showInformationMessage(
      'Causal Lens: the document changed since this explanation; token positions are stale.',
    );
    return false;
  }
  const range = placeRange(last.doc, last.placement, tok.start, tok.end);
  const column =
    vscode.window.visibleTextEditors.find((e) => e.document === last.doc)?.viewColumn ?? vscode.ViewColumn.One;
  const editor = await vscode.window.showTextDocument(last.doc, { viewColumn: column, preserveFocus: false });
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return true;
}

const FILTERS: Record<ExportMessage['format'], Record<string, string[]>> = {
  json: { JSON: ['json'] },
  dot: { 'Graphviz DOT': ['dot', 'gv'] },
  svg: { SVG: ['svg'] },
  png: { PNG: ['png'] },
};

/** Saves what the panel shows. JSON is the host's own result unless the panel sends its JSON. */
export async function exportView(s: Services, msg: ExportMessage, target?: vscode.Uri): Promise<vscode.Uri | null> {
  const last = s.last;
  let bytes: Uint8Array;
  if (msg.format === 'json') {
    const json = msg.data ?? (last ? JSON.stringify({ text: last.text, ...last.result }, null, 2) : null);
    if (json === null) throw new Error('nothing to export yet');
    bytes = Buffer.from(json, 'utf8');
  } else if (msg.format === 'png') {
    if (!msg.data) throw new Error('the panel sent no image');
    bytes = Buffer.from(msg.data.slice(msg.data.indexOf(',') + 1), 'base64');
  } else if (msg.format === 'dot' && !msg.data) {
    // The panel may leave DOT to the host: the same writer the panel uses, on the last result.
    if (!last) throw new Error('nothing to export yet');
    const r = last.result;
    bytes = Buffer.from(
      toDot(r.pag, {
        labels: r.tokens.map((t) => t.text),
        target: r.explanation.target,
        explanation: r.explanation.sets.flat(),
      }),
      'utf8',
    );
  } else {
    if (!msg.data) throw new Error(`the panel sent no ${msg.format.toUpperCase()} text`);
    bytes = Buffer.from(msg.data, 'utf8');
  }
  const base =
    last && last.doc.uri.scheme === 'file'
      ? vscode.Uri.joinPath(last.doc.uri, '..')
      : vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri =
    target ??
    (await vscode.window.showSaveDialog({
      defaultUri: base ? vscode.Uri.joinPath(base, `causal-lens-pag.${msg.format}`) : undefined,
      filters: FILTERS[msg.format],
      title: `Causal Lens: export ${msg.format.toUpperCase()}`,
    }));
  if (!uri) return null;
  await vscode.workspace.fs.writeFile(uri, bytes);
  s.log.info(`exported ${msg.format.toUpperCase()} (${bytes.length} bytes) to ${uri.fsPath || uri.toString()}`);
  return uri;
}
