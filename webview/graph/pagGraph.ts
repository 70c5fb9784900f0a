// The PAG drawn with Cytoscape.js: one drawing's lifetime (render, live edge updates, palette,
// focus, selection, resize, export). What it draws, how it looks, where tokens go and what the
// tests read back are each in their own module beside this one.
import cytoscape from 'cytoscape';
import type { Core, EdgeSingular, NodeSingular, Position } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { PagEdge, PagJson } from '../../src/protocol';
import type { Palette } from '../theme';
import { ensureCytoscapeStylesheet, fontSizeFor, READABLE_LABEL_PX, stylesheet } from './cytoscapeStyle';
import { edgeKey, graphElements, type GraphModel } from './elements';
import { applyFocus, markSelection } from './focus';
import { graphPng, graphSvg } from './graphExport';
import { fitView, layoutGraph, type GraphView } from './layout';
import { graphSummary, type GraphSummary } from './summary';

export { edgeKey, type GraphModel } from './elements';
export type { GraphSummary } from './summary';

cytoscape.use(fcose);

export interface GraphEvents {
  onTapNode?: (index: number) => void;
  onTapBackground?: () => void;
  onHoverEdge?: (edge: PagEdge | null, at: { x: number; y: number }) => void;
  onHoverNode?: (index: number | null, at: { x: number; y: number }) => void;
}

export class PagGraph {
  readonly cy: Core;
  private model: GraphModel | null = null;
  private palette: Palette;
  private selected: number | null = null;
  private focusEdges = false;

  constructor(
    container: HTMLElement,
    palette: Palette,
    private readonly compact: boolean,
    events: GraphEvents = {},
  ) {
    this.palette = palette;
    ensureCytoscapeStylesheet();
    this.cy = cytoscape({
      container,
      style: stylesheet(palette, compact),
      // Zooming out further would shrink labels below a readable size: a large graph pans instead.
      minZoom: READABLE_LABEL_PX / fontSizeFor(palette, compact),
      maxZoom: 4,
      boxSelectionEnabled: false,
      autoungrabify: compact,
      // Cards pan (a large graph may not fit at a readable size) but do not zoom: the wheel scrolls the page.
      userPanningEnabled: true,
      userZoomingEnabled: !compact,
      selectionType: 'single',
    });
    this.cy.on('tap', 'node', (evt) => events.onTapNode?.(Number((evt.target as NodeSingular).id())));
    this.cy.on('tap', (evt) => {
      if (evt.target === this.cy) events.onTapBackground?.();
    });
    if (events.onHoverEdge) {
      const cb = events.onHoverEdge;
      this.cy.on('mouseover', 'edge', (evt) => {
        const e = evt.target as EdgeSingular;
        if (e.hasClass('lost')) return;
        e.addClass('hover');
        const d = e.data();
        cb({ a: d.a, b: d.b, markA: d.markA, markB: d.markB }, evt.renderedPosition ?? { x: 0, y: 0 });
      });
      this.cy.on('mouseout', 'edge', (evt) => {
        (evt.target as EdgeSingular).removeClass('hover');
        cb(null, { x: 0, y: 0 });
      });
    }
    if (events.onHoverNode) {
      const cb = events.onHoverNode;
      this.cy.on('mouseover', 'node', (evt) =>
        cb(Number((evt.target as NodeSingular).id()), evt.renderedPosition ?? { x: 0, y: 0 }),
      );
      this.cy.on('mouseout', 'node', () => cb(null, { x: 0, y: 0 }));
    }
  }

  private fontSize(): number {
    return fontSizeFor(this.palette, this.compact);
  }

  private view(): GraphView {
    return { cy: this.cy, compact: this.compact, fontSize: this.fontSize(), target: this.model?.target ?? null };
  }

  render(model: GraphModel): void {
    this.model = model;
    const els = graphElements(model, this.fontSize(), this.palette.fontFamily);
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(els);
    });
    layoutGraph(this.view(), model.positions);
    this.applyFocus();
    if (this.selected !== null) this.select(this.selected);
  }

  /** Same PAG, new edges (anytime ICD stream): keep node positions, swap edges. */
  updateEdges(pag: PagJson): void {
    if (!this.model || this.model.pag.n !== pag.n) return;
    this.render({ ...this.model, pag, positions: this.positions() });
  }

  /** Re-marks the explanation tokens (an alternative chosen or hovered) without a new layout. */
  setExplanation(tokens: ReadonlySet<number>): void {
    if (!this.model) return;
    this.model = { ...this.model, explanation: tokens };
    this.cy.batch(() => {
      this.cy.nodes().forEach((n) => {
        n.toggleClass('explanation', tokens.has(Number(n.id())));
      });
    });
    this.applyFocus();
    if (this.selected !== null) this.select(this.selected);
  }

  positions(): Map<number, Position> {
    const m = new Map<number, Position>();
    this.cy.nodes().forEach((n) => {
      m.set(Number(n.id()), { ...n.position() });
    });
    return m;
  }

  setPalette(p: Palette): void {
    this.palette = p;
    this.cy.style(stylesheet(p, this.compact));
    this.cy.minZoom(READABLE_LABEL_PX / this.fontSize());
  }

  setHideIsolatedSpecials(hide: boolean): void {
    if (!this.model) return;
    this.render({ ...this.model, hideIsolatedSpecials: hide });
  }

  /** Shows only edges at the explanation, the target and the selected token (or all edges). */
  setFocusEdges(on: boolean): void {
    this.focusEdges = on;
    this.applyFocus();
  }

  private applyFocus(): void {
    applyFocus(this.cy, this.focusEdges, this.selected);
  }

  /** Highlights token i, its incident edges and neighbours; fades the rest. null clears. */
  select(i: number | null): void {
    this.selected = i;
    this.applyFocus();
    markSelection(this.cy, i);
  }

  /** Where edge a–b / node i is drawn, in container pixels (for pointer-driven tests). */
  renderedEdgeMidpoint(a: number, b: number): Position | null {
    const e = this.cy.getElementById(`e${edgeKey(a, b)}`);
    return e.empty() ? null : { ...(e as EdgeSingular).renderedMidpoint() };
  }

  renderedNodePosition(i: number): Position | null {
    const n = this.cy.getElementById(String(i));
    return n.empty() ? null : { ...(n as NodeSingular).renderedPosition() };
  }

  resize(): void {
    this.cy.resize();
    fitView(this.view());
  }

  toPng(): string {
    return graphPng(this.cy, this.palette);
  }

  toSvg(title?: string): string {
    return graphSvg(this.cy, this.palette, this.compact, title);
  }

  summary(): GraphSummary {
    return graphSummary(this.cy, this.fontSize(), this.model?.target ?? null, this.selected);
  }

  destroy(): void {
    this.cy.destroy();
  }
}
