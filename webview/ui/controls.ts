// The toolbar: layer/head dropdowns, α and sample-size controls (sliders with exact fields),
// view toggles, export buttons, cancel, and the busy/progress indicator. Controls are
// @vscode/webview-ui-toolkit web components; sliders are native range inputs (the toolkit has none).
import type { CompareAxis, ExportFormat, HeadMode, RunParams } from '../../src/protocol';
import { LIMITS } from '../../src/protocol';
import { h, clear } from '../dom';

export interface ControlEvents {
  onEngineParams(alpha: number, samples: number): void;
  onAttention(layer: number, head: HeadMode): void;
  onExport(format: ExportFormat): void;
  onCancel(): void;
  onMergePieces(on: boolean): void;
  onHideIsolatedSpecials(on: boolean): void;
  onFocusEdges(on: boolean): void;
  onView(view: 'result' | 'compare' | 'file'): void;
}

type ToolkitField = HTMLElement & { value: string; disabled: boolean };
type ToolkitCheckbox = HTMLElement & { checked: boolean };
type ToolkitButton = HTMLElement & { disabled: boolean; appearance?: string };

const ALPHA_LOG_MIN = -6;
const ALPHA_LOG_MAX = Math.log10(LIMITS.alphaMax);
const SAMPLES_LOG2_MIN = 4;
const SAMPLES_LOG2_MAX = 14;

/** Formats α compactly: 0.01, 0.001, 1e-5. */
export function formatAlpha(a: number): string {
  if (a >= 1e-3) return String(Number(a.toPrecision(3)));
  return a.toExponential(1).replace('.0e', 'e');
}

export function parseAlpha(s: string): number | null {
  const v = Number(s.trim());
  return Number.isFinite(v) && v >= LIMITS.alphaMin && v <= LIMITS.alphaMax ? v : null;
}

export function parseSamples(s: string): number | null {
  const v = Number(s.trim());
  return Number.isInteger(v) && v >= LIMITS.samplesMin && v <= LIMITS.samplesMax ? v : null;
}

export class Controls {
  readonly root: HTMLElement;
  private layer: ToolkitField;
  private head: ToolkitField;
  private alphaRange: HTMLInputElement;
  private alphaField: ToolkitField;
  private samplesRange: HTMLInputElement;
  private samplesField: ToolkitField;
  private merge: ToolkitCheckbox;
  private hideSpecials: ToolkitCheckbox;
  private focusEdges: ToolkitCheckbox;
  private cancel: ToolkitButton;
  private exports: ToolkitButton[] = [];
  private status: HTMLElement;
  private ring: HTMLElement;
  private bar: HTMLProgressElement;
  private prediction: HTMLElement;
  private viewResult: ToolkitButton;
  private viewCompare: ToolkitButton;
  private viewFile: ToolkitButton;
  private alpha = 0.01;
  private samples = 768;
  private params: RunParams | null = null;

