// The result view's graph area: the PAG as a node-link drawing (the whole graph, or the
// neighbourhood of the explanation for a long text) or as an adjacency matrix, the note saying
// which, the live edges of a rerun, the selection's marks and the edge tooltip.
import type { PagEdge, PagJson, PanelState, ResultMessage } from '../../src/protocol';
import type { RoleSets } from '../../src/shared/tokenRoles';
import { explanationTokens } from '../../src/shared/tokenRoles';
import { clear } from '../dom';
import { PagGraph } from '../graph/pagGraph';
import { drawableTokens, neighbourhood, WHOLE_GRAPH_MAX_TOKENS } from '../neighbourhood';
import type { Palette } from '../theme';
import type { Controls } from '../ui/controls';
import { renderEdgeTooltip } from '../ui/details';
import { markMatrixExplanation, renderMatrix } from '../ui/matrix';
import type { DrawMode, ModeButtons, PanelElements } from './panelLayout';

/** The result's tokens the panel draws (see drawableTokens). */
function resultDrawable(r: ResultMessage['result'], hideIsolatedSpecials: boolean): number[] {
  return drawableTokens(
    r.pag,
    r.tokens.map((t) => t.special),
    r.explanation.target,
    hideIsolatedSpecials,
  );
}

/** What the graph area reads from the result view it belongs to. */
export interface GraphAreaHost {
  state(): PanelState;
  persist(): void;
  palette(): Palette;
  labels(): string[];
  /** Which tokens are explanation / candidate / target / selected now. */
  roles(): Required<RoleSets>;
  selectAndReveal(i: number): void;
  select(i: number | null): void;
}

export class GraphArea {
  private graph: PagGraph | null = null;
  /** Tokens the neighbourhood view draws now (re-laid out only when this changes). */
  private drawnKey = '';

  constructor(
    private readonly els: Pick<PanelElements, 'graph' | 'matrix' | 'graphNote' | 'tooltip' | 'live'>,
    private readonly modeButtons: ModeButtons,
    private readonly controls: Controls,
    private readonly host: GraphAreaHost,
  ) {}

  /** The drawing, if one is shown (none in the matrix view or outside the result view). */
  drawing(): PagGraph | null {
    return this.graph;
  }

  /**
   * What the graph area draws: the user's choice, or for 'auto' the neighbourhood of a long text.
   * `drawable`: the result's drawable tokens when the caller has them already.
   */
  drawMode(drawable?: number[]): DrawMode {
    const s = this.host.state();
    const v = s.ui.graphView ?? 'auto';
    if (v !== 'auto') return v;
    const r = s.result?.result;
    return r && (drawable ?? resultDrawable(r, s.ui.hideIsolatedSpecials)).length > WHOLE_GRAPH_MAX_TOKENS
      ? 'neighbourhood'
      : 'graph';
  }

  setGraphView(mode: DrawMode): void {
    this.host.state().ui.graphView = mode;
    this.host.persist();
    this.redraw();
  }

  /** Draws again even when the drawn tokens have not changed (a new result). */
  redraw(): void {
    this.drawnKey = '';
    this.render();
  }

