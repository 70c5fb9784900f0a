// CSS colours as numbers, so the panel can draw what the editor draws. The explanation colour is
// translucent by default (causalLens.explanationBackground: #f5a62366 on dark themes); the graph,
// the legend, the sentence and the SVG export all get the same opaque colour: the translucent one
// laid over the editor background, as the eye sees it in the editor.

export interface Rgba {
  r: number;
  g: number;
  b: number;
  a: number;
}

let probe: CanvasRenderingContext2D | null = null;

/** Any CSS colour the browser understands (names, #rgb[a], #rrggbb[aa], rgb(), hsl(), …), or null. */
export function parseColour(css: string): Rgba | null {
  const s = css.trim();
  if (!s) return null;
  probe ??= document.createElement('canvas').getContext('2d');
  if (!probe) return null;
  // The canvas normalises fillStyle to "#rrggbb" or "rgba(r, g, b, a)"; an invalid colour leaves
  // it unchanged, which two different sentinels detect.
  probe.fillStyle = '#000001';
  probe.fillStyle = s;
  const first = probe.fillStyle;
  probe.fillStyle = '#000002';
  probe.fillStyle = s;
  if (probe.fillStyle !== first) return null;
  const hex = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(first);
  if (hex) return { r: parseInt(hex[1], 16), g: parseInt(hex[2], 16), b: parseInt(hex[3], 16), a: 1 };
  const m = /^rgba?\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*(?:,\s*([\d.]+)\s*)?\)$/.exec(first);
  if (!m) return null;
  return { r: Number(m[1]), g: Number(m[2]), b: Number(m[3]), a: m[4] === undefined ? 1 : Number(m[4]) };
}

/** `top` laid over the opaque `bottom` (alpha compositing). */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const mix = (t: number, b: number) => Math.round(t * top.a + b * (1 - top.a));
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a: 1 };
}

export function hex(c: Rgba): string {
  const h = (x: number) =>
    Math.max(0, Math.min(255, Math.round(x)))
      .toString(16)
      .padStart(2, '0');
  return `#${h(c.r)}${h(c.g)}${h(c.b)}`;
}

/** WCAG relative luminance. */
function luminance(c: Rgba): number {
  const ch = (x: number) => {
    const v = x / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
}

export function contrast(a: Rgba, b: Rgba): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Whichever of the two text colours reads better on `fill`. */
export function readableOn(fill: Rgba, light: Rgba, dark: Rgba): Rgba {
  return contrast(fill, light) >= contrast(fill, dark) ? light : dark;
}
