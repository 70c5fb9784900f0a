// A dataset's label, as spelled in the file, to the model's output index through its id2label:
// a label name (exact, else ignoring case) or an output index written as digits.

/** The model output index `label` means, or a reason it means none. */
export function labelIndex(label: string, labels: readonly string[]): number | { reason: string } {
  const exact = labels.indexOf(label);
  if (exact >= 0) return exact;
  const lower = label.toLowerCase();
  const folded = labels.findIndex((l) => l.toLowerCase() === lower);
  if (folded >= 0) return folded;
  if (/^\d+$/.test(label) && Number(label) < labels.length) return Number(label);
  return {
    reason: `label ${JSON.stringify(label)} is neither one of the model's labels (${labels.join(', ')}) nor an index 0–${labels.length - 1}`,
  };
}
