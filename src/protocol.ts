// The host ↔ webview message protocol of the PAG panel.
// Both the extension host (Node) and the webview bundle (browser) import this file, so it imports
// only src/shared/ (code without imports either side can take): the PAG's data shapes come from
// there; the pipeline's result is restated structurally as the payloads below.
// Every message is a discriminated union on `type`. Messages from the webview are untrusted
// input and go through `parseWebviewMessage` before the host acts on them.

// ---------------------------------------------------------------------------------------------
// Data shapes (the PAG's from src/shared; the pipeline's ExplainResult restated as payloads)

import type { Mark, PagEdgeJson, PagJson, SepsetJson } from './shared/pagNotation';

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

/** What a comparison puts side by side: the layers (Compare Layers), or the heads of one layer and
 *  their mean, the consensus (Compare Heads). */
export type CompareAxis = 'layer' | 'head';
/** An entry's place on the axis: a layer number, or a head number or 'mean'. */
export type CompareKey = number | 'mean';

/** One PAG and explanation of a comparison (one layer, or one head of a layer). */
export interface CompareEntryPayload {
  layer: number;
  head: HeadChoice;
  pag: PagJson;
  explanation: ExplanationPayload;
  timings?: TimingsPayload;
}

/** The entry's key on the comparison's axis. */
export function compareKey(axis: CompareAxis | undefined, e: Pick<CompareEntryPayload, 'layer' | 'head'>): CompareKey {
  return axis === 'head' ? e.head : e.layer;
}

/** Axis order of two keys: layers or heads ascending, the heads' mean last (a sort comparator). */
export function compareKeyOrder(a: CompareKey, b: CompareKey): number {
  const rank = (k: CompareKey): number => (k === 'mean' ? Number.MAX_SAFE_INTEGER : k);
  return rank(a) - rank(b);
}

/** "Layer 3", "Head 1", "Mean of heads". */
export function compareLabel(axis: CompareAxis | undefined, key: CompareKey): string {
  if (axis === 'head') return key === 'mean' ? 'Mean of heads' : `Head ${key}`;
  return `Layer ${key}`;
}

/** Differences between one entry and the reference entry (see webview/diff.ts). */
export interface CompareDiffPayload {
  key: CompareKey;
  reference: CompareKey;
  /** Edges present in this entry and absent in the reference, as [a, b] with a < b. */
  gained: [number, number][];
  /** Edges present in `reference` and absent in `layer`. */
  lost: [number, number][];
  /** Edges present in both whose marks differ. */
  remarked: [number, number][];
  /** Tokens in both explanations (union over sets), and the Jaccard index of the two unions. */
  overlap: number[];
  jaccard: number;
}

// ---------------------------------------------------------------------------------------------
// Host → webview

export interface ResultMessage {
  type: 'result';
  result: ExplainResultPayload;
  params: RunParams;
  /** The explained text (for the sentence view); tokens' offsets index into it. */
  text?: string;
  /**
   * Sentence pairs: where the second text starts in `text` (segment-1 tokens' offsets already
   * include it). `text` is the document between and including both selections, or the first text,
   * a separator and the typed second text.
   */
  pairStart?: number;
}

/** Most edges an iteration message carries: a larger graph (ICD's first round starts complete: ~15k
 *  edges at 173 tokens) is too dense to draw live, and serialising it stalled the extension host. */
export const LIVE_EDGE_LIMIT = 1500;

/** Anytime PAG stream: the PAG after ICD iteration r. `pag` (edges only, sepsets left out) is present
 *  when it has at most LIVE_EDGE_LIMIT edges; `edges` is the count either way. */
export interface IterationMessage {
  type: 'iteration';
  r: number;
  edges: number;
  pag?: PagJson;
  ciTests?: number;
}

export interface ProgressMessage {
  type: 'progress';
  stage: string;
  fraction: number;
}

export interface CompareMessage {
  type: 'compare';
  /** Absent: 'layer'. */
  axis?: CompareAxis;
  model: string;
  prediction: { label: string; score: number };
  tokens: TokenInfo[];
  entries: CompareEntryPayload[];
  /** The entry the diffs are taken against (the deepest layer; the heads' mean): one of the entries' keys. */
  reference: CompareKey;
  /** Precomputed diffs; when absent the webview computes them with webview/diff.ts. */
  diffs?: CompareDiffPayload[];
  text?: string;
}

export interface BusyMessage {
  type: 'busy';
  busy: boolean;
  message?: string;
}

/**
 * How the panel draws explanation tokens: the user's `causalLens.highlight.explanationColor` (a CSS
 * colour), or null for the theme colour `causalLens.explanationBackground`, as the editor does.
 * Sent when the panel says 'ready' and whenever the setting changes.
 */
