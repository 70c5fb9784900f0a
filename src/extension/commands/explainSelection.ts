// Causal Lens: Explain Causally — the selection (or the current line when nothing is selected):
// model → attention → PAG → CLEANN, then the status bar, inline highlights and the panel.
import * as vscode from 'vscode';
import { preview } from '../log';
import { toPayload } from '../payload';
import { engineParams, runParams, type Outcome } from '../runner';
import type { LastRun, Services } from '../services';

/** Longest text handed to the tokenizer; the model keeps causalLens.maxTokens tokens of it anyway. */
const MAX_CHARS = 100_000;

export interface TextTarget { doc: vscode.TextDocument; text: string; base: number }

/** The text to explain: the selection, else the cursor's line; leading/trailing blanks trimmed. */
export function textTarget(editor: vscode.TextEditor | undefined): TextTarget | string {
  if (!editor) return 'open a text editor and select the text to explain';
  const doc = editor.document;
  const range: vscode.Range = editor.selection.isEmpty ? doc.lineAt(editor.selection.active.line).range : editor.selection;
  const raw = doc.getText(range);
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (!text) return editor.selection.isEmpty ? 'nothing to explain: the current line is empty; select some text' : 'nothing to explain: the selection is blank';
  return { doc, text: text.slice(0, MAX_CHARS), base: doc.offsetAt(range.start) + lead };
}

/** The active editor's text target, or the reason there is none (already shown to the user). */
export function activeTextTarget(): TextTarget | { status: 'error'; message: string } {
  const target = textTarget(vscode.window.activeTextEditor);
  if (typeof target !== 'string') return target;
  void vscode.window.showErrorMessage(`Causal Lens: ${target}.`);
  return { status: 'error', message: target };
}

export async function explainSelection(s: Services): Promise<Outcome<LastRun>> {
  const target = activeTextTarget();
  if ('status' in target) return target;
  const { doc, text, base } = target;
  const docVersion = doc.version;
  s.panel.show();
  const outcome = await s.runner.run('Explain Causally', async (ctx) => {
    const { model, run, modelMs, loadMs } = await s.runner.modelRun(ctx, text);
    const params = engineParams(ctx.settings);
    const result = await s.runner.engine(ctx, model, run, params, { baselines: true, modelMs });
    s.runner.logResult('explain', text, result, loadMs ? ` (+ model load ${loadMs} ms)` : '');
    return { doc, docVersion, placement: { kind: 'offset' as const, base }, text, model, run, result, params };
  });
  if (outcome.status !== 'done') return outcome;
  const last = outcome.value;
  apply(s, last);
  warnIfTruncated(s, last, text.length < target.doc.getText().length && text.length === MAX_CHARS);
  return outcome;
}

/** Shows a finished result everywhere at once (status bar, highlights, panel). */
export function apply(s: Services, last: LastRun): void {
  s.last = last;
  const r = last.result;
  s.status.prediction(r.prediction.label, r.prediction.score, `${preview(last.text, 60)} · layer ${r.layer}, head ${r.head}`);
  if (last.doc.version === last.docVersion && !last.doc.isClosed) s.highlights.set(last.doc, toPayload(r, last.run), last.text, last.placement);
  s.panel.post({ type: 'result', result: toPayload(r, last.run), params: runParams(r, last.model, last.params), text: last.text });
}

function warnIfTruncated(s: Services, last: LastRun, cutByChars: boolean): void {
  const t = last.run.truncated;
  if (!t && !cutByChars) return;
  const kept = t ? t.keptChars : last.text.length;
  const base = last.placement.kind === 'offset' ? last.placement.base : 0;
  const pos = last.doc.positionAt(base + kept);
  const msg = `Causal Lens: the text is longer than causalLens.maxTokens (${readMax()} tokens${t ? `; it has ${t.totalTokens}` : ''}): only the part up to line ${pos.line + 1}, column ${pos.character + 1} was explained.`;
  s.log.info(msg);
  void vscode.window.showWarningMessage(msg, 'Open Settings').then((pick) => {
    if (pick) void vscode.commands.executeCommand('workbench.action.openSettings', 'causalLens.maxTokens');
  });
}

function readMax(): number {
  return vscode.workspace.getConfiguration('causalLens').get<number>('maxTokens', 256);
}
