// What the suites driving the editor share: open a workspace file with a selection, select a line,
// ask the runner for a screenshot, the extension's API, and the results among the panel's messages.
import assert from 'node:assert/strict';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { CausalLensApi } from '../../src/extension/extension';
import type { HostToWebview, ResultMessage } from '../../src/protocol';
import { EXT_ID, waitFor, ws } from './support';

/** The extension's API, activating it if no earlier suite file has. */
export async function extensionApi(): Promise<CausalLensApi> {
  const ext = vscode.extensions.getExtension<CausalLensApi>(EXT_ID);
  assert.ok(ext, `${EXT_ID} is installed in the test instance`);
  return ext.isActive ? ext.exports : await ext.activate();
}

export async function openAt(
  file: string,
  select?: (doc: vscode.TextDocument) => vscode.Selection,
): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(path.join(ws(), file));
  const editor = await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.One, preview: false });
  if (select) editor.selection = select(doc);
  return editor;
}

/** The workbench themes the screenshots are taken in: [file-name suffix, VS Code theme]. */
export const THEMES = [
  ['dark', 'Default Dark Modern'],
  ['light', 'Default Light Modern'],
  ['high-contrast', 'Default High Contrast'],
] as const;

/** A screenshot of the workbench taken by the runner (scripts/vscode-web-test.mjs), when it runs us. */
export async function screenshot(name: string): Promise<void> {
  const dir = process.env.CAUSAL_LENS_SHOT_DIR;
  if (!dir) return;
  writeFileSync(path.join(dir, `${name}.request`), '');
  await waitFor(
    `screenshot ${name}`,
    () => existsSync(path.join(dir, `${name}.png`)) && !existsSync(path.join(dir, `${name}.request`)),
    20_000,
  );
}

export const lineSelection = (line: number) => (doc: vscode.TextDocument) =>
  new vscode.Selection(doc.lineAt(line).range.start, doc.lineAt(line).range.end);
export const resultsIn = (msgs: HostToWebview[]) => msgs.filter((m): m is ResultMessage => m.type === 'result');
