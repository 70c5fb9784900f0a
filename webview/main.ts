// The PAG panel (webview entry, bundled to dist/webview.js). It renders what the host sends
// (src/protocol.ts) and never computes causal results itself; user actions go back as messages.
import {
  provideVSCodeDesignSystem,
  vsCodeButton,
  vsCodeCheckbox,
  vsCodeDropdown,
  vsCodeOption,
  vsCodeProgressRing,
  vsCodeTextField,
} from '@vscode/webview-ui-toolkit';
import type {
  CompareMessage,
  ExportFormat,
  GraphViewMode,
  HostToWebview,
  PagEdge,
  PanelState,
  ResultMessage,
} from '../src/protocol';
import { isHostMessage } from '../src/protocol';
import { h, byId, clear, fmtMs, append } from './dom';
import { PagGraph } from './graph';
import { neighbourhood, WHOLE_GRAPH_MAX_TOKENS } from './neighbourhood';
import { toDot } from '../src/shared/pagDot';
import { coerceState, defaultState, embeddedState } from './state';
import { readPalette, watchTheme, type Palette } from './theme';
import { tokenLabel } from './tokens';
import { Controls } from './ui/controls';
import { CompareView } from './ui/compare';
import { renderEdgeTooltip, renderExplanation, renderTokenDetails } from './ui/details';
import { markMatrixExplanation, renderMatrix } from './ui/matrix';
import { renderSentence } from './ui/sentence';
import { renderFileSummary } from './ui/fileSummary';
import { fileLabelsText } from '../src/shared/statusText';
import { explainedHeadline } from '../src/shared/explainedText';
import { LabelChoice } from './ui/labelChoice';
import { post, savedState, saveState } from './vscodeApi';

// No <vscode-tag>: its template (FAST's badge) writes a style attribute, which the panel's strict
// style-src blocks with a console error; the compare view's "reference" tag is a styled span instead.
provideVSCodeDesignSystem().register(
  vsCodeButton(),
  vsCodeCheckbox(),
  vsCodeDropdown(),
  vsCodeOption(),
  vsCodeProgressRing(),
  vsCodeTextField(),
);

/** Every token of every alternative explanation. */
function explanationSet(r: ResultMessage['result']): Set<number> {
  return new Set(r.explanation.sets.flat());
}

/** Tokens the panel draws unless hidden on purpose: all but specials without edges (other than the target). */
function drawableTokens(r: ResultMessage['result'], hideIsolatedSpecials: boolean): number[] {
  const linked = new Set(r.pag.edges.flatMap((e) => [e.a, e.b]));
  return r.tokens.flatMap((t, i) =>
    hideIsolatedSpecials && t.special && !linked.has(i) && i !== r.explanation.target ? [] : [i],
  );
}

type DrawMode = Exclude<GraphViewMode, 'auto'>;

