// Side panel content: the selected token's neighbours (with edge marks) and separating sets,
// the explanation with its evidence, the baselines beside it, and the edge-hover tooltip.
import type { BaselinePayload, EdgeEvidence, ExplainResultPayload, HeadChoice, PagEdge } from '../../src/protocol';
import { h, clear } from '../dom';
import { edgeMeaning, edgeNotation, marksFrom, MARK_NAMES } from '../marks';
import { roleSets, tokenRoleFlags } from '../../src/shared/tokenRoles';

function tokenChip(labels: string[], i: number, onSelect?: (i: number) => void): HTMLElement {
  return onSelect
    ? h(
        'button',
        { class: 'chip', type: 'button', 'data-index': i, title: `token #${i}`, onclick: () => onSelect(i) },
        labels[i] ?? String(i),
      )
    : h('span', { class: 'chip', 'data-index': i }, labels[i] ?? String(i));
}

function chips(labels: string[], xs: number[], onSelect?: (i: number) => void): HTMLElement {
  const span = h('span', { class: 'chips' });
  if (xs.length === 0) span.appendChild(h('span', { class: 'muted' }, '∅'));
  for (const i of xs) span.appendChild(tokenChip(labels, i, onSelect));
  return span;
}

function edgeEvidence(r: ExplainResultPayload, a: number, b: number): EdgeEvidence | undefined {
  const lo = Math.min(a, b),
    hi = Math.max(a, b);
  return r.explanation.evidence.edges?.find((e) => Math.min(e.a, e.b) === lo && Math.max(e.a, e.b) === hi);
}

export function renderTokenDetails(
  container: HTMLElement,
  r: ExplainResultPayload,
  labels: string[],
  i: number | null,
  onSelect: (i: number) => void,
  onReveal: (i: number) => void,
): void {
  clear(container);
  if (i === null || i < 0 || i >= r.tokens.length) {
    container.appendChild(
      h(
        'p',
        { class: 'muted' },
        'Click a token (in the sentence or the graph) to see its neighbours and separating sets.',
      ),
    );
    return;
  }
  const t = r.tokens[i];
  // Every alternative counts here: the details say what the token is, whichever alternative is shown.
  const role = tokenRoleFlags(roleSets(r.explanation), i);
  const roles = [
    role.target ? 'explained token (target)' : '',
    role.explanation ? 'in the explanation' : '',
    role.candidate ? 'CLEANN candidate' : '',
    t.special ? 'special token' : '',
  ].filter(Boolean);
  const head = h(
    'div',
    { class: 'token-head' },
    h('strong', { class: 'token-name' }, labels[i] ?? t.text),
    h('span', { class: 'muted' }, ` #${i}`),
    t.special
      ? null
      : h(
          'vscode-button',
          {
            appearance: 'icon',
            id: 'reveal-token',
            title: 'Reveal in editor',
            'aria-label': 'Reveal in editor',
            onclick: () => onReveal(i),
          },
          '↗',
        ),
  );
  container.appendChild(head);
  if (roles.length) container.appendChild(h('p', { class: 'roles' }, roles.join(' · ')));

  const edges = r.pag.edges.filter((e) => e.a === i || e.b === i);
  const list = h('ul', { class: 'neighbours', id: 'neighbours' });
  for (const e of edges) {
    const other = e.a === i ? e.b : e.a;
    const [mine, theirs] = marksFrom(e, i);
    const ev = edgeEvidence(r, e.a, e.b);
    list.appendChild(
      h(
        'li',
        { 'data-neighbour': other },
        h('code', { class: 'notation' }, edgeNotation(mine, theirs)),
        ' ',
        tokenChip(labels, other, onSelect),
        h(
          'div',
          { class: 'muted small' },
          edgeMeaning(mine, theirs, labels[i] ?? String(i), labels[other] ?? String(other)),
        ),
        ev?.orientedAt !== undefined
          ? h(
              'div',
              { class: 'muted small' },
              `oriented at iteration r=${ev.orientedAt}${ev.rule ? ` (${ev.rule})` : ''}`,
            )
          : null,
      ),
    );
  }
  container.appendChild(h('h4', null, `Neighbours (${edges.length})`));
  container.appendChild(
    edges.length ? list : h('p', { class: 'muted' }, 'No edges: independent of every other token at this α.'),
  );

  const seps = r.pag.sepsets.filter((s) => s.a === i || s.b === i);
  container.appendChild(h('h4', null, `Separated from (${seps.length})`));
  if (seps.length === 0) container.appendChild(h('p', { class: 'muted' }, 'No separating sets recorded.'));
  else {
    const sl = h('ul', { class: 'sepsets', id: 'sepsets' });
    for (const s of seps) {
      const other = s.a === i ? s.b : s.a;
      const ev = edgeEvidence(r, s.a, s.b);
      sl.appendChild(
        h(
          'li',
          null,
          tokenChip(labels, other, onSelect),
          ' ⊥ given ',
          chips(labels, s.set, onSelect),
          ev?.removedAt !== undefined ? h('span', { class: 'muted small' }, ` (removed at r=${ev.removedAt})`) : null,
        ),
      );
    }
    container.appendChild(sl);
  }
}

