// The webview side of the VS Code API: typed postMessage and persisted state.
import type { PanelState, WebviewToHost } from '../src/protocol';

interface VsCodeApi {
  postMessage(msg: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

let api: VsCodeApi | undefined;

/** acquireVsCodeApi may be called once per page; cache it. */
function vscode(): VsCodeApi {
  if (!api) api = acquireVsCodeApi();
  return api;
}

export function post(msg: WebviewToHost): void {
  vscode().postMessage(msg);
}

export function saveState(state: PanelState): void {
  vscode().setState(state);
}

export function savedState(): unknown {
  return vscode().getState();
}