  /** The node-link drawing (whole or neighbourhood) or the matrix, and the note saying which. */
  render(): void {
    const s = this.host.state();
    const m = s.result;
    if (!m) return;
    const r = m.result;
    const drawable = resultDrawable(r, s.ui.hideIsolatedSpecials);
    const mode = this.drawMode(drawable);
    for (const [k, b] of Object.entries(this.modeButtons)) {
      b.appearance = k === mode ? 'primary' : 'secondary';
      b.setAttribute('aria-pressed', String(k === mode)); // screen readers; high contrast outlines it
    }
    this.controls.setDrawingExports(mode !== 'matrix');
    this.els.graph.hidden = mode === 'matrix';
    this.els.matrix.hidden = mode !== 'matrix';
    const roles = this.host.roles();
    if (mode === 'matrix') {
      this.destroy();
      renderMatrix(this.els.matrix, { pag: r.pag, labels: this.host.labels(), tokens: drawable, ...roles }, (i) =>
        this.host.selectAndReveal(i),
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
        ...explanationTokens(r.explanation.sets),
        ...(s.ui.selectedToken === null ? [] : [s.ui.selectedToken]),
      ];
      const allowed = new Set(drawable);
      const hood = neighbourhood(r.pag, focus);
      shown = new Set(hood.shown.filter((i) => allowed.has(i) || focus.includes(i)));
      this.els.graphNote.textContent = `${shown.size} of ${drawable.length} tokens: the explained token, the explanations${s.ui.selectedToken === null ? '' : ', the selected token'} and their neighbours${hood.omitted ? ` (${hood.omitted} more neighbours left out)` : ''}. Click a token in the sentence to add its neighbours.`;
    } else {
      this.els.graphNote.textContent = `all ${drawable.length} tokens and ${r.pag.edges.length} edges`;
    }
    const key = `${mode}:${shown ? [...shown].join(',') : 'all'}`;
    if (this.graph && key === this.drawnKey) return;
    this.drawnKey = key;
    if (!this.graph) {
      this.graph = new PagGraph(this.els.graph, this.host.palette(), false, {
        onTapNode: (i) => this.host.selectAndReveal(i),
        onTapBackground: () => this.host.select(null),
        onHoverEdge: (e, at) => this.hoverEdge(e, at),
      });
    }
    this.graph.render({
      pag: r.pag,
      labels: this.host.labels(),
      special: r.tokens.map((t) => t.special),
      target: roles.target,
      explanation: roles.explanation,
      candidates: roles.candidates,
      hideIsolatedSpecials: s.ui.hideIsolatedSpecials,
      ...(shown ? { shown } : {}),
    });
    this.graph.setFocusEdges(s.ui.focusEdges === true);
    this.graph.select(s.ui.selectedToken);
  }

  destroy(): void {
    if (this.graph) {
      this.graph.destroy();
      this.graph = null;
    }
  }

  /** Re-marks the explanation (an alternative chosen or hovered) in the drawing and the matrix. */
  showExplanation(shown: ReadonlySet<number>): void {
    this.graph?.setExplanation(shown);
    markMatrixExplanation(this.els.matrix, shown);
  }

  /** The selection changed: the neighbourhood view grows by its neighbours, the matrix marks its row. */
  select(i: number | null): void {
    const mode = this.drawMode();
    if (mode === 'neighbourhood') this.render();
    else if (mode === 'matrix')
      this.els.matrix
        .querySelectorAll<HTMLElement>('th[data-token]')
        .forEach((th) => th.classList.toggle('selected', Number(th.dataset.token) === i));
    this.graph?.select(i);
  }

  /** The anytime PAG of a rerun of the shown result, after ICD iteration r. */
  showLiveEdges(pag: PagJson, r: number): void {
    if (!this.graph) return;
    this.graph.updateEdges(pag);
    this.els.live.textContent = `live: anytime PAG after ICD iteration r=${r}`;
    this.els.live.hidden = false;
  }

  setFocusEdges(on: boolean): void {
    this.graph?.setFocusEdges(on);
  }

  setPalette(p: Palette): void {
    this.graph?.setPalette(p);
  }

  resize(): void {
    this.graph?.resize();
  }

  private hoverEdge(e: PagEdge | null, at: { x: number; y: number }): void {
    const tip = this.els.tooltip;
    const m = this.host.state().result;
    if (!e || !m) {
      tip.hidden = true;
      return;
    }
    renderEdgeTooltip(tip, m.result, this.host.labels(), e);
    tip.hidden = false;
    // CSSOM positioning (allowed by the CSP, unlike style attributes).
    const box = this.els.graph.getBoundingClientRect();
    tip.style.left = `${Math.min(at.x + 12, Math.max(0, box.width - 260))}px`;
    tip.style.top = `${Math.min(at.y + 12, Math.max(0, box.height - 80))}px`;
  }
}
