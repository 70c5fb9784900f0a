// Issue 13: a two-alternative explanation in the real workbench. The page lists each minimal
// explanation as its own choice and picks the first on arrival; the editor then paints only that
// set. Screenshots in dark, light and high contrast when the runner takes them.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import * as vscode from 'vscode';
import type { Outcome } from '../../../src/extension/runner';
import { waitFor, ws } from '../support';
import { extensionApi, lineSelection, openAt, screenshot, THEMES } from '../workbench';

/** Two explanations of one token each on the shipped model ({boring}, {empty}; `node dist/cli.js explain` shows them). */
const TWO_ALTERNATIVES = 'Beautiful photography, but a boring and empty story.';

describe('A two-alternative explanation in a real VS Code (issue 13)', function () {
  it('the page chooses alternative 1 of 2 and the editor paints only its tokens (screenshots in three themes)', async function () {
    this.timeout(300_000);
    const api = await extensionApi();
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar').then(undefined, () => undefined);
    const workbench = vscode.workspace.getConfiguration('workbench');
    const original = workbench.inspect<string>('colorTheme')?.globalValue;
    try {
      const file = path.join(ws(), 'two-alternatives.txt');
      writeFileSync(file, `${TWO_ALTERNATIVES}\n`);
      const editor = await openAt('two-alternatives.txt', lineSelection(0));
      const choices = () => api.getAcceptedWebviewMessages().filter((m) => m.type === 'showExplanation').length;
      const before = choices();
      const out = (await vscode.commands.executeCommand('causalLens.explainSelection')) as Outcome<unknown>;
      assert.equal(out.status, 'done', JSON.stringify(out));
      const run = api.getLastRun();
      assert.ok(run);
      const ex = run.result.explanation;
      const words = (set: number[]) => set.map((i) => run.result.tokens[i].text);
      assert.deepEqual(ex.sets.map(words), [['boring'], ['empty']], 'the shipped model explains this text two ways');
      await waitFor('the panel to choose alternative 1', () => choices() > before);
      const painted = () =>
        api
          .getDecorationRanges(editor)
          .filter((d) => d.role === 'explanation')
          .map((d) => d.tokenIndex);
      assert.deepEqual(painted(), ex.sets[0], 'only alternative 1 is painted');
      // the cursor on the empty second line: no selection over the highlights, and neither VS Code's
      // word highlight nor (high contrast) its current-line border on the explained line
      editor.selection = new vscode.Selection(1, 0, 1, 0);
      for (const [kind, theme] of THEMES) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        await new Promise((r) => setTimeout(r, 2500)); // the panel re-reads the theme and re-draws
        await screenshot(`two-alternatives-${kind}`);
      }
    } finally {
      await workbench.update('colorTheme', original, vscode.ConfigurationTarget.Global);
    }
  });
});
