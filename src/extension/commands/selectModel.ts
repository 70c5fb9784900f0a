// Causal Lens: Select Model — the shipped offline model, the hub default, a local folder or a hub id.
import * as vscode from 'vscode';
import { defaultModelPath, HUB_DEFAULT_MODEL } from '../../model/index';

export async function selectModel(args?: { model?: string }): Promise<string | undefined> {
  const config = vscode.workspace.getConfiguration('causalLens');
  const target = vscode.workspace.workspaceFolders
    ? vscode.ConfigurationTarget.Workspace
    : vscode.ConfigurationTarget.Global;
  if (args?.model !== undefined) {
    await config.update('model', args.model, target);
    return args.model;
  }
  const current = config.get<string>('model', '');
  const items: (vscode.QuickPickItem & { value: 'shipped' | 'hub' | 'folder' | 'id' })[] = [
    {
      label: '$(package) Shipped offline model',
      description: current === '' ? 'current' : '',
      detail: defaultModelPath(),
      value: 'shipped',
    },
    {
      label: `$(cloud-download) ${HUB_DEFAULT_MODEL}`,
      description: current === HUB_DEFAULT_MODEL ? 'current' : 'hub, downloaded once then cached',
      value: 'hub',
    },
    {
      label: '$(folder) Choose a model folder…',
      detail: 'Hugging Face layout: config.json, tokenizer.json, onnx/model.onnx',
      value: 'folder',
    },
    { label: '$(edit) Enter a hub id…', value: 'id' },
  ];
  const pick = await vscode.window.showQuickPick(items, {
    title: 'Causal Lens: model',
    placeHolder: current || 'the shipped offline model',
  });
  if (!pick) return undefined;
  let value: string | undefined;
  if (pick.value === 'shipped') value = '';
  else if (pick.value === 'hub') value = HUB_DEFAULT_MODEL;
  else if (pick.value === 'folder') {
    const uris = await vscode.window.showOpenDialog({
      canSelectFolders: true,
      canSelectFiles: false,
      canSelectMany: false,
      title: 'Model folder',
    });
    value = uris?.[0]?.fsPath;
  } else {
    value = await vscode.window.showInputBox({
      title: 'Hub model id',
      placeHolder: 'owner/name',
      validateInput: (v) => (/^[\w.-]+\/[\w.-]+$/.test(v.trim()) ? null : 'owner/name'),
    });
    value = value?.trim();
  }
  if (value === undefined) return undefined;
  await config.update('model', value, target);
  return value;
}
