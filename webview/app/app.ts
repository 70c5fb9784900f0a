// The PAG panel's controller: keeps the panel state (persisted with setState), handles the host's
// messages, switches between the result, compare and file views, and shows busy, errors and the
// theme's colours. The views render; this decides what is shown.
import type { CompareMessage, ExportFormat, HostToWebview, PanelState } from '../../src/protocol';
import { isHostMessage } from '../../src/protocol';
import { h, clear, append } from '../dom';
import { coerceState, defaultState, embeddedState } from '../state';
import { readPalette, watchTheme, type Palette } from '../theme';
import { tokenLabel } from '../tokens';
import { Controls } from '../ui/controls';
import { CompareView } from '../ui/compare';
import { renderFileSummary } from '../ui/fileSummary';
import { fileLabelsText } from '../../src/shared/statusText';
import { explainedHeadline } from '../../src/shared/explainedText';
import { LabelChoice } from '../ui/labelChoice';
import { post, savedState, saveState } from '../vscodeApi';
import { exportMessage } from './exportView';
import { buildPanelLayout, type PanelElements } from './panelLayout';
import { ResultView } from './resultView';

export class App {
  private state: PanelState;
  /** The user's causalLens.highlight.explanationColor (null: the theme colour), from the host. */
  private explanationColor: string | null = null;
  private palette: Palette;
  private controls: Controls;
  /** Multi-label results: which label is explained (a rerun for another). */
  private labelChoice: LabelChoice;
  private result: ResultView;
  private compare: CompareView;
  private busy = false;
  /** A rerun this panel asked for is running: iterations belong to the shown tokens. */
  private rerunPending = false;
  private els: PanelElements;

  constructor(private readonly root: HTMLElement) {
    this.state = coerceState(savedState()) ?? coerceState(embeddedState()) ?? defaultState();
    this.palette = readPalette(this.explanationColor);
    this.applyPaletteVars();
    this.controls = new Controls({
      onEngineParams: (alpha, samples) => this.requestRerun({ alpha, samples }),
      onAttention: (layer, head) => this.requestRerun({ layer, head }),
      onExport: (f) => this.export(f),
      onCancel: () => post({ type: 'cancel' }),
      onMergePieces: (on) => {
        this.state.ui.mergePieces = on;
        this.persist();
        this.result.renderSentence();
      },
      onHideIsolatedSpecials: (on) => {
        this.state.ui.hideIsolatedSpecials = on;
        this.persist();
        this.renderAll();
      },
      onFocusEdges: (on) => {
        this.state.ui.focusEdges = on;
        this.persist();
        this.result.graphArea.setFocusEdges(on);
      },
      onView: (v) => this.setView(v),
    });
    this.labelChoice = new LabelChoice((label) => this.requestRerun({ label }));
    this.controls.besidePrediction(this.labelChoice.root);
    const layout = buildPanelLayout((mode) => this.result.graphArea.setGraphView(mode));
    this.els = layout.els;
    this.result = new ResultView(this.els, layout.modeButtons, this.controls, {
      state: () => this.state,
      persist: () => this.persist(),
      palette: () => this.palette,
    });
    this.compare = new CompareView(this.els.compareView);
    clear(root);
    append(
      root,
      this.controls.root,
      this.els.error,
      this.els.placeholder,
      this.els.resultView,
      this.els.compareView,
      this.els.fileView,
    );

    window.addEventListener('message', (ev: MessageEvent) => {
      if (isHostMessage(ev.data)) this.onMessage(ev.data);
    });
    watchTheme(() => this.onThemeChange());
    let resizeTimer: number | undefined;
    window.addEventListener('resize', () => {
      window.clearTimeout(resizeTimer);
      resizeTimer = window.setTimeout(() => {
        this.result.graphArea.resize();
        this.compare.resize();
      }, 120);
    });
    this.renderAll();
    post({ type: 'ready' });
  }

