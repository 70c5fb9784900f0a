// The SVG export check: the same answers as the (exponential) regular expression it replaced, with
// each comment ending at its first "-->", and work bounded by counting steps — never by a clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { looksLikeSvg, parseWebviewMessage } from '../../src/protocol';

// The old expression with the comment group made atomic ((?=(…))\1: a comment ends at its first
// "-->"), which is what an XML reader does; on short inputs it is a fast, exact reference.
const REFERENCE_START = /^\s*(?:<\?xml[^>]*\?>\s*)?(?:(?=(<!--[\s\S]*?-->))\1\s*)*(?:<!DOCTYPE[^>]*>\s*)?<svg[\s>]/i;
const reference = (s: string): boolean => REFERENCE_START.test(s) && /<\/svg>\s*$/i.test(s);

const PARTS = [
  '<!--',
  '-->',
  '--',
  ' ',
  '\n',
  '<svg',
  '<svg>',
  '</svg>',
  '<?xml',
  '?>',
  '<!DOCTYPE svg>',
  '<!doctype',
  '>',
  'a',
  '<',
  '!',
  '?',
  '-',
  'SVG',
];

test('looksLikeSvg agrees with the reference expression on random fragments of SVG-ish text', () => {
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...PARTS), { maxLength: 14 }), (parts) => {
      const s = parts.join('');
      assert.equal(looksLikeSvg(s), reference(s), JSON.stringify(s));
    }),
    { numRuns: 5000, seed: 13 },
  );
  for (const s of [
    '<?xml version="1.0"?>\n<!-- a --> <!DOCTYPE svg PUBLIC "x">\n<svg xmlns="http://www.w3.org/2000/svg"><g/></svg>\n',
    '  <svg>\t</SVG>  ',
    '<SVG\n/></svg>',
  ])
    assert.equal(looksLikeSvg(s), true, s);
  for (const s of [
    '<svg',
    '<svgx></svg>',
    '<html><svg></svg></html>',
    '<?xml><svg></svg>',
    '<!-- never closed <svg></svg>',
    '<svg></svg>x',
    '',
  ]) {
    assert.equal(looksLikeSvg(s), false, s);
  }
});

test('looksLikeSvg does linear work: at most 3 steps per character, on any input (fuzz) and on the attack', () => {
  const bounded = (s: string): void => {
    const count = { steps: 0 };
    looksLikeSvg(s, count);
    assert.ok(count.steps <= 3 * s.length + 16, `${count.steps} steps for ${s.length} characters`);
  };
  fc.assert(
    fc.property(fc.array(fc.constantFrom(...PARTS), { maxLength: 400 }), (parts) => bounded(parts.join(''))),
    { numRuns: 2000, seed: 14 },
  );
  // The adversarial messages: the old expression needs seconds for ~200 characters of these.
  for (const n of [28, 1000, 100_000]) {
    bounded('<!---->'.repeat(n) + 'x');
    bounded('<!-- -->'.repeat(n));
    bounded(`<!--${'--> <!--'.repeat(n)}`);
    bounded(`${' '.repeat(n)}<svg>${' '.repeat(n)}</svg${' '.repeat(n)}`);
  }
});

test('the export message check uses it: the attack is refused, a real SVG is accepted', () => {
  const attack = '<!--' + '--> <!--'.repeat(24);
  assert.equal(parseWebviewMessage({ type: 'export', format: 'svg', data: attack }), null);
  const svg = '<!-- Causal Lens --><svg xmlns="http://www.w3.org/2000/svg"></svg>';
  assert.deepEqual(parseWebviewMessage({ type: 'export', format: 'svg', data: svg }), {
    type: 'export',
    format: 'svg',
    data: svg,
  });
});
