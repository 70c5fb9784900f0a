// Compare Layers / Compare Heads: one small PAG per layer (or head) in a grid, all drawn with one
// shared layout (computed on the union of every entry's edges) over one shared set of tokens, so
// the same token sits at the same place in every card; edges gained vs the reference in green, lost
// ones dashed red, re-marked ones in yellow; explanation overlap (Jaccard). A long text draws the
// neighbourhood of the target and every entry's explanation, so labels stay readable in a card.
import {
  compareKey,
  compareLabel,
  type CompareDiffPayload,
  type CompareMessage,
  type PagJson,
} from '../../src/protocol';
import { h, clear } from '../dom';
import { compareDiffs, sortedEntries, unionEdges, explanationTokens, type EdgePair } from '../diff';
import { PagGraph, edgeKey, type GraphSummary } from '../graph/pagGraph';
import { drawableTokens, neighbourhood, WHOLE_GRAPH_MAX_TOKENS } from '../neighbourhood';
import type { Palette } from '../theme';

/** Most tokens a card draws for a long text: a card is a third of the panel. */
const COMPARE_MAX_TOKENS = 24;

/** "3 layers", or "layer 5: 12 heads and their mean". */
function whatIsCompared(msg: CompareMessage): string {
  if (msg.axis !== 'head') return `${msg.entries.length} layers`;
  const heads = msg.entries.filter((e) => e.head !== 'mean').length;
  const mean = heads < msg.entries.length;
  return `layer ${msg.entries[0]?.layer ?? '?'}: ${heads} head${heads === 1 ? '' : 's'}${mean ? (heads ? ' and their mean' : 'mean of heads') : ''}`;
}

export class CompareView {
  private graphs: PagGraph[] = [];

  constructor(private readonly container: HTMLElement) {}

