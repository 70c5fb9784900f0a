// Causal Lens: Explain Causally — the selection (or the current line when nothing is selected; two
// selections: a sentence pair): model → attention → PAG → CLEANN, then the status bar, inline
// highlights and the panel. explainInput is the flow every single-text command shares (pairs and
// masked words too, see ./modelKindCommands).
import * as vscode from 'vscode';
import type { LoadedModel } from '../../model/index';
import type { ExplainedPayload } from '../../protocol';
import { explainedHeadline } from '../../shared/explainedText';
import { preview } from '../log';
import { documentTokens, layTokens, pairLayout, type PairSource } from '../pairLayout';
import { toPayload } from '../payload';
import { engineParams, runParams, type EngineParams, type Outcome, type RunContext } from '../runner';
import type { LastRun, Services } from '../services';
import { pairFromSelections } from './editorInputs';

/** Longest text handed to the tokenizer; the model keeps causalLens.maxTokens tokens of it anyway. */
const MAX_CHARS = 100_000;

export interface TextTarget {
  doc: vscode.TextDocument;
  text: string;
  base: number;
}

/** The text to explain: the selection, else the cursor's line; leading/trailing blanks trimmed. */
export function textTarget(editor: vscode.TextEditor | undefined): TextTarget | string {
  if (!editor) return 'open a text editor and select the text to explain';
  const doc = editor.document;
  const range: vscode.Range = editor.selection.isEmpty
    ? doc.lineAt(editor.selection.active.line).range
    : editor.selection;
  const raw = doc.getText(range);
  const lead = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (!text)
    return editor.selection.isEmpty
      ? 'nothing to explain: the current line is empty; select some text'
      : 'nothing to explain: the selection is blank';
  return { doc, text: text.slice(0, MAX_CHARS), base: doc.offsetAt(range.start) + lead };
}

/** The active editor's text target, or the reason there is none (already shown to the user). */
export function activeTextTarget(): TextTarget | { status: 'error'; message: string } {
  const target = textTarget(vscode.window.activeTextEditor);
  if (typeof target !== 'string') return target;
  void vscode.window.showErrorMessage(`Causal Lens: ${target}.`);
  return { status: 'error', message: target };
}

export function errorOutcome(message: string): { status: 'error'; message: string } {
  void vscode.window.showErrorMessage(`Causal Lens: ${message}.`);
  return { status: 'error', message };
}

export async function explainSelection(s: Services): Promise<Outcome<LastRun>> {
  const editor = vscode.window.activeTextEditor;
  // Two selections (multi-cursor): a sentence pair.
  if (editor && editor.selections.filter((x) => !x.isEmpty).length > 1) {
    const pair = pairFromSelections(editor);
    if (typeof pair === 'string') return errorOutcome(pair);
    if (pair) return explainInput(s, 'Explain Causally', pair, { pair: pair.pair, between: pair.between });
  }
  const target = activeTextTarget();
  if ('status' in target) return target;
  return explainInput(s, 'Explain Causally', target);
}

export interface InputOptions {
  /** A sentence pair's second text; `between`: the document text between the two (when in it). */
  pair?: PairSource;
  between?: string;
  /** Masked LM: the word to predict, [start, end) in the text. */
  maskRange?: [number, number];
  /** Multi-label: the label to explain; or a function choosing it once the model has run (undefined: cancelled). */
  label?: string | number | ((model: LoadedModel, run: LastRun['run']) => Promise<string | number | undefined>);
}

/** Runs one text (or pair, or masked word) through model and engine, then shows the result. */
export async function explainInput(
  s: Services,
  title: string,
  target: TextTarget,
  opts: InputOptions = {},
): Promise<Outcome<LastRun>> {
  const { doc, text, base } = target;
  const docVersion = doc.version;
  const layout = opts.pair ? pairLayout({ text, base }, opts.pair, opts.between) : undefined;
  s.panel.show();
  const outcome = await s.runner.run(title, async (ctx: RunContext) => {
    const { model, run, modelMs, loadMs } = await s.runner.modelRun(ctx, text, {
      pair: opts.pair?.text,
      maskRange: opts.maskRange,
      command: title,
    });
    const label = typeof opts.label === 'function' ? await opts.label(model, run) : opts.label;
    if (typeof opts.label === 'function' && label === undefined)
      throw Object.assign(new Error('no label chosen'), { name: 'AbortError' });
    const params: EngineParams = { ...engineParams(ctx.settings), ...(label !== undefined ? { label } : {}) };
    const result = await s.runner.engine(ctx, model, run, params, { baselines: true, modelMs });
    const shown = layout ? `${text} ‖ ${opts.pair!.text}` : text;
    s.runner.logResult(
      title === 'Explain Causally' ? 'explain' : title,
      shown,
      result,
      loadMs ? ` (+ model load ${loadMs} ms)` : '',
    );
    return {
      doc,
      docVersion,
      placement: { kind: 'offset' as const, base },
      text,
      model,
      run,
      result,
      params,
      ...(layout ? { layout } : {}),
    };
  });
  if (outcome.status !== 'done') return outcome;
  const last = outcome.value;
  apply(s, last);
  if (!layout) warnIfTruncated(s, last, text.length < target.doc.getText().length && text.length === MAX_CHARS);
  else if (last.run.truncated) {
    // a pair longer than causalLens.maxTokens: the tokenizer's own words on which text was cut where
    const msg = `Causal Lens: the pair is longer than causalLens.maxTokens (${readMax()} tokens): ${last.run.warnings.join('; ')}`;
    s.log.info(msg);
    void vscode.window.showWarningMessage(msg);
  }
  return outcome;
}

/** The explained output as the panel gets it: for a multi-label head, with every label's sigmoid. */
function explainedFor(last: LastRun): ExplainedPayload | undefined {
  const e = last.result.explained;
  if (!e || e.kind !== 'multi-label') return e;
  const logits = last.result.prediction.logits;
  const names = last.model.config.labels;
  return { ...e, labels: logits.map((x, i) => ({ label: names[i] ?? `LABEL_${i}`, score: 1 / (1 + Math.exp(-x)) })) };
}

/** Shows a finished result everywhere at once (status bar, highlights, panel). */
export function apply(s: Services, last: LastRun): void {
  s.last = last;
  const r = last.result;
  const payload = toPayload(r, last.run);
  const explained = explainedFor(last);
  const where = `${preview(last.layout ? last.layout.text : last.text, 60)} · layer ${r.layer}, head ${r.head}`;
  if (explained) {
    const h = explainedHeadline(explained);
    payload.explained = explained;
    // The panel's prediction line and the hover name the explained output ("joy (multi-label)", "[MASK] → great").
    payload.prediction = { label: h.label, score: h.score };
    s.status.prediction(h.label, h.score, `${h.detail}\n${where}`);
  } else s.status.prediction(r.prediction.label, r.prediction.score, where);
  const layout = last.layout;
  if (last.doc.version === last.docVersion && !last.doc.isClosed) {
    const forDoc = layout ? { ...payload, tokens: documentTokens(payload.tokens, layout) } : payload;
    s.highlights.set(last.doc, forDoc, layout ? layout.text : last.text, last.placement);
  }
  s.panel.post({
    type: 'result',
    result: layout ? { ...payload, tokens: layTokens(payload.tokens, layout) } : payload,
    params: runParams(r, last.model, last.params),
    text: layout ? layout.text : last.text,
    ...(layout ? { pairStart: layout.pairStart } : {}),
  });
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
