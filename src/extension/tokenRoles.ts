// Which tokens of an explanation get highlighted, in which role, and what their hover says.
// Pure (no vscode) so it is unit-tested directly; decorations.ts turns the spans into ranges.
import type { ExplainResultPayload } from '../protocol';
import { edgeNotation } from '../shared/pagNotation';
import { percentText } from '../shared/statusText';
import { primaryRole, roleSets, tokenRoleFlags, type TokenRole } from '../shared/tokenRoles';

export type { TokenRole } from '../shared/tokenRoles';

/** A highlighted token; start/end are UTF-16 offsets into the explained text. */
export interface RoleSpan {
  tokenIndex: number;
  role: TokenRole;
  start: number;
  end: number;
}

/** Explanation = every token in a minimal set; candidate = the rest of the PDS-tree; target = the explained token. */
export function tokenRoles(result: Pick<ExplainResultPayload, 'tokens' | 'explanation'>): RoleSpan[] {
  const sets = roleSets(result.explanation);
  const spans: RoleSpan[] = [];
  result.tokens.forEach((t, i) => {
    if (t.special || t.end <= t.start) return; // [CLS]/[SEP] have no characters to highlight
    const role = primaryRole(tokenRoleFlags(sets, i));
    if (role) spans.push({ tokenIndex: i, role, start: t.start, end: t.end });
  });
  return spans;
}

export interface TokenEvidence {
  neighbours: { index: number; text: string; glyph: string }[];
  /** Separating sets of removed edges between this token and another. */
  sepsets: { other: number; otherText: string; set: { index: number; text: string }[] }[];
}

export function tokenEvidence(result: Pick<ExplainResultPayload, 'tokens' | 'pag'>, index: number): TokenEvidence {
  const text = (i: number) => result.tokens[i]?.text ?? `#${i}`;
  const neighbours: TokenEvidence['neighbours'] = [];
  for (const e of result.pag.edges) {
    if (e.a === index) neighbours.push({ index: e.b, text: text(e.b), glyph: edgeNotation(e.markA, e.markB) });
    else if (e.b === index) neighbours.push({ index: e.a, text: text(e.a), glyph: edgeNotation(e.markB, e.markA) });
  }
  const sepsets: TokenEvidence['sepsets'] = [];
  for (const s of result.pag.sepsets) {
    if (s.a !== index && s.b !== index) continue;
    const other = s.a === index ? s.b : s.a;
    sepsets.push({ other, otherText: text(other), set: s.set.map((i) => ({ index: i, text: text(i) })) });
  }
  return { neighbours, sepsets };
}

const ROLE_TEXT: Record<TokenRole, string> = {
  explanation: 'explanation token — removing the explanation set changes the prediction',
  candidate: 'candidate — in the PDS-tree searched for the explanation, not in the minimal set',
  target: 'target — the token whose prediction is explained',
};

const md = (s: string) => s.replace(/([\\`*_{}[\]()#+\-.!|<>])/g, '\\$1');

/** Which head(s) explained this token, or (no explanation) the search's outcome and whether the token is in the closest partial set. */
function searchLines(result: Partial<Pick<ExplainResultPayload, 'explanation' | 'head'>>, span: RoleSpan): string[] {
  const ex = result.explanation;
  if (!ex) return [];
  const out: string[] = [];
  if (span.role === 'explanation' && result.head === 'each' && ex.setHeads) {
    const heads = [
      ...new Set(ex.sets.flatMap((s, k) => (s.includes(span.tokenIndex) ? (ex.setHeads?.[k] ?? []) : []))),
    ];
    if (heads.length) out.push(`Explained by head ${heads.join(', ')} (one PAG per head)`, '');
  }
  if (span.role === 'explanation' && (ex.minimality === 'irreducible' || ex.minimality === 'unpruned')) {
    out.push(
      ex.minimality === 'irreducible'
        ? '*Found by the greedy search:* removing any one of these tokens no longer flips the prediction, but a smaller explanation may exist'
        : '*Found by the greedy search:* confirmed by the model, but the budget ran out before each token was checked: it may not be minimal',
      '',
    );
  }
  if (ex.kind === 'partial') {
    if (ex.summary) out.push(md(ex.summary), '');
    if (ex.partial?.set.includes(span.tokenIndex)) {
      out.push(
        `*Not an explanation:* this token is in the tested set that lowered the predicted probability the most (by ${ex.partial.drop.toFixed(3)}); the prediction did not change`,
        '',
      );
    }
  }
  return out;
}

/** Hover text (Markdown) for one highlighted token. */
export function hoverMarkdown(
  result: Pick<ExplainResultPayload, 'tokens' | 'pag' | 'prediction' | 'layer' | 'head'> &
    Partial<Pick<ExplainResultPayload, 'explanation'>>,
  span: RoleSpan,
  maxItems = 12,
): string {
  const tok = result.tokens[span.tokenIndex];
  const ev = tokenEvidence(result, span.tokenIndex);
  const lines = [
    `**Causal Lens** · \`${tok.text.replace(/`/g, "'")}\` (token ${span.tokenIndex})`,
    '',
    `*${ROLE_TEXT[span.role]}*`,
    '',
    `Prediction: **${md(result.prediction.label)}** ${percentText(result.prediction.score)} · layer ${result.layer}, head ${result.head}`,
    '',
    ...searchLines(result, span),
  ];
  if (ev.neighbours.length) {
    const shown = ev.neighbours
      .slice(0, maxItems)
      .map((n) => `\`${tok.text.replace(/`/g, "'")} ${n.glyph} ${n.text.replace(/`/g, "'")}\``);
    lines.push(
      `PAG neighbours (${ev.neighbours.length}): ${shown.join(', ')}${ev.neighbours.length > maxItems ? ', …' : ''}`,
    );
  } else lines.push('PAG neighbours: none (isolated)');
  if (ev.sepsets.length) {
    lines.push('', `Separated from (${ev.sepsets.length}):`);
    for (const s of ev.sepsets.slice(0, maxItems))
      lines.push(`- \`${s.otherText.replace(/`/g, "'")}\` given {${s.set.map((x) => md(x.text)).join(', ') || '∅'}}`);
    if (ev.sepsets.length > maxItems) lines.push('- …');
  }
  return lines.join('\n');
}
