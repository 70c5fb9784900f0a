// One dataset row's result as one JSON line of `causal-lens explain --file`: where the row is, what
// the model predicted and the explanation's tokens with their character ranges. Everything but
// `timings` depends only on the text, the model and the options, so runs can be compared row by row.
import { explainText, type ExplainOptions, type ExplainResult } from '../pipeline';
import type { LoadedModel } from '../model';

/** The explain options a file run passes to every row (structured-cloneable: sent to workers). */
export type RowOptions = Omit<ExplainOptions, 'signal' | 'learner' | 'onProgress' | 'onIteration'>;

/** pair: a sentence pair's second text (--pair-column / --pair-field). */
export interface RowInput {
  line: number;
  row: number;
  text: string;
  pair?: string;
}

export function rowRecord(input: RowInput, r: ExplainResult): Record<string, unknown> {
  // a pair's second-text tokens say so: their ranges index into `pair`
  const tok = (i: number) => ({
    index: i,
    text: r.tokens[i].text,
    start: r.tokens[i].start,
    end: r.tokens[i].end,
    ...(r.tokens[i].segment === 1 ? { segment: 1 } : {}),
  });
  const ex = r.explanation;
  const heads = (origins: number[]) => origins.map((o) => r.sources[o]);
  return {
    line: input.line,
    row: input.row,
    text: input.text,
    ...(input.pair !== undefined ? { pair: input.pair } : {}),
    label: r.prediction.label,
    score: r.prediction.score,
    explanation: ex.sets.map((set) => set.map(tok)),
    ...(r.head === 'each' ? { explanationHeads: ex.origins.map(heads) } : {}),
    kind: ex.kind,
    best: ex.best ? { tokens: ex.best.set.map(tok), drop: ex.best.drop } : null,
    search: { stop: ex.stop, modelRuns: ex.testsRun, summary: r.search.summary },
    candidates: ex.candidates,
    layer: r.layer,
    head: r.head,
    pagEdges: r.pag.edges.length,
    baselines: r.baselines ? { rawAttention: r.baselines.rawAttention.size, rollout: r.baselines.rollout.size } : null,
    truncated: r.truncated,
    warnings: r.warnings,
    timings: r.timings,
  };
}

export async function explainRow(
  model: LoadedModel,
  input: RowInput,
  opts: RowOptions,
  signal?: AbortSignal,
): Promise<Record<string, unknown>> {
  return rowRecord(
    input,
    await explainText(model, input.text, {
      ...opts,
      signal,
      ...(input.pair !== undefined ? { pair: input.pair } : {}),
    }),
  );
}
