// The PAG drawn with Cytoscape.js. Edge ends carry the PAG marks as Cytoscape arrow shapes:
// tail → none, arrowhead → filled triangle, circle → hollow circle. Layout: fCoSE (force-directed,
// cytoscape-fcose) over the connected tokens, started from the tokens in reading order on a
// circle so runs are reproducible; tokens without edges go in a row underneath in reading order.
import cytoscape from 'cytoscape';
import type { Core, ElementDefinition, EdgeSingular, NodeSingular, StylesheetJson, Position } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import type { Mark, PagEdge, PagJson } from '../src/protocol';
import type { Palette } from './theme';
import { buildSvg, type SvgEdge, type SvgNode } from './svgExport';
import { packBoxes, removeOverlaps } from './pack';

cytoscape.use(fcose);

/**
 * Cytoscape injects a <style> for its containers unless an element with this id exists; an
 * un-nonced <style> violates the panel's CSP, so we add it ourselves with the page's nonce
 * (<meta property="csp-nonce">, the convention FAST/the toolkit also reads).
 */
function ensureCytoscapeStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const style = document.createElement('style');
  style.id = id;
  const nonce = document.querySelector('meta[property="csp-nonce"]')?.getAttribute('content');
  if (nonce) style.nonce = nonce;
  style.textContent = '.__________cytoscape_container { position: relative; }';
  document.head.appendChild(style);
}

let measureCtx: CanvasRenderingContext2D | null = null;

/** Label box size for a node (Cytoscape's width: 'label' is deprecated). */
function labelSize(label: string, fontSize: number, fontFamily: string): { w: number; h: number } {
  measureCtx ??= document.createElement('canvas').getContext('2d');
  let w = label.length * fontSize * 0.62;
  if (measureCtx) {
    measureCtx.font = `bold ${fontSize}px ${fontFamily}`;
    w = measureCtx.measureText(label).width;
  }
  return { w: Math.ceil(w) + 2, h: Math.ceil(fontSize * 1.25) };
}

export interface GraphModel {
  pag: PagJson;
  labels: string[];
  special: boolean[];
  target: number | null;
  explanation: ReadonlySet<number>;
  candidates: ReadonlySet<number>;
  hideIsolatedSpecials: boolean;
  /** Compare view: per-edge class ("gained", "remarked") keyed "a-b" with a < b. */
  edgeClasses?: ReadonlyMap<string, string>;
  /** Compare view: reference edges absent here, drawn dashed as "lost". */
  lostEdges?: [number, number][];
  /** Fixed positions (compare view shares one layout across layers). */
  positions?: ReadonlyMap<number, Position>;
  /**
   * The tokens drawn (the neighbourhood view, or the compare view's shared set); the rest are
   * hidden. Absent: every token, except isolated specials when hideIsolatedSpecials.
   */
  shown?: ReadonlySet<number>;
}

export interface GraphEvents {
  onTapNode?: (index: number) => void;
  onTapBackground?: () => void;
  onHoverEdge?: (edge: PagEdge | null, at: { x: number; y: number }) => void;
  onHoverNode?: (index: number | null, at: { x: number; y: number }) => void;
}

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

const SHAPE: Record<Mark, { shape: string; fill: string }> = {
  tail: { shape: 'none', fill: 'filled' },
  arrow: { shape: 'triangle', fill: 'filled' },
  circle: { shape: 'circle', fill: 'hollow' },
};

function markFromStyle(shape: string, fill: string): Mark {
  if (shape === 'triangle') return 'arrow';
  if (shape === 'circle' && fill === 'hollow') return 'circle';
  return 'tail';
}

