// Explain File's summary in the panel: what the file predicts (rows per label), every row with its
// line, prediction and explanation — or plainly "none within budget" — each row revealing its line
// in the editor, the malformed rows by line, and "Write results" where the user is looking.
import type { FileSummaryMessage } from '../../src/protocol';
import { h, clear } from '../dom';
import { predictionText } from '../../src/shared/statusText';

export interface FileSummaryEvents {
  onRevealRow(line: number): void;
  onWriteResults(): void;
}

export function renderFileSummary(container: HTMLElement, m: FileSummaryMessage, ev: FileSummaryEvents): void {
  clear(container);
  const counts = m.labels.map((l) => `${l.count} ${l.label}`).join(' / ');
  const none = m.rows.filter((r) => r.explanation === null).length;
  container.appendChild(h('h2', { class: 'file-title' }, m.file));
  container.appendChild(
    h(
      'p',
      { id: 'file-counts' },
      `${m.rows.length} row${m.rows.length === 1 ? '' : 's'} explained${m.cancelled ? ' before the run was cancelled' : ''}`,
      counts ? `: ${counts}` : '',
      ` · ${none} without an explanation within the budget`,
      m.malformed.length ? ` · ${m.malformed.length} malformed row${m.malformed.length === 1 ? '' : 's'} skipped` : '',
    ),
  );
  const write = h('div', { class: 'file-actions' });
  if (m.written)
    write.appendChild(h('p', { id: 'results-written' }, 'Results written to ', h('code', null, m.written), '.'));
  else if (m.resultsPath) {
    write.appendChild(
      h(
        'vscode-button',
        {
          id: 'write-results',
          title: `Write one JSON line per row to ${m.resultsPath}`,
          onclick: () => ev.onWriteResults(),
        },
        'Write results (JSONL)',
      ),
    );
    write.appendChild(
      h(
        'span',
        { class: 'muted small' },
        ' next to the file as ',
        h('code', null, m.resultsPath.split(/[\\/]/).pop() ?? m.resultsPath),
        '; the file itself is never changed.',
      ),
    );
  }
  container.appendChild(write);
  const body = h('tbody');
  for (const r of m.rows) {
    body.appendChild(
      h(
        'tr',
        { 'data-line': r.line },
        h(
          'td',
          { class: 'num' },
          h(
            'button',
            {
              type: 'button',
              class: 'row-link',
              title: `Reveal line ${r.line} in the editor`,
              onclick: () => ev.onRevealRow(r.line),
            },
            `line ${r.line}`,
          ),
        ),
        h('td', { class: 'prediction-cell' }, predictionText(r.label, r.score)),
        h(
          'td',
          null,
          r.explanation === null
            ? h('span', { class: 'muted' }, 'none within budget')
            : h(
                'span',
                { class: 'chips' },
                ...r.explanation.map((t) => h('span', { class: 'chip explanation-chip' }, t)),
                r.alternatives && r.alternatives > 1
                  ? h(
                      'span',
                      { class: 'muted small' },
                      ` +${r.alternatives - 1} alternative${r.alternatives > 2 ? 's' : ''}`,
                    )
                  : null,
              ),
        ),
      ),
    );
  }
  container.appendChild(
    h(
      'table',
      { class: 'compare-table file-rows', id: 'file-rows' },
      h(
        'thead',
        null,
        h('tr', null, h('th', { class: 'num' }, 'Row'), h('th', null, 'Prediction'), h('th', null, 'Explanation')),
      ),
      body,
    ),
  );
  if (m.malformed.length) {
    container.appendChild(h('h3', null, 'Malformed rows (skipped)'));
    const list = h('ul', { id: 'file-malformed', class: 'malformed' });
    for (const x of m.malformed) {
      list.appendChild(
        h(
          'li',
          { 'data-line': x.line },
          h('button', { type: 'button', class: 'row-link', onclick: () => ev.onRevealRow(x.line) }, `line ${x.line}`),
          `: ${x.reason}`,
        ),
      );
    }
    container.appendChild(list);
  }
}
