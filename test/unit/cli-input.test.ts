// The command line on hostile input and output: an endless or huge input file is refused with a
// clear message (sizes, not times), and a reader that closes the pipe early ends the command quietly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readInputText } from '../../src/cli/input';

const root = path.resolve(__dirname, '../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'cl-cli-input-'));
const MAIN = path.join(root, 'src/cli/main.ts');

test('readInputText: a file over the limit is refused before it is read; at the limit it is read', () => {
  const f = path.join(dir, 'ten.txt');
  writeFileSync(f, '0123456789');
  assert.equal(readInputText(f, 10), '0123456789');
  assert.throws(() => readInputText(f, 9), new Error(`${f} is larger than the input limit of 9 bytes`));
  assert.throws(() => readInputText(dir), /cannot read .*: it is a folder/);
  assert.throws(() => readInputText(path.join(dir, 'missing')), /cannot read .*missing: ENOENT/);
});

test(
  'readInputText: an endless device is cut at the limit with a clear message',
  { skip: !os.platform().startsWith('linux') && 'needs /dev/zero' },
  () => {
    assert.throws(
      () => readInputText('/dev/zero', 3 * 1024 * 1024),
      /^Error: \/dev\/zero is larger than the input limit of 3,145,728 bytes \(3 MiB\)$/,
    );
  },
);

test(
  'pag --corr /dev/zero and an endless standard input: one line on stderr, no memory blow-up',
  { skip: !os.platform().startsWith('linux') && 'needs /dev/zero' },
  () => {
    const r = spawnSync(
      process.execPath,
      ['--max-old-space-size=256', '--import', 'tsx', MAIN, 'pag', '--corr', '/dev/zero'],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(r.status, 1);
    assert.equal(r.stderr, 'causal-lens: /dev/zero is larger than the input limit of 67,108,864 bytes (64 MiB)\n');
    const s = spawnSync(
      'sh',
      ['-c', `cat /dev/zero | "${process.execPath}" --max-old-space-size=256 --import tsx "${MAIN}" pag --corr -`],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(s.stderr, 'causal-lens: standard input is larger than the input limit of 67,108,864 bytes (64 MiB)\n');
  },
);

test('a reader that closes the pipe early (| head -1): the command ends quietly, exit 0', async () => {
  // 400 independent nodes: 79,800 separating-set lines (~1.3 MB), far more than a pipe holds, so
  // the command is still writing when the reader goes away.
  const n = 400;
  const corr = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  const f = path.join(dir, 'identity.json');
  writeFileSync(f, JSON.stringify(corr));
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'pag', '--corr', f], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  let first = '';
  child.stdout.once('data', (d: Buffer) => {
    first = d.toString().split('\n')[0];
    child.stdout.destroy();
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.match(first, /^PAG over 400 nodes/);
  assert.equal(stderr, '');
  assert.equal(code, 0);
});

test('small ones: quoted numbers, unknown experiment, labels with control characters, too few samples', async () => {
  const { runPag } = await import('../../src/cli/pag');
  const { experimentCommand } = await import('../../src/cli/experiment');
  const io = {
    text: '',
    errs: '',
    out(s: string) {
      this.text += s;
    },
    err(s: string) {
      this.errs += s;
    },
  };
  const f = (name: string, v: unknown): string => {
    const p = path.join(dir, name);
    writeFileSync(p, JSON.stringify(v));
    return p;
  };
  // A string "0.5" is reported as a string, not as a non-finite number.
  await assert.rejects(
    runPag(
      [
        '--corr',
        f('q.json', [
          [1, '0.5'],
          ['0.5', 1],
        ]),
      ],
      io,
    ),
    (e: Error) =>
      /string entry at \[0\]\[1\]: "0\.5" \(numbers must not be quoted\)/.test(e.message) &&
      !/non-finite/.test(e.message),
  );
  // An unknown experiment is named as unknown; no name at all is the other message.
  await assert.rejects(experimentCommand.run(['bogus']), /^UsageError: unknown experiment "bogus" \(try: synthetic/);
  await assert.rejects(experimentCommand.run([]), /experiment name required/);
  // Labels with ANSI escapes and newlines print as one visible line each.
  const collider = [
    [1, 0, 0.5],
    [0, 1, 0.5],
    [0.5, 0.5, 1],
  ];
  await runPag(['--corr', f('l.json', { corr: collider, labels: ['\u001b[31mred', 'two\nlines', 'ok'] })], io);
  assert.ok(!/[\u0000-\u0008\u000b-\u001f]/.test(io.text), 'no control characters but the line ends');
  assert.match(io.text, /0:\\u001b\[31mred o-> 2:ok/);
  assert.match(io.text, /1:two\\u000alines o-> 2:ok/);
  assert.equal(io.errs, '');
  // --samples below the number of nodes: a warning on stderr, not a silently empty PAG.
  const n = 12;
  const eq = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0.3)));
  await runPag(['--corr', f('eq.json', eq), '--samples', '5'], io);
  assert.match(io.errs, /^causal-lens: warning: --samples 5 is below the number of nodes \(12\)/);
});

test(
  'explain - reads standard input with the same limit',
  { skip: !os.platform().startsWith('linux') && 'needs /dev/zero' },
  () => {
    const s = spawnSync(
      'sh',
      ['-c', `head -c 70000000 /dev/zero | "${process.execPath}" --import tsx "${MAIN}" explain -`],
      { cwd: root, encoding: 'utf8' },
    );
    assert.equal(s.status, 1);
    assert.equal(s.stderr, 'causal-lens: standard input is larger than the input limit of 67,108,864 bytes (64 MiB)\n');
  },
);