  // --- messages -------------------------------------------------------------------------------
  onMessage(m: HostToWebview): void {
    switch (m.type) {
      case 'result': {
        const sameTokens =
          this.state.result !== null &&
          this.state.result.result.tokens.length === m.result.tokens.length &&
          this.state.result.result.tokens.every((t, i) => t.text === m.result.tokens[i].text);
        const sameSets =
          sameTokens &&
          JSON.stringify(this.state.result?.result.explanation.sets) === JSON.stringify(m.result.explanation.sets);
        this.state.result = m;
        this.state.ui.view = 'result';
        if (!sameTokens) this.state.ui.selectedToken = null;
        // Alternatives are shown one at a time, the first by default; the editor follows the choice.
        const sets = m.result.explanation.sets.length;
        if (!sameSets) this.state.ui.chosenSet = sets > 1 ? 0 : null;
        this.result.endPreview();
        if (sets > 1) post({ type: 'showExplanation', set: this.state.ui.chosenSet ?? null });
        this.showState();
        break;
      }
      case 'compare':
        this.state.compare = m;
        this.state.ui.view = 'compare';
        this.showState();
        break;
      case 'fileSummary':
        this.state.file = m;
        this.state.ui.view = 'file';
        this.showState();
        break;
      case 'iteration': {
        const r = this.state.result?.result;
        this.setBusy(
          true,
          `ICD iteration r=${m.r}: ${m.edges} edges${m.pag ? '' : ' (too many to draw live)'}${m.ciTests !== undefined ? `, ${m.ciTests} CI tests` : ''}`,
        );
        // Live edges only while re-running the shown result (a new text may have as many tokens).
        if (m.pag && r && this.rerunPending && r.pag.n === m.pag.n && this.state.ui.view === 'result')
          this.result.graphArea.showLiveEdges(m.pag, m.r);
        break;
      }
      case 'progress':
        this.setBusy(true, `${m.stage}…`, m.fraction);
        break;
      case 'busy':
        this.setBusy(m.busy, m.message);
        break;
      case 'error':
        this.setBusy(false);
        this.showError(m.message);
        break;
      case 'appearance':
        this.explanationColor = m.explanationColor || null;
        this.onThemeChange();
        break;
      case 'clear':
        this.state = {
          ...defaultState(),
          ui: {
            ...defaultState().ui,
            mergePieces: this.state.ui.mergePieces,
            hideIsolatedSpecials: this.state.ui.hideIsolatedSpecials,
            focusEdges: this.state.ui.focusEdges,
            graphView: this.state.ui.graphView,
          },
        };
        this.showState();
        break;
    }
  }

  private requestRerun(p: {
    alpha?: number;
    samples?: number;
    layer?: number;
    head?: number | 'mean' | 'each';
    label?: number;
  }): void {
    if (!this.state.result) return;
    post({ type: 'rerun', ...p });
    this.rerunPending = true;
    this.setBusy(true, 'Re-running…');
  }

  private export(format: ExportFormat): void {
    const msg = exportMessage(format, {
      state: this.state,
      labels: this.result.labels(),
      shownExplanation: this.result.shownExplanation(),
      drawing: this.result.graphArea.drawing(),
    });
    if (msg) post(msg);
  }

  // --- rendering ------------------------------------------------------------------------------
  private persist(): void {
    saveState(this.state);
  }

  /** A new state from the host is shown: not busy, no error, persisted and drawn. */
  private showState(): void {
    this.setBusy(false);
    this.hideError();
    this.persist();
    this.renderAll();
  }

  private setView(v: 'result' | 'compare' | 'file'): void {
    if (v === 'compare' && !this.state.compare) return;
    if (v === 'file' && !this.state.file) return;
    if (v === 'result' && !this.state.result) return;
    this.state.ui.view = v;
    this.persist();
    this.renderAll();
  }

  private setBusy(busy: boolean, message?: string, fraction?: number): void {
    this.busy = busy;
    this.controls.setBusy(busy, message, fraction);
    if (!busy) {
      this.els.live.hidden = true;
      this.rerunPending = false;
    }
  }

  private showError(msg: string): void {
    clear(this.els.error);
    append(
      this.els.error,
      h('span', null, msg),
      h('vscode-button', { appearance: 'icon', 'aria-label': 'Dismiss', onclick: () => this.hideError() }, '✕'),
    );
    this.els.error.hidden = false;
  }

