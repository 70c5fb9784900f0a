// The tokens as a readable sentence: sub-word pieces merged into words (optional), specials
// dimmed, explanation tokens highlighted, the target marked. Each token is a focusable button.
import type { TokenInfo } from '../../src/protocol';
import { h, clear } from '../dom';
import { groupWords, gapBetween, tokenLabel, tokenSurface } from '../tokens';

export interface SentenceModel {
  tokens: TokenInfo[];
  text?: string;
  explanation: ReadonlySet<number>;
  candidates: ReadonlySet<number>;
  target: number | null;
  selected: number | null;
  mergePieces: boolean;
}

export function renderSentence(container: HTMLElement, m: SentenceModel, onSelect: (i: number) => void): void {
  clear(container);
  const words = m.mergePieces
    ? groupWords(m.tokens)
    : m.tokens.map((t, i) => ({ tokens: [i], special: t.special, start: t.start, end: t.end }));
  const line = h('p', { class: 'sentence-line' });
  words.forEach((w, k) => {
    const gap = m.mergePieces ? gapBetween(words[k - 1], w, m.text) : k === 0 ? '' : ' ';
    if (gap) line.appendChild(document.createTextNode(gap));
    const word = h('span', { class: `word${w.special ? ' special' : ''}${w.tokens.length > 1 ? ' multi' : ''}` });
    for (const i of w.tokens) {
      const t = m.tokens[i];
      const classes = ['tok'];
      if (t.special) classes.push('special');
      if (m.explanation.has(i)) classes.push('explanation');
      else if (m.candidates.has(i)) classes.push('candidate');
      if (m.target === i) classes.push('target');
      if (m.selected === i) classes.push('selected');
      const roles = [
        m.explanation.has(i) ? 'in the explanation' : '',
        m.target === i ? 'explained token' : '',
        m.candidates.has(i) ? 'candidate' : '',
      ]
        .filter(Boolean)
        .join(', ');
      const shown = m.mergePieces ? tokenSurface(m.tokens, i, m.text) : tokenLabel(m.tokens, i, m.text);
      const b = h(
        'button',
        {
          class: classes.join(' '),
          type: 'button',
          'data-index': i,
          title: `#${i} ${t.text}${roles ? ` — ${roles}` : ''}`,
          'aria-pressed': m.selected === i ? 'true' : 'false',
          onclick: () => onSelect(i),
        },
        shown,
      );
      word.appendChild(b);
    }
    line.appendChild(word);
  });
  container.appendChild(line);
}
