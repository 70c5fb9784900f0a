// What the status bar and the Explain File summary say about a prediction, in words people read
// correctly: the predicted class with its probability as a percentage ("POSITIVE 87%"), and for a
// file the rows per label ("file: 3 POSITIVE / 2 NEGATIVE"), never a label share that reads like
// a confidence. Pure (no imports): the host, the panel and the unit tests use it.

/** "87%"; near-certain probabilities keep one decimal ("99.7%", "0.4%") instead of rounding to 100% or 0%. */
export function percentText(probability: number): string {
  const pct = 100 * probability;
  return `${pct >= 99.5 || pct < 0.5 ? pct.toFixed(1) : String(Math.round(pct))}%`;
}

/** "POSITIVE 87%". */
export function predictionText(label: string, probability: number): string {
  return `${label} ${percentText(probability)}`;
}

/** "file: 3 POSITIVE / 2 NEGATIVE" (most frequent first, as given). */
export function fileLabelsText(labels: readonly { label: string; count: number }[]): string {
  return `file: ${labels.map((l) => `${l.count} ${l.label}`).join(' / ') || 'no rows'}`;
}
