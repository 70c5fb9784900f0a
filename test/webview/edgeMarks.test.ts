// Each PAG edge end shows its own mark: the mark drawn at node a is the edge's markA, at node b its
// markB (read back from Cytoscape's computed arrow styles, per edge end). Totals alone would pass if
// the arrowheads were drawn at the wrong ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Mark, PagEdge, ResultMessage } from '../../src/protocol';
import { openPanel, postToPanel, debug } from './harness';
import { fixture, panelSession } from './session';

interface Ends {
  a: number;
  b: number;
  at: Record<number, Mark>;
}
interface Debug {
  busy: boolean;
  graph: { nodes: number; ends: Ends[] } | null;
}

const RESULT = fixture<ResultMessage>('result.json');

const s = panelSession(30_000);

function checkEnds(edges: readonly PagEdge[], ends: Ends[]): void {
  assert.equal(ends.length, edges.length, 'one rendered edge per PAG edge');
  const byPair = new Map(ends.map((e) => [`${e.a}-${e.b}`, e]));
  for (const e of edges) {
    const r = byPair.get(`${Math.min(e.a, e.b)}-${Math.max(e.a, e.b)}`);
    assert.ok(r, `edge ${e.a}-${e.b} rendered`);
    assert.deepEqual([r.at[e.a], r.at[e.b]], [e.markA, e.markB], `marks of edge ${e.a} ${e.markA}/${e.markB} ${e.b}`);
  }
}

test(
  'every edge end carries its own mark: the arrowhead, circle or tail at node a is markA, at node b markB',
  { timeout: 90_000 },
  async () => {
    const edges = RESULT.result.pag.edges;
    // Edges whose two ends differ must occur, or drawing the marks at swapped ends would go unnoticed.
    assert.ok(edges.filter((e) => e.markA !== e.markB).length >= 3, 'fixture has edges whose two ends differ');
    const { page } = await openPanel(s.browser, `${s.server.url}?theme=dark`);
    await postToPanel(page, RESULT);
    await page.waitForFunction((n) => {
      const d = (window as unknown as { causalLens: { debug(): Debug } }).causalLens.debug();
      return d.graph?.nodes === n && !d.busy;
    }, RESULT.result.tokens.length);
    const d = await debug<Debug>(page);
    assert.ok(d.graph);
    checkEnds(edges, d.graph.ends);
    await page.close();
  },
);
