// The tokens as a readable sentence: sub-word pieces merged into words (optional), specials
// dimmed, explanation tokens highlighted, the target marked. Each token is a focusable button.
import type { TokenInfo } from '../../src/protocol';
import { h, clear } from '../dom';
import { groupWords, gapBetween, tokenLabel, tokenSurface } from '../tokens';
import { tokenRoleFlags, type RoleSets } from '../../src/shared/tokenRoles';

export interface SentenceModel extends RoleSets {
  tokens: TokenInfo[];
  text?: string;
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
      const role = tokenRoleFlags(m, i);
      const classes = ['tok'];
      if (t.special) classes.push('special');
      // One highlight colour per token: an explanation token is not also drawn as a candidate.
      if (role.explanation) classes.push('explanation');
      else if (role.candidate) classes.push('candidate');
      if (role.target) classes.push('target');
      if (role.selected) classes.push('selected');
      const roles = [
        role.explanation ? 'in the explanation' : '',
        role.target ? 'explained token' : '',
        role.candidate ? 'candidate' : '',
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
          'aria-pressed': role.selected ? 'true' : 'false',
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
