// Colours for the graph, read from VS Code's theme CSS variables at render time. VS Code sets the
// variables on <html> and a theme class on <body> (vscode-light / vscode-dark /
// vscode-high-contrast / vscode-high-contrast-light); the panel re-reads them when either changes.

export type ThemeKind = 'light' | 'dark' | 'high-contrast' | 'high-contrast-light';

export interface Palette {
  kind: ThemeKind;
  background: string;
  foreground: string;
  muted: string;
  edge: string;
  nodeFill: string;
  nodeBorder: string;
  explanation: string;
  explanationText: string;
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

export function readPalette(): Palette {
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
    explanation: v('--vscode-charts-orange', dark ? '#d18616' : '#d18616'),
    explanationText: '#000000', // dark text reads on every theme's orange
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
    requestAnimationFrame(() => { scheduled = false; onChange(); });
  });
  obs.observe(document.body, { attributes: true, attributeFilter: ['class'] });
  obs.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });
  return obs;
}