class App {
  private state: PanelState;
  /** The user's causalLens.highlight.explanationColor (null: the theme colour), from the host. */
  private explanationColor: string | null = null;
  private palette: Palette;
  /** The alternative explanation under the pointer (previewed everywhere until it leaves). */
  private hoveredSet: number | null = null;
  /** Tokens the neighbourhood view draws now (re-laid out only when this changes). */
  private drawnKey = '';
  private controls: Controls;
  /** Multi-label results: which label is explained (a rerun for another). */
  private labelChoice: LabelChoice;
  private graph: PagGraph | null = null;
  private compare: CompareView;
  private labels: string[] = [];
  private busy = false;
  /** A rerun this panel asked for is running: iterations belong to the shown tokens. */
  private rerunPending = false;
  private els: Record<
    | 'resultView'
    | 'compareView'
    | 'fileView'
    | 'sentence'
    | 'graph'
    | 'matrix'
    | 'graphNote'
    | 'tooltip'
    | 'details'
    | 'explanation'
    | 'footer'
    | 'error'
    | 'placeholder'
    | 'live',
    HTMLElement
  >;
  private modeButtons: Record<DrawMode, HTMLElement & { appearance?: string }>;

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
        this.renderSentence();
      },
      onHideIsolatedSpecials: (on) => {
        this.state.ui.hideIsolatedSpecials = on;
        this.persist();
        this.renderAll();
      },
      onFocusEdges: (on) => {
        this.state.ui.focusEdges = on;
        this.persist();
        this.graph?.setFocusEdges(on);
      },
      onView: (v) => this.setView(v),
    });
    this.labelChoice = new LabelChoice((label) => this.requestRerun({ label }));
    this.controls.besidePrediction(this.labelChoice.root);
    this.els = {
      placeholder: h(
        'div',
        { class: 'placeholder', id: 'placeholder' },
        h('p', null, 'Select text in an editor and run ', h('strong', null, 'Causal Lens: Explain Causally'), '.'),
      ),
      resultView: h('main', { id: 'result-view' }),
      compareView: h('main', { id: 'compare-view' }),
      fileView: h('main', { id: 'file-view' }),
      sentence: h('section', { id: 'sentence', class: 'sentence', 'aria-label': 'Tokens' }),
      graph: h('div', { id: 'graph', class: 'graph', 'aria-label': 'PAG over the tokens' }),
      matrix: h('div', { id: 'matrix', class: 'matrix-wrap', hidden: true }),
      graphNote: h('span', { id: 'graph-note', class: 'muted small graph-note' }),
      tooltip: h('div', { id: 'tooltip', class: 'tooltip', role: 'tooltip', hidden: true }),
      details: h('section', { id: 'details', class: 'details', 'aria-label': 'Selected token' }),
      explanation: h('section', {
        id: 'explanation',
        class: 'explanation-panel',
        'aria-label': 'Explanation and baselines',
      }),
      footer: h('footer', { id: 'footer', class: 'footer' }),
      error: h('div', { id: 'error', class: 'error', role: 'alert', hidden: true }),
      live: h('div', { id: 'live', class: 'live', hidden: true }),
    };
    const modeButton = (mode: DrawMode, text: string, title: string) =>
      h(
        'vscode-button',
        { id: `draw-${mode}`, appearance: 'secondary', title, onclick: () => this.setGraphView(mode) },
        text,
      );
    this.modeButtons = {
      neighbourhood: modeButton(
        'neighbourhood',
        'Neighbourhood',
        'The explained token, the explanations, the selected token and their neighbours',
      ),
      graph: modeButton('graph', 'Whole graph', 'Every token and edge as a node-link drawing'),
      matrix: modeButton('matrix', 'Matrix', 'The whole PAG as an adjacency matrix: readable at any length'),
    };
    const graphWrap = h(
      'div',
      { class: 'graph-wrap' },
      h(
        'div',
        { class: 'graph-bar', role: 'group', 'aria-label': 'How the PAG is drawn' },
        this.modeButtons.neighbourhood,
        this.modeButtons.graph,
        this.modeButtons.matrix,
        this.els.graphNote,
      ),
      this.els.graph,
      this.els.matrix,
      this.els.tooltip,
      this.els.live,
      h(
        'div',
        { class: 'legend-bar', 'aria-hidden': 'true' },
        h('span', { id: 'legend-explanation' }, h('span', { class: 'swatch explanation' }), 'explanation'),
        h('span', null, h('span', { class: 'swatch target' }), 'explained token'),
        h('span', null, h('span', { class: 'swatch candidate' }), 'candidate'),
        h(
          'span',
          null,
          'marks: ',
          h('code', null, '—'),
          ' tail ',
          h('code', null, '▶'),
          ' arrowhead ',
          h('code', null, '○'),
          ' circle',
        ),
      ),
    );
    append(
      this.els.resultView,
      this.els.sentence,
      h(
        'div',
        { class: 'split' },
        h(
          'aside',
          { class: 'side' },
          h('h3', null, 'Explanation'),
          this.els.explanation,
          h('h3', null, 'Token'),
          this.els.details,
        ),
        graphWrap,
      ),
      this.els.footer,
    );
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
        this.graph?.resize();
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
        this.hoveredSet = null;
        if (sets > 1) post({ type: 'showExplanation', set: this.state.ui.chosenSet ?? null });
        this.setBusy(false);
        this.hideError();
        this.persist();
        this.renderAll();
        break;
      }
      case 'compare':
        this.state.compare = m;
        this.state.ui.view = 'compare';
        this.setBusy(false);
        this.hideError();
        this.persist();
        this.renderAll();
        break;
      case 'fileSummary':
        this.state.file = m;
        this.state.ui.view = 'file';
        this.setBusy(false);
        this.hideError();
        this.persist();
        this.renderAll();
        break;
      case 'iteration': {
        const r = this.state.result?.result;
        this.setBusy(
          true,
          `ICD iteration r=${m.r}: ${m.edges} edges${m.pag ? '' : ' (too many to draw live)'}${m.ciTests !== undefined ? `, ${m.ciTests} CI tests` : ''}`,
        );
        // Live edges only while re-running the shown result (a new text may have as many tokens).
        if (m.pag && r && this.graph && this.rerunPending && r.pag.n === m.pag.n && this.state.ui.view === 'result') {
          this.graph.updateEdges(m.pag);
          this.els.live.textContent = `live: anytime PAG after ICD iteration r=${m.r}`;
          this.els.live.hidden = false;
        }
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
        this.setBusy(false);
        this.hideError();
        this.persist();
        this.renderAll();
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
    const r = this.state.result;
    if (format === 'json') {
      const payload = this.state.ui.view === 'compare' && this.state.compare ? this.state.compare : r;
      if (payload) post({ type: 'export', format: 'json', data: JSON.stringify(payload, null, 2) });
      return;
    }
    if (!r) return;
    if (format === 'dot') {
      post({
        type: 'export',
        format: 'dot',
        data: toDot(r.result.pag, {
          labels: this.labels,
          target: r.result.explanation.target,
          explanation: [...this.shownExplanation()],
          name: 'pag',
        }),
      });
    } else if (!this.graph) {
      return; // the matrix view has no drawing to export (JSON and DOT still work)
    } else if (format === 'svg') {
      post({
        type: 'export',
        format: 'svg',
        data: this.graph.toSvg(`PAG — layer ${r.result.layer}, head ${r.result.head}`),
      });
    } else {
      post({ type: 'export', format: 'png', data: this.graph.toPng() });
    }
  }

  // --- rendering ------------------------------------------------------------------------------
  private persist(): void {
    saveState(this.state);
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

    if (view === 'result' && result) this.renderResult(result);
    else if (this.graph) {
      this.graph.destroy();
      this.graph = null;
    }
    if (view === 'compare' && compare) this.renderCompare(compare);
    else this.compare.destroy();
  }

  private renderResult(m: ResultMessage): void {
    const r = m.result;
    this.labels = r.tokens.map((_, i) => tokenLabel(r.tokens, i, m.text));
    this.renderSentence();
    this.drawnKey = '';
    this.renderGraphArea();
    this.renderExplanationTable();
    this.renderDetails();
    this.renderFooter(m);
  }

  /** The explanation tokens to show: the hovered alternative, else the chosen one, else all. */
  private shownExplanation(): Set<number> {
    const r = this.state.result?.result;
    if (!r) return new Set();
    const sets = r.explanation.sets;
    const k = this.hoveredSet ?? this.state.ui.chosenSet ?? null;
    return k !== null && k >= 0 && k < sets.length ? new Set(sets[k]) : explanationSet(r);
  }

  /** What the graph area draws: the user's choice, or for 'auto' the neighbourhood of a long text. */
  private drawMode(): DrawMode {
    const v = this.state.ui.graphView ?? 'auto';
    if (v !== 'auto') return v;
    const r = this.state.result?.result;
    return r && drawableTokens(r, this.state.ui.hideIsolatedSpecials).length > WHOLE_GRAPH_MAX_TOKENS
      ? 'neighbourhood'
      : 'graph';
  }

  private setGraphView(mode: DrawMode): void {
    this.state.ui.graphView = mode;
    this.persist();
    this.drawnKey = '';
    this.renderGraphArea();
  }

  /** The node-link drawing (whole or neighbourhood) or the matrix, and the note saying which. */
  private renderGraphArea(): void {
    const m = this.state.result;
    if (!m) return;
    const r = m.result;
    const mode = this.drawMode();
    for (const [k, b] of Object.entries(this.modeButtons)) b.appearance = k === mode ? 'primary' : 'secondary';
    const drawable = drawableTokens(r, this.state.ui.hideIsolatedSpecials);
    this.controls.setDrawingExports(mode !== 'matrix');
    this.els.graph.hidden = mode === 'matrix';
    this.els.matrix.hidden = mode !== 'matrix';
    if (mode === 'matrix') {
      if (this.graph) {
        this.graph.destroy();
        this.graph = null;
      }
      renderMatrix(
        this.els.matrix,
        {
          pag: r.pag,
          labels: this.labels,
          tokens: drawable,
          target: r.explanation.target,
          explanation: this.shownExplanation(),
          candidates: new Set(r.explanation.candidates),
          selected: this.state.ui.selectedToken,
        },
        (i) => this.selectAndReveal(i),
      );
      this.els.graphNote.textContent = `all ${drawable.length} tokens; row i, column j: the edge from i to j, mark at i first (o circle, < > arrowhead, - tail)`;
      this.drawnKey = 'matrix';
      return;
    }
    clear(this.els.matrix);
    let shown: Set<number> | undefined;
    if (mode === 'neighbourhood') {
      const focus = [
        r.explanation.target,
        ...explanationSet(r),
        ...(this.state.ui.selectedToken === null ? [] : [this.state.ui.selectedToken]),
      ];
      const allowed = new Set(drawable);
      const hood = neighbourhood(r.pag, focus);
      shown = new Set(hood.shown.filter((i) => allowed.has(i) || focus.includes(i)));
      this.els.graphNote.textContent = `${shown.size} of ${drawable.length} tokens: the explained token, the explanations${this.state.ui.selectedToken === null ? '' : ', the selected token'} and their neighbours${hood.omitted ? ` (${hood.omitted} more neighbours left out)` : ''}. Click a token in the sentence to add its neighbours.`;
    } else {
      this.els.graphNote.textContent = `all ${drawable.length} tokens and ${r.pag.edges.length} edges`;
    }
    const key = `${mode}:${shown ? [...shown].join(',') : 'all'}`;
    if (this.graph && key === this.drawnKey) return;
    this.drawnKey = key;
    if (!this.graph) {
      this.graph = new PagGraph(this.els.graph, this.palette, false, {
        onTapNode: (i) => this.selectAndReveal(i),
        onTapBackground: () => this.select(null),
        onHoverEdge: (e, at) => this.hoverEdge(e, at),
      });
    }
    this.graph.render({
      pag: r.pag,
      labels: this.labels,
      special: r.tokens.map((t) => t.special),
      target: r.explanation.target,
      explanation: this.shownExplanation(),
      candidates: new Set(r.explanation.candidates),
      hideIsolatedSpecials: this.state.ui.hideIsolatedSpecials,
      ...(shown ? { shown } : {}),
    });
    this.graph.setFocusEdges(this.state.ui.focusEdges === true);
    this.graph.select(this.state.ui.selectedToken);
  }

  private renderExplanationTable(): void {
    const m = this.state.result;
    if (!m) return;
    renderExplanation(this.els.explanation, m.result, this.labels, (i) => this.select(i), {
      chosen: this.state.ui.chosenSet ?? null,
      onChoose: (k) => this.chooseSet(k),
      onHover: (k) => this.hoverSet(k),
    });
  }

  /** An alternative chosen: only its tokens are shown here and, through the host, in the editor. */
  private chooseSet(k: number | null): void {
    this.state.ui.chosenSet = k;
    this.hoveredSet = null;
    this.persist();
    post({ type: 'showExplanation', set: k });
    this.renderExplanationTable();
    this.showExplanationTokens();
  }

  /** Previews the hovered alternative everywhere; leaving goes back to the chosen one. */
  private hoverSet(k: number | null): void {
    if (this.hoveredSet === k) return;
    const before = this.hoveredSet ?? this.state.ui.chosenSet ?? null;
    this.hoveredSet = k;
    const now = k ?? this.state.ui.chosenSet ?? null;
    if (now === before) return; // e.g. the pointer entered the chosen alternative: nothing changes
    post({ type: 'showExplanation', set: now });
    this.showExplanationTokens();
  }

  private showExplanationTokens(): void {
    const shown = this.shownExplanation();
    this.graph?.setExplanation(shown);
    markMatrixExplanation(this.els.matrix, shown);
    this.renderSentence();
  }

  private renderSentence(): void {
    const m = this.state.result;
    if (!m) return;
    const r = m.result;
    renderSentence(
      this.els.sentence,
      {
        tokens: r.tokens,
        text: m.text,
        explanation: this.shownExplanation(),
        candidates: new Set(r.explanation.candidates),
        target: r.explanation.target,
        selected: this.state.ui.selectedToken,
        mergePieces: this.state.ui.mergePieces,
      },
      (i) => this.selectAndReveal(i),
    );
  }

  private renderDetails(): void {
    const m = this.state.result;
    if (!m) return;
    renderTokenDetails(
      this.els.details,
      m.result,
      this.labels,
      this.state.ui.selectedToken,
      (i) => this.select(i),
      (i) => post({ type: 'revealToken', index: i }),
    );
  }

  private renderFooter(m: ResultMessage): void {
    const r = m.result,
      t = r.timings;
    clear(this.els.footer);
    const stages: [string, number | undefined][] = [
      ['model', t.model],
      ['correlation', t.correlation],
      ['PAG', t.pag],
      ['explanation', t.explanation],
      ['baselines', t.baselines],
    ];
    const parts: (string | HTMLElement)[] = stages
      .filter(([, ms]) => ms !== undefined)
      .map(([name, ms]) => `${name} ${fmtMs(ms)}`);
    parts.push(h('strong', null, `total ${fmtMs(t.total)}`));
    if (r.ciTests !== undefined) parts.push(`${r.ciTests} CI tests`);
    parts.push(`${r.pag.iterations} ICD iterations`);
    if (r.explanation.testsRun !== undefined) parts.push(`${r.explanation.testsRun} explanation tests`);
    parts.push(`${r.tokens.length} tokens · ${r.pag.edges.length} edges`);
    parts.push(`layer ${r.layer}, head ${r.head}, α ${m.params.alpha}, n ${m.params.samples}`);
    if (r.truncated) parts.push(`input truncated (${r.truncated.totalTokens} tokens)`);
    parts.forEach((p, i) => {
      if (i) this.els.footer.appendChild(document.createTextNode(' · '));
      append(this.els.footer, p);
    });
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

  /** Selects token i in the panel and reveals it in the editor (specials have no text range). */
  private selectAndReveal(i: number): void {
    this.select(i);
    const t = this.state.result?.result.tokens[i];
    if (t && !t.special) post({ type: 'revealToken', index: i });
  }

  private select(i: number | null): void {
    if (this.state.ui.selectedToken === i) return;
    this.state.ui.selectedToken = i;
    this.persist();
    // The neighbourhood view grows by the selected token's neighbours (a new drawing when they change).
    if (this.drawMode() === 'neighbourhood') this.renderGraphArea();
    else if (this.drawMode() === 'matrix')
      this.els.matrix
        .querySelectorAll<HTMLElement>('th[data-token]')
        .forEach((th) => th.classList.toggle('selected', Number(th.dataset.token) === i));
    this.graph?.select(i);
    this.renderSentence();
    this.renderDetails();
  }

  private hoverEdge(e: PagEdge | null, at: { x: number; y: number }): void {
    const tip = this.els.tooltip;
    const m = this.state.result;
    if (!e || !m) {
      tip.hidden = true;
      return;
    }
    renderEdgeTooltip(tip, m.result, this.labels, e);
    tip.hidden = false;
    // CSSOM positioning (allowed by the CSP, unlike style attributes).
    const box = this.els.graph.getBoundingClientRect();
    tip.style.left = `${Math.min(at.x + 12, Math.max(0, box.width - 260))}px`;
    tip.style.top = `${Math.min(at.y + 12, Math.max(0, box.height - 80))}px`;
  }

  private onThemeChange(): void {
    this.palette = readPalette(this.explanationColor);
    this.applyPaletteVars();
    this.graph?.setPalette(this.palette);
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

  graphView(): PagGraph | null {
    return this.graph;
  }

  /** Read-only view for the headless-browser tests. */
  debug() {
    return {
      busy: this.busy,
      view: this.state.ui.view,
      graph: this.graph?.summary() ?? null,
      compare: this.compare.summaries(),
      palette: this.palette,
      drawMode: this.state.result ? this.drawMode() : null,
      shownExplanation: [...this.shownExplanation()].sort((a, b) => a - b),
      legendColour: getComputedStyle(this.root.querySelector('#legend-explanation .swatch') ?? this.root)
        .backgroundColor,
      state: this.state,
    };
  }
}

const app = new App(byId('app'));
(window as unknown as { causalLens: unknown }).causalLens = {
  debug: () => app.debug(),
  edgeMidpoint: (a: number, b: number) => app.graphView()?.renderedEdgeMidpoint(a, b) ?? null,
  nodePosition: (i: number) => app.graphView()?.renderedNodePosition(i) ?? null,
};
