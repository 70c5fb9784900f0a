// What the graph drew, read back from Cytoscape's computed styles: counts, the mark at each edge
// end, positions, zoom and colours. The headless-browser tests assert on it (window.causalLens.debug).
import type { Core, Position } from 'cytoscape';
import type { Mark } from '../../src/shared/pagNotation';
import { markFromStyle } from './markShapes';

export interface GraphSummary {
  nodes: number;
  visibleNodes: number;
  visibleEdges: number;
  edges: number;
  /** Count of rendered edge ends per mark, read back from Cytoscape's computed styles. */
  marks: Record<Mark, number>;
  /**
   * Per rendered edge, the mark drawn at each end, keyed by the node it touches (Cytoscape draws the
   * source arrow at the source node): `at[node]`. Lets tests check which end carries which mark.
   */
  ends: { a: number; b: number; at: Record<number, Mark> }[];
  /** Zoom after fitting: below ~0.75 labels get hard to read. */
  zoom: number;
  /** Label font size on screen (font size × zoom); never below READABLE_LABEL_PX. */
  labelPx: number;
  /** Where each drawn token is on screen (container pixels), keyed by token index. */
  rendered: Record<number, Position>;
  /** Cytoscape's computed line colour of plain edges and fill of plain nodes (theme follow-up). */
  edgeColor: string | null;
  nodeColor: string | null;
  explanationNodes: number[];
  /** Cytoscape's computed fill of explanation nodes (null: none drawn). */
  explanationColor: string | null;
  target: number | null;
  selected: number | null;
}

export function graphSummary(cy: Core, fontSize: number, target: number | null, selected: number | null): GraphSummary {
  const marks: Record<Mark, number> = { tail: 0, arrow: 0, circle: 0 };
  const ends: GraphSummary['ends'] = [];
  cy.edges()
    .not('.lost')
    .forEach((e) => {
      const atSource = markFromStyle(String(e.style('source-arrow-shape')), String(e.style('source-arrow-fill')));
      const atTarget = markFromStyle(String(e.style('target-arrow-shape')), String(e.style('target-arrow-fill')));
      marks[atSource]++;
      marks[atTarget]++;
      const src = Number(e.source().id()),
        tgt = Number(e.target().id());
      ends.push({ a: Math.min(src, tgt), b: Math.max(src, tgt), at: { [src]: atSource, [tgt]: atTarget } });
    });
  const rendered: Record<number, Position> = {};
  cy.nodes()
    .not('.hidden')
    .forEach((n) => {
      rendered[Number(n.id())] = { ...n.renderedPosition() };
    });
  return {
    rendered,
    labelPx: fontSize * cy.zoom(),
    nodes: cy.nodes().length,
    visibleNodes: cy.nodes(':visible').length,
    visibleEdges: cy.edges(':visible').not('.lost').length,
    edges: cy.edges().not('.lost').length,
    marks,
    ends,
    zoom: cy.zoom(),
    edgeColor: plainColor(cy, 'edge', 'line-color'),
    nodeColor: plainColor(cy, 'node', 'background-color'),
    explanationNodes: cy
      .nodes('.explanation')
      .map((n) => Number(n.id()))
      .sort((a, b) => a - b),
    explanationColor: cy.nodes('.explanation').empty()
      ? null
      : String(cy.nodes('.explanation').first().style('background-color')),
    target,
    selected,
  };
}

function plainColor(cy: Core, group: 'node' | 'edge', prop: string): string | null {
  const styled = [
    'explanation',
    'target',
    'special',
    'selected-token',
    'hidden',
    'gained',
    'lost',
    'remarked',
    'hover',
    'incident',
  ];
  const el = cy
    .$(group)
    .filter((e) => !e.classes().some((c) => styled.includes(c)))
    .first();
  return el.empty() ? null : String(el.style(prop));
}
