// The commands for models beyond one text → one label: Explain Sentence Pair (NLI, paraphrase),
// Explain Masked Prediction (a masked LM's word at [MASK]) and Explain Causally for a Label… (pick
// which label of a multi-label head is explained). Each runs the shared explainInput flow, so the
// highlights, hover, panel and status bar are those of Explain Causally.
import * as vscode from 'vscode';
import type { LoadedModel, ModelRun } from '../../model/index';
import { requireMultiLabel } from '../modelKinds';
import type { Outcome } from '../runner';
import type { LastRun, Services } from '../services';
import { maskFromSelection, pairFromSelections } from './editorInputs';
import { activeTextTarget, errorOutcome, explainInput } from './explainSelection';

export interface PairArgs {
  /** The second text (skips the input box when the selection holds one text). */
  pair?: string;
}

/**
 * Two selections (multi-cursor, or a column selection over two lines), or one line with a tab between
 * the texts: both in the document, highlighted in both places. One plain selection: the second text
 * is asked for (or given as `args.pair`); its tokens are shown in the panel only.
 */
export async function explainPair(s: Services, args: PairArgs = {}): Promise<Outcome<LastRun>> {
  const title = 'Explain Sentence Pair';
  const editor = vscode.window.activeTextEditor;
  if (!editor)
    return errorOutcome('open a text editor and select the first text of the pair (or both, with multi-cursor)');
  const fromDoc = pairFromSelections(editor);
  if (typeof fromDoc === 'string') return errorOutcome(fromDoc);
  if (fromDoc) return explainInput(s, title, fromDoc, { pair: fromDoc.pair, between: fromDoc.between });
  const first = activeTextTarget();
  if ('status' in first) return first;
  const second =
    args.pair ??
    (await vscode.window.showInputBox({
      title: `Causal Lens: ${title}`,
      prompt: `The second text of the pair (e.g. the hypothesis); the first is "${first.text.length > 50 ? `${first.text.slice(0, 50)}…` : first.text}". Tip: select both texts with multi-cursor (Alt+click) to highlight both.`,
      placeHolder: 'second text',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'the second text is empty'),
    }));
  if (second === undefined) return { status: 'cancelled' };
  if (!second.trim()) return errorOutcome('the second text of the pair is empty');
  return explainInput(s, title, first, { pair: { text: second.trim(), base: null } });
}

/** The word under the cursor (or selected) is masked; its line is the context. */
export async function explainMasked(s: Services): Promise<Outcome<LastRun>> {
  const target = maskFromSelection(vscode.window.activeTextEditor);
  if (typeof target === 'string') return errorOutcome(target);
  return explainInput(s, 'Explain Masked Prediction', target, { maskRange: target.maskRange });
}

export interface LabelArgs {
  /** The label to explain, by name or index (skips the quick pick). */
  label?: string | number;
}

/** A multi-label head: which label to explain, from a quick pick listing each label's sigmoid. */
async function pickLabel(model: LoadedModel, run: ModelRun, args: LabelArgs): Promise<string | number | undefined> {
  requireMultiLabel(model);
  if (args.label !== undefined) return args.label;
  const items = run.prediction.logits
    .map((x, i) => ({ index: i, label: model.config.labels[i] ?? `LABEL_${i}`, score: 1 / (1 + Math.exp(-x)) }))
    .sort((a, b) => b.score - a.score)
    .map((l) => ({
      label: l.label,
      description: `${l.score.toFixed(3)}${l.score >= 0.5 ? ' · on' : ' · off'}`,
      index: l.index,
    }));
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Causal Lens: which label to explain?',
    placeHolder: 'The explanation: the smallest token set whose replacement moves this label across 0.5',
  });
  return pick?.index;
}

export async function explainLabel(s: Services, args: LabelArgs = {}): Promise<Outcome<LastRun>> {
  const title = 'Explain Causally for a Label';
  const editor = vscode.window.activeTextEditor;
  const label = (model: LoadedModel, run: ModelRun) => pickLabel(model, run, args);
  if (editor && editor.selections.filter((x) => !x.isEmpty).length > 1) {
    const pair = pairFromSelections(editor);
    if (typeof pair === 'string') return errorOutcome(pair);
    if (pair) return explainInput(s, title, pair, { pair: pair.pair, between: pair.between, label });
  }
  const target = activeTextTarget();
  if ('status' in target) return target;
  return explainInput(s, title, target, { label });
}
