// The webview's persisted state (vscode.getState/setState; the host's WebviewPanelSerializer passes it
// back unchanged on reload).
import type { CompareMessage, FileSummaryMessage, ResultMessage } from './hostMessages';

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
