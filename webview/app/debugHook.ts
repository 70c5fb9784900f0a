// window.causalLens: the read-only hook the headless-browser tests drive the panel through (what is
// drawn, and where a node or an edge is on screen for pointer events).
import type { App } from './app';

export function installDebugHook(app: App): void {
  (window as unknown as { causalLens: unknown }).causalLens = {
    debug: () => app.debug(),
    edgeMidpoint: (a: number, b: number) => app.drawing()?.renderedEdgeMidpoint(a, b) ?? null,
    nodePosition: (i: number) => app.drawing()?.renderedNodePosition(i) ?? null,
  };
}