  private hideError(): void {
    this.els.error.hidden = true;
  }

  private renderAll(): void {
    const { result, compare, ui } = this.state;
    const file = this.state.file ?? null;
    const view = ui.view === 'compare' && compare ? 'compare' : ui.view === 'file' && file ? 'file' : 'result';
    this.controls.setToggles(ui.mergePieces, ui.hideIsolatedSpecials, ui.focusEdges === true);
    this.controls.setView(view, result !== null, compare !== null, compare?.axis, file !== null);
    this.els.placeholder.hidden = result !== null || compare !== null || file !== null;
    this.els.resultView.hidden = view !== 'result' || result === null;
    this.els.compareView.hidden = view !== 'compare';
    this.els.fileView.hidden = view !== 'file';
    if (view === 'file' && file) {
      renderFileSummary(this.els.fileView, file, {
        onRevealRow: (line) => post({ type: 'revealRow', line }),
        onWriteResults: () => post({ type: 'writeResults' }),
      });
    }
    const head = view === 'compare' ? compare : view === 'result' ? result : null;
    if (head) {
      const pred = head.type === 'result' ? head.result.prediction : head.prediction;
      const model = head.type === 'result' ? head.result.model : head.model;
      const explained = head.type === 'result' ? head.result.explained : undefined;
      this.controls.setPrediction(
        `${pred.label} ${(pred.score * 100).toFixed(1)}%`,
        explained ? `${explainedHeadline(explained).detail} (${model})` : `Prediction of ${model}`,
      );
    } else if (view === 'file' && file)
      this.controls.setPrediction(fileLabelsText(file.labels), `Rows per predicted label in ${file.file}`);
    else this.controls.setPrediction('', '');
    this.controls.setParams(result?.params ?? null);
    this.labelChoice.set(view === 'result' ? result?.result.explained : undefined);

    if (view === 'result' && result) this.result.render(result);
    else this.result.graphArea.destroy();
    if (view === 'compare' && compare) this.renderCompare(compare);
    else this.compare.destroy();
  }

  private renderCompare(c: CompareMessage): void {
    const labels = c.tokens.map((_, i) => tokenLabel(c.tokens, i, c.text));
    this.compare.render(c, labels, this.palette, this.state.ui.hideIsolatedSpecials, (i) => {
      if (this.state.result) {
        this.state.ui.selectedToken = i;
        this.setView('result');
      }
    });
  }

  private onThemeChange(): void {
    this.palette = readPalette(this.explanationColor);
    this.applyPaletteVars();
    this.result.graphArea.setPalette(this.palette);
    this.compare.setPalette(this.palette);
  }

  /**
   * The explanation colours as CSS variables on the app root (CSSOM, allowed by the CSP), so the
   * sentence, the chips, the matrix and the legend use exactly the graph's node colours. Not on
   * <html>: the theme watcher observes its style attribute.
   */
  private applyPaletteVars(): void {
    const st = this.root.style;
    st.setProperty('--cl-explanation', this.palette.explanation);
    st.setProperty('--cl-explanation-text', this.palette.explanationText);
    st.setProperty('--cl-explanation-border', this.palette.explanationBorder);
  }

  /** Read-only view for the headless-browser tests (window.causalLens, see debugHook.ts). */
  debug() {
    const graphArea = this.result.graphArea;
    return {
      busy: this.busy,
      view: this.state.ui.view,
      graph: graphArea.drawing()?.summary() ?? null,
      compare: this.compare.summaries(),
      palette: this.palette,
      drawMode: this.state.result ? graphArea.drawMode() : null,
      shownExplanation: [...this.result.shownExplanation()].sort((a, b) => a - b),
      legendColour: getComputedStyle(this.root.querySelector('#legend-explanation .swatch') ?? this.root)
        .backgroundColor,
      state: this.state,
    };
  }

  /** The result view's drawing, for the tests' pointer positions. */
  drawing() {
    return this.result.graphArea.drawing();
  }
}
