// Validation of webview → host messages: untrusted input, turned into a fresh well-typed copy or null.
import { isFiniteIn, isIntIn, isRecord, onlyKeys } from './checks';
import { EXPORT_FORMATS, LIMITS } from './limits';
import { looksLikeSvg } from './svgScan';
import type { ExportFormat, RerunMessage, WebviewToHost } from './webviewMessages';

const PNG_DATA_URL = /^data:image\/png;base64,[A-Za-z0-9+/]+=*$/;

function validExportData(format: ExportFormat, data: unknown): boolean {
  if (data === undefined) return format === 'json' || format === 'dot';
  if (typeof data !== 'string' || data.length === 0 || data.length > LIMITS.maxExportChars) return false;
  switch (format) {
    case 'png':
      return PNG_DATA_URL.test(data);
    case 'svg':
      return looksLikeSvg(data); // a scanner: the regular expression it replaced backtracked exponentially
    case 'dot':
      return /^\s*(strict\s+)?(di)?graph\b/i.test(data);
    case 'json':
      try {
        JSON.parse(data);
        return true;
      } catch {
        return false;
      }
  }
}

/**
 * Validates an untrusted message from the webview. Returns a fresh, well-typed copy, or null when
 * anything is off (unknown type, missing/extra fields, wrong types, out-of-range or non-finite
 * numbers, malformed export data).
 */
export function parseWebviewMessage(x: unknown): WebviewToHost | null {
  if (!isRecord(x) || typeof x.type !== 'string') return null;
  switch (x.type) {
    case 'ready':
    case 'cancel':
    case 'writeResults':
      return onlyKeys(x, []) ? { type: x.type } : null;
    case 'revealRow':
      if (!onlyKeys(x, ['line']) || !isIntIn(x.line, 1, LIMITS.maxLine)) return null;
      return { type: 'revealRow', line: x.line };
    case 'revealToken':
      if (!onlyKeys(x, ['index']) || !isIntIn(x.index, 0, LIMITS.maxTokenIndex)) return null;
      return { type: 'revealToken', index: x.index };
    case 'showExplanation':
      if (!onlyKeys(x, ['set']) || !(x.set === null || isIntIn(x.set, 0, LIMITS.maxSetIndex))) return null;
      return { type: 'showExplanation', set: x.set };
    case 'rerun': {
      if (!onlyKeys(x, ['alpha', 'samples', 'layer', 'head', 'label'])) return null;
      const out: RerunMessage = { type: 'rerun' };
      if (x.alpha !== undefined) {
        if (!isFiniteIn(x.alpha, LIMITS.alphaMin, LIMITS.alphaMax)) return null;
        out.alpha = x.alpha;
      }
      if (x.samples !== undefined) {
        if (!isIntIn(x.samples, LIMITS.samplesMin, LIMITS.samplesMax)) return null;
        out.samples = x.samples;
      }
      if (x.layer !== undefined) {
        if (!isIntIn(x.layer, 0, LIMITS.maxLayer)) return null;
        out.layer = x.layer;
      }
      if (x.head !== undefined) {
        if (x.head !== 'mean' && x.head !== 'each' && !isIntIn(x.head, 0, LIMITS.maxHead)) return null;
        out.head = x.head;
      }
      if (x.label !== undefined) {
        if (!isIntIn(x.label, 0, LIMITS.maxLabel)) return null;
        out.label = x.label;
      }
      return Object.keys(out).length > 1 ? out : null;
    }
    case 'export': {
      if (!onlyKeys(x, ['format', 'data'])) return null;
      const format = x.format;
      if (typeof format !== 'string' || !(EXPORT_FORMATS as readonly string[]).includes(format)) return null;
      const f = format as ExportFormat;
      if (!validExportData(f, x.data)) return null;
      return x.data === undefined
        ? { type: 'export', format: f }
        : { type: 'export', format: f, data: x.data as string };
    }
    default:
      return null;
  }
}