  constructor(private readonly ev: ControlEvents) {
    this.prediction = h('div', { class: 'prediction', id: 'prediction' });
    this.layer = h('vscode-dropdown', { id: 'layer', 'aria-label': 'Layer' }) as ToolkitField;
    this.head = h('vscode-dropdown', { id: 'head', 'aria-label': 'Head' }) as ToolkitField;
    this.layer.addEventListener('change', () => this.attentionChanged());
    this.head.addEventListener('change', () => this.attentionChanged());

    this.alphaRange = h('input', {
      type: 'range',
      id: 'alpha-range',
      min: ALPHA_LOG_MIN,
      max: ALPHA_LOG_MAX,
      step: 0.05,
      'aria-label': 'α (log scale)',
    });
    this.alphaField = h('vscode-text-field', { id: 'alpha', size: 7, 'aria-label': 'α' }) as ToolkitField;
    this.alphaRange.addEventListener('input', () => {
      this.alphaField.value = formatAlpha(10 ** Number(this.alphaRange.value));
    });
    this.alphaRange.addEventListener('change', () =>
      this.setAlpha(Number(formatAlpha(10 ** Number(this.alphaRange.value))), true),
    );
    this.alphaField.addEventListener('change', () => {
      const v = parseAlpha(this.alphaField.value);
      if (v === null) {
        this.alphaField.classList.add('invalid');
        return;
      }
      this.alphaField.classList.remove('invalid');
      this.setAlpha(v, true);
    });

    this.samplesRange = h('input', {
      type: 'range',
      id: 'samples-range',
      min: SAMPLES_LOG2_MIN,
      max: SAMPLES_LOG2_MAX,
      step: 0.25,
      'aria-label': 'sample size (log scale)',
    });
    this.samplesField = h('vscode-text-field', { id: 'samples', size: 6, 'aria-label': 'sample size' }) as ToolkitField;
    this.samplesRange.addEventListener('input', () => {
      this.samplesField.value = String(Math.round(2 ** Number(this.samplesRange.value)));
    });
    this.samplesRange.addEventListener('change', () =>
      this.setSamples(Math.round(2 ** Number(this.samplesRange.value)), true),
    );
    this.samplesField.addEventListener('change', () => {
      const v = parseSamples(this.samplesField.value);
      if (v === null) {
        this.samplesField.classList.add('invalid');
        return;
      }
      this.samplesField.classList.remove('invalid');
      this.setSamples(v, true);
    });

    this.merge = h('vscode-checkbox', { id: 'merge-pieces' }, 'merge sub-words') as ToolkitCheckbox;
    this.merge.addEventListener('change', () => ev.onMergePieces(this.merge.checked));
    this.hideSpecials = h('vscode-checkbox', { id: 'hide-specials' }, 'hide isolated specials') as ToolkitCheckbox;
    this.hideSpecials.addEventListener('change', () => ev.onHideIsolatedSpecials(this.hideSpecials.checked));
    this.focusEdges = h(
      'vscode-checkbox',
      {
        id: 'focus-edges',
        title: 'Draw only the edges at the explanation, the explained token and the selected token',
      },
      'only edges at the explanation',
    ) as ToolkitCheckbox;
    this.focusEdges.addEventListener('change', () => ev.onFocusEdges(this.focusEdges.checked));

    const exportGroup = h(
      'div',
      { class: 'group exports', role: 'group', 'aria-label': 'Export' },
      h('span', { class: 'label' }, 'Export'),
    );
    for (const f of ['json', 'dot', 'svg', 'png'] as const) {
      const b = h(
        'vscode-button',
        { id: `export-${f}`, appearance: 'secondary', title: `Export as ${f.toUpperCase()}` },
        f.toUpperCase(),
      ) as ToolkitButton;
      b.addEventListener('click', () => {
        if (!b.disabled) ev.onExport(f);
      });
      this.exports.push(b);
      exportGroup.appendChild(b);
    }
    this.cancel = h(
      'vscode-button',
      { id: 'cancel', appearance: 'secondary', disabled: true },
      'Cancel',
    ) as ToolkitButton;
    this.cancel.addEventListener('click', () => {
      if (!this.cancel.disabled) ev.onCancel();
    });
    this.ring = h('vscode-progress-ring', { class: 'ring', hidden: true });
    this.bar = h('progress', { id: 'progress', max: 1, hidden: true });
    this.status = h('span', { id: 'status', class: 'status', role: 'status' });

    this.viewResult = h(
      'vscode-button',
      { id: 'view-result', appearance: 'secondary' },
      'Explanation',
    ) as ToolkitButton;
    this.viewCompare = h(
      'vscode-button',
      { id: 'view-compare', appearance: 'secondary' },
      'Compare layers',
    ) as ToolkitButton;
    this.viewFile = h(
      'vscode-button',
      { id: 'view-file', appearance: 'secondary', hidden: true },
      'File summary',
    ) as ToolkitButton;
    this.viewFile.addEventListener('click', () => ev.onView('file'));
    this.viewResult.addEventListener('click', () => ev.onView('result'));
    this.viewCompare.addEventListener('click', () => ev.onView('compare'));

    this.root = h(
      'header',
      { class: 'toolbar' },
      h(
        'div',
        { class: 'row' },
        this.prediction,
        h('div', { class: 'spacer' }),
        h('div', { class: 'group views' }, this.viewResult, this.viewCompare, this.viewFile),
      ),
      h(
        'div',
        { class: 'row' },
        h('label', { class: 'group' }, h('span', { class: 'label' }, 'Layer'), this.layer),
        h('label', { class: 'group' }, h('span', { class: 'label' }, 'Head'), this.head),
        h(
          'div',
          { class: 'group' },
          h('span', { class: 'label', title: 'CI-test significance threshold' }, 'α'),
          this.alphaRange,
          this.alphaField,
        ),
        h(
          'div',
          { class: 'group' },
          h('span', { class: 'label', title: 'Sample size of the Fisher-z test' }, 'n'),
          this.samplesRange,
          this.samplesField,
        ),
      ),
      h(
        'div',
        { class: 'row' },
        this.merge,
        this.hideSpecials,
        this.focusEdges,
        h('div', { class: 'spacer' }),
        exportGroup,
        this.cancel,
      ),
      h('div', { class: 'row busy-row' }, this.ring, this.bar, this.status),
    );
    this.setAlpha(this.alpha, false);
    this.setSamples(this.samples, false);
  }

