// The benchmark's parts: statistics, the grown position table (bench-only model surgery), and the
// whole `npm run bench` at toy size on a tiny model (table, † rows, profile, host responsiveness, results files).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { loadModel } from '../../src/model';
import { modelProtoType, type OnnxModel } from '../../src/model/onnxSchema';
import { growPositionTable, writeLongPositionCopy } from '../../scripts/bench/positionTable';
import { logLogSlope, median } from '../../scripts/bench/stats';
import { tempFolder, tinyModelFolder } from '../support/tinyFixture';

const ROOT = path.join(__dirname, '..', '..');

test('median and log-log slope: hand-computed values', () => {
  assert.equal(median([5, 1, 3]), 3);
  assert.equal(median([4, 1, 3, 2]), 2.5);
  assert.ok(Number.isNaN(median([])));
  // y = 3·x²: slope exactly 2; y = x^1.5 with a non-positive point left out
  assert.ok(Math.abs(logLogSlope([32, 64, 128], [3 * 32 ** 2, 3 * 64 ** 2, 3 * 128 ** 2]) - 2) < 1e-12);
  assert.ok(Math.abs(logLogSlope([1, 4, 9, 16], [1, 8, 0, 64]) - 1.5) < 1e-12);
  // Two points: slope = log(y2/y1) / log(x2/x1) = log(10)/log(2)
  assert.ok(Math.abs(logLogSlope([100, 200], [1, 10]) - Math.log(10) / Math.log(2)) < 1e-12);
});

function decode(bytes: Uint8Array): OnnxModel {
  const T = modelProtoType();
  return T.toObject(T.decode(bytes), { longs: Number, bytes: Array }) as OnnxModel;
}

test('growPositionTable: original rows kept, new rows are neighbour midpoints, nothing else changes', () => {
  const dir = tinyModelFolder({ files: ['fp32'], maxPositions: 16, hidden: 16 });
  const bytes = readFileSync(path.join(dir, 'onnx', 'model.onnx'));
  const { bytes: grown, name } = growPositionTable(bytes, 16, 40);
  assert.equal(name, 'embeddings.position_embeddings.weight');
  const before = decode(bytes),
    after = decode(grown);
  const table = (m: OnnxModel) => m.graph!.initializer!.find((t) => t.name === name)!;
  const rows = (m: OnnxModel) => {
    const t = table(m);
    return { dims: t.dims, values: new Float32Array(Uint8Array.from(t.raw_data as unknown as number[]).buffer) };
  };
  const old = rows(before),
    neu = rows(after);
  assert.deepEqual(neu.dims, [40, 16]);
  assert.deepEqual([...neu.values.subarray(0, 16 * 16)], [...old.values]);
  const row = (v: Float32Array, r: number) => [...v.subarray(r * 16, r * 16 + 16)];
  assert.deepEqual(
    row(neu.values, 16),
    row(old.values, 0).map((x, c) => Math.fround(0.5 * (x + old.values[16 + c]))),
  );
  assert.deepEqual(
    row(neu.values, 31),
    row(old.values, 15).map((x, c) => Math.fround(0.5 * (x + old.values[c]))),
  ); // wraps around
  assert.deepEqual(row(neu.values, 32), row(neu.values, 16)); // the second lap repeats the midpoints
  // Every other initializer, node and input is byte-for-byte the same.
  const strip = (m: OnnxModel) => ({
    ...m,
    graph: { ...m.graph, initializer: m.graph!.initializer!.filter((t) => t.name !== name) },
  });
  assert.deepEqual(strip(after), strip(before));
  // The new rows, plus at most one byte more for each of three length prefixes (raw_data, tensor, graph).
  const extra = grown.length - bytes.length - (40 - 16) * 16 * 4;
  assert.ok(extra >= 0 && extra <= 3, `${extra} extra bytes`);
  assert.throws(
    () => growPositionTable(bytes, 99, 128),
    /expected one position table of 99 rows among \d+ initializers, found 0/,
  );
});