export interface AppearanceMessage {
  type: 'appearance';
  explanationColor: string | null;
}
/** One explained row of a dataset file (Explain File). */
export interface FileRowPayload {
  /** 1-based line of the row in the file. */
  line: number;
  label: string;
  /** The predicted class's probability. */
  score: number;
  /** The first minimal explanation's tokens; null: none within the search budget. */
  explanation: string[] | null;
  /** How many alternative minimal explanations the row has (absent: 0 or 1). */
  alternatives?: number;
}

/** Explain File's summary: every row with its prediction and explanation, the malformed rows, and "Write results". */
export interface FileSummaryMessage {
  type: 'fileSummary';
  /** The file's workspace-relative name. */
  file: string;
  rows: FileRowPayload[];
  malformed: { line: number; reason: string }[];
  /** Rows per predicted label, most frequent first. */
  labels: { label: string; count: number }[];
  cancelled: boolean;
  /** Where "Write results" writes; null: the results cannot be written (not a file on disk, or no row explained). */
  resultsPath: string | null;
  /** Where the results were written, once they are. */
  written: string | null;
}

export interface ErrorMessage {
  type: 'error';
  message: string;
}
export interface ClearMessage {
  type: 'clear';
}

export type HostToWebview =
  | ResultMessage
  | IterationMessage
  | ProgressMessage
  | CompareMessage
  | BusyMessage
  | ErrorMessage
  | ClearMessage
  | AppearanceMessage
  | FileSummaryMessage;

// ---------------------------------------------------------------------------------------------
// Webview → host

/** The webview has loaded and listens; the host may now post. */
export interface ReadyMessage {
  type: 'ready';
}

/**
 * Re-run with other parameters. alpha/samples re-run the engine only (no model run); layer/head
 * pick other attention from the same model run; label (multi-label models: the label's index)
 * explains another label of the same run. At least one field is present.
 */
export interface RerunMessage {
  type: 'rerun';
  alpha?: number;
  samples?: number;
  layer?: number;
  head?: HeadMode;
  label?: number;
}

/** Reveal and select token `index`'s character range in the editor. */
export interface RevealTokenMessage {
  type: 'revealToken';
  index: number;
}

export type ExportFormat = 'json' | 'dot' | 'svg' | 'png';

/**
 * Save the current view. `data` carries what the webview produced: JSON text, DOT text,
 * SVG markup, or a PNG data URL (`data:image/png;base64,…`). svg and png require it.
 */
export interface ExportMessage {
  type: 'export';
  format: ExportFormat;
  data?: string;
}

export interface CancelMessage {
  type: 'cancel';
}

/**
 * Highlight one alternative explanation in the editor: `set` indexes the shown result's
 * explanation.sets; null = every set (the union). Hovering an alternative in the panel sends it,
 * leaving sends the chosen one again.
 */
export interface ShowExplanationMessage {
  type: 'showExplanation';
  set: number | null;
}

/** Explain File summary: reveal the row at this 1-based line of the explained file. */
export interface RevealRowMessage {
  type: 'revealRow';
  line: number;
}

/** Explain File summary: write the results next to the file (never over an existing file without asking). */
export interface WriteResultsMessage {
  type: 'writeResults';
}

export type WebviewToHost =
  | ReadyMessage
  | RerunMessage
  | RevealTokenMessage
  | ExportMessage
  | CancelMessage
  | ShowExplanationMessage
  | RevealRowMessage
  | WriteResultsMessage;

// ---------------------------------------------------------------------------------------------
// Persisted webview state (vscode.getState/setState; the host's WebviewPanelSerializer passes it
// back unchanged on reload).

export interface PanelUiState {
  view: 'result' | 'compare' | 'file';
  selectedToken: number | null;
  mergePieces: boolean;
  hideIsolatedSpecials: boolean;
  /** Draw only the edges at the explanation, the target and the selected token (dense PAGs). */
  focusEdges?: boolean;
  /** The alternative explanation shown (index into explanation.sets); null or absent: all of them. */
  chosenSet?: number | null;
  /** How the PAG is drawn: 'auto' picks 'neighbourhood' for long texts, 'graph' otherwise. */
  graphView?: GraphViewMode;
}

/** The PAG as the explanation's neighbourhood, the whole node-link drawing, or an adjacency matrix. */
export type GraphViewMode = 'auto' | 'neighbourhood' | 'graph' | 'matrix';

