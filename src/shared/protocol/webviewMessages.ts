// Webview → host: the messages the PAG panel posts to the extension host. They are untrusted input
// and go through parseWebviewMessage (validate.ts) before the host acts on them.
import type { HeadMode } from './payloads';

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
