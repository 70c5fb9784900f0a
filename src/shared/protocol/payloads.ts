// The host ↔ webview protocol's data shapes: the PAG's (from pagNotation.ts) and the pipeline's
// ExplainResult restated structurally as payloads, so the webview needs nothing of the host's code.
import type { Mark, PagEdgeJson, PagJson, SepsetJson } from '../pagNotation';

export type { Mark, PagJson };
/** An edge a–b with the mark at each end; a < b, markA is the mark at a's end. */
export type PagEdge = PagEdgeJson;
/** A separating set found for the removed (absent) edge a–b. */
export type PagSepset = SepsetJson;

/** One model token; start/end are UTF-16 offsets into the explained text (specials: start = end).
 *  segment: sentence pairs only, 0 = the first text, 1 = the second. */
export interface TokenInfo {
  text: string;
  start: number;
  end: number;
  special: boolean;
  segment?: 0 | 1;
}

/** The output an explanation is about, and what a counterfactual must do to it to count. */
export interface ExplainedPayload {
  /** 'single-label': the softmax's predicted class; 'multi-label': one label's sigmoid; 'masked-token': the token predicted at the mask. */
  kind: 'single-label' | 'multi-label' | 'masked-token';
  label: string;
  labelIndex: number;
  /** The label's probability (softmax, or its sigmoid for multi-label). */
  score: number;
  /** The token explained (the classifier's first token, or the mask). */
  token: number;
  /** The flip in words, e.g. 'the predicted class changes from "POSITIVE"'. */
  flip: string;
  /** multi-label: every label with its sigmoid, in the model's order (what the user may choose from). */
  labels?: { label: string; score: number }[];
}

/** Optional per-edge provenance the engine may report (which ICD iteration removed/oriented it). */
export interface EdgeEvidence {
  a: number;
  b: number;
  /** ICD iteration r at which the edge was removed (absent edges only). */
  removedAt?: number;
  /** ICD iteration r after which an end was oriented. */
  orientedAt?: number;
  /** Orientation rule that set a mark, e.g. "R0", "R4". */
  rule?: string;
  sepset?: number[];
}

/** PDS-tree node: CLEANN's candidate search tree rooted at the target. */
export interface PdsTreeNode {
  node: number;
  parent: number | null;
  depth: number;
}

/**
 * Evidence behind an explanation. Every field is optional: the panel shows what is present.
 * Unknown extra fields are kept and shown in the raw JSON export.
 */
export interface ExplanationEvidence {
  /** True when a model-based tester confirmed the sets (the prediction flips without them). */
  tested?: boolean;
  /** Human-readable note, e.g. "no tester: the full candidate set". */
  note?: string;
  pdsTree?: PdsTreeNode[];
  edges?: EdgeEvidence[];
  /** Label the model predicted with each set removed, parallel to `sets`. */
  flippedTo?: string[];
  [extra: string]: unknown;
}

export interface ExplanationPayload {
  /** Token index being explained (the [CLS] for a classifier). */
  target: number;
  /** Every minimal explanation of the smallest size found (token indices). */
  sets: number[][];
  /** The full candidate set (PDS-tree nodes). */
  candidates: number[];
  evidence: ExplanationEvidence;
  testsRun?: number;
  /**
   * 'tested': `sets` are explanations the model confirmed (the prediction flips without them);
   * 'partial': none was found within the search's budget — `sets` is empty, see `partial`;
   * 'candidate-set': no tester, `sets` is the full candidate set.
   */
  kind?: 'tested' | 'partial' | 'candidate-set';
  /** One sentence on the search's outcome: what was found, or plainly why nothing was. */
  summary?: string;
  /**
   * kind 'tested': 'smallest' — no smaller set flips (the reference's search); 'irreducible' — found by
   * the greedy fallback, no single member can go but a smaller set may exist; 'unpruned' — greedy, not pruned.
   */
  minimality?: 'smallest' | 'irreducible' | 'unpruned' | null;
  /** kind 'partial': the tested set that lowered the predicted class's probability the most. NOT an explanation. */
  partial?: { set: number[]; drop: number; heads?: HeadChoice[] } | null;
  /** Parallel to `sets`: the attention heads whose PAG proposed each set ('mean': the heads' average). */
  setHeads?: HeadChoice[][];
}

/** A baseline ranking (raw attention to the target, or attention rollout) and what it explains. */
export interface BaselinePayload {
  /** First explanation found along the ranking, or null if none within the size limit. */
  set: number[] | null;
  size: number | null;
  /** Token indices, most attended first. */
  ranking: number[];
  testsRun?: number;
}

export interface BaselinesPayload {
  rawAttention: BaselinePayload;
  rollout: BaselinePayload;
}

/** Milliseconds per stage. */
export interface TimingsPayload {
  model?: number;
  correlation?: number;
  pag?: number;
  explanation?: number;
  baselines?: number;
  total?: number;
}

/** The head choice: one head index, or the average over heads. */
export type HeadChoice = number | 'mean';
/** How the explanation search uses the heads: one head, their mean, or 'each' (one PAG per head, explanations over all of them). */
export type HeadMode = HeadChoice | 'each';

/** The parameters a result was computed with, and what the user may choose from. */
export interface RunParams {
  alpha: number;
  samples: number;
  layer: number;
  head: HeadMode;
  /** Number of layers of the model (valid layers: 0 … layers-1). */
  layers: number;
  /** Number of heads per layer (valid heads: 0 … heads-1, plus 'mean' and 'each'). */
  heads: number;
}

/** One explanation, as `causal-lens explain --json` prints it plus run bookkeeping. */
export interface ExplainResultPayload {
  model: string;
  prediction: { label: string; score: number };
  tokens: TokenInfo[];
  layer: number;
  head: HeadMode;
  pag: PagJson;
  explanation: ExplanationPayload;
  /** Which output is explained (class, multi-label label, masked token); absent in older results. */
  explained?: ExplainedPayload;
  baselines: BaselinesPayload | null;
  timings: TimingsPayload;
  /** Number of CI tests the PAG learner ran. */
  ciTests?: number;
  /** Set when the input was cut to the model's maximum length. */
  truncated?: { keptChars: number; totalTokens: number } | null;
  /** What the user should know about this result (e.g. the explanation search hit its model-run budget). */
  warnings?: string[];
}
