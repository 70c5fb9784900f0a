// Long PAGs are visible and bounded (issue 9, item 10): the learner reports where it is within its
// iterations, the CLI draws that on a terminal's stderr (never into a pipe or log), and a matrix beyond
// the supported size is refused at once with the limit in the message instead of running for minutes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { attentionToCorrelation, EngineInputError, learnPag, MAX_PAG_NODES, type IcdProgress } from '../../src/engine';
import { syntheticAttention } from '../../src/engine/testing/attention';
import { runPag } from '../../src/cli/pag';
import { runExplainMatrix } from '../../src/cli/explainMatrix';

const dir = mkdtempSync(path.join(os.tmpdir(), 'cl-pag-progress-'));

test('learnPag reports progress: every iteration r from 0 on, pair shares in [0, 1], tests never decreasing', async () => {
  const reports: IcdProgress[] = [];
  const res = await learnPag(attentionToCorrelation(syntheticAttention(40, 9)), {
    samples: 768,
    onProgress: (p) => reports.push(p),
  });
  const rs = [...new Set(reports.map((p) => p.r))];
  assert.deepEqual(
    rs,
    Array.from({ length: res.iterations }, (_, r) => r),
    'a report at the start of every iteration',
  );
  assert.ok(reports.every((p) => p.pairs >= 0 && p.pairs <= 1));
  for (let k = 1; k < reports.length; k++)
    assert.ok(reports[k].ciTests >= reports[k - 1].ciTests && reports[k].r >= reports[k - 1].r);
  assert.ok(reports[reports.length - 1].ciTests <= res.ciTests && res.ciTests > 0);
});

test(`a matrix over ${MAX_PAG_NODES} nodes is refused before validation or allocation, with the limit in the message`, async () => {
  const n = MAX_PAG_NODES + 1;
  const rows = Array.from({ length: n }, () => [1]); // not even square: the size is what is refused
  await assert.rejects(
    learnPag(rows),
    (e: Error) =>
      e instanceof EngineInputError &&
      e.message.includes(`at most ${MAX_PAG_NODES.toLocaleString('en-US')} nodes`) &&
      e.message.includes(n.toLocaleString('en-US')),
  );
  // at the limit the usual checks apply (here: not square)
  await assert.rejects(learnPag(rows.slice(0, MAX_PAG_NODES)), /must be square/);
  // the CLI says only that: no "too few samples" warning about a matrix it will not learn
  const file = path.join(dir, 'huge.json');
  writeFileSync(file, JSON.stringify(rows));
  let err = '';
  await assert.rejects(
    runPag(['--corr', file], {
      out: () => undefined,
      err: (s) => {
        err += s;
      },
    }),
    /at most 2,048 nodes/,
  );
  assert.equal(err, '');
});

test("CLI pag and explain-matrix draw the learner's progress on a terminal's stderr and erase it; nothing on a pipe", async () => {
  const corr = attentionToCorrelation(syntheticAttention(30, 4));
  const file = path.join(dir, 'c.json');
  writeFileSync(file, JSON.stringify(corr));
  for (const run of [
    runPag,
    (argv: string[], io: Parameters<typeof runPag>[1]) => runExplainMatrix([...argv, '--target', '0'], io),
  ]) {
    let out = '',
      err = '';
    await run(['--corr', file, '--json'], {
      out: (s) => {
        out += s;
      },
      err: (s) => {
        err += s;
      },
      isTTY: true,
    });
    assert.match(err, /\r\x1b\[2Klearning the PAG over 30 nodes: ICD r = 0, \d+% of pairs, [\d,]+ CI tests, \d+ s/);
    assert.match(err, /ICD r = 1,/);
    assert.ok(err.endsWith('\r\x1b[2K'), 'the line is erased before the result');
    assert.doesNotThrow(() => JSON.parse(out), 'stdout holds only the result');
    let piped = '';
    await run(['--corr', file, '--json'], {
      out: () => undefined,
      err: (s) => {
        piped += s;
      },
      isTTY: false,
    });
    assert.equal(piped, '');
  }
});

test('the too-few-samples warning needs weak tests, not just fewer samples than nodes (the shipped model: 192)', async () => {
  const n = 200;
  const file = path.join(dir, 'eq200.json');
  // uncorrelated nodes: the learner has nothing to test past round 0, only the warning is under test
  writeFileSync(
    file,
    JSON.stringify(Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)))),
  );
  const errs = async (samples: string): Promise<string> => {
    let err = '';
    await runPag(['--corr', file, '--samples', samples, '--json'], {
      out: () => undefined,
      err: (s) => {
        err += s;
      },
    });
    return err;
  };
  assert.equal(await errs('192'), '', 'hidden size 192 on a 200-token text: a dependence needs |r| > 0.19, no warning');
  assert.match(
    await errs('5'),
    /^causal-lens: warning: --samples 5 is below the number of nodes \(200\) and a correlation must reach \|r\| > 0\.95 to count/,
  );
});
