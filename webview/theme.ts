// Colours for the graph, read from VS Code's theme CSS variables at render time. VS Code sets the
// variables on <html> and a theme class on <body> (vscode-light / vscode-dark /
// vscode-high-contrast / vscode-high-contrast-light); the panel re-reads them when either changes.
// The explanation colour is the editor's: the user's causalLens.highlight.explanationColor when set,
// else the contributed theme colour causalLens.explanationBackground (VS Code exposes contributed
// colours to webviews as --vscode-causalLens-explanationBackground), with its border colour.
import { hex, over, parseColour, readableOn, type Rgba } from './colour';

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Palette {
  kind: ThemeKind;
  background: string;
  foreground: string;
  muted: string;
  edge: string;
  nodeFill: string;
  nodeBorder: string;
  /** Opaque fill of explanation tokens (the configured colour over the editor background). */
  explanation: string;
  explanationText: string;
  explanationBorder: string;
  target: string;
  candidate: string;
  selection: string;
  focus: string;
  gained: string;
  lost: string;
  fontFamily: string;
  fontSize: number;
}

export function themeKind(body: HTMLElement = document.body): ThemeKind {
  const c = body.classList;
  if (c.contains('vscode-high-contrast-light')) return 'high-contrast-light';
  if (c.contains('vscode-high-contrast')) return 'high-contrast';
  if (c.contains('vscode-light')) return 'light';
  return 'dark';
}

/** Reads a CSS custom property, falling back when VS Code does not define it (older themes). */
function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

/** Fallbacks when VS Code does not define the contributed colours (package.json's defaults). */
const EXPLANATION_DEFAULTS: Record<ThemeKind, { fill: string; border: string }> = {
  dark: { fill: '#f5a62366', border: '#f5a623' },
  light: { fill: '#ffb3474d', border: '#d9822b' },
  'high-contrast': { fill: '#00000000', border: '#f38518' },
  'high-contrast-light': { fill: '#00000000', border: '#b5200d' },
};

const BLACK: Rgba = { r: 0, g: 0, b: 0, a: 1 };
const WHITE: Rgba = { r: 255, g: 255, b: 255, a: 1 };

/**
 * The explanation's fill, text and border. `custom` is the user's setting ('' or null: the theme
 * colour); a colour the browser cannot parse falls back to the theme colour.
 */
function explanationColours(
  kind: ThemeKind,
  v: (name: string, fallback: string) => string,
  background: string,
  foreground: string,
  custom: string | null,
) {
  const d = EXPLANATION_DEFAULTS[kind];
  const bg = parseColour(background) ?? BLACK;
  const themed = parseColour(v('--vscode-causalLens-explanationBackground', d.fill)) ?? parseColour(d.fill)!;
  const chosen = (custom ? parseColour(custom) : null) ?? themed;
  const fill = over(chosen, bg);
  // The theme's text or background colour, whichever contrasts more with the fill.
  const text = readableOn(fill, parseColour(foreground) ?? WHITE, bg);
  const border = parseColour(v('--vscode-causalLens-explanationBorder', d.border)) ?? parseColour(d.border)!;
  return { explanation: hex(fill), explanationText: hex(text), explanationBorder: hex(over(border, bg)) };
}

export function readPalette(customExplanation: string | null = null): Palette {
  const style = getComputedStyle(document.documentElement);
  const kind = themeKind();
  const hc = kind === 'high-contrast' || kind === 'high-contrast-light';
  const dark = kind === 'dark' || kind === 'high-contrast';
  const v = (name: string, fallback: string) => cssVar(style, name, fallback);
  const foreground = v('--vscode-editor-foreground', v('--vscode-foreground', dark ? '#cccccc' : '#333333'));
  const background = v('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff');
  const contrast = v('--vscode-contrastBorder', foreground);
  return {
    kind,
    background,
    foreground,
    muted: v('--vscode-descriptionForeground', foreground),
    edge: hc ? contrast : v('--vscode-charts-lines', foreground),
    nodeFill: v('--vscode-editorWidget-background', v('--vscode-sideBar-background', background)),
    nodeBorder: hc ? contrast : v('--vscode-editorWidget-border', v('--vscode-panel-border', foreground)),
    ...explanationColours(kind, v, background, foreground, customExplanation),
    target: v('--vscode-charts-blue', dark ? '#3794ff' : '#1a85ff'),
    candidate: v('--vscode-charts-yellow', '#cca700'),
    selection: v('--vscode-charts-purple', '#b180d7'),
    focus: v('--vscode-focusBorder', v('--vscode-contrastActiveBorder', '#007fd4')),
    gained: v('--vscode-charts-green', '#388a34'),
    lost: v('--vscode-charts-red', '#e51400'),
    fontFamily: v('--vscode-editor-font-family', v('--vscode-font-family', 'monospace')),
    fontSize: Number.parseFloat(v('--vscode-editor-font-size', '13')) || 13,
  };
}

/** Calls `onChange` when the theme class on <body> or the variables on <html> change. */
export function watchTheme(onChange: () => void): MutationObserver {
  let scheduled = false;
  const obs = new MutationObserver(() => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      onChange();
    });
  });
  obs.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return obs;
}
