// The panel's page skeleton: the result view (sentence, explanation and token side bar, the graph
// area with its draw-mode buttons and legend, footer), the compare and file views, the error bar
// and the placeholder. Only builds elements; the views fill them.
import type { GraphViewMode } from '../../src/protocol';
import { h, append } from '../dom';

/** How the graph area draws the PAG ('auto' is resolved before drawing). */
export type DrawMode = Exclude<GraphViewMode, 'auto'>;

export type PanelElements = Record<
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

export type ModeButtons = Record<DrawMode, HTMLElement & { appearance?: string }>;

/** The elements of every view; the result view's are already assembled inside els.resultView. */
export function buildPanelLayout(onDrawMode: (mode: DrawMode) => void): {
  els: PanelElements;
  modeButtons: ModeButtons;
} {
  const els: PanelElements = {
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
    h('vscode-button', { id: `draw-${mode}`, appearance: 'secondary', title, onclick: () => onDrawMode(mode) }, text);
  const modeButtons: ModeButtons = {
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
      modeButtons.neighbourhood,
      modeButtons.graph,
      modeButtons.matrix,
      els.graphNote,
    ),
    els.graph,
    els.matrix,
    els.tooltip,
    els.live,
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
    els.resultView,
    els.sentence,
    h(
      'div',
      { class: 'split' },
      h('aside', { class: 'side' }, h('h3', null, 'Explanation'), els.explanation, h('h3', null, 'Token'), els.details),
      graphWrap,
    ),
    els.footer,
  );
  return { els, modeButtons };
}