export interface PanelState {
  version: 1;
  result: ResultMessage | null;
  compare: CompareMessage | null;
  /** The last Explain File summary (absent in states saved before it existed). */
  file?: FileSummaryMessage | null;
  ui: PanelUiState;
}

// ---------------------------------------------------------------------------------------------
// Validation of webview → host messages

/** Bounds for rerun parameters: α is a p-value threshold, samples the Fisher-z sample size. */
export const LIMITS = {
  alphaMin: 1e-12,
  alphaMax: 0.5,
  samplesMin: 4,
  samplesMax: 10_000_000,
  maxLayer: 1024,
  maxHead: 1024,
  maxTokenIndex: 1_000_000,
  /** Most labels a multi-label head may have (rerun's label index). */
  maxLabel: 100_000,
  /** Most alternative explanations a result can list. */
  maxSetIndex: 100_000,
  /** Largest line number a revealRow may name. */
  maxLine: 1_000_000_000,
  /** Largest export payload accepted (characters). */
  maxExportChars: 64 * 1024 * 1024,
} as const;

export const EXPORT_FORMATS: readonly ExportFormat[] = ['json', 'dot', 'svg', 'png'];

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isIntIn(x: unknown, min: number, max: number): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= min && x <= max;
}

function isFiniteIn(x: unknown, min: number, max: number): x is number {
  return typeof x === 'number' && Number.isFinite(x) && x >= min && x <= max;
}

/** Only the listed keys (plus `type`) may appear: an unexpected key means a malformed message. */
function onlyKeys(x: Record<string, unknown>, allowed: readonly string[]): boolean {
  return Object.keys(x).every((k) => k === 'type' || allowed.includes(k));
}

const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/;

// Is an exported string an SVG document? Checked by scanning, not by a regular expression: the
// earlier /^\s*(<\?xml…)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE…)?<svg/ backtracked exponentially on
// repeated "<!--" "-->" groups (197 characters stalled the extension host 3.7 s). Each step below
// moves forward through the text, so the work is linear in its length; `steps` counts the
// characters examined so a test can bound the work without a clock.

export interface ScanSteps {
  steps: number;
}

const isSpace = (c: string): boolean => /\s/.test(c);

function startsWithCi(s: string, at: number, word: string): boolean {
  return s.length - at >= word.length && s.slice(at, at + word.length).toLowerCase() === word;
}

/**
 * The same language as /^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*(<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i
 * followed by /<\/svg>\s*$/i: an optional XML declaration, comments, an optional DOCTYPE, the <svg
 * root element first, and </svg> last.
 */
export function looksLikeSvg(data: string, count: ScanSteps = { steps: 0 }): boolean {
  let i = 0;
  const skipSpace = (): void => {
    while (i < data.length && isSpace(data[i])) {
      i++;
      count.steps++;
    }
  };
  /** Index of `what` at or after `from` (-1: none), counting the characters passed over. */
  const find = (what: string, from: number): number => {
    const k = data.indexOf(what, from);
    count.steps += (k < 0 ? data.length : k + what.length) - from;
    return k;
  };
  skipSpace();
  if (startsWithCi(data, i, '<?xml')) {
    const gt = find('>', i + 5);
    if (gt < 0 || data[gt - 1] !== '?' || gt - 1 < i + 5) return false;
    i = gt + 1;
    skipSpace();
  }
  while (data.startsWith('<!--', i)) {
    const end = find('-->', i + 4);
    if (end < 0) return false;
    i = end + 3;
    skipSpace();
  }
  if (startsWithCi(data, i, '<!doctype')) {
    const gt = find('>', i + 9);
    if (gt < 0) return false;
    i = gt + 1;
    skipSpace();
  }
  if (!startsWithCi(data, i, '<svg') || i + 4 >= data.length || !(data[i + 4] === '>' || isSpace(data[i + 4])))
    return false;
  // The end: </svg> and only whitespace after it.
  let e = data.length;
  while (e > i && isSpace(data[e - 1])) {
    e--;
    count.steps++;
  }
  count.steps += 6;
  return e - 6 >= i && data.slice(e - 6, e).toLowerCase() === '</svg>';
}

function validExportData(format: ExportFormat, data: unknown): boolean {
  if (data === undefined) return format === 'json' || format === 'dot';
  if (typeof data !== 'string' || data.length === 0 || data.length > LIMITS.maxExportChars) return false;
  switch (format) {
    case 'png':
      return PNG_DATA_URL.test(data);
    case 'svg':
      return looksLikeSvg(data); // a scanner: the regular expression it replaced backtracked exponentially
    case 'dot':
      return /^\s*(strict\s+)?(di)?graph\b/i.test(data);
    case 'json':
      try {
        JSON.parse(data);
        return true;
      } catch {
        return false;
      }
  }
}

