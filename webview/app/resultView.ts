// The result view: the sentence, the explanation table with its alternatives, the selected token's
// details, the graph area and the footer. Owns which alternative is shown (chosen, or previewed
// under the pointer) and which token is selected; tells the host so the editor follows.
import type { PanelState, ResultMessage } from '../../src/protocol';
import { roleSets, type RoleSets } from '../../src/shared/tokenRoles';
import type { Palette } from '../theme';
import { tokenLabel } from '../tokens';
import type { Controls } from '../ui/controls';
import { renderExplanation, renderTokenDetails } from '../ui/details';
import { renderFooter } from '../ui/footer';
import { renderSentence } from '../ui/sentence';
import { post } from '../vscodeApi';
import { GraphArea } from './graphArea';
import type { ModeButtons, PanelElements } from './panelLayout';

/** What the result view reads from the panel: its state (replaced on Clear), persistence, colours. */
export interface PanelContext {
  state(): PanelState;
  persist(): void;
  palette(): Palette;
}

export class ResultView {
  readonly graphArea: GraphArea;
  /** The alternative explanation under the pointer (previewed everywhere until it leaves). */
  private hoveredSet: number | null = null;
  private tokenLabels: string[] = [];

  constructor(
    private readonly els: PanelElements,
    modeButtons: ModeButtons,
    controls: Controls,
    private readonly ctx: PanelContext,
  ) {
    this.graphArea = new GraphArea(els, modeButtons, controls, {
      state: () => ctx.state(),
      persist: () => ctx.persist(),
      palette: () => ctx.palette(),
      labels: () => this.tokenLabels,
      roles: () => this.roles(),
      selectAndReveal: (i) => this.selectAndReveal(i),
      select: (i) => this.select(i),
    });
  }

  /** Token labels as the graph, the matrix and the exports show them. */
  labels(): string[] {
    return this.tokenLabels;
  }

  /** A new result arrived: no alternative is previewed any more. */
  endPreview(): void {
    this.hoveredSet = null;
  }

  render(m: ResultMessage): void {
    const r = m.result;
    this.tokenLabels = r.tokens.map((_, i) => tokenLabel(r.tokens, i, m.text));
    this.renderSentence();
    this.graphArea.redraw();
    this.renderExplanationTable();
    this.renderDetails();
    renderFooter(this.els.footer, m);
  }

  /** Which tokens play which role now: the hovered alternative, else the chosen one, else all. */
  roles(): Required<RoleSets> {
    const s = this.ctx.state();
    const r = s.result?.result;
    if (!r) return { explanation: new Set(), candidates: new Set(), target: null, selected: s.ui.selectedToken };
    return roleSets(r.explanation, this.hoveredSet ?? s.ui.chosenSet ?? null, s.ui.selectedToken);
  }

  /** The explanation tokens shown: the hovered alternative, else the chosen one, else all. */
  shownExplanation(): ReadonlySet<number> {
    return this.roles().explanation;
  }

  private renderExplanationTable(): void {
    const m = this.ctx.state().result;
    if (!m) return;
    renderExplanation(this.els.explanation, m.result, this.tokenLabels, (i) => this.select(i), {
      chosen: this.ctx.state().ui.chosenSet ?? null,
      onChoose: (k) => this.chooseSet(k),
      onHover: (k) => this.hoverSet(k),
    });
  }

  /** An alternative chosen: only its tokens are shown here and, through the host, in the editor. */
  private chooseSet(k: number | null): void {
    this.ctx.state().ui.chosenSet = k;
    this.hoveredSet = null;
    this.ctx.persist();
    post({ type: 'showExplanation', set: k });
    this.renderExplanationTable();
    this.showExplanationTokens();
  }

  /** Previews the hovered alternative everywhere; leaving goes back to the chosen one. */
  private hoverSet(k: number | null): void {
    if (this.hoveredSet === k) return;
    const chosen = this.ctx.state().ui.chosenSet ?? null;
    const before = this.hoveredSet ?? chosen;
    this.hoveredSet = k;
    const now = k ?? chosen;
    if (now === before) return; // e.g. the pointer entered the chosen alternative: nothing changes
    post({ type: 'showExplanation', set: now });
    this.showExplanationTokens();
  }

  private showExplanationTokens(): void {
    this.graphArea.showExplanation(this.shownExplanation());
    this.renderSentence();
  }

  renderSentence(): void {
    const s = this.ctx.state();
    const m = s.result;
    if (!m) return;
    renderSentence(
      this.els.sentence,
      { tokens: m.result.tokens, text: m.text, ...this.roles(), mergePieces: s.ui.mergePieces },
      (i) => this.selectAndReveal(i),
    );
  }

  private renderDetails(): void {
    const s = this.ctx.state();
    const m = s.result;
    if (!m) return;
    renderTokenDetails(
      this.els.details,
      m.result,
      this.tokenLabels,
      s.ui.selectedToken,
      (i) => this.select(i),
      (i) => post({ type: 'revealToken', index: i }),
    );
  }

  /** Selects token i in the panel and reveals it in the editor (specials have no text range). */
  private selectAndReveal(i: number): void {
    this.select(i);
    const t = this.ctx.state().result?.result.tokens[i];
    if (t && !t.special) post({ type: 'revealToken', index: i });
  }

  private select(i: number | null): void {
    const s = this.ctx.state();
    if (s.ui.selectedToken === i) return;
    s.ui.selectedToken = i;
    this.ctx.persist();
    this.graphArea.select(i);
    this.renderSentence();
    this.renderDetails();
  }
}
