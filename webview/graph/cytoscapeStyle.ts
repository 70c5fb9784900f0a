// How the PAG looks in Cytoscape: the stylesheet (node roles, edge marks, compare classes, focus and
// selection), the label font size, and the container stylesheet the panel's CSP allows.
import type { StylesheetJson } from 'cytoscape';
import type { Palette } from '../theme';

/**
 * Cytoscape injects a <style> for its containers unless an element with this id exists; an
 * un-nonced <style> violates the panel's CSP, so we add it ourselves with the page's nonce
 * (<meta property="csp-nonce">, the convention FAST/the toolkit also reads).
 */
export function ensureCytoscapeStylesheet(): void {
  const id = '__________cytoscape_stylesheet';
  if (document.getElementById(id)) return;
  const style = document.createElement('style');
  style.id = id;
  const nonce = document.querySelector('meta[property="csp-nonce"]')?.getAttribute('content');
  if (nonce) style.nonce = nonce;
  style.textContent = '.__________cytoscape_container { position: relative; }';
  document.head.appendChild(style);
}

/** Smallest label size on screen, in CSS pixels: the graph never zooms out further (it pans instead). */
export const READABLE_LABEL_PX = 10;

export function fontSizeFor(p: Palette, compact: boolean): number {
  return compact ? 11 : Math.max(11, Math.min(14, p.fontSize));
}

export function stylesheet(p: Palette, compact: boolean): StylesheetJson {
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
