// The PAG panel (webview entry, bundled to dist/webview.js). It renders what the host sends
// (src/protocol.ts) and never computes causal results itself; user actions go back as messages.
import {
  provideVSCodeDesignSystem, vsCodeButton, vsCodeCheckbox, vsCodeDropdown, vsCodeOption,
  vsCodeProgressRing, vsCodeTextField,
} from '@vscode/webview-ui-toolkit';
import type { CompareMessage, ExportFormat, HostToWebview, PagEdge, PanelState, ResultMessage } from '../src/protocol';
import { isHostMessage } from '../src/protocol';
import { h, byId, clear, fmtMs, append } from './dom';
import { PagGraph } from './graph';
import { toDot } from './pagDot';
import { coerceState, defaultState, embeddedState } from './state';
import { readPalette, watchTheme, type Palette } from './theme';
import { tokenLabel } from './tokens';
import { Controls } from './ui/controls';
import { CompareView } from './ui/compare';
import { renderEdgeTooltip, renderExplanation, renderTokenDetails } from './ui/details';
import { renderSentence } from './ui/sentence';
import { post, savedState, saveState } from './vscodeApi';

// No <vscode-tag>: its template (FAST's badge) writes a style attribute, which the panel's strict
// style-src blocks with a console error; the compare view's "reference" tag is a styled span instead.
provideVSCodeDesignSystem().register(
  vsCodeButton(), vsCodeCheckbox(), vsCodeDropdown(), vsCodeOption(), vsCodeProgressRing(), vsCodeTextField(),
);

function explanationSet(r: ResultMessage['result']): Set<number> {
  return new Set(r.explanation.sets.flat());
}

class App {
  private state: PanelState;
  private palette: Palette = readPalette();
  private controls: Controls;
  private graph: PagGraph | null = null;
  private compare: CompareView;
  private labels: string[] = [];
  private busy = false;
  /** A rerun this panel asked for is running: iterations belong to the shown tokens. */
  private rerunPending = false;
  private els: Record<'resultView' | 'compareView' | 'sentence' | 'graph' | 'tooltip' | 'details' | 'explanation' | 'footer' | 'error' | 'placeholder' | 'live', HTMLElement>;

  constructor(root: HTMLElement) {
    this.state = coerceState(savedState()) ?? coerceState(embeddedState()) ?? defaultState();
    this.controls = new Controls({
      onEngineParams: (alpha, samples) => this.requestRerun({ alpha, samples }),
      onAttention: (layer, head) => this.requestRerun({ layer, head }),
      onExport: (f) => this.export(f),
      onCancel: () => post({ type: 'cancel' }),
      onMergePieces: (on) => { this.state.ui.mergePieces = on; this.persist(); this.renderSentence(); },
      onHideIsolatedSpecials: (on) => { this.state.ui.hideIsolatedSpecials = on; this.persist(); this.renderAll(); },
      onFocusEdges: (on) => { this.state.ui.focusEdges = on; this.persist(); this.graph?.setFocusEdges(on); },
      onView: (v) => this.setView(v),
    });
    this.els = {
      placeholder: h('div', { class: 'placeholder', id: 'placeholder' }, h('p', null, 'Select text in an editor and run ', h('strong', null, 'Causal Lens: Explain Causally'), '.')),
      resultView: h('main', { id: 'result-view' }),
      compareView: h('main', { id: 'compare-view' }),
      sentence: h('section', { id: 'sentence', class: 'sentence', 'aria-label': 'Tokens' }),
      graph: h('div', { id: 'graph', class: 'graph', 'aria-label': 'PAG over the tokens' }),
      tooltip: h('div', { id: 'tooltip', class: 'tooltip', role: 'tooltip', hidden: true }),
      details: h('section', { id: 'details', class: 'details', 'aria-label': 'Selected token' }),
      explanation: h('section', { id: 'explanation', class: 'explanation-panel', 'aria-label': 'Explanation and baselines' }),
      footer: h('footer', { id: 'footer', class: 'footer' }),
      error: h('div', { id: 'error', class: 'error', role: 'alert', hidden: true }),
      live: h('div', { id: 'live', class: 'live', hidden: true }),
    };
    const graphWrap = h('div', { class: 'graph-wrap' }, this.els.graph, this.els.tooltip, this.els.live,
      h('div', { class: 'legend-bar', 'aria-hidden': 'true' },
        h('span', null, h('span', { class: 'swatch explanation' }), 'explanation'),
        h('span', null, h('span', { class: 'swatch target' }), 'explained token'),
        h('span', null, h('span', { class: 'swatch candidate' }), 'candidate'),
        h('span', null, 'marks: ', h('code', null, '—'), ' tail ', h('code', null, '▶'), ' arrowhead ', h('code', null, '○'), ' circle')));
    append(this.els.resultView,
      this.els.sentence,
      h('div', { class: 'split' }, graphWrap,
        h('aside', { class: 'side' },
          h('h3', null, 'Explanation'), this.els.explanation,
          h('h3', null, 'Token'), this.els.details)),
      this.els.footer);
    this.compare = new CompareView(this.els.compareView);
    clear(root);
    append(root, this.controls.root, this.els.error, this.els.placeholder, this.els.resultView, this.els.compareView);

    window.addEventListener('message', (ev: MessageEvent) => { if (isHostMessage(ev.data)) this.onMessage(ev.data); });
    watchTheme(() => this.onThemeChange());
    let resizeTimer: number | undefined;
    window.addEventListener('resize', () => {
      window.clearTimeout(resizeTimer);
      resizeTimer = window.setTimeout(() => { this.graph?.resize(); this.compare.resize(); }, 120);
    });
    this.renderAll();
    post({ type: 'ready' });
  }

