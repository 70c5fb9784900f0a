// The engine's CLI commands: pag, explain-matrix, demo — in process and through the real entry point.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runPag } from '../../src/cli/pag';
import { runExplainMatrix } from '../../src/cli/explainMatrix';
import { runDemo } from '../../src/cli/demo';
import { UsageError } from '../../src/cli/args';
import type { PagJson } from '../../src/engine';

const root = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cl-engine-cli-'));
const file = (name: string, content: unknown): string => {
  const p = path.join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
};
function collect(): { out(s: string): void; text: () => string } {
  let buf = '';
  return {
    out: (s) => {
      buf += s;
    },
    text: () => buf,
  };
}

// A collider 0 → 2 ← 1 as an exact correlation matrix: ρ02 = ρ12 = 0.5, ρ01 = 0
const COLLIDER = [
  [1, 0, 0.5],
  [0, 1, 0.5],
  [0.5, 0.5, 1],
];

test('pag --json prints exactly {n, edges, sepsets, iterations}', async () => {
  const io = collect();
  assert.equal(await runPag(['--corr', file('c.json', COLLIDER), '--json'], io), 0);
  const j = JSON.parse(io.text()) as PagJson;
  assert.deepEqual(Object.keys(j), ['n', 'edges', 'sepsets', 'iterations']);
  assert.deepEqual(j, {
    n: 3,
    edges: [
      { a: 0, b: 2, markA: 'circle', markB: 'arrow' },
      { a: 1, b: 2, markA: 'circle', markB: 'arrow' },
    ],
    sepsets: [{ a: 0, b: 1, set: [] }],
    iterations: 3, // r = 0 removes 0–1, r = 1 tests 0–2 | 1 and 1–2 | 0, r = 2 finds no set of size 2 and concludes
  });
});

test('pag reads {"corr"} with labels, and --attention (2-D, {"attention"}, or heads)', async () => {
  const io = collect();
  await runPag(['--corr', file('l.json', { corr: COLLIDER, labels: ['rain', 'sprinkler', 'wet'] })], io);
  assert.match(io.text(), /^PAG over 3 nodes: ICD 3 iterations \(concluded\), 5 CI tests; samples 768, alpha 0.01$/m);
  assert.match(io.text(), /^ {2}0:rain o-> 2:wet$/m);
  assert.match(io.text(), /^ {2}0:rain ⊥ 1:sprinkler \| \{\}$/m);
  const att = [
    [0.7, 0.2, 0.1],
    [0.2, 0.6, 0.2],
    [0.1, 0.3, 0.6],
  ];
  const outs = await Promise.all(
    [att, { attention: att }, { attention: [att, att] }].map(async (content, k) => {
      const o = collect();
      await runPag(['--attention', file(`a${k}.json`, content), '--json', '--samples', '20'], o);
      return o.text();
    }),
  );
  assert.equal(outs[0], outs[1]);
  assert.equal(outs[0], outs[2], 'two identical heads average to the same matrix');
  assert.equal((JSON.parse(outs[0]) as PagJson).n, 3);
});

test('pag options: --alpha, --samples, --max-r change what is learned', async () => {
  const weak = [
    [1, 0.05],
    [0.05, 1],
  ];
  const run = async (args: string[]): Promise<PagJson> => {
    const o = collect();
    await runPag(['--corr', file('w.json', weak), '--json', ...args], o);
    return JSON.parse(o.text()) as PagJson;
  };
  // ρ = 0.05: with n = 768 the statistic is sqrt(765)·atanh(0.05) = 1.38, p = 0.17
  assert.equal((await run([])).edges.length, 0, 'p = 0.17 > 0.01: independent');
  assert.equal((await run(['--alpha', '0.2'])).edges.length, 1, 'p = 0.17 < 0.2: dependent');
  assert.equal((await run(['--samples', '10000'])).edges.length, 1, 'statistic 5.0: dependent');
  assert.equal((await run(['--max-r', '0'])).iterations, 1);
});