  render(
    msg: CompareMessage,
    labels: string[],
    palette: Palette,
    hideIsolatedSpecials: boolean,
    onSelect: (i: number) => void,
  ): void {
    this.destroy();
    clear(this.container);
    const axis = msg.axis;
    const layers = sortedEntries(msg.entries, axis);
    if (layers.length === 0) {
      this.container.appendChild(h('p', { class: 'muted' }, 'Nothing to compare.'));
      return;
    }
    const diffs: CompareDiffPayload[] = msg.diffs ?? compareDiffs(layers, msg.reference, axis);
    const n = msg.tokens.length;
    const special = msg.tokens.map((t) => t.special);
    const target = layers[0].explanation.target;

    const union: EdgePair[] = unionEdges(layers.map((l) => l.pag));
    const unionPag: PagJson = {
      n,
      edges: union.map(([a, b]) => ({ a, b, markA: 'tail', markB: 'tail' })),
      sepsets: [],
      iterations: 0,
    };
    const shared = sharedTokens(
      unionPag,
      special,
      target,
      layers.flatMap((l) => explanationTokens(l.explanation)),
      hideIsolatedSpecials,
    );
    const shown = new Set(shared.shown);

    this.container.appendChild(
      h(
        'p',
        { class: 'compare-intro' },
        whatIsCompared(msg),
        ` · differences against ${msg.reference === 'mean' ? 'the mean of heads' : compareLabel(axis, msg.reference).toLowerCase()} · `,
        h('span', { class: 'legend gained' }, 'gained'),
        ' ',
        h('span', { class: 'legend lost' }, 'lost'),
        ' ',
        h('span', { class: 'legend remarked' }, 're-marked'),
        ' · ',
        h('span', { class: 'legend explanation' }, 'explanation'),
        h(
          'span',
          { id: 'compare-shown', class: 'muted' },
          shared.shown.length < shared.drawable
            ? ` · ${shared.shown.length} of ${shared.drawable} tokens in every card: the explained token, every card's explanation and their neighbours`
            : ` · all ${shared.drawable} tokens`,
        ),
      ),
    );
    const grid = h('div', { class: 'compare-grid', id: 'compare-grid' });
    this.container.appendChild(grid);
    const cards: {
      graphDiv: HTMLElement;
      draw: (positions: ReadonlyMap<number, { x: number; y: number }>) => PagGraph;
    }[] = [];
    for (const l of layers) {
      const key = compareKey(axis, l);
      const label = compareLabel(axis, key);
      const d = diffs.find((x) => x.key === key);
      const isRef = key === msg.reference;
      const graphDiv = h('div', { class: 'mini-graph' });
      const expl = explanationTokens(l.explanation);
      const card = h(
        'section',
        {
          class: `layer-card${isRef ? ' reference' : ''}`,
          'data-layer': l.layer,
          'data-key': String(key),
          'aria-label': label,
        },
        h(
          'h3',
          null,
          label,
          isRef ? h('span', { class: 'ref-tag' }, 'reference') : null,
          h('span', { class: 'muted small' }, ` ${l.pag.edges.length} edges`),
        ),
        graphDiv,
        h(
          'div',
          { class: 'card-stats' },
          d && !isRef
            ? h(
                'span',
                null,
                h('span', { class: 'gained-text' }, `+${d.gained.length}`),
                ' / ',
                h('span', { class: 'lost-text' }, `−${d.lost.length}`),
                ` edges, ${d.remarked.length} re-marked`,
              )
            : h('span', { class: 'muted' }, 'reference'),
          d
            ? h(
                'span',
                { class: 'jaccard', 'data-jaccard': d.jaccard.toFixed(3) },
                ` · overlap ${d.overlap.length}, Jaccard ${d.jaccard.toFixed(2)}`,
              )
            : null,
        ),
        h(
          'div',
          { class: 'card-expl' },
          'Explanation: ',
          ...(expl.length
            ? expl.map((i) =>
                h('button', { class: 'chip', type: 'button', onclick: () => onSelect(i) }, labels[i] ?? String(i)),
              )
            : [h('span', { class: 'muted' }, '∅')]),
        ),
      );
      grid.appendChild(card);
      const edgeClasses = new Map<string, string>();
      for (const [a, b] of d?.gained ?? []) edgeClasses.set(edgeKey(a, b), 'gained');
      for (const [a, b] of d?.remarked ?? []) edgeClasses.set(edgeKey(a, b), 'remarked');
      cards.push({
        graphDiv,
        draw: (positions) => {
          const g = new PagGraph(graphDiv, palette, true);
          g.render({
            pag: l.pag,
            labels,
            special,
            target: l.explanation.target,
            explanation: new Set(expl),
            candidates: new Set(),
            hideIsolatedSpecials,
            edgeClasses,
            lostEdges: isRef ? [] : (d?.lost ?? []),
            positions,
            shown,
          });
          return g;
        },
      });
    }
    // One layout for all cards: the union graph laid out once, off-screen, in a box of a card's
    // size (so the packing suits the cards' shape), then every card draws its edges on it.
    const scratch = h('div', { class: 'offscreen' });
    scratch.style.width = `${Math.max(200, cards[0].graphDiv.clientWidth)}px`;
    scratch.style.height = `${Math.max(150, cards[0].graphDiv.clientHeight)}px`;
    document.body.appendChild(scratch);
    const layoutGraph = new PagGraph(scratch, palette, true);
    layoutGraph.render({
      pag: unionPag,
      labels,
      special,
      target,
      explanation: new Set(),
      candidates: new Set(),
      hideIsolatedSpecials,
      shown,
    });
    const positions = layoutGraph.positions();
    layoutGraph.destroy();
    scratch.remove();
    for (const c of cards) this.graphs.push(c.draw(positions));
  }

  setPalette(p: Palette): void {
    for (const g of this.graphs) g.setPalette(p);
  }

  resize(): void {
    for (const g of this.graphs) g.resize();
  }

  summaries(): GraphSummary[] {
    return this.graphs.map((g) => g.summary());
  }

  destroy(): void {
    for (const g of this.graphs) g.destroy();
    this.graphs = [];
  }
}

/**
 * The tokens every card draws: all of them (less isolated specials) for a short text, else the
 * neighbourhood of the target and every entry's explanation in the union graph.
 */
function sharedTokens(
  unionPag: PagJson,
  special: boolean[],
  target: number,
  explanation: number[],
  hideIsolatedSpecials: boolean,
): { shown: number[]; drawable: number } {
  const drawable = drawableTokens(unionPag, special, target, hideIsolatedSpecials);
  if (drawable.length <= WHOLE_GRAPH_MAX_TOKENS) return { shown: drawable, drawable: drawable.length };
  const allowed = new Set(drawable);
  const focus = [target, ...explanation];
  const hood = neighbourhood(unionPag, focus, COMPARE_MAX_TOKENS);
  return { shown: hood.shown.filter((i) => allowed.has(i) || focus.includes(i)), drawable: drawable.length };
}
