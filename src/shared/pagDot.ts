// Graphviz DOT export of a PAG. Marks map to Graphviz arrow shapes at each end:
// tail → none, arrowhead → normal, circle → odot; `dir=both` draws both ends.
import type { Mark, PagJson } from './pagNotation';

export interface DotOptions {
  /** Node labels, one per token index (defaults to the index). */
  labels?: string[];
  /** The explained token (drawn with a double outline). */
  target?: number;
  /** Explanation tokens (filled). */
  explanation?: number[];
  /** Tokens to leave out (e.g. isolated specials). */
  omit?: number[];
  name?: string;
}

const DOT_ARROW: Record<Mark, string> = { tail: 'none', arrow: 'normal', circle: 'odot' };

export function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\r?\n/g, '\\n')}"`;
}

export function toDot(pag: PagJson, opts: DotOptions = {}): string {
  const omit = new Set(opts.omit ?? []);
  const expl = new Set(opts.explanation ?? []);
  const name = (opts.name ?? 'pag').replace(/[^A-Za-z0-9_]/g, '_') || 'pag';
  const lines = [`digraph ${name} {`, '  node [shape=box, style=rounded];'];
  for (let i = 0; i < pag.n; i++) {
    if (omit.has(i)) continue;
    const attrs = [`label=${dotString(opts.labels?.[i] ?? String(i))}`];
    if (i === opts.target) attrs.push('peripheries=2');
    if (expl.has(i)) attrs.push('style="rounded,filled,bold"', 'fillcolor="#ffd27f"');
    lines.push(`  t${i} [${attrs.join(', ')}];`);
  }
  for (const e of pag.edges) {
    if (omit.has(e.a) || omit.has(e.b)) continue;
    lines.push(`  t${e.a} -> t${e.b} [dir=both, arrowtail=${DOT_ARROW[e.markA]}, arrowhead=${DOT_ARROW[e.markB]}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
