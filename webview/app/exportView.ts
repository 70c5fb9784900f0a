// What an Export button sends the host to save: the shown result (or comparison) as JSON, the PAG as
// DOT with the shown explanation, or the drawing as SVG or PNG (none in the matrix view).
import type { ExportFormat, ExportMessage, PanelState } from '../../src/protocol';
import { toDot } from '../../src/shared/pagDot';
import type { PagGraph } from '../graph/pagGraph';

export interface ExportSource {
  state: PanelState;
  labels: string[];
  shownExplanation: ReadonlySet<number>;
  /** The drawing; null in the matrix view. */
  drawing: PagGraph | null;
}

/** The export message, or null when there is nothing to export in this format. */
export function exportMessage(format: ExportFormat, s: ExportSource): ExportMessage | null {
  const r = s.state.result;
  if (format === 'json') {
    const payload = s.state.ui.view === 'compare' && s.state.compare ? s.state.compare : r;
    return payload ? { type: 'export', format: 'json', data: JSON.stringify(payload, null, 2) } : null;
  }
  if (!r) return null;
  if (format === 'dot') {
    return {
      type: 'export',
      format: 'dot',
      data: toDot(r.result.pag, {
        labels: s.labels,
        target: r.result.explanation.target,
        explanation: [...s.shownExplanation],
        name: 'pag',
      }),
    };
  }
  if (!s.drawing) return null; // the matrix view has no drawing to export (JSON and DOT still work)
  if (format === 'svg') {
    return {
      type: 'export',
      format: 'svg',
      data: s.drawing.toSvg(`PAG — layer ${r.result.layer}, head ${r.result.head}`),
    };
  }
  return { type: 'export', format: 'png', data: s.drawing.toPng() };
}