export function edgeKey(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

/** Smallest label size on screen, in CSS pixels: the graph never zooms out further (it pans instead). */
export const READABLE_LABEL_PX = 10;

function fontSizeFor(p: Palette, compact: boolean): number {
  return compact ? 11 : Math.max(11, Math.min(14, p.fontSize));
}

function stylesheet(p: Palette, compact: boolean): StylesheetJson {
  const fs = fontSizeFor(p, compact);
  return [
    {
      selector: 'node',
      style: {
        shape: 'round-rectangle',
        label: 'data(label)',
        'text-valign': 'center',
        'text-halign': 'center',
        'font-family': p.fontFamily,
        'font-size': fs,
        color: p.foreground,
        'background-color': p.nodeFill,
        'border-width': 1,
        'border-color': p.nodeBorder,
        width: 'data(w)',
        height: 'data(h)',
        padding: compact ? '3px' : '6px',
        'min-zoomed-font-size': compact ? 4 : 6,
      },
    },
    { selector: 'node.special', style: { opacity: 0.55, 'font-style': 'italic', 'border-style': 'dotted' } },
    {
      selector: 'node.candidate',
      style: { 'border-color': p.candidate, 'border-width': 1.5, 'border-style': 'dashed' },
    },
    {
      selector: 'node.explanation',
      style: {
        'background-color': p.explanation,
        color: p.explanationText,
        'font-weight': 'bold',
        'border-color': p.explanationBorder,
        'border-width': 2,
        'border-style': 'solid',
        opacity: 1,
      },
    },
    {
      selector: 'node.target',
      style: {
        'border-color': p.target,
        'border-width': compact ? 3 : 5,
        'border-style': 'double',
        'font-weight': 'bold',
        opacity: 1,
      },
    },
    { selector: 'node.hidden', style: { display: 'none' } },
    { selector: 'edge.unfocused', style: { display: 'none' } },
    {
      selector: 'edge',
      style: {
        'curve-style': 'straight',
        width: compact ? 1 : 1.6,
        'line-color': p.edge,
        'source-arrow-color': p.edge,
        'target-arrow-color': p.edge,
        'source-arrow-shape': 'data(srcShape)' as never,
        'target-arrow-shape': 'data(tgtShape)' as never,
        'source-arrow-fill': 'data(srcFill)' as never,
        'target-arrow-fill': 'data(tgtFill)' as never,
        'arrow-scale': compact ? 0.8 : 1.25,
        opacity: 0.9,
      },
    },
    // Dense PAGs: quieter edges so labels and marks stay readable; selection brings a token's edges forward.
    { selector: 'edge.dense', style: { opacity: 0.42, width: compact ? 0.8 : 1.2 } },
    {
      selector: 'edge.gained',
      style: {
        'line-color': p.gained,
        'source-arrow-color': p.gained,
        'target-arrow-color': p.gained,
        width: compact ? 1.8 : 2.4,
      },
    },
    {
      selector: 'edge.remarked',
      style: { 'line-color': p.candidate, 'source-arrow-color': p.candidate, 'target-arrow-color': p.candidate },
    },
    {
      selector: 'edge.lost',
      style: {
        'line-color': p.lost,
        'line-style': 'dashed',
        'source-arrow-shape': 'none',
        'target-arrow-shape': 'none',
        opacity: 0.8,
      },
    },
    {
      selector: 'edge.hover',
      style: {
        width: compact ? 2 : 3.2,
        'line-color': p.focus,
        'source-arrow-color': p.focus,
        'target-arrow-color': p.focus,
        'z-index': 10,
      },
    },
    { selector: '.faded', style: { opacity: 0.18 } },
    {
      selector: 'node.selected-token',
      style: { 'border-color': p.focus, 'border-width': 3, 'border-style': 'solid', opacity: 1 },
    },
    {
      selector: 'edge.incident',
      style: {
        width: compact ? 2 : 2.6,
        'line-color': p.selection,
        'source-arrow-color': p.selection,
        'target-arrow-color': p.selection,
        opacity: 1,
        'z-index': 9,
      },
    },
  ];
}

/** Tokens in reading order on an ellipse: a deterministic start for the force layout. */
function circlePositions(ids: number[], n: number): Map<number, Position> {
  const r = Math.max(120, n * 9);
  const out = new Map<number, Position>();
  ids.forEach((id, k) => {
    const t = (2 * Math.PI * k) / Math.max(1, ids.length) - Math.PI / 2;
    out.set(id, { x: r * 1.4 * Math.cos(t), y: r * Math.sin(t) });
  });
  return out;
}

/**
 * Rotates a component so its principal axis is horizontal: force layouts are rotation-free, and
 * wide components pack into the (wide) panel with a larger zoom, i.e. larger labels.
 */
function rotateToWide(nodes: cytoscape.NodeCollection): void {
  const pts = nodes.map((n) => n.position());
  const mx = pts.reduce((s, p) => s + p.x, 0) / pts.length;
  const my = pts.reduce((s, p) => s + p.y, 0) / pts.length;
  let sxx = 0,
    syy = 0,
    sxy = 0;
  for (const p of pts) {
    sxx += (p.x - mx) ** 2;
    syy += (p.y - my) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  const theta = 0.5 * Math.atan2(2 * sxy, sxx - syy); // angle of the principal axis
  const c = Math.cos(-theta),
    s = Math.sin(-theta);
  nodes.forEach((n) => {
    const p = n.position();
    const x = p.x - mx,
      y = p.y - my;
    n.position({ x: mx + x * c - y * s, y: my + x * s + y * c });
  });
}

/** Moves nodes so no two labels overlap (see removeOverlaps). */
function spreadOverlaps(nodes: cytoscape.NodeCollection, margin: number): void {
  const boxes = nodes.map((n) => ({ x: n.position('x'), y: n.position('y'), w: n.outerWidth(), h: n.outerHeight() }));
  removeOverlaps(boxes, margin);
  nodes.forEach((n, k) => {
    n.position({ x: boxes[k].x, y: boxes[k].y });
  });
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

  render(model: GraphModel): void {
    this.model = model;
    const { pag } = model;
    const drawn = (i: number) => model.shown === undefined || model.shown.has(i);
    // Degree among the drawn tokens: a token whose neighbours are all hidden sits with the isolated ones.
    const degree = new Array<number>(pag.n).fill(0);
    for (const e of pag.edges)
      if (drawn(e.a) && drawn(e.b)) {
        degree[e.a]++;
        degree[e.b]++;
      }
    const els: ElementDefinition[] = [];
    for (let i = 0; i < pag.n; i++) {
      const classes = [
        model.special[i] ? 'special' : '',
        model.candidates.has(i) ? 'candidate' : '',
        model.explanation.has(i) ? 'explanation' : '',
        model.target === i ? 'target' : '',
        (
          model.shown
            ? !model.shown.has(i)
            : model.hideIsolatedSpecials && model.special[i] && degree[i] === 0 && model.target !== i
        )
          ? 'hidden'
          : '',
        degree[i] === 0 ? 'isolated' : '',
      ]
        .filter(Boolean)
        .join(' ');
      const label = model.labels[i] ?? String(i);
      const size = labelSize(label, this.fontSize(), this.palette.fontFamily);
      els.push({ group: 'nodes', data: { id: String(i), label, w: size.w, h: size.h }, classes });
    }
    const dense = pag.edges.length > 2.5 * Math.max(1, pag.n);
    for (const e of pag.edges) {
      const k = edgeKey(e.a, e.b);
      els.push({
        group: 'edges',
        data: {
          id: `e${k}`,
          source: String(e.a),
          target: String(e.b),
          a: e.a,
          b: e.b,
          markA: e.markA,
          markB: e.markB,
          srcShape: SHAPE[e.markA].shape,
          srcFill: SHAPE[e.markA].fill,
          tgtShape: SHAPE[e.markB].shape,
          tgtFill: SHAPE[e.markB].fill,
        },
        classes: [model.edgeClasses?.get(k) ?? '', dense ? 'dense' : ''].filter(Boolean).join(' '),
      });
    }
    for (const [a, b] of model.lostEdges ?? []) {
      els.push({
        group: 'edges',
        data: {
          id: `lost${edgeKey(a, b)}`,
          source: String(a),
          target: String(b),
          a,
          b,
          srcShape: 'none',
          srcFill: 'filled',
          tgtShape: 'none',
          tgtFill: 'filled',
        },
        classes: 'lost',
      });
    }
    this.cy.batch(() => {
      this.cy.elements().remove();
      this.cy.add(els);
    });
    this.layout();
    this.applyFocus();
    if (this.selected !== null) this.select(this.selected);
  }

  /** Same PAG, new edges (anytime ICD stream): keep node positions, swap edges. */
  updateEdges(pag: PagJson): void {
    if (!this.model || this.model.pag.n !== pag.n) return;
    this.render({ ...this.model, pag, positions: this.positions() });
  }

  private layout(): void {
    const cy = this.cy;
    const model = this.model;
    if (!model) return;
    if (model.positions) {
      cy.nodes().forEach((n) => {
        const p = model.positions!.get(Number(n.id()));
        if (p) n.position({ ...p });
      });
      this.fitView();
      return;
    }
    const visible = cy.nodes().not('.hidden');
    const connected = visible.filter((n) => !n.hasClass('isolated'));
    const isolated = visible.filter((n) => n.hasClass('isolated'));
    // Lay out each connected component on its own (fCoSE alone leaves wide gaps between
    // components, which shrinks a 64-token graph to unreadable), then shelf-pack them.
    const comps = connected
      .union(connected.connectedEdges())
      .components()
      .sort(
        (p, q) =>
          q.nodes().length - p.nodes().length ||
          Math.min(...p.nodes().map((n) => Number(n.id()))) - Math.min(...q.nodes().map((n) => Number(n.id()))),
      );
    const boxes = comps.map((comp) => {
      const nodes = comp.nodes();
      const start = circlePositions(
        nodes.map((n) => Number(n.id())).sort((a, b) => a - b),
        nodes.length,
      );
      nodes.forEach((n) => {
        n.position({ ...start.get(Number(n.id()))! });
      });
      if (nodes.length > 2) {
        // Denser PAGs (real attention often gives several edges per token) need longer ideal edges
        // and more repulsion, or the force layout collapses into a knot.
        const density = comp.edges().length / nodes.length;
        // A compare card is small and its labels must stay readable without zooming out: a tighter
        // layout (overlaps are still removed below) keeps more of the shared drawing inside the card.
        const edgeLength = Math.min(this.compact ? 60 : 150, 42 + 14 * Math.max(0, density - 1));
        const repulsion = 4200 * Math.max(1, this.compact ? Math.min(density, 2) : density);
        comp
          .layout({
            name: 'fcose',
            quality: 'proof',
            randomize: false,
            animate: false,
            fit: false,
            nodeDimensionsIncludeLabels: true,
            idealEdgeLength: () => edgeLength,
            nodeRepulsion: () => repulsion,
            nodeSeparation: 36,
            gravity: 0.5,
            numIter: 2500,
            packComponents: false,
          } as cytoscape.LayoutOptions)
          .run();
        spreadOverlaps(nodes, this.compact ? 3 : 8);
      } else if (nodes.length === 2) {
        const [a, b] = [nodes[0], nodes[1]];
        a.position({ x: 0, y: 0 });
        b.position({ x: (a.outerWidth() + b.outerWidth()) / 2 + 50, y: 0 });
      }
      if (nodes.length > 2) rotateToWide(nodes);
      return { comp, bb: nodes.boundingBox({}) };
    });
    // Pack the components and the isolated tokens (in reading order) into the viewport.
    const gap = this.compact ? 24 : 40;
    const iso = isolated.sort((p, q) => Number(p.id()) - Number(q.id()));
    const items: { w: number; h: number; place: (x: number, y: number) => void }[] = boxes.map(({ comp, bb }) => ({
      w: bb.w,
      h: bb.h,
      place: (x: number, y: number) =>
        comp.nodes().forEach((n) => {
          const p = n.position();
          n.position({ x: p.x - bb.x1 + x, y: p.y - bb.y1 + y });
        }),
    }));
    iso.forEach((n) => {
      items.push({
        w: n.outerWidth(),
        h: n.outerHeight(),
        place: (x, y) => {
          n.position({ x: x + n.outerWidth() / 2, y: y + n.outerHeight() / 2 });
        },
      });
    });
    const packed = packBoxes(items, gap, Math.max(1, this.cy.width()), Math.max(1, this.cy.height()));
    items.forEach((it, k) => it.place(packed.x[k], packed.y[k]));
    this.fitView();
  }

  /**
   * Fits the drawn graph, never zooming a small graph beyond 1.5× (huge labels help no one) nor a
   * large one below a readable label size: then it is centred on the explained token and pans.
   * Depends only on the positions, the drawn set and the container, so compare cards that share
   * them show every token at the same place.
   */
  private fitView(): void {
    const visible = this.cy.nodes().not('.hidden');
    if (visible.empty()) return;
    this.cy.fit(visible, this.compact ? 6 : 24);
    const cap = this.compact ? 1.2 : 1.5;
    if (this.cy.zoom() > cap) {
      this.cy.zoom(cap);
      this.cy.center(visible);
    }
    const readable = READABLE_LABEL_PX / this.fontSize();
    if (this.cy.zoom() < readable) {
      this.cy.zoom(readable);
      // The panel's graph centres on the explained token; a compare card on the middle of the
      // shared drawing (the same for every card), which shows the most of it.
      const target = this.compact ? null : (this.model?.target ?? null);
      const anchor = target === null ? visible : visible.filter((n) => Number(n.id()) === target);
      this.cy.center(anchor.empty() ? visible : anchor);
    }
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
    const cy = this.cy;
    cy.batch(() => {
      cy.edges().removeClass('unfocused');
      if (!this.focusEdges) return;
      const keep = cy
        .nodes('.explanation, .target')
        .union(this.selected === null ? cy.collection() : cy.getElementById(String(this.selected)));
      cy.edges().not(keep.connectedEdges()).addClass('unfocused');
    });
  }

  /** Highlights token i, its incident edges and neighbours; fades the rest. null clears. */
  select(i: number | null): void {
    const cy = this.cy;
    this.selected = i;
    this.applyFocus();
    cy.batch(() => {
      cy.elements().removeClass('faded incident selected-token');
      if (i === null) return;
      const node = cy.getElementById(String(i));
      if (node.empty()) return;
      // The explanation and the target stay visible: they are what the selection is read against.
      const hood = node.closedNeighborhood().not('.lost').union(cy.nodes('.explanation, .target'));
      cy.elements().not(hood).addClass('faded');
      node.addClass('selected-token');
      node.connectedEdges().not('.lost').addClass('incident');
    });
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
    this.fitView();
  }

  toPng(): string {
    return this.cy.png({ output: 'base64uri', full: true, scale: 2, bg: this.palette.background });
  }

  toSvg(title?: string): string {
    const nodes: SvgNode[] = [];
    this.cy.nodes(':visible').forEach((n) => {
      const p = n.position();
      nodes.push({
        id: Number(n.id()),
        x: p.x,
        y: p.y,
        w: n.outerWidth(),
        h: n.outerHeight(),
        label: String(n.data('label')),
        fill: String(n.style('background-color')),
        stroke: String(n.style('border-color')),
        strokeWidth: Number.parseFloat(String(n.style('border-width'))) || 1,
        textColor: String(n.style('color')),
        opacity: Number.parseFloat(String(n.style('opacity'))),
        classes: n.classes().join(' '),
      });
    });
    const edges: SvgEdge[] = [];
    this.cy.edges(':visible').forEach((e) => {
      const lost = e.hasClass('lost');
      edges.push({
        a: Number(e.source().id()),
        b: Number(e.target().id()),
        markA: lost ? 'tail' : e.data('markA'),
        markB: lost ? 'tail' : e.data('markB'),
        color: String(e.style('line-color')),
        width: Number.parseFloat(String(e.style('width'))) || 1,
        dashed: e.style('line-style') === 'dashed',
        classes: e.classes().join(' '),
      });
    });
    return buildSvg({
      nodes,
      edges,
      background: this.palette.background,
      fontFamily: this.palette.fontFamily,
      fontSize: this.compact ? 9 : 12,
      title,
    });
  }

  summary(): GraphSummary {
    const marks: Record<Mark, number> = { tail: 0, arrow: 0, circle: 0 };
    const ends: GraphSummary['ends'] = [];
    this.cy
      .edges()
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
    this.cy
      .nodes()
      .not('.hidden')
      .forEach((n) => {
        rendered[Number(n.id())] = { ...n.renderedPosition() };
      });
    return {
      rendered,
      labelPx: this.fontSize() * this.cy.zoom(),
      nodes: this.cy.nodes().length,
      visibleNodes: this.cy.nodes(':visible').length,
      visibleEdges: this.cy.edges(':visible').not('.lost').length,
      edges: this.cy.edges().not('.lost').length,
      marks,
      ends,
      zoom: this.cy.zoom(),
      edgeColor: this.plainColor('edge', 'line-color'),
      nodeColor: this.plainColor('node', 'background-color'),
      explanationNodes: this.cy
        .nodes('.explanation')
        .map((n) => Number(n.id()))
        .sort((a, b) => a - b),
      explanationColor: this.cy.nodes('.explanation').empty()
        ? null
        : String(this.cy.nodes('.explanation').first().style('background-color')),
      target: this.model?.target ?? null,
      selected: this.selected,
    };
  }

  private plainColor(group: 'node' | 'edge', prop: string): string | null {
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
    const el = this.cy
      .$(group)
      .filter((e) => !e.classes().some((c) => styled.includes(c)))
      .first();
    return el.empty() ? null : String(el.style(prop));
  }

  destroy(): void {
    this.cy.destroy();
  }
}
