// Host → webview: the messages the extension host posts to the PAG panel (trusted; see hostGuard.ts).
import type { PagJson } from '../pagNotation';
import type { CompareAxis, CompareDiffPayload, CompareEntryPayload, CompareKey } from './compare';
import type { ExplainResultPayload, RunParams, TokenInfo } from './payloads';

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
