// The status bar item with the latest prediction (label and its probability, "POSITIVE 87%"), or
// after Explain File the rows per label ("file: 3 POSITIVE / 2 NEGATIVE"); a click opens the panel.
import * as vscode from 'vscode';
import { fileLabelsText, predictionText } from '../shared/statusText';

export class PredictionStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'causalLens.prediction',
    vscode.StatusBarAlignment.Right,
    100,
  );

  constructor() {
    this.item.name = 'Causal Lens prediction';
    this.item.command = 'causalLens.showPanel';
  }

  busy(what: string): void {
    this.item.text = `$(loading~spin) Causal Lens: ${what}`;
    this.item.tooltip = 'Causal Lens is working (cancel from the notification)';
    this.item.show();
  }

  /** `score`: the probability of `label` (the predicted class's softmax, or a multi-label label's sigmoid). */
  prediction(label: string, score: number, detail: string): void {
    this.item.text = `$(symbol-event) ${predictionText(label, score)}`;
    this.item.tooltip = `Causal Lens: the model gives ${label} a probability of ${score.toFixed(4)}\n${detail}\nClick to open the PAG panel.`;
    this.item.show();
  }

  /** After Explain File: how many rows got each label (not a probability). */
  fileLabels(labels: readonly { label: string; count: number }[], detail: string): void {
    this.item.text = `$(symbol-event) ${fileLabelsText(labels)}`;
    this.item.tooltip = `Causal Lens: rows per predicted label\n${detail}\nClick to open the summary in the panel.`;
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
