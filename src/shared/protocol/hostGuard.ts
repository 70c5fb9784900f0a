// The webview's light check of what the host posts (the host is trusted; this catches stale shapes).
import { isRecord } from './checks';
import type { HostToWebview } from './hostMessages';

/** The parts of a result every view reads: tokens, the PAG's edges, the explanation's sets, the prediction. */
function isResultShape(r: unknown): boolean {
  return (
    isRecord(r) &&
    Array.isArray(r.tokens) &&
    isRecord(r.prediction) &&
    typeof r.prediction.label === 'string' &&
    isRecord(r.pag) &&
    typeof r.pag.n === 'number' &&
    Array.isArray(r.pag.edges) &&
    isRecord(r.explanation) &&
    Array.isArray(r.explanation.sets)
  );
}

/** Type guard for messages the webview receives (a light check: the host is trusted). */
export function isHostMessage(x: unknown): x is HostToWebview {
  if (!isRecord(x)) return false;
  switch (x.type) {
    case 'result':
      return isResultShape(x.result) && isRecord(x.params);
    case 'iteration':
      return typeof x.r === 'number' && typeof x.edges === 'number' && (x.pag === undefined || isRecord(x.pag));
    case 'progress':
      return typeof x.stage === 'string' && typeof x.fraction === 'number';
    case 'compare':
      return (
        Array.isArray(x.entries) &&
        Array.isArray(x.tokens) &&
        (typeof x.reference === 'number' || x.reference === 'mean') &&
        (x.axis === undefined || x.axis === 'layer' || x.axis === 'head')
      );
    case 'busy':
      return typeof x.busy === 'boolean';
    case 'error':
      return typeof x.message === 'string';
    case 'clear':
      return true;
    case 'appearance':
      return x.explanationColor === null || typeof x.explanationColor === 'string';
    case 'fileSummary':
      return (
        typeof x.file === 'string' && Array.isArray(x.rows) && Array.isArray(x.malformed) && Array.isArray(x.labels)
      );
    default:
      return false;
  }
}
