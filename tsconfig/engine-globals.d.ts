// The few runtime facilities src/engine uses, present in Node.js and in browsers alike. The engine's
// own type-check (tsconfig.engine.json) sees only these and ES2022, no DOM and no Node types: an
// import of 'vscode', of 'node:*' or a DOM or Node API in the engine fails `npm run typecheck`.
interface AbortSignal {
  readonly aborted: boolean;
}
declare const performance: { now(): number };
declare function setTimeout(callback: () => void, ms?: number): unknown;
/** Node's; absent in browsers (the engine checks `typeof setImmediate`). */
declare const setImmediate: (callback: () => void) => unknown;
