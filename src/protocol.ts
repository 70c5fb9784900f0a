// The host ↔ webview message protocol of the PAG panel, one module per job under src/shared/protocol/
// (both sides may import src/shared/); this file gathers them so importers name one place.
// Every message is a discriminated union on `type`. Messages from the webview are untrusted input and
// go through `parseWebviewMessage` before the host acts on them.
export * from './shared/protocol/payloads';
export * from './shared/protocol/compare';
export * from './shared/protocol/hostMessages';
export * from './shared/protocol/webviewMessages';
export * from './shared/protocol/panelState';
export * from './shared/protocol/limits';
export { looksLikeSvg, type ScanSteps } from './shared/protocol/svgScan';
export { parseWebviewMessage } from './shared/protocol/validate';
export { isHostMessage } from './shared/protocol/hostGuard';
