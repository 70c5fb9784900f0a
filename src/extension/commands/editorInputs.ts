// What the editor's selections ask to explain, beyond one text: a sentence pair (two selections, made
// with multi-cursor — Alt+click/drag or a column selection over two lines — or one selected line with
// one tab between the two texts, as in a .tsv row) and a masked word (a one-word selection, or the
// cursor in a word; its line is the context the masked LM reads).
import * as vscode from 'vscode';
import type { PairSource } from '../pairLayout';
import type { TextTarget } from './explainSelection';

/** A trimmed, non-blank piece of the document: its text and document offset. */
interface Piece {
  text: string;
  base: number;
}

function trimmed(doc: vscode.TextDocument, range: vscode.Range): Piece | null {
  const raw = doc.getText(range);
  const text = raw.trim();
  if (!text) return null;
  return { text, base: doc.offsetAt(range.start) + (raw.length - raw.trimStart().length) };
}

export interface PairTarget extends TextTarget {
  pair: PairSource;
  between: string;
}

/**
 * The pair the selections hold: two non-empty selections (in document order: the first is text A,
 * e.g. the premise), or one single-line selection with exactly one tab. null when the selections are
 * one plain text; a string when they cannot be read as a pair (the reason).
 */
export function pairFromSelections(editor: vscode.TextEditor): PairTarget | string | null {
  const doc = editor.document;
  const ranges = editor.selections
    .filter((s) => !s.isEmpty)
    .sort((a, b) => doc.offsetAt(a.start) - doc.offsetAt(b.start));
  if (ranges.length > 2)
    return `${ranges.length} ranges are selected: select one text, or two (multi-cursor) for a sentence pair`;
  let a: Piece | null, b: Piece | null;
  if (ranges.length === 2) {
    a = trimmed(doc, ranges[0]);
    b = trimmed(doc, ranges[1]);
    if (!a || !b) return 'one of the two selections is blank: a sentence pair needs two texts';
  } else {
    const sel = ranges[0];
    if (!sel || sel.start.line !== sel.end.line) return null;
    const raw = doc.getText(sel);
    const tabs = raw.split('\t').length - 1;
    if (tabs !== 1) return null;
    const at = doc.offsetAt(sel.start) + raw.indexOf('\t');
    a = trimmed(doc, new vscode.Range(sel.start, doc.positionAt(at)));
    b = trimmed(doc, new vscode.Range(doc.positionAt(at + 1), sel.end));
    if (!a || !b) return null;
  }
  const between = doc.getText(new vscode.Range(doc.positionAt(a.base + a.text.length), doc.positionAt(b.base)));
  return { doc, text: a.text, base: a.base, pair: { text: b.text, base: b.base }, between };
}

export interface MaskTarget extends TextTarget {
  maskRange: [number, number];
  word: string;
}

/** Words: letters, digits, marks, apostrophes and hyphens inside a word. */
const WORD = /[\p{L}\p{N}\p{M}]+(?:['’-][\p{L}\p{N}\p{M}]+)*/u;

/**
 * The word to predict and its context: the selected word (or the word under the cursor) and the
 * trimmed line that holds it; maskRange indexes into that line. A string says why there is none.
 */
export function maskFromSelection(editor: vscode.TextEditor | undefined): MaskTarget | string {
  if (!editor) return 'open a text editor and select the word to predict';
  const doc = editor.document;
  const sel = editor.selection;
  if (editor.selections.filter((s) => !s.isEmpty).length > 1)
    return 'select one word (the word to predict), not several ranges';
  if (sel.start.line !== sel.end.line)
    return 'select one word on one line: the word is predicted from the line around it';
  let range: vscode.Range | undefined = sel;
  if (sel.isEmpty) {
    range = doc.getWordRangeAtPosition(sel.active, new RegExp(WORD.source, 'u'));
    if (!range) return 'put the cursor in a word, or select the word to predict';
  }
  const raw = doc.getText(range);
  const word = raw.trim();
  if (!word) return 'the selection is blank: select the word to predict';
  if (/\s/.test(word))
    return `select one word to predict, not "${word.length > 40 ? `${word.slice(0, 40)}…` : word}" (the masked LM fills one position)`;
  const line = doc.lineAt(sel.start.line);
  const lead = line.text.length - line.text.trimStart().length;
  const text = line.text.trim();
  const wordStart = range.start.character + (raw.length - raw.trimStart().length) - lead;
  if (text === word) return `the line holds only "${word}": a masked LM needs context around the word`;
  return {
    doc,
    text,
    base: doc.offsetAt(line.range.start) + lead,
    maskRange: [wordStart, wordStart + word.length],
    word,
  };
}
