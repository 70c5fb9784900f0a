// What an explanation is about, in words: the predicted class, one label of a multi-label head, or the
// token a masked LM predicts at [MASK]. Pure (no DOM, no vscode): the panel's prediction line and the
// editor's status bar both read it, so they always name the same output.
import type { ExplainedPayload } from '../protocol';

/** A vocabulary piece as a word: byte-level BPE's Ġ and SentencePiece's ▁ mark a leading space. */
export function pieceAsWord(piece: string): string {
  const w = piece.replace(/^[Ġ▁]/, '');
  return w === '' ? piece : w;
}

export interface ExplainedHeadline {
  /** Short: what the status bar and the panel's prediction line show before the score. */
  label: string;
  score: number;
  /** One line: what is explained and what counts as flipping it. */
  detail: string;
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function explainedHeadline(e: ExplainedPayload): ExplainedHeadline {
  switch (e.kind) {
    case 'masked-token': {
      const word = pieceAsWord(e.label);
      return {
        label: `[MASK] → ${word}`,
        score: e.score,
        detail: `Explained: the token predicted at the mask (#${e.token}), "${e.label}" ${pct(e.score)}; an explanation is a token set such that, with it replaced, ${e.flip}.`,
      };
    }
    case 'multi-label': {
      const others = (e.labels ?? []).filter((l) => l.label !== e.label);
      const list = others.length
        ? ` Other labels: ${others.map((l) => `${l.label} ${l.score.toFixed(2)}${l.score >= 0.5 ? ' (on)' : ''}`).join(', ')}.`
        : '';
      return {
        label: `${e.label} (multi-label)`,
        score: e.score,
        detail: `Explained: the label "${e.label}" of a multi-label head (its sigmoid, ${e.score.toFixed(3)}, ${e.score >= 0.5 ? 'on' : 'off'}); an explanation is a token set such that, with it replaced, ${e.flip}.${list}`,
      };
    }
    default:
      return {
        label: e.label,
        score: e.score,
        detail: `Explained: the predicted class "${e.label}" (${pct(e.score)}); an explanation is a token set such that, with it replaced, ${e.flip}.`,
      };
  }
}
