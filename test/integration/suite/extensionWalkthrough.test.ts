// The walkthrough's sample in a real VS Code, and Clear Highlights (last: it clears the shown result).
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CausalLensApi } from '../../../src/extension/extension';
import type { LastRun } from '../../../src/extension/services';
import type { Outcome } from '../../../src/extension/runner';
import { EXT_ID } from '../support';
import { extensionApi, openAt, screenshot } from '../workbench';

describe('Causal Lens in a real VS Code: the walkthrough, Clear Highlights', function () {
  let api: CausalLensApi;

  before(async function () {
    api = await extensionApi();
  });

  it('the walkthrough opens and its sample text is ready to explain', async () => {
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXT_ID}#causalLens.firstRun`, false);
    await new Promise((r) => setTimeout(r, 1500));
    await screenshot('walkthrough');
    assert.equal(await vscode.commands.executeCommand('causalLens.openSample'), true);
    const ed = vscode.window.activeTextEditor!;
    assert.match(ed.document.getText(ed.selection), /acting was wonderful/);
    const out = (await vscode.commands.executeCommand('causalLens.explainSelection')) as Outcome<LastRun>;
    assert.equal(out.status, 'done');
    assert.equal(api.getLastRun()!.doc.isUntitled, true, 'works on an unsaved editor too');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('Clear Highlights removes every highlight', async () => {
    const editor = await openAt('sample.txt');
    await vscode.commands.executeCommand('causalLens.clearHighlights');
    assert.deepEqual(api.getDecorationRanges(editor), []);
    assert.equal(api.getLastRun(), null);
  });
});