/** Tooltip text for an edge: notation, marks in words, meaning, provenance. */
export function renderEdgeTooltip(container: HTMLElement, r: ExplainResultPayload, labels: string[], e: PagEdge): void {
  clear(container);
  const la = labels[e.a] ?? String(e.a),
    lb = labels[e.b] ?? String(e.b);
  container.appendChild(
    h('div', { class: 'tip-title' }, `${la} `, h('code', null, edgeNotation(e.markA, e.markB)), ` ${lb}`),
  );
  container.appendChild(h('div', null, `${MARK_NAMES[e.markA]} at ${la}, ${MARK_NAMES[e.markB]} at ${lb}`));
  container.appendChild(h('div', { class: 'muted' }, edgeMeaning(e.markA, e.markB, la, lb)));
  const ev = edgeEvidence(r, e.a, e.b);
  if (ev?.orientedAt !== undefined)
    container.appendChild(
      h(
        'div',
        { class: 'muted' },
        `oriented after ICD iteration r=${ev.orientedAt}${ev.rule ? `, rule ${ev.rule}` : ''}`,
      ),
    );
  if (ev?.sepset)
    container.appendChild(
      h('div', { class: 'muted' }, `tested sepset: {${ev.sepset.map((x) => labels[x] ?? x).join(', ')}}`),
    );
}

function baselineRow(
  name: string,
  b: BaselinePayload | undefined,
  labels: string[],
  onSelect: (i: number) => void,
  id: string,
): HTMLElement {
  if (!b) return h('tr', { id }, h('th', null, name), h('td', { class: 'muted' }, 'not computed'), h('td', null, '–'));
  return h(
    'tr',
    { id },
    h('th', null, name),
    h(
      'td',
      null,
      b.set ? chips(labels, b.set, onSelect) : h('span', { class: 'muted' }, 'none found'),
      h(
        'div',
        { class: 'muted small' },
        'top-ranked: ',
        labels.length
          ? b.ranking
              .slice(0, 6)
              .map((i) => labels[i] ?? i)
              .join(', ')
          : '',
      ),
    ),
    h('td', { class: 'num' }, b.size === null ? '–' : String(b.size)),
  );
}

/** "head 0, 2" beside a set found by the per-head search (nothing for a single head or the mean). */
function headTag(r: ExplainResultPayload, heads: HeadChoice[] | undefined): HTMLElement | null {
  if (r.head !== 'each' || !heads?.length) return null;
  return h('span', { class: 'muted small head-tag' }, ` head ${heads.join(', ')}`);
}

/** The alternative explanations as distinct rows: which one is shown, and what hovering/choosing one does. */
export interface AlternativeEvents {
  /** The chosen set (index into sets), or null for all of them. */
  chosen: number | null;
  onChoose(set: number | null): void;
  /** A set is hovered (null: the pointer left the alternatives). */
  onHover(set: number | null): void;
}