test('writeLongPositionCopy: same outputs up to the old maximum, and runs at the new one', async () => {
  const dir = tinyModelFolder({ files: ['fp32', 'quantized'], maxPositions: 16 });
  const long = writeLongPositionCopy(dir, path.join(tempFolder(), 'long'), 48);
  const a = await loadModel({ model: dir }),
    b = await loadModel({ model: long });
  assert.equal(a.config.maxLength, 16);
  assert.equal(b.config.maxLength, 48);
  const text = 'the movie was good and the plot was bad but the acting was great and fun';
  const ra = await a.run(text, { maxTokens: 16 }),
    rb = await b.run(text, { maxTokens: 16 });
  assert.equal(ra.seq, 16);
  assert.deepEqual(rb.prediction.logits, ra.prediction.logits);
  assert.deepEqual(rb.attentions[1][0], ra.attentions[1][0]);
  const full = await b.run(`${text} ${text}`, { maxTokens: 48 });
  assert.ok(full.seq > 16, `${full.seq} tokens`);
  assert.ok(full.prediction.logits.every(Number.isFinite));
  await a.dispose();
  await b.dispose();
});

test('npm run bench at toy size: one table with every length, † beyond the trained positions, profile, results files', async () => {
  const dir = tinyModelFolder({ files: ['fp32'], maxPositions: 24, layers: 2, heads: 2 });
  const out = tempFolder();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      '--import',
      'tsx',
      path.join(ROOT, 'scripts', 'bench.ts'),
      '--model',
      dir,
      '--sizes',
      '16,32',
      '--runs',
      '2',
      '--profile-tokens',
      '16',
      '--out',
      out,
    ],
    { cwd: ROOT, maxBuffer: 1 << 24 },
  );
  assert.match(stdout, /^causal-lens bench — \d+ cores/);
  assert.match(stdout, /position table grown to 32 rows/);
  assert.match(
    stdout,
    /\n\| 16 \| [\d.]+ ms \| [\d.]+ ms \| [\d.]+ ms \| [\d,]+ \| [\d.]+ ms \| \d+ \| [\d.]+ ms \| \d+ MiB \| -?\d+ MiB \|\n/,
  );
  assert.match(stdout, /\n\| 32 † \| /);
  assert.match(stdout, /PAG time grows as tokens\^-?[\d.]+/);
  assert.match(stdout, /ICD rounds at 32 tokens \(496 token pairs; median run\): r=0: 496 tests/);
  assert.match(stdout, /Profile \(V8 CPU sampling of 2 explanations of 16 tokens/);
  // The stalls the tests no longer assert are printed here, as numbers.
  assert.match(
    stdout,
    /\nHost responsiveness \(longest event-loop stall of this thread; [\d.]+ load average\):\n- 100 model runs of 2 ms each resolved in process\.nextTick: \d+ ms without yieldingModel, \d+ ms with it/,
  );
  assert.match(
    stdout,
    /- ICD of 128 synthetic nodes \(\d+ ms\): \d+ ms in the worker thread, \d+ ms in this thread\.\n- Cancelling a worker request of 160 nodes after round 0: rejected [\d.]+ ms after the abort\./,
  );
  assert.equal(
    readFileSync(path.join(out, 'bench.md'), 'utf8'),
    `# Benchmark\n\nCommand: \`npm run bench\`\n\n${stdout}`,
  );
  const json = JSON.parse(readFileSync(path.join(out, 'bench.json'), 'utf8')) as {
    rows: { tokens: number; runs: { ciTests: number }[] }[];
  };
  assert.deepEqual(
    json.rows.map((r) => r.tokens),
    [16, 32],
  );
  assert.equal(json.rows[0].runs.length, 2);
  assert.ok(json.rows[1].runs.every((r) => r.ciTests > 0));
});
