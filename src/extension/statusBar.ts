// The status bar item with the latest prediction (label + score); a click opens the panel.
import * as vscode from 'vscode';

export class PredictionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('causalLens.prediction', vscode.StatusBarAlignment.Right, 100);

  constructor() {
    this.item.name = 'Causal Lens prediction';
    this.item.command = 'causalLens.showPanel';
  }

  busy(what: string): void {
    this.item.text = `$(loading~spin) Causal Lens: ${what}`;
    this.item.tooltip = 'Causal Lens is working (cancel from the notification)';
    this.item.show();
  }

  prediction(label: string, score: number, detail: string): void {
    this.item.text = `$(symbol-event) ${label} ${score.toFixed(2)}`;
    this.item.tooltip = `Causal Lens: ${label} (score ${score.toFixed(4)})\n${detail}\nClick to open the PAG panel.`;
    this.item.show();
  }

  idle(text: string): void {
    this.item.text = `$(symbol-event) ${text}`;
    this.item.tooltip = 'Causal Lens';
    this.item.show();
  }

  get text(): string {
    return this.item.text;
  }

  dispose(): void {
    this.item.dispose();
  }
}
