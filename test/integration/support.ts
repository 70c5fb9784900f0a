// What every integration suite file needs: the extension's id, the test workspace, and a wait that
// polls a probe (a guard against hangs, never an assertion about time).
import * as vscode from 'vscode';

export const EXT_ID = 'causal-lens.causal-lens';

/** The test workspace folder. */
export const ws = (): string =>
  vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.env.CAUSAL_LENS_IT_WORKSPACE ?? '';

/** Polls `probe` every 100 ms until it returns something truthy; throws after `ms`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | null | false, ms = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
