// Host ↔ webview protocol at its edges: every limit in LIMITS accepted exactly at the limit and refused
// one step past it (the next integer, or the next representable double for α); a result message must
// carry the parts every view reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWebviewMessage, isHostMessage, LIMITS } from '../../src/protocol';

/** The adjacent double above (dir 1) or below (dir −1) a positive finite x. */
function nextDouble(x: number, dir: 1 | -1): number {
  const bits = new BigInt64Array(new Float64Array([x]).buffer);
  bits[0] += BigInt(dir);
  return new Float64Array(bits.buffer)[0];
}

const accepted = (m: Record<string, unknown>) =>
  assert.deepEqual(parseWebviewMessage(m), m, `${JSON.stringify(m)} is accepted`);
const refused = (m: Record<string, unknown>) =>
  assert.equal(parseWebviewMessage(m), null, `${JSON.stringify(m)} is refused`);

test('nextDouble steps to the adjacent double', () => {
  assert.ok(nextDouble(0.5, 1) > 0.5 && nextDouble(0.5, 1) - 0.5 < 1e-15);
  assert.ok(nextDouble(1e-12, -1) < 1e-12 && 1e-12 - nextDouble(1e-12, -1) < 1e-27);
});

test('rerun: alpha, samples, layer, head and label at each bound and one past it', () => {
  accepted({ type: 'rerun', alpha: LIMITS.alphaMin });
  refused({ type: 'rerun', alpha: nextDouble(LIMITS.alphaMin, -1) });
  accepted({ type: 'rerun', alpha: LIMITS.alphaMax });
  refused({ type: 'rerun', alpha: nextDouble(LIMITS.alphaMax, 1) });
  accepted({ type: 'rerun', samples: LIMITS.samplesMin });
  refused({ type: 'rerun', samples: LIMITS.samplesMin - 1 });
  accepted({ type: 'rerun', samples: LIMITS.samplesMax });
  refused({ type: 'rerun', samples: LIMITS.samplesMax + 1 });
  for (const key of ['layer', 'head'] as const) {
    const max = key === 'layer' ? LIMITS.maxLayer : LIMITS.maxHead;
    accepted({ type: 'rerun', [key]: 0 });
    refused({ type: 'rerun', [key]: -1 });
    accepted({ type: 'rerun', [key]: max });
    refused({ type: 'rerun', [key]: max + 1 });
  }
  accepted({ type: 'rerun', label: 0 });
  refused({ type: 'rerun', label: -1 });
  accepted({ type: 'rerun', label: LIMITS.maxLabel });
  refused({ type: 'rerun', label: LIMITS.maxLabel + 1 });
  // one bad field refuses the whole message
  refused({ type: 'rerun', alpha: 0.01, layer: LIMITS.maxLayer + 1 });
});

test('revealToken, showExplanation and revealRow at each bound and one past it', () => {
  accepted({ type: 'revealToken', index: 0 });
  accepted({ type: 'revealToken', index: LIMITS.maxTokenIndex });
  refused({ type: 'revealToken', index: LIMITS.maxTokenIndex + 1 });
  accepted({ type: 'showExplanation', set: null });
  accepted({ type: 'showExplanation', set: 0 });
  refused({ type: 'showExplanation', set: -1 });
  accepted({ type: 'showExplanation', set: LIMITS.maxSetIndex });
  refused({ type: 'showExplanation', set: LIMITS.maxSetIndex + 1 });
  accepted({ type: 'revealRow', line: 1 });
  refused({ type: 'revealRow', line: 0 });
  accepted({ type: 'revealRow', line: LIMITS.maxLine });
  refused({ type: 'revealRow', line: LIMITS.maxLine + 1 });
});

test('export data: exactly maxExportChars characters accepted, one more refused (JSON and DOT)', () => {
  const max = LIMITS.maxExportChars;
  const json = (length: number) => `"${'a'.repeat(length - 2)}"`; // one JSON string of `length` characters
  const dot = (length: number) => `graph g {${' '.repeat(length - 10)}}`;
  for (const [format, make] of [
    ['json', json],
    ['dot', dot],
  ] as const) {
    const atLimit = make(max);
    assert.equal(atLimit.length, max);
    assert.equal(
      parseWebviewMessage({ type: 'export', format, data: atLimit })?.type,
      'export',
      `${format} at the limit`,
    );
    const past = make(max + 1);
    assert.equal(past.length, max + 1);
    refused({ type: 'export', format, data: past });
  }
});

test('isHostMessage: a result must carry tokens, prediction, PAG edges and explanation sets', () => {
  const full = {
    tokens: [],
    prediction: { label: 'POSITIVE', score: 0.9 },
    pag: { n: 0, edges: [], sepsets: [], iterations: 0 },
    explanation: { sets: [] },
  };
  assert.ok(isHostMessage({ type: 'result', result: full, params: {} }));
  assert.ok(!isHostMessage({ type: 'result', result: {}, params: {} }), 'an empty result');
  assert.ok(!isHostMessage({ type: 'result', result: full }), 'no params');
  const without = (key: string, value?: unknown) => ({ type: 'result', params: {}, result: { ...full, [key]: value } });
  assert.ok(!isHostMessage(without('tokens')), 'no tokens');
  assert.ok(!isHostMessage(without('tokens', {})), 'tokens not a list');
  assert.ok(!isHostMessage(without('prediction', { score: 1 })), 'a prediction without its label');
  assert.ok(!isHostMessage(without('pag', { n: 0 })), 'a PAG without edges');
  assert.ok(!isHostMessage(without('pag', { edges: [] })), 'a PAG without its size');
  assert.ok(!isHostMessage(without('explanation', {})), 'an explanation without sets');
  assert.ok(!isHostMessage(without('explanation')), 'no explanation');
});
