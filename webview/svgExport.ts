// SVG export of a laid-out PAG, drawn from node positions and sizes (no canvas, no GPL
// canvas-to-svg shim). Each edge end gets its PAG mark: tail (plain end), arrowhead (filled
// triangle), circle (hollow circle). Pure string building, so it is unit-tested directly.
import type { Mark } from '../src/protocol';

export interface SvgNode {
  id: number;
  x: number;
  y: number;
  w: number;
  h: number;
  label: string;
  fill: string;
  stroke: string;
  strokeWidth: number;
  textColor: string;
  opacity?: number;
  /** Extra CSS class names (e.g. "explanation target"). */
  classes?: string;
}

export interface SvgEdge {
  a: number;
  b: number;
  markA: Mark;
  markB: Mark;
  color: string;
  width: number;
  dashed?: boolean;
  classes?: string;
}

export interface SvgScene {
  nodes: SvgNode[];
  edges: SvgEdge[];
  background: string;
  fontFamily: string;
  fontSize: number;
  padding?: number;
  title?: string;
}

const ARROW_LEN = 9,
  ARROW_HALF = 4.5,
  CIRCLE_R = 4;

export function escapeXml(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const f = (x: number) => (Math.round(x * 100) / 100).toString();

/** Where the ray from the box centre toward (dx, dy) leaves a w×h box. */
export function boxExit(w: number, h: number, dx: number, dy: number): number {
  const tx = dx === 0 ? Infinity : w / 2 / Math.abs(dx);
  const ty = dy === 0 ? Infinity : h / 2 / Math.abs(dy);
  return Math.min(tx, ty);
}

function markSvg(
  mark: Mark,
  tipX: number,
  tipY: number,
  ux: number,
  uy: number,
  color: string,
  bg: string,
  width: number,
): string {
  // (ux, uy): unit vector pointing from the edge's middle toward the tip (the node boundary).
  if (mark === 'arrow') {
    const bx = tipX - ux * ARROW_LEN,
      by = tipY - uy * ARROW_LEN;
    const px = -uy * ARROW_HALF,
      py = ux * ARROW_HALF;
    return `<polygon class="mark mark-arrow" points="${f(tipX)},${f(tipY)} ${f(bx + px)},${f(by + py)} ${f(bx - px)},${f(by - py)}" fill="${escapeXml(color)}" stroke="${escapeXml(color)}" stroke-width="1"/>`;
  }
  if (mark === 'circle') {
    const cx = tipX - ux * CIRCLE_R,
      cy = tipY - uy * CIRCLE_R;
    return `<circle class="mark mark-circle" cx="${f(cx)}" cy="${f(cy)}" r="${CIRCLE_R}" fill="${escapeXml(bg)}" stroke="${escapeXml(color)}" stroke-width="${f(Math.max(1.2, width))}"/>`;
  }
  return '';
}

export function buildSvg(scene: SvgScene): string {
  const pad = scene.padding ?? 20;
  const byId = new Map(scene.nodes.map((n) => [n.id, n]));
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const n of scene.nodes) {
    minX = Math.min(minX, n.x - n.w / 2);
    maxX = Math.max(maxX, n.x + n.w / 2);
    minY = Math.min(minY, n.y - n.h / 2);
    maxY = Math.max(maxY, n.y + n.h / 2);
  }
  if (!Number.isFinite(minX)) {
    minX = minY = 0;
    maxX = maxY = 1;
  }
  const width = maxX - minX + 2 * pad,
    height = maxY - minY + 2 * pad;
  const ox = pad - minX,
    oy = pad - minY;
  const out: string[] = [];
  out.push('<?xml version="1.0" encoding="UTF-8"?>');
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${f(width)}" height="${f(height)}" viewBox="0 0 ${f(width)} ${f(height)}" font-family="${escapeXml(scene.fontFamily)}" font-size="${scene.fontSize}">`,
  );
  if (scene.title) out.push(`<title>${escapeXml(scene.title)}</title>`);
  out.push(`<rect width="100%" height="100%" fill="${escapeXml(scene.background)}"/>`);
  out.push(`<g transform="translate(${f(ox)} ${f(oy)})">`);
  out.push('<g class="edges">');
  for (const e of scene.edges) {
    const A = byId.get(e.a),
      B = byId.get(e.b);
    if (!A || !B) continue;
    const dx = B.x - A.x,
      dy = B.y - A.y;
    const len = Math.hypot(dx, dy);
    if (len === 0) continue;
    const ux = dx / len,
      uy = dy / len;
    const ta = boxExit(A.w, A.h, dx, dy) * len,
      tb = boxExit(B.w, B.h, dx, dy) * len;
    const ax = A.x + ux * Math.min(ta, len / 2),
      ay = A.y + uy * Math.min(ta, len / 2);
    const bx = B.x - ux * Math.min(tb, len / 2),
      by = B.y - uy * Math.min(tb, len / 2);
    const dash = e.dashed ? ' stroke-dasharray="5 3"' : '';
    out.push(
      `<g class="edge${e.classes ? ' ' + escapeXml(e.classes) : ''}" data-a="${e.a}" data-b="${e.b}" data-marks="${e.markA}/${e.markB}">`,
    );
    out.push(
      `<line x1="${f(ax)}" y1="${f(ay)}" x2="${f(bx)}" y2="${f(by)}" stroke="${escapeXml(e.color)}" stroke-width="${f(e.width)}"${dash}/>`,
    );
    const ma = markSvg(e.markA, ax, ay, -ux, -uy, e.color, scene.background, e.width);
    const mb = markSvg(e.markB, bx, by, ux, uy, e.color, scene.background, e.width);
    if (ma) out.push(ma);
    if (mb) out.push(mb);
    out.push('</g>');
  }
  out.push('</g>');
  out.push('<g class="nodes">');
  for (const n of scene.nodes) {
    const op = n.opacity !== undefined && n.opacity < 1 ? ` opacity="${f(n.opacity)}"` : '';
    out.push(`<g class="node${n.classes ? ' ' + escapeXml(n.classes) : ''}" data-id="${n.id}"${op}>`);
    out.push(
      `<rect x="${f(n.x - n.w / 2)}" y="${f(n.y - n.h / 2)}" width="${f(n.w)}" height="${f(n.h)}" rx="5" fill="${escapeXml(n.fill)}" stroke="${escapeXml(n.stroke)}" stroke-width="${f(n.strokeWidth)}"/>`,
    );
    out.push(
      `<text x="${f(n.x)}" y="${f(n.y)}" text-anchor="middle" dominant-baseline="central" fill="${escapeXml(n.textColor)}">${escapeXml(n.label)}</text>`,
    );
    out.push('</g>');
  }
  out.push('</g></g></svg>');
  return out.join('\n') + '\n';
}
