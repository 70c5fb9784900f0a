// The drawing as a file: PNG from Cytoscape's canvas, SVG rebuilt from the drawn nodes and edges
// with their computed colours (svgExport.ts) so it matches the panel.
import type { Core } from 'cytoscape';
import type { Palette } from '../theme';
import { buildSvg, type SvgEdge, type SvgNode } from '../svgExport';

export function graphPng(cy: Core, palette: Palette): string {
  return cy.png({ output: 'base64uri', full: true, scale: 2, bg: palette.background });
}

export function graphSvg(cy: Core, palette: Palette, compact: boolean, title?: string): string {
  const nodes: SvgNode[] = [];
  cy.nodes(':visible').forEach((n) => {
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
  cy.edges(':visible').forEach((e) => {
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
    background: palette.background,
    fontFamily: palette.fontFamily,
    fontSize: compact ? 9 : 12,
    title,
  });
}
