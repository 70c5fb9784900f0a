// The panel's listeners live and die with the panel (issue 14): closing and reopening it 20 times
// leaves the listeners of the one open panel, not 20 panels' worth piled on the controller.
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { CausalLensApi } from '../../../src/extension/extension';
import { waitFor } from '../support';
import { extensionApi } from '../workbench';

const panelTabs = () =>
  vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('causalLens.panel'));

describe('Panel lifetime in a real VS Code', function () {
  let api: CausalLensApi;

  before(async function () {
    api = await extensionApi();
  });

  it("reopening the panel 20 times keeps one panel's listeners, and closing it leaves none", async function () {
    for (const tab of panelTabs()) await vscode.window.tabGroups.close(tab);
    await waitFor('no panel open', () => panelTabs().length === 0 && api.getPanelListenerCount() === 0);
    await vscode.commands.executeCommand('causalLens.showPanel');
    await waitFor('the panel open', () => panelTabs().length === 1);
    const perPanel = api.getPanelListenerCount();
    assert.ok(perPanel > 0, 'an open panel has listeners');
    for (let i = 0; i < 20; i++) {
      for (const tab of panelTabs()) await vscode.window.tabGroups.close(tab);
      await waitFor(`panel ${i + 1} closed`, () => panelTabs().length === 0 && api.getPanelListenerCount() === 0);
      await vscode.commands.executeCommand('causalLens.showPanel');
      await waitFor(`panel ${i + 2} open`, () => panelTabs().length === 1 && api.getPanelListenerCount() > 0);
    }
    assert.equal(api.getPanelListenerCount(), perPanel, 'the same listeners as one panel after 20 reopenings');
    for (const tab of panelTabs()) await vscode.window.tabGroups.close(tab);
    await waitFor('the last panel closed', () => api.getPanelListenerCount() === 0);
  });
});
