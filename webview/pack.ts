// Shelf packing of laid-out graph components: boxes go left to right in rows; the row width is
// chosen among every possible break so that the packed block best fills a viewport of the given
// aspect ratio (which maximises the fitted zoom, i.e. the label size on screen).

export interface Box {
  w: number;
  h: number;
}
export interface Packing {
  x: number[];
  y: number[];
  width: number;
  height: number;
  zoom: number;
}

function shelf(
  boxes: Box[],
  gap: number,
  rowWidth: number,
): { x: number[]; y: number[]; width: number; height: number } {
  const x: number[] = [],
    y: number[] = [];
  let cx = 0,
    cy = 0,
    rowH = 0,
    width = 0;
  for (const b of boxes) {
    if (cx > 0 && cx + b.w > rowWidth) {
      cx = 0;
      cy += rowH + gap;
      rowH = 0;
    }
    x.push(cx);
    y.push(cy);
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
  for (const b of boxes) {
    acc += b.w + gap;
    if (acc >= widest) cands.add(acc);
  }
  let best: Packing | null = null;
  for (const rw of cands) {
    const p = shelf(boxes, gap, rw + 1e-6);
    const zoom = Math.min(viewW / Math.max(1, p.width), viewH / Math.max(1, p.height));
    if (!best || zoom > best.zoom + 1e-9) best = { ...p, zoom };
  }
  return best!;
}

export interface PlacedBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Pushes overlapping boxes (centres x, y) apart along the axis of least overlap until no two
 * boxes are closer than `margin`, or `maxRounds` passes are done. Force layouts on dense PAGs
 * pull labelled nodes on top of each other; this keeps every label readable. Mutates `boxes`.
 * Returns the number of overlapping pairs left.
 */
export function removeOverlaps(boxes: PlacedBox[], margin = 6, maxRounds = 60): number {
  let left = 0;
  for (let round = 0; round < maxRounds; round++) {
    left = 0;
    for (let i = 0; i < boxes.length; i++) {
      for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i],
          b = boxes[j];
        const ox = (a.w + b.w) / 2 + margin - Math.abs(a.x - b.x);
        const oy = (a.h + b.h) / 2 + margin - Math.abs(a.y - b.y);
        if (ox <= 1e-6 || oy <= 1e-6) continue;
        left++;
        // Deterministic direction for coincident centres: by index.
        if (ox < oy) {
          const s = a.x < b.x || (a.x === b.x && i < j) ? -1 : 1;
          a.x += (s * (ox + 0.01)) / 2;
          b.x -= (s * (ox + 0.01)) / 2;
        } else {
          const s = a.y < b.y || (a.y === b.y && i < j) ? -1 : 1;
          a.y += (s * (oy + 0.01)) / 2;
          b.y -= (s * (oy + 0.01)) / 2;
        }
      }
    }
    if (left === 0) return 0;
  }
  // Count what is left after the last pass.
  left = 0;
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const a = boxes[i],
        b = boxes[j];
      if (
        (a.w + b.w) / 2 + margin - Math.abs(a.x - b.x) > 1e-6 &&
        (a.h + b.h) / 2 + margin - Math.abs(a.y - b.y) > 1e-6
      )
        left++;
    }
  return left;
}