/** One row per minimal explanation: "1 of 2" (choose it), its tokens, the heads that found it. */
function alternativeRows(
  r: ExplainResultPayload,
  labels: string[],
  onSelect: (i: number) => void,
  alt?: AlternativeEvents,
): HTMLElement[] {
  const sets = r.explanation.sets;
  const several = sets.length > 1;
  const rows = sets.map((s, k) => {
    const shown = !several || alt === undefined || alt.chosen === null || alt.chosen === k;
    const row = h(
      'div',
      { class: `set${shown ? ' shown' : ''}${several && alt?.chosen === k ? ' chosen' : ''}`, 'data-set': k },
      several && alt
        ? h(
            'button',
            {
              type: 'button',
              class: 'alt-pick',
              'aria-pressed': alt.chosen === k ? 'true' : 'false',
              title: `Show only explanation ${k + 1} (here and in the editor)`,
              onclick: () => alt.onChoose(k),
            },
            `${k + 1} of ${sets.length}`,
          )
        : null,
      chips(labels, s, onSelect),
      headTag(r, r.explanation.setHeads?.[k]),
    );
    if (several && alt) {
      row.addEventListener('mouseenter', () => alt.onHover(k));
      row.addEventListener('mouseleave', () => alt.onHover(null));
    }
    return row;
  });
  if (several && alt) {
    rows.push(
      h(
        'div',
        { class: 'set-all' },
        h(
          'button',
          {
            type: 'button',
            class: 'alt-pick',
            id: 'alt-all',
            'aria-pressed': alt.chosen === null ? 'true' : 'false',
            title: 'Show every alternative at once',
            onclick: () => alt.onChoose(null),
          },
          'all alternatives',
        ),
      ),
    );
  }
  return rows;
}

export function renderExplanation(
  container: HTMLElement,
  r: ExplainResultPayload,
  labels: string[],
  onSelect: (i: number) => void,
  alt?: AlternativeEvents,
): void {
  clear(container);
  const ex = r.explanation;
  const tested = ex.evidence.tested;
  container.appendChild(
    h(
      'p',
      null,
      'Explained token: ',
      tokenChip(labels, ex.target, onSelect),
      h('span', { class: 'muted' }, `  · ${ex.candidates.length} candidates in the PDS-tree`),
    ),
  );
  const smallest = ex.sets[0]?.length ?? null;
  const table = h(
    'table',
    { class: 'compare-table', id: 'baselines' },
    h(
      'thead',
      null,
      h('tr', null, h('th', null, 'Method'), h('th', null, 'Explanation'), h('th', { class: 'num' }, 'Size')),
    ),
    h(
      'tbody',
      null,
      h(
        'tr',
        { id: 'cleann-row', class: 'cleann' },
        h('th', null, 'CLEANN'),
        h(
          'td',
          null,
          ...(ex.sets.length
            ? alternativeRows(r, labels, onSelect, alt)
            : [h('span', { class: 'muted' }, 'none found')]),
        ),
        h('td', { class: 'num' }, smallest === null ? '–' : String(smallest)),
      ),
      baselineRow('Raw attention', r.baselines?.rawAttention, labels, onSelect, 'raw-row'),
      baselineRow('Rollout', r.baselines?.rollout, labels, onSelect, 'rollout-row'),
    ),
  );
  container.appendChild(table);
  if (ex.summary)
    container.appendChild(
      h('p', { class: ex.kind === 'partial' ? 'warning small' : 'small', id: 'search-summary' }, ex.summary),
    );
  if (ex.kind === 'partial' && ex.partial) {
    const after = r.prediction.score - ex.partial.drop;
    container.appendChild(
      h(
        'div',
        { class: 'partial small', id: 'partial-set' },
        h('strong', null, 'Not an explanation'),
        ' — the tested set that lowered ',
        `P(${r.prediction.label}) the most: `,
        chips(labels, ex.partial.set, onSelect),
        headTag(r, ex.partial.heads),
        h(
          'div',
          { class: 'muted' },
          `by ${ex.partial.drop.toFixed(3)} (${r.prediction.score.toFixed(3)} → ${after.toFixed(3)}); the prediction did not change.`,
        ),
      ),
    );
  }
  const notes: string[] = [];
  if (ex.sets.length > 1)
    notes.push(
      `${ex.sets.length} alternative minimal explanations of size ${smallest}: removing any one of them changes the prediction. Hover or choose one to see only its tokens.`,
    );
  if (tested === false) notes.push('No model tester: the set shown is the full candidate set.');
  if (ex.evidence.note) notes.push(ex.evidence.note);
  if (ex.evidence.flippedTo?.length)
    notes.push(`Without it the prediction becomes ${[...new Set(ex.evidence.flippedTo)].join(' / ')}.`);
  for (const n of notes) container.appendChild(h('p', { class: 'muted small' }, n));
  for (const w of r.warnings ?? []) {
    container.appendChild(
      h('p', { class: 'warning small', role: 'note' }, h('span', { 'aria-hidden': 'true' }, '⚠ '), w),
    );
  }
}
