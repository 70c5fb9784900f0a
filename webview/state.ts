// Panel state: what the panel shows and the user's UI choices. Persisted with setState so a
// hidden panel restores instantly and the host's serializer can bring it back after a reload.
import {
  isHostMessage,
  type CompareMessage,
  type FileSummaryMessage,
  type GraphViewMode,
  type PanelState,
  type ResultMessage,
} from '../src/protocol';

const GRAPH_VIEWS: readonly GraphViewMode[] = ['auto', 'neighbourhood', 'graph', 'matrix'];

export function defaultState(): PanelState {
  return {
    version: 1,
    result: null,
    compare: null,
    file: null,
    ui: {
      view: 'result',
      selectedToken: null,
      mergePieces: true,
      hideIsolatedSpecials: true,
      focusEdges: false,
      chosenSet: null,
      graphView: 'auto',
    },
  };
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** Accepts a saved state only if it has this version's shape; anything else starts fresh. */
export function coerceState(x: unknown): PanelState | null {
  if (!isObj(x) || x.version !== 1 || !isObj(x.ui)) return null;
  const d = defaultState();
  const ui = x.ui;
  // Saved messages pass the same check as live ones: a state saved by an older version (e.g. a
  // compare message with `layers` instead of `entries`) is dropped instead of breaking the panel.
  const result = isHostMessage(x.result) && x.result.type === 'result' ? (x.result as ResultMessage) : null;
  const compare = isHostMessage(x.compare) && x.compare.type === 'compare' ? (x.compare as CompareMessage) : null;
  const file = isHostMessage(x.file) && x.file.type === 'fileSummary' ? (x.file as FileSummaryMessage) : null;
  return {
    version: 1,
    result,
    compare,
    file,
    ui: {
      view: ui.view === 'compare' && compare ? 'compare' : ui.view === 'file' && file ? 'file' : 'result',
      selectedToken:
        typeof ui.selectedToken === 'number' && Number.isInteger(ui.selectedToken) && ui.selectedToken >= 0
          ? ui.selectedToken
          : null,
      mergePieces: typeof ui.mergePieces === 'boolean' ? ui.mergePieces : d.ui.mergePieces,
      hideIsolatedSpecials:
        typeof ui.hideIsolatedSpecials === 'boolean' ? ui.hideIsolatedSpecials : d.ui.hideIsolatedSpecials,
      focusEdges: ui.focusEdges === true,
      chosenSet:
        typeof ui.chosenSet === 'number' && Number.isInteger(ui.chosenSet) && ui.chosenSet >= 0 ? ui.chosenSet : null,
      graphView: GRAPH_VIEWS.includes(ui.graphView as GraphViewMode) ? (ui.graphView as GraphViewMode) : 'auto',
    },
  };
}

/** The state embedded by renderPanelHtml (the serializer's saved state), if any. */
export function embeddedState(): unknown {
  const el = document.getElementById('causal-lens-initial-state');
  if (!el?.textContent) return null;
  try {
    return JSON.parse(el.textContent);
  } catch {
    return null;
  }
}
