// Where the tokens go: each connected component laid out on its own with fCoSE (cytoscape-fcose),
// started from the tokens in reading order on a circle so runs are reproducible, turned wide and
// shelf-packed with the isolated tokens (in reading order) into the viewport; then fitted at a
// readable zoom.
import type cytoscape from 'cytoscape';
import type { Core, Position } from 'cytoscape';
import { packBoxes, removeOverlaps } from '../pack';
import { READABLE_LABEL_PX } from './cytoscapeStyle';

/** The drawing being laid out: compact is a compare card; target is the explained token. */
export interface GraphView {
  cy: Core;
  compact: boolean;
  fontSize: number;
  target: number | null;
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

export function layoutGraph(v: GraphView, positions?: ReadonlyMap<number, Position>): void {
  const cy = v.cy;
  if (positions) {
    cy.nodes().forEach((n) => {
      const p = positions.get(Number(n.id()));
      if (p) n.position({ ...p });
    });
    fitView(v);
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
      const edgeLength = Math.min(v.compact ? 60 : 150, 42 + 14 * Math.max(0, density - 1));
      const repulsion = 4200 * Math.max(1, v.compact ? Math.min(density, 2) : density);
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
      spreadOverlaps(nodes, v.compact ? 3 : 8);
    } else if (nodes.length === 2) {
      const [a, b] = [nodes[0], nodes[1]];
      a.position({ x: 0, y: 0 });
      b.position({ x: (a.outerWidth() + b.outerWidth()) / 2 + 50, y: 0 });
    }
    if (nodes.length > 2) rotateToWide(nodes);
    return { comp, bb: nodes.boundingBox({}) };
  });
  // Pack the components and the isolated tokens (in reading order) into the viewport.
  const gap = v.compact ? 24 : 40;
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
  const packed = packBoxes(items, gap, Math.max(1, cy.width()), Math.max(1, cy.height()));
  items.forEach((it, k) => it.place(packed.x[k], packed.y[k]));
  fitView(v);
}

/**
 * Fits the drawn graph, never zooming a small graph beyond 1.5× (huge labels help no one) nor a
 * large one below a readable label size: then it is centred on the explained token and pans.
 * Depends only on the positions, the drawn set and the container, so compare cards that share
 * them show every token at the same place.
 */
export function fitView(v: GraphView): void {
  const visible = v.cy.nodes().not('.hidden');
  if (visible.empty()) return;
  v.cy.fit(visible, v.compact ? 6 : 24);
  const cap = v.compact ? 1.2 : 1.5;
  if (v.cy.zoom() > cap) {
    v.cy.zoom(cap);
    v.cy.center(visible);
  }
  const readable = READABLE_LABEL_PX / v.fontSize;
  if (v.cy.zoom() < readable) {
    v.cy.zoom(readable);
    // The panel's graph centres on the explained token; a compare card on the middle of the
    // shared drawing (the same for every card), which shows the most of it.
    const target = v.compact ? null : v.target;
    const anchor = target === null ? visible : visible.filter((n) => Number(n.id()) === target);
    v.cy.center(anchor.empty() ? visible : anchor);
  }
}
