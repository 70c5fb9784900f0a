// Which tokens of an explanation play which role: the one definition the editor's highlights
// (src/extension/tokenRoles.ts), the panel's sentence, graph and matrix all read. Pure data in,
// pure data out; each caller only chooses how a role looks.

/** The role the editor paints a token in (one per token). */
export type TokenRole = 'explanation' | 'candidate' | 'target';

/** An explanation as the protocol carries it: alternative minimal sets, the PDS-tree, the explained token. */
export interface ExplanationRoles {
  sets: number[][];
  candidates: number[];
  target: number | null;
}

/** The token sets a role is read from. */
export interface RoleSets {
  /** The explanation shown: one alternative, or every token of every alternative. */
  explanation: ReadonlySet<number>;
  /** The PDS-tree searched for the explanation. */
  candidates: ReadonlySet<number>;
  /** The explained token. */
  target: number | null;
  /** The token the user selected in the panel. */
  selected?: number | null;
}

/** Every role a token has; a token may have several (an explanation token is also a candidate). */
export interface TokenRoleFlags {
  explanation: boolean;
  candidate: boolean;
  target: boolean;
  selected: boolean;
}

/**
 * The explanation tokens to show: alternative k when it exists, else every token of every
 * alternative (k null: none chosen; an index past the end: a stale choice).
 */
export function explanationTokens(sets: readonly (readonly number[])[], k: number | null = null): Set<number> {
  return k !== null && k >= 0 && k < sets.length ? new Set(sets[k]) : new Set(sets.flat());
}

/** The role sets of an explanation, showing alternative `shownSet` (null: all of them). */
export function roleSets(
  e: ExplanationRoles,
  shownSet: number | null = null,
  selected: number | null = null,
): Required<RoleSets> {
  return {
    explanation: explanationTokens(e.sets, shownSet),
    candidates: new Set(e.candidates),
    target: e.target,
    selected,
  };
}

export function tokenRoleFlags(s: RoleSets, i: number): TokenRoleFlags {
  return {
    explanation: s.explanation.has(i),
    candidate: s.candidates.has(i),
    target: s.target === i,
    selected: (s.selected ?? null) === i,
  };
}

/** The one role the editor paints: the target first, then the explanation, then the rest of the PDS-tree. */
export function primaryRole(f: TokenRoleFlags): TokenRole | null {
  return f.target ? 'target' : f.explanation ? 'explanation' : f.candidate ? 'candidate' : null;
}