test('explain-matrix prints the CLEANN candidate set with its evidence', async () => {
  const io = collect();
  await runExplainMatrix(['--corr', file('e.json', COLLIDER), '--target', '0', '--json'], io);
  const r = JSON.parse(io.text()) as {
    target: number;
    kind: string;
    candidates: number[];
    sets: number[][];
    pag: PagJson;
  };
  assert.equal(r.kind, 'candidate-set');
  assert.deepEqual(r.candidates, [1, 2], 'through the collider at 2, 1 is a possible d-separator of 0');
  assert.deepEqual(r.sets, [[1, 2]]);
  assert.equal(r.pag.n, 3);
  const text = collect();
  await runExplainMatrix(['--corr', file('e.json', COLLIDER), '--target', '0'], text);
  assert.match(text.text(), /^ {2}1 {2}distance 2 {2}via 0 → 2 → 1$/m);
});

test('demo runs the engine on the built-in SCM and finds the minimal explanation', async () => {
  const io = collect();
  await runDemo(['--json'], io);
  const r = JSON.parse(io.text()) as {
    tokens: string[];
    pag: PagJson;
    explanation: { sets: number[][]; candidates: number[] };
  };
  assert.equal(r.tokens[0], '[CLS]');
  assert.deepEqual(r.explanation.candidates, [5, 7]);
  assert.deepEqual(r.explanation.sets, [[7]]);
  assert.ok(
    r.pag.edges.some((e) => e.a === 0 && e.b === 5 && e.markA === 'arrow' && e.markB === 'tail'),
    'bad --> [CLS]',
  );
  const text = collect();
  await runDemo([], text);
  assert.match(text.text(), /^minimal explanation: \{7:all\}$/m);
});

test('bad input: one clear message each', async () => {
  const fails = (args: string[], re: RegExp) => assert.rejects(runPag(args, collect()), re);
  await fails(
    [
      '--corr',
      file('sq.json', [
        [1, 0.2, 0],
        [0.2, 1],
      ]),
    ],
    /must be square|square array of arrays/,
  );
  await fails(
    [
      '--corr',
      file('pd.json', [
        [1, 0.9, -0.9],
        [0.9, 1, 0.9],
        [-0.9, 0.9, 1],
      ]),
    ],
    /correlation matrix is not positive semi-definite \(3×3\)/,
  );
  await fails(['--corr', file('bad.json', '{nope')], /bad\.json is not valid JSON/);
  await fails(
    [
      '--attention',
      file('z.json', [
        [1, 0],
        [0, 0],
      ]),
    ],
    /attention row 1 is all zeros/,
  );
  await fails(['--corr', file('lab.json', { corr: COLLIDER, labels: ['a'] })], /1 labels for a 3×3 matrix/);
  await fails(['--corr', file('obj.json', { matrix: COLLIDER })], /expected a square array of arrays under "corr"/);
});

test('usage errors', async () => {
  const bad = (args: string[], re: RegExp) =>
    assert.rejects(runPag(args, collect()), (e: unknown) => e instanceof UsageError && re.test(e.message));
  await bad([], /exactly one of --corr FILE or --attention FILE/);
  await bad(['--corr', 'a', '--attention', 'b'], /exactly one/);
  await bad(['--corr', file('c.json', COLLIDER), '--alpha', '2'], /--alpha must be a number/);
  await bad(['--corr', file('c.json', COLLIDER), '--max-r', '-1'], /--max-r must be an integer/);
  await assert.rejects(runExplainMatrix(['--corr', file('c.json', COLLIDER)], collect()), /--target T is required/);
  await assert.rejects(
    runExplainMatrix(['--corr', file('c.json', COLLIDER), '--target', '3'], collect()),
    /--target must be an integer in \[0, 2\]/,
  );
});

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(root, 'src/cli/main.ts'), ...args], {
    cwd: root,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('through the entry point: --json on stdout, bad input → one line on stderr and a non-zero exit', () => {
  const ok = cli(['pag', '--corr', file('c.json', COLLIDER), '--json']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal((JSON.parse(ok.stdout) as PagJson).edges.length, 2);
  const cases: [string[], RegExp][] = [
    [
      [
        'pag',
        '--corr',
        file('ns.json', [
          [1, 0.2],
          [0.3, 1],
        ]),
      ],
      /^causal-lens: correlation matrix is not symmetric: \[0\]\[1\] = 0.2 but \[1\]\[0\] = 0.3\n$/,
    ],
    [['pag', '--corr', path.join(dir, 'missing.json')], /^causal-lens: cannot read .*missing\.json: ENOENT\n$/],
  ];
  for (const [args, re] of cases) {
    const r = cli(args);
    assert.notEqual(r.status, 0, args.join(' '));
    assert.match(r.stderr, re);
    assert.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  }
});
