// Turns a pipeline ExplainResult into the panel's ExplainResultPayload. The engine's evidence is a
// list per explanation set; the protocol's is one object with optional fields, so it is mapped
// here (the per-set lists are kept whole under `perSet` for the panel and the JSON export).
import type { ModelRun } from '../model/index';
import type { ExplainResult } from '../pipeline/index';
import type { IcdIteration } from '../engine/index';
import {
  LIVE_EDGE_LIMIT,
  type EdgeEvidence,
  type ExplainResultPayload,
  type ExplanationEvidence,
  type ExplanationPayload,
  type HeadChoice,
  type IterationMessage,
  type PdsTreeNode,
} from '../protocol';

export function explanationEvidence(r: Pick<ExplainResult, 'explanation'>): ExplanationEvidence {
  const e = r.explanation;
  const tree = new Map<number, PdsTreeNode>();
  const edges = new Map<string, EdgeEvidence>();
  for (const set of e.evidence) {
    for (const p of set.paths) {
      p.path.forEach((node, i) => {
        if (!tree.has(node)) tree.set(node, { node, parent: i === 0 ? null : p.path[i - 1], depth: i });
      });
    }
    for (const edge of set.edges) edges.set(`${edge.a},${edge.b}`, { a: edge.a, b: edge.b });
    for (const sep of set.sepsets) {
      const a = Math.min(sep.a, sep.b),
        b = Math.max(sep.a, sep.b);
      edges.set(`${a},${b}`, { ...(edges.get(`${a},${b}`) ?? { a, b }), sepset: sep.set });
    }
  }
  const note = e.kind === 'candidate-set' ? 'no tester: the explanation is the full candidate set' : undefined;
  return {
    tested: e.kind === 'tested',
    ...(note ? { note } : {}),
    pdsTree: [...tree.values()].sort((x, y) => x.depth - y.depth || x.node - y.node),
    edges: [...edges.values()],
    perSet: e.evidence,
    distances: e.distances,
    treeDepth: e.treeDepth,
  };
}

/** The explanation as the panel shows it: sets with the heads behind each, or plainly none and the closest partial set. */
export function explanationPayload(r: ExplainResult): ExplanationPayload {
  const e = r.explanation;
  const heads = (origins: number[]): HeadChoice[] => origins.map((o) => r.sources[o] ?? o);
  return {
    target: e.target,
    sets: e.sets,
    candidates: e.candidates,
    testsRun: e.testsRun,
    evidence:
      r.head === 'each' && r.pagHead !== undefined
        ? {
            ...explanationEvidence(r),
            note: `one PAG per head; the graph shows head ${r.pagHead}'s PAG (the head behind the first result)`,
          }
        : explanationEvidence(r),
    kind: e.kind,
    summary: r.search?.summary,
    minimality: e.minimality,
    partial: e.best ? { set: e.best.set, drop: e.best.drop, heads: heads(e.best.origins) } : null,
    setHeads: e.origins.map(heads),
  };
}

/** The payload the panel gets for one result. */
export function toPayload(
  r: ExplainResult,
  run: Pick<ModelRun, 'truncated'> & Partial<Pick<ModelRun, 'warnings'>>,
): ExplainResultPayload {
  return {
    model: r.model,
    prediction: { label: r.prediction.label, score: r.prediction.score },
    tokens: r.tokens,
    layer: r.layer,
    head: r.head,
    pag: r.pag,
    explanation: explanationPayload(r),
    ...(r.explained ? { explained: r.explained } : {}),
    baselines: r.baselines,
    timings: r.timings,
    ciTests: r.ciTests,
    truncated: run.truncated ?? r.truncated,
    // The model run's own warnings (truncation) have an editor notification; the rest name their setting.
    warnings: r.warnings
      .filter((w) => !(run.warnings ?? []).includes(w))
      .map((w) =>
        /stopped after \d+ model runs/.test(w)
          ? `${w} (raise the causalLens.maxModelRuns setting to search further)`
          : w,
      ),
  };
}

/** The panel's live-ICD message: edges only, and none past LIVE_EDGE_LIMIT (see protocol.ts). */
export function iterationMessage(it: IcdIteration): IterationMessage {
  const edges = it.pag.edges.length;
  const msg: IterationMessage = { type: 'iteration', r: it.r, edges, ciTests: it.ciTests };
  if (edges <= LIVE_EDGE_LIMIT)
    msg.pag = { n: it.pag.n, edges: it.pag.edges, sepsets: [], iterations: it.pag.iterations };
  return msg;
}
