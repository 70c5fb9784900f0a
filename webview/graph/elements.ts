// What Cytoscape draws for a PAG: one node per token, classed by its roles (src/shared/tokenRoles.ts)
// and sized to its label, and one edge per PAG edge carrying the mark at each end.
import type { ElementDefinition, Position } from 'cytoscape';
import type { PagJson } from '../../src/shared/pagNotation';
import { tokenRoleFlags, type RoleSets } from '../../src/shared/tokenRoles';
import { SHAPE } from './markShapes';

/** The selection is not part of the model: select() marks it without a new drawing. */
export interface GraphModel extends Omit<RoleSets, 'selected'> {
  pag: PagJson;
  labels: string[];
  special: boolean[];
  hideIsolatedSpecials: boolean;
  /** Compare view: per-edge class ("gained", "remarked") keyed "a-b" with a < b. */
  edgeClasses?: ReadonlyMap<string, string>;
  /** Compare view: reference edges absent here, drawn dashed as "lost". */
  lostEdges?: [number, number][];
  /** Fixed positions (compare view shares one layout across layers). */
  positions?: ReadonlyMap<number, Position>;
  /**
   * The tokens drawn (the neighbourhood view, or the compare view's shared set); the rest are
   * hidden. Absent: every token, except isolated specials when hideIsolatedSpecials.
   */
  shown?: ReadonlySet<number>;
}

let measureCtx: CanvasRenderingContext2D | null = null;

/** Label box size for a node (Cytoscape's width: 'label' is deprecated). */
function labelSize(label: string, fontSize: number, fontFamily: string): { w: number; h: number } {
  measureCtx ??= document.createElement('canvas').getContext('2d');
  let w = label.length * fontSize * 0.62;
  if (measureCtx) {
    measureCtx.font = `bold ${fontSize}px ${fontFamily}`;
    w = measureCtx.measureText(label).width;
  }
  return { w: Math.ceil(w) + 2, h: Math.ceil(fontSize * 1.25) };
}

export function edgeKey(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

/** The drawing's nodes and edges; node sizes fit their labels in the given font. */
export function graphElements(model: GraphModel, fontSize: number, fontFamily: string): ElementDefinition[] {
  const { pag } = model;
  const drawn = (i: number) => model.shown === undefined || model.shown.has(i);
  // Degree among the drawn tokens: a token whose neighbours are all hidden sits with the isolated ones.
  const degree = new Array<number>(pag.n).fill(0);
  for (const e of pag.edges)
    if (drawn(e.a) && drawn(e.b)) {
      degree[e.a]++;
      degree[e.b]++;
    }
  const els: ElementDefinition[] = [];
  for (let i = 0; i < pag.n; i++) {
    const role = tokenRoleFlags(model, i);
    const classes = [
      model.special[i] ? 'special' : '',
      role.candidate ? 'candidate' : '',
      role.explanation ? 'explanation' : '',
      role.target ? 'target' : '',
      (
        model.shown
          ? !model.shown.has(i)
          : model.hideIsolatedSpecials && model.special[i] && degree[i] === 0 && !role.target
      )
        ? 'hidden'
        : '',
      degree[i] === 0 ? 'isolated' : '',
    ]
      .filter(Boolean)
      .join(' ');
    const label = model.labels[i] ?? String(i);
    const size = labelSize(label, fontSize, fontFamily);
    els.push({ group: 'nodes', data: { id: String(i), label, w: size.w, h: size.h }, classes });
  }
  const dense = pag.edges.length > 2.5 * Math.max(1, pag.n);
  for (const e of pag.edges) {
    const k = edgeKey(e.a, e.b);
    els.push({
      group: 'edges',
      data: {
        id: `e${k}`,
        source: String(e.a),
        target: String(e.b),
        a: e.a,
        b: e.b,
        markA: e.markA,
        markB: e.markB,
        srcShape: SHAPE[e.markA].shape,
        srcFill: SHAPE[e.markA].fill,
        tgtShape: SHAPE[e.markB].shape,
        tgtFill: SHAPE[e.markB].fill,
      },
      classes: [model.edgeClasses?.get(k) ?? '', dense ? 'dense' : ''].filter(Boolean).join(' '),
    });
  }
  for (const [a, b] of model.lostEdges ?? []) {
    els.push({
      group: 'edges',
      data: {
        id: `lost${edgeKey(a, b)}`,
        source: String(a),
        target: String(b),
        a,
        b,
        srcShape: 'none',
        srcFill: 'filled',
        tgtShape: 'none',
        tgtFill: 'filled',
      },
      classes: 'lost',
    });
  }
  return els;
}