  private setAlpha(v: number, emit: boolean): void {
    this.alpha = v;
    this.alphaField.classList.remove('invalid');
    this.alphaField.value = formatAlpha(v);
    this.alphaRange.value = String(Math.log10(v));
    if (emit) this.ev.onEngineParams(this.alpha, this.samples);
  }

  private setSamples(v: number, emit: boolean): void {
    this.samples = v;
    this.samplesField.classList.remove('invalid');
    this.samplesField.value = String(v);
    this.samplesRange.value = String(Math.log2(v));
    if (emit) this.ev.onEngineParams(this.alpha, this.samples);
  }

  private attentionChanged(): void {
    const layer = Number(this.layer.value);
    const v = this.head.value;
    const head: HeadMode = v === 'mean' || v === 'each' ? v : Number(v);
    if (!Number.isInteger(layer) || (typeof head === 'number' && !Number.isInteger(head))) return;
    if (this.params && layer === this.params.layer && head === this.params.head) return;
    this.ev.onAttention(layer, head);
  }

  /** Shows the parameters a result was computed with. */
  setParams(p: RunParams | null): void {
    this.params = p;
    const has = p !== null;
    for (const el of [this.layer, this.head, this.alphaField, this.samplesField]) el.disabled = !has;
    this.alphaRange.disabled = !has;
    this.samplesRange.disabled = !has;
    if (!p) return;
    clear(this.layer);
    for (let l = 0; l < p.layers; l++) {
      this.layer.appendChild(
        h(
          'vscode-option',
          { value: String(l), selected: l === p.layer },
          `${l}${l === p.layers - 1 ? ' (deepest)' : ''}`,
        ),
      );
    }
    clear(this.head);
    this.head.appendChild(h('vscode-option', { value: 'mean', selected: p.head === 'mean' }, 'mean of heads'));
    this.head.appendChild(
      h('vscode-option', { value: 'each', selected: p.head === 'each' }, 'each head (one PAG per head)'),
    );
    for (let k = 0; k < p.heads; k++)
      this.head.appendChild(h('vscode-option', { value: String(k), selected: p.head === k }, String(k)));
    this.layer.value = String(p.layer);
    this.head.value = String(p.head);
    this.setAlpha(p.alpha, false);
    this.setSamples(p.samples, false);
  }

  /** Puts `el` right after the prediction (e.g. the multi-label label choice). */
  besidePrediction(el: HTMLElement): void {
    this.prediction.after(el);
  }

  setPrediction(text: string, title: string): void {
    this.prediction.textContent = text;
    this.prediction.title = title;
  }

  setToggles(mergePieces: boolean, hideIsolatedSpecials: boolean, focusEdges: boolean): void {
    this.merge.checked = mergePieces;
    this.hideSpecials.checked = hideIsolatedSpecials;
    this.focusEdges.checked = focusEdges;
  }

  setView(
    view: 'result' | 'compare' | 'file',
    hasResult: boolean,
    hasCompare: boolean,
    compareAxis?: CompareAxis,
    hasFile = false,
  ): void {
    this.viewResult.disabled = !hasResult;
    this.viewCompare.disabled = !hasCompare;
    this.viewFile.hidden = !hasFile;
    this.root.classList.toggle('file-view', view === 'file');
    this.viewFile.appearance = view === 'file' ? 'primary' : 'secondary';
    this.viewCompare.textContent = compareAxis === 'head' ? 'Compare heads' : 'Compare layers';
    // The toolkit reflects the property to the attribute (asynchronously): set the property.
    this.viewResult.appearance = view === 'result' ? 'primary' : 'secondary';
    this.viewCompare.appearance = view === 'compare' ? 'primary' : 'secondary';
    // which view is shown, for screen readers and for high contrast, where both appearances look alike
    const shown: [ToolkitButton, string][] = [
      [this.viewResult, 'result'],
      [this.viewCompare, 'compare'],
      [this.viewFile, 'file'],
    ];
    for (const [button, name] of shown) button.setAttribute('aria-pressed', String(view === name));
    const graphExports = view === 'result' && hasResult;
    this.exports.forEach((b, i) => {
      b.disabled = i === 0 ? !(hasResult || hasCompare) : !graphExports;
    });
  }

  /** SVG and PNG export the node-link drawing: off while the matrix is shown (JSON and DOT still work). */
  setDrawingExports(on: boolean): void {
    this.exports.forEach((b, i) => {
      if (i >= 2) b.disabled = !on;
    });
  }

  setBusy(busy: boolean, message?: string, fraction?: number): void {
    this.cancel.disabled = !busy;
    this.ring.hidden = !busy;
    this.bar.hidden = !busy || fraction === undefined;
    if (fraction !== undefined) this.bar.value = Math.max(0, Math.min(1, fraction));
    this.status.textContent = message ?? '';
    this.root.classList.toggle('busy', busy);
  }
}
