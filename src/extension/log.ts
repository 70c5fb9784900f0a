// The "Causal Lens" output channel: one line per run with its timings. Lines are also kept in
// memory (bounded) so the integration tests can read what a user would see.
import * as vscode from 'vscode';

export class RunLog implements vscode.Disposable {
  private readonly channel = vscode.window.createOutputChannel('Causal Lens');
  readonly lines: string[] = [];

  info(line: string): void {
    const stamped = `[${new Date().toISOString().slice(11, 23)}] ${line}`;
    this.channel.appendLine(stamped);
    this.lines.push(stamped);
    if (this.lines.length > 2000) this.lines.splice(0, 1000);
  }

  show(): void {
    this.channel.show(true);
  }

  dispose(): void {
    this.channel.dispose();
  }
}

/** "model 120 ms · correlation 3 ms · …" from a timings object. */
export function formatTimings(t: Record<string, number | undefined>): string {
  return Object.entries(t)
    .filter((e): e is [string, number] => typeof e[1] === 'number')
    .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
    .join(' · ');
}

/** A short, single-line preview of a text for logs and messages. */
export function preview(text: string, max = 48): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}