/**
 * Validates an untrusted message from the webview. Returns a fresh, well-typed copy, or null when
 * anything is off (unknown type, missing/extra fields, wrong types, out-of-range or non-finite
 * numbers, malformed export data).
 */
export function parseWebviewMessage(x: unknown): WebviewToHost | null {
  if (!isRecord(x) || typeof x.type !== 'string') return null;
  switch (x.type) {
    case 'ready':
    case 'cancel':
    case 'writeResults':
      return onlyKeys(x, []) ? { type: x.type } : null;
    case 'revealRow':
      if (!onlyKeys(x, ['line']) || !isIntIn(x.line, 1, LIMITS.maxLine)) return null;
      return { type: 'revealRow', line: x.line };
    case 'revealToken':
      if (!onlyKeys(x, ['index']) || !isIntIn(x.index, 0, LIMITS.maxTokenIndex)) return null;
      return { type: 'revealToken', index: x.index };
    case 'showExplanation':
      if (!onlyKeys(x, ['set']) || !(x.set === null || isIntIn(x.set, 0, LIMITS.maxSetIndex))) return null;
      return { type: 'showExplanation', set: x.set };
    case 'rerun': {
      if (!onlyKeys(x, ['alpha', 'samples', 'layer', 'head', 'label'])) return null;
      const out: RerunMessage = { type: 'rerun' };
      if (x.alpha !== undefined) {
        if (!isFiniteIn(x.alpha, LIMITS.alphaMin, LIMITS.alphaMax)) return null;
        out.alpha = x.alpha;
      }
      if (x.samples !== undefined) {
        if (!isIntIn(x.samples, LIMITS.samplesMin, LIMITS.samplesMax)) return null;
        out.samples = x.samples;
      }
      if (x.layer !== undefined) {
        if (!isIntIn(x.layer, 0, LIMITS.maxLayer)) return null;
        out.layer = x.layer;
      }
      if (x.head !== undefined) {
        if (x.head !== 'mean' && x.head !== 'each' && !isIntIn(x.head, 0, LIMITS.maxHead)) return null;
        out.head = x.head;
      }
      if (x.label !== undefined) {
        if (!isIntIn(x.label, 0, LIMITS.maxLabel)) return null;
        out.label = x.label;
      }
      return Object.keys(out).length > 1 ? out : null;
    }
    case 'export': {
      if (!onlyKeys(x, ['format', 'data'])) return null;
      const format = x.format;
      if (typeof format !== 'string' || !(EXPORT_FORMATS as readonly string[]).includes(format)) return null;
      const f = format as ExportFormat;
      if (!validExportData(f, x.data)) return null;
      return x.data === undefined
        ? { type: 'export', format: f }
        : { type: 'export', format: f, data: x.data as string };
    }
    default:
      return null;
  }
}

/** The parts of a result every view reads: tokens, the PAG's edges, the explanation's sets, the prediction. */
function isResultShape(r: unknown): boolean {
  return (
    isRecord(r) &&
    Array.isArray(r.tokens) &&
    isRecord(r.prediction) &&
    typeof r.prediction.label === 'string' &&
    isRecord(r.pag) &&
    typeof r.pag.n === 'number' &&
    Array.isArray(r.pag.edges) &&
    isRecord(r.explanation) &&
    Array.isArray(r.explanation.sets)
  );
}

/** Type guard for messages the webview receives (a light check: the host is trusted). */
export function isHostMessage(x: unknown): x is HostToWebview {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'result':
      return isResultShape(x.result) && isRecord(x.params);
    case 'iteration':
      return typeof x.r === 'number' && typeof x.edges === 'number' && (x.pag === undefined || isRecord(x.pag));
    case 'progress':
      return typeof x.stage === 'string' && typeof x.fraction === 'number';
    case 'compare':
      return (
        Array.isArray(x.entries) &&
        Array.isArray(x.tokens) &&
        (typeof x.reference === 'number' || x.reference === 'mean') &&
        (x.axis === undefined || x.axis === 'layer' || x.axis === 'head')
      );
    case 'busy':
      return typeof x.busy === 'boolean';
    case 'error':
      return typeof x.message === 'string';
    case 'clear':
      return true;
    case 'appearance':
      return x.explanationColor === null || typeof x.explanationColor === 'string';
    case 'fileSummary':
      return (
        typeof x.file === 'string' && Array.isArray(x.rows) && Array.isArray(x.malformed) && Array.isArray(x.labels)
      );
    default:
      return false;
  }
}
