// The hub download path for real: a model folder served in the hub's URL layout from 127.0.0.1,
// transformers.js's env.remoteHost pointed at it, and a fresh cache folder per test.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { loadModel, ModelError } from '../../../src/model';
import type { DownloadProgress } from '../../../src/model/hubDownload';
import { loadTransformers } from '../../../src/model/runtime';
import { startHubServer, type HubServer } from '../../support/hubServer';
import { tempFolder, tinyModelFolder } from '../../support/tinyFixture';

const ID = 'test-org/tiny-bert';
const TEXT = 'The plot was thin, but the acting was wonderful.';
// The stall tests need some timeout; a short one keeps them quick. No assertion is about time.
const STALL_MS = 300;
// Guards a hang in the code under test (the old download had none); never reached when it works.
const HANG_GUARD = { timeout: 60_000 };

let server: HubServer;
let source: string;
let savedHost = '';

before(async () => {
  source = tinyModelFolder({ files: ['quantized'] });
  server = await startHubServer({ [ID]: source });
  const { env } = await loadTransformers();
  savedHost = env.remoteHost;
  env.remoteHost = server.host;
});
after(async () => {
  (await loadTransformers()).env.remoteHost = savedHost;
  await server.close();
});

const MODEL_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx'];

/** Files under `dir`, relative, sorted (temporary download files included, so leftovers show). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? (e as unknown as { path: string }).path, e.name)))
    .sort();
}

function requestsFor(file: string): number {
  return server.requests.filter((r) => r === `/${ID}/resolve/main/${file}`).length;
}

async function expectDownloadError(p: Promise<unknown>, ...patterns: RegExp[]): Promise<ModelError> {
  let caught: unknown = null;
  await p.catch((err: unknown) => {
    caught = err;
  });
  assert.ok(caught instanceof ModelError, `expected a ModelError, got ${String(caught)}`);
  for (const re of patterns) assert.match(caught.message, re);
  return caught;
}

test(
  'first download: every file fetched once from the hub layout, progress up to the full size, cached byte for byte',
  HANG_GUARD,
  async () => {
    const cache = tempFolder();
    const before = server.requests.length;
    const events: DownloadProgress[] = [];
    const model = await loadModel({ model: ID, cacheDir: cache, onProgress: (e) => events.push(e) });
    assert.equal((await model.run(TEXT)).tokens[0].text, '[CLS]');
    assert.ok(server.requests.length > before, 'the server saw requests');
    for (const f of MODEL_FILES) assert.equal(requestsFor(f), 1, f);
    assert.deepEqual(filesUnder(path.join(cache, ID)), [...MODEL_FILES].sort());
    for (const f of MODEL_FILES)
      assert.deepEqual(readFileSync(path.join(cache, ID, f)), readFileSync(path.join(source, f)), f);

    const onnx = events.filter((e) => e.file === 'onnx/model_quantized.onnx');
    const size = readFileSync(path.join(source, 'onnx/model_quantized.onnx')).length;
    assert.ok(onnx.length >= 2, `progress events for the ONNX file: ${onnx.length}`);
    for (let i = 1; i < onnx.length; i++) assert.ok(onnx[i].loaded >= onnx[i - 1].loaded, 'loaded never goes back');
    for (const e of onnx) {
      assert.equal(e.model, ID);
      assert.equal(e.total, size);
    }
    assert.deepEqual(onnx.at(-1), {
      model: ID,
      file: 'onnx/model_quantized.onnx',
      loaded: size,
      total: size,
      done: true,
    });
    assert.equal(onnx.filter((e) => e.done).length, 1);
    await model.dispose();
  },
);

test(
  'cache reuse: a second load (online) makes no request and gives the same prediction; offline reads the cache',
  HANG_GUARD,
  async () => {
    const cache = tempFolder();
    const first = await loadModel({ model: ID, cacheDir: cache });
    const p1 = (await first.run(TEXT)).prediction;
    const seen = server.requests.length;
    const events: DownloadProgress[] = [];
    const second = await loadModel({ model: ID, cacheDir: cache, onProgress: (e) => events.push(e) });
    assert.deepEqual((await second.run(TEXT)).prediction, p1);
    assert.equal(server.requests.length, seen, 'no request for cached files');
    assert.deepEqual(events, [], 'nothing downloaded, so no progress');
    const offline = await loadModel({ model: ID, cacheDir: cache, offline: true });
    assert.deepEqual((await offline.run(TEXT)).prediction, p1);
    assert.equal(server.requests.length, seen);
    await Promise.all([first.dispose(), second.dispose(), offline.dispose()]);
  },
);

test('offline with an empty cache: a clear error naming the cache, and no request', HANG_GUARD, async () => {
  const cache = tempFolder();
  const seen = server.requests.length;
  await expectDownloadError(
    loadModel({ model: ID, cacheDir: cache, offline: true }),
    /test-org\/tiny-bert/,
    /offline/,
    new RegExp(cache.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')),
  );
  assert.equal(server.requests.length, seen);
});

for (const how of ['stall', 'stall-body'] as const) {
  test(
    `a server that ${how === 'stall' ? 'never answers' : 'stops mid-file'}: timeout, a clear error naming model, file and host; nothing cached`,
    HANG_GUARD,
    async () => {
      const cache = tempFolder();
      // The small files are in the cache already, so the short timeout applies to the misbehaving
      // download alone: a healthy file slowed by a busy machine cannot trip it (it once did).
      mkdirSync(path.join(cache, ID), { recursive: true });
      for (const f of ['config.json', 'tokenizer.json', 'tokenizer_config.json'])
        copyFileSync(path.join(source, f), path.join(cache, ID, f));
      const seen = server.requests.length;
      server.misbehave.set('onnx/model_quantized.onnx', how);
      try {
        const err = await expectDownloadError(
          loadModel({ model: ID, cacheDir: cache, hubTimeoutMs: STALL_MS }),
          /test-org\/tiny-bert/,
          /onnx\/model_quantized\.onnx/,
          /127\.0\.0\.1/,
          /no data for 0\.3 s/,
        );
        assert.doesNotMatch(err.message, /not found/);
        assert.ok(
          server.requests.slice(seen).every((r) => r.includes('onnx/model_quantized.onnx')),
          'only the stalled file was requested',
        );
      } finally {
        server.misbehave.delete('onnx/model_quantized.onnx');
      }
      assert.deepEqual(
        filesUnder(path.join(cache, ID)),
        ['config.json', 'tokenizer.json', 'tokenizer_config.json'],
        'only the complete files',
      );
      // The next attempt, with the server healthy, downloads the file and works.
      const model = await loadModel({ model: ID, cacheDir: cache });
      assert.equal((await model.run(TEXT)).tokens[0].text, '[CLS]');
      await model.dispose();
    },
  );
}

test(
  'a truncated file (fewer bytes than Content-Length): detected, not cached, downloaded again next time',
  HANG_GUARD,
  async () => {
    const cache = tempFolder();
    server.misbehave.set('onnx/model_quantized.onnx', 'truncate');
    const before = requestsFor('onnx/model_quantized.onnx');
    try {
      await expectDownloadError(
        loadModel({ model: ID, cacheDir: cache }),
        /test-org\/tiny-bert/,
        /onnx\/model_quantized\.onnx/,
        /incomplete|cut short/,
        /nothing was cached/,
      );
    } finally {
      server.misbehave.delete('onnx/model_quantized.onnx');
    }
    assert.deepEqual(filesUnder(path.join(cache, ID)), ['config.json', 'tokenizer.json', 'tokenizer_config.json']);
    const model = await loadModel({ model: ID, cacheDir: cache });
    assert.equal(requestsFor('onnx/model_quantized.onnx'), before + 2, 'fetched again');
    assert.deepEqual(
      readFileSync(path.join(cache, ID, 'onnx/model_quantized.onnx')),
      readFileSync(path.join(source, 'onnx/model_quantized.onnx')),
    );
    await model.dispose();
  },
);

test(
  'a cut the transport cannot see (no Content-Length): the corrupt file is dropped from the cache, the next load downloads it again',
  HANG_GUARD,
  async () => {
    const cache = tempFolder();
    server.misbehave.set('onnx/model_quantized.onnx', 'short');
    try {
      await expectDownloadError(
        loadModel({ model: ID, cacheDir: cache }),
        /test-org\/tiny-bert/,
        /model_quantized\.onnx/,
        /removed from the cache/,
      );
    } finally {
      server.misbehave.delete('onnx/model_quantized.onnx');
    }
    assert.ok(!existsSync(path.join(cache, ID, 'onnx/model_quantized.onnx')), 'the bad copy is not kept');
    const model = await loadModel({ model: ID, cacheDir: cache });
    assert.equal((await model.run(TEXT)).tokens[0].text, '[CLS]');
    await model.dispose();
  },
);

test(
  'a file the hub does not have (404) falls through to the next candidate; a server error is reported as such',
  HANG_GUARD,
  async () => {
    // Only model.onnx on this server: the quantized file is a 404 and the fp32 one is used.
    const fp32 = tinyModelFolder({ files: ['fp32'] });
    const other = await startHubServer({ 'test-org/fp32-only': fp32 });
    const { env } = await loadTransformers();
    env.remoteHost = other.host;
    try {
      const model = await loadModel({ model: 'test-org/fp32-only', cacheDir: tempFolder() });
      assert.match(model.onnxFile, /onnx\/model\.onnx$/);
      assert.ok(other.requests.includes('/test-org/fp32-only/resolve/main/onnx/model_quantized.onnx'));
      await model.dispose();
      await expectDownloadError(
        loadModel({ model: 'test-org/absent', cacheDir: tempFolder() }),
        /test-org\/absent/,
        /not found on the Hugging Face hub/,
      );
      other.misbehave.set('config.json', 'fail');
      const err = await expectDownloadError(
        loadModel({ model: 'test-org/fp32-only', cacheDir: tempFolder() }),
        /config\.json/,
        /HTTP 500/,
        /nothing was cached/,
      );
      assert.doesNotMatch(err.message, /not found/);
    } finally {
      env.remoteHost = server.host;
      await other.close();
    }
  },
);
