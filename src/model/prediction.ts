// A prediction from logits: the softmax's argmax, or for a multi-label head the highest sigmoid.
import type { Prediction } from './loadedModel';

function softmax(logits: number[]): number[] {
  const m = Math.max(...logits);
  const e = logits.map((x) => Math.exp(x - m));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((x) => x / s);
}

/** multiLabel: one sigmoid per label, the highest one reported; else the softmax's argmax. */
export function predictionFrom(logits: number[], labels: string[], multiLabel = false): Prediction {
  const probs = multiLabel ? logits.map((x) => 1 / (1 + Math.exp(-x))) : softmax(logits);
  let labelIndex = 0;
  for (let i = 1; i < probs.length; i++) if (probs[i] > probs[labelIndex]) labelIndex = i;
  return { label: labels[labelIndex] ?? `LABEL_${labelIndex}`, score: probs[labelIndex], labelIndex, logits };
}