  // --- messages -------------------------------------------------------------------------------
  onMessage(m: HostToWebview): void {
    switch (m.type) {
      case 'result': {
        const sameTokens = this.state.result !== null && this.state.result.result.tokens.length === m.result.tokens.length &&
          this.state.result.result.tokens.every((t, i) => t.text === m.result.tokens[i].text);
        this.state.result = m;
        this.state.ui.view = 'result';
        if (!sameTokens) this.state.ui.selectedToken = null;
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
      case 'iteration': {
        const r = this.state.result?.result;
        this.setBusy(true, `ICD iteration r=${m.r}: ${m.edges} edges${m.pag ? '' : ' (too many to draw live)'}${m.ciTests !== undefined ? `, ${m.ciTests} CI tests` : ''}`);
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
      case 'clear':
        this.state = { ...defaultState(), ui: { ...defaultState().ui, mergePieces: this.state.ui.mergePieces, hideIsolatedSpecials: this.state.ui.hideIsolatedSpecials, focusEdges: this.state.ui.focusEdges } };
        this.setBusy(false);
        this.hideError();
        this.persist();
        this.renderAll();
        break;
    }
  }

  private requestRerun(p: { alpha?: number; samples?: number; layer?: number; head?: number | 'mean' | 'each' }): void {
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
    if (!r || !this.graph) return;
    if (format === 'dot') {
      post({ type: 'export', format: 'dot', data: toDot(r.result.pag, { labels: this.labels, target: r.result.explanation.target, explanation: [...explanationSet(r.result)], name: 'pag' }) });
    } else if (format === 'svg') {
      post({ type: 'export', format: 'svg', data: this.graph.toSvg(`PAG — layer ${r.result.layer}, head ${r.result.head}`) });
    } else {
      post({ type: 'export', format: 'png', data: this.graph.toPng() });
    }
  }

  // --- rendering ------------------------------------------------------------------------------
  private persist(): void {
    saveState(this.state);
  }

  private setView(v: 'result' | 'compare'): void {
    if (v === 'compare' && !this.state.compare) return;
    if (v === 'result' && !this.state.result) return;
    this.state.ui.view = v;
    this.persist();
    this.renderAll();
  }

  private setBusy(busy: boolean, message?: string, fraction?: number): void {
    this.busy = busy;
    this.controls.setBusy(busy, message, fraction);
    if (!busy) { this.els.live.hidden = true; this.rerunPending = false; }
  }

  private showError(msg: string): void {
    clear(this.els.error);
    append(this.els.error, h('span', null, msg), h('vscode-button', { appearance: 'icon', 'aria-label': 'Dismiss', onclick: () => this.hideError() }, '✕'));
    this.els.error.hidden = false;
  }

  private hideError(): void {
    this.els.error.hidden = true;
  }

  private renderAll(): void {
    const { result, compare, ui } = this.state;
    const view = ui.view === 'compare' && compare ? 'compare' : 'result';
    this.controls.setToggles(ui.mergePieces, ui.hideIsolatedSpecials, ui.focusEdges === true);
    this.controls.setView(view, result !== null, compare !== null, compare?.axis);
    this.els.placeholder.hidden = result !== null || compare !== null;
    this.els.resultView.hidden = view !== 'result' || result === null;
    this.els.compareView.hidden = view !== 'compare';
    const head = view === 'compare' ? compare : result;
    if (head) {
      const pred = head.type === 'result' ? head.result.prediction : head.prediction;
      const model = head.type === 'result' ? head.result.model : head.model;
      this.controls.setPrediction(`${pred.label} ${(pred.score * 100).toFixed(1)}%`, `Prediction of ${model}`);
    } else this.controls.setPrediction('', '');
    this.controls.setParams(result?.params ?? null);

    if (view === 'result' && result) this.renderResult(result);
    else if (this.graph) { this.graph.destroy(); this.graph = null; }
    if (view === 'compare' && compare) this.renderCompare(compare);
    else this.compare.destroy();
  }

  private renderResult(m: ResultMessage): void {
    const r = m.result;
    this.labels = r.tokens.map((_, i) => tokenLabel(r.tokens, i, m.text));
    this.renderSentence();
    if (!this.graph) {
      this.graph = new PagGraph(this.els.graph, this.palette, false, {
        onTapNode: (i) => this.selectAndReveal(i),
        onTapBackground: () => this.select(null),
        onHoverEdge: (e, at) => this.hoverEdge(e, at),
      });
    }
    this.graph.render({
      pag: r.pag, labels: this.labels, special: r.tokens.map((t) => t.special), target: r.explanation.target,
      explanation: explanationSet(r), candidates: new Set(r.explanation.candidates), hideIsolatedSpecials: this.state.ui.hideIsolatedSpecials,
    });
    this.graph.setFocusEdges(this.state.ui.focusEdges === true);
    this.graph.select(this.state.ui.selectedToken);
    renderExplanation(this.els.explanation, r, this.labels, (i) => this.select(i));
    this.renderDetails();
    this.renderFooter(m);
  }

  private renderSentence(): void {
    const m = this.state.result;
    if (!m) return;
    const r = m.result;
    renderSentence(this.els.sentence, {
      tokens: r.tokens, text: m.text, explanation: explanationSet(r), candidates: new Set(r.explanation.candidates),
      target: r.explanation.target, selected: this.state.ui.selectedToken, mergePieces: this.state.ui.mergePieces,
    }, (i) => this.selectAndReveal(i));
  }

  private renderDetails(): void {
    const m = this.state.result;
    if (!m) return;
    renderTokenDetails(this.els.details, m.result, this.labels, this.state.ui.selectedToken, (i) => this.select(i), (i) => post({ type: 'revealToken', index: i }));
  }

  private renderFooter(m: ResultMessage): void {
    const r = m.result, t = r.timings;
    clear(this.els.footer);
    const stages: [string, number | undefined][] = [['model', t.model], ['correlation', t.correlation], ['PAG', t.pag], ['explanation', t.explanation], ['baselines', t.baselines]];
    const parts: (string | HTMLElement)[] = stages.filter(([, ms]) => ms !== undefined).map(([name, ms]) => `${name} ${fmtMs(ms)}`);
    parts.push(h('strong', null, `total ${fmtMs(t.total)}`));
    if (r.ciTests !== undefined) parts.push(`${r.ciTests} CI tests`);
    parts.push(`${r.pag.iterations} ICD iterations`);
    if (r.explanation.testsRun !== undefined) parts.push(`${r.explanation.testsRun} explanation tests`);
    parts.push(`${r.tokens.length} tokens · ${r.pag.edges.length} edges`);
    parts.push(`layer ${r.layer}, head ${r.head}, α ${m.params.alpha}, n ${m.params.samples}`);
    if (r.truncated) parts.push(`input truncated (${r.truncated.totalTokens} tokens)`);
    parts.forEach((p, i) => { if (i) this.els.footer.appendChild(document.createTextNode(' · ')); append(this.els.footer, p); });
  }

  private renderCompare(c: CompareMessage): void {
    const labels = c.tokens.map((_, i) => tokenLabel(c.tokens, i, c.text));
    this.compare.render(c, labels, this.palette, this.state.ui.hideIsolatedSpecials, (i) => {
      if (this.state.result) { this.state.ui.selectedToken = i; this.setView('result'); }
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
    this.graph?.select(i);
    this.renderSentence();
    this.renderDetails();
  }

  private hoverEdge(e: PagEdge | null, at: { x: number; y: number }): void {
    const tip = this.els.tooltip;
    const m = this.state.result;
    if (!e || !m) { tip.hidden = true; return; }
    renderEdgeTooltip(tip, m.result, this.labels, e);
    tip.hidden = false;
    // CSSOM positioning (allowed by the CSP, unlike style attributes).
    const box = this.els.graph.getBoundingClientRect();
    tip.style.left = `${Math.min(at.x + 12, Math.max(0, box.width - 260))}px`;
    tip.style.top = `${Math.min(at.y + 12, Math.max(0, box.height - 80))}px`;
  }

  private onThemeChange(): void {
    this.palette = readPalette();
    this.graph?.setPalette(this.palette);
    this.compare.setPalette(this.palette);
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
