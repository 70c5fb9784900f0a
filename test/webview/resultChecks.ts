// What the panel tests read back (window.causalLens.debug()) and expect of a recorded result.
import type { Page } from 'playwright-core';
import type { Mark, PanelState, ResultMessage } from '../../src/protocol';
import { posted } from './harness';

/** webview/graph/summary.ts's GraphSummary as the tests read it. */
export interface GraphSummary {
  visibleEdges: number;
  labelPx: number;
  explanationColor: string | null;
  rendered: Record<number, { x: number; y: number }>;
  zoom: number;
  edgeColor: string | null;
  nodeColor: string | null;
  nodes: number;
  visibleNodes: number;
  edges: number;
  marks: Record<Mark, number>;
  explanationNodes: number[];
  target: number | null;
  selected: number | null;
}
/** window.causalLens.debug() (webview/app/app.ts). */
export interface Debug {
  busy: boolean;
  view: string;
  graph: GraphSummary | null;
  compare: GraphSummary[];
  palette: { background: string; edge: string; explanation: string; kind: string };
  drawMode: string | null;
  shownExplanation: number[];
  legendColour: string;
  state: PanelState;
}

/** Tokens the panel hides by default: specials without edges (other than the target). */
export function hiddenCount(msg: ResultMessage): number {
  const r = msg.result;
  return r.tokens.filter(
    (t, i) => t.special && i !== r.explanation.target && !r.pag.edges.some((e) => e.a === i || e.b === i),
  ).length;
}

export function expectedMarks(msg: ResultMessage): Record<Mark, number> {
  const m: Record<Mark, number> = { tail: 0, arrow: 0, circle: 0 };
  for (const e of msg.result.pag.edges) {
    m[e.markA]++;
    m[e.markB]++;
  }
  return m;
}

/** The newest message of this type the page posted to the host. */
export async function lastPostedOf(page: Page, type: string): Promise<Record<string, unknown> | undefined> {
  return (await posted(page)).filter((m) => m.type === type).at(-1);
}
