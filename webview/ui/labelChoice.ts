// The label a multi-label result explains, as a dropdown beside the prediction: every label with its
// sigmoid (on/off); choosing one asks the host to re-run the engine for it on the same model run
// (a 'rerun' message with the label's index). Hidden for single-label classifiers and masked LMs,
// whose explained output is the predicted one.
import type { ExplainedPayload } from '../../src/protocol';
import { h, clear } from '../dom';

type ToolkitField = HTMLElement & { value: string };

export class LabelChoice {
  readonly root: HTMLElement;
  private readonly select: ToolkitField;
  private shown: number | null = null;

  constructor(onChoose: (labelIndex: number) => void) {
    this.select = h('vscode-dropdown', { id: 'label-choice', 'aria-label': 'Label explained' }) as ToolkitField;
    this.select.addEventListener('change', () => {
      const k = Number(this.select.value);
      if (Number.isInteger(k) && k !== this.shown) onChoose(k);
    });
    this.root = h(
      'label',
      {
        class: 'group',
        id: 'label-choice-group',
        hidden: true,
        title: 'Multi-label head: the label whose sigmoid the explanation moves across 0.5',
      },
      h('span', { class: 'label' }, 'Label'),
      this.select,
    );
  }

  /** Shows the labels of a multi-label result (the explained one selected); hides otherwise. */
  set(e: ExplainedPayload | undefined): void {
    const labels = e?.kind === 'multi-label' ? (e.labels ?? []) : [];
    this.root.hidden = labels.length === 0;
    this.shown = labels.length ? e!.labelIndex : null;
    clear(this.select);
    labels.forEach((l, i) =>
      this.select.appendChild(
        h(
          'vscode-option',
          { value: String(i), selected: i === e!.labelIndex },
          `${l.label} ${l.score.toFixed(2)}${l.score >= 0.5 ? ' · on' : ''}`,
        ),
      ),
    );
    if (labels.length) this.select.value = String(e!.labelIndex);
  }
}
