// Shelf packing of laid-out graph components: boxes go left to right in rows; the row width is
// chosen among every possible break so that the packed block best fills a viewport of the given
// aspect ratio (which maximises the fitted zoom, i.e. the label size on screen).

export interface Box { w: number; h: number }
export interface Packing { x: number[]; y: number[]; width: number; height: number; zoom: number }

function shelf(boxes: Box[], gap: number, rowWidth: number): { x: number[]; y: number[]; width: number; height: number } {
  const x: number[] = [], y: number[] = [];
  let cx = 0, cy = 0, rowH = 0, width = 0;
  for (const b of boxes) {
    if (cx > 0 && cx + b.w > rowWidth) { cx = 0; cy += rowH + gap; rowH = 0; }
    x.push(cx); y.push(cy);
    width = Math.max(width, cx + b.w);
    cx += b.w + gap;
    rowH = Math.max(rowH, b.h);
  }
  return { x, y, width, height: boxes.length ? cy + rowH : 0 };
}

/** Packs boxes (in the given order) to maximise min(viewW / width, viewH / height). */
export function packBoxes(boxes: Box[], gap: number, viewW: number, viewH: number): Packing {
  if (boxes.length === 0) return { x: [], y: [], width: 0, height: 0, zoom: 1 };
  const widest = Math.max(...boxes.map((b) => b.w));
  const total = boxes.reduce((s, b) => s + b.w + gap, -gap);
  // Candidate row widths: every prefix width of the sequence (where a break would happen), plus widest/total.
  const cands = new Set<number>([widest, total]);
  let acc = -gap;
  for (const b of boxes) { acc += b.w + gap; if (acc >= widest) cands.add(acc); }
  let best: Packing | null = null;
  for (const rw of cands) {
    const p = shelf(boxes, gap, rw + 1e-6);
    const zoom = Math.min(viewW / Math.max(1, p.width), viewH / Math.max(1, p.height));
    if (!best || zoom > best.zoom + 1e-9) best = { ...p, zoom };
  }
  return best!;
}
