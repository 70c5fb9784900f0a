// The whole PAG as an adjacency matrix: one row and one column per token (reading order), and in
// the cell of row i, column j the edge i–j with its mark at each end, read from i to j ("o->":
// circle at i, arrowhead at j). Unlike a node-link drawing it stays readable at any length: every
// cell has the same size, the token labels stick to the top and left edges while scrolling, and no
// edge crosses another. Explanation and target rows/columns are coloured like the graph's nodes.
import type { Mark, PagJson } from '../../src/protocol';
import { h, clear } from '../dom';
import { edgeNotation, MARK_NAMES } from '../marks';
import { tokenRoleFlags, type RoleSets } from '../../src/shared/tokenRoles';

export interface MatrixModel extends RoleSets {
  pag: PagJson;
  labels: string[];
  /** Tokens with a row and a column, in this order. */
  tokens: number[];
  selected: number | null;
}

/** The marks of every edge, keyed "i-j", as seen from i: [mark at i, mark at j]. */
function markTable(pag: PagJson): Map<string, [Mark, Mark]> {
  const m = new Map<string, [Mark, Mark]>();
  for (const e of pag.edges) {
    m.set(`${e.a}-${e.b}`, [e.markA, e.markB]);
    m.set(`${e.b}-${e.a}`, [e.markB, e.markA]);
  }
  return m;
}

function roleClasses(m: MatrixModel, i: number): string {
  const role = tokenRoleFlags(m, i);
  return [
    role.explanation ? 'explanation' : '',
    role.target ? 'target' : '',
    role.candidate ? 'candidate' : '',
    role.selected ? 'selected' : '',
  ]
    .filter(Boolean)
    .join(' ');
}

export function renderMatrix(container: HTMLElement, m: MatrixModel, onSelect: (i: number) => void): void {
  clear(container);
  const marks = markTable(m.pag);
  const label = (i: number) => m.labels[i] ?? String(i);
  const head = h(
    'tr',
    null,
    h(
      'th',
      { class: 'corner', scope: 'col' },
      h('span', { class: 'muted small' }, `${m.tokens.length} tokens · ${m.pag.edges.length} edges`),
    ),
  );
  for (const j of m.tokens) {
    head.appendChild(
      h(
        'th',
        { class: `col-head ${roleClasses(m, j)}`, scope: 'col', 'data-token': j, title: `#${j} ${label(j)}` },
        h('button', { type: 'button', class: 'matrix-label', onclick: () => onSelect(j) }, label(j)),
      ),
    );
  }
  const body = h('tbody');
  for (const i of m.tokens) {
    const row = h(
      'tr',
      { 'data-row': i },
      h(
        'th',
        { class: `row-head ${roleClasses(m, i)}`, scope: 'row', 'data-token': i, title: `#${i} ${label(i)}` },
        h('button', { type: 'button', class: 'matrix-label', onclick: () => onSelect(i) }, label(i)),
      ),
    );
    for (const j of m.tokens) {
      const e = marks.get(`${i}-${j}`);
      if (i === j) {
        row.appendChild(h('td', { class: 'diag' }));
        continue;
      }
      if (!e) {
        row.appendChild(h('td'));
        continue;
      }
      const [atI, atJ] = e;
      row.appendChild(
        h(
          'td',
          {
            class: `edge${m.explanation.has(i) || m.explanation.has(j) ? ' at-explanation' : ''}`,
            'data-row': i,
            'data-col': j,
            'data-mark-row': atI,
            'data-mark-col': atJ,
            title: `${label(i)} ${edgeNotation(atI, atJ)} ${label(j)}: ${MARK_NAMES[atI]} at ${label(i)}, ${MARK_NAMES[atJ]} at ${label(j)}`,
          },
          edgeNotation(atI, atJ),
        ),
      );
    }
    body.appendChild(row);
  }
  container.appendChild(
    h(
      'table',
      {
        class: 'pag-matrix',
        id: 'pag-matrix',
        'aria-label': 'PAG adjacency matrix: the cell in row i, column j shows the edge from i to j, mark at i first',
      },
      h('thead', null, head),
      body,
    ),
  );
}

/** Re-marks the explanation rows/columns (an alternative chosen or hovered) without rebuilding the table. */
export function markMatrixExplanation(container: HTMLElement, explanation: ReadonlySet<number>): void {
  container.querySelectorAll<HTMLElement>('th[data-token]').forEach((th) => {
    th.classList.toggle('explanation', explanation.has(Number(th.dataset.token)));
  });
  container.querySelectorAll<HTMLElement>('td.edge').forEach((td) => {
    td.classList.toggle(
      'at-explanation',
      explanation.has(Number(td.dataset.row)) || explanation.has(Number(td.dataset.col)),
    );
  });
}
