import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { defaultModelPath, loadModel, ModelError, type LoadedModel } from '../../../src/model';
import { tempFolder, tinyModelFolder } from '../../support/tinyFixture';

const TEXT = 'The plot was thin, but the acting was wonderful.';

function assertRowsSumToOne(model: LoadedModel, attentions: Float32Array[][], seq: number): void {
  assert.equal(attentions.length, model.config.numLayers);
  for (const layer of attentions) {
    assert.equal(layer.length, model.config.numHeads);
    for (const head of layer) {
      assert.equal(head.length, seq * seq);
      for (let i = 0; i < seq; i++) {
        let s = 0;
        for (let j = 0; j < seq; j++) {
          assert.ok(head[i * seq + j] >= 0);
          s += head[i * seq + j];
        }
        assert.ok(Math.abs(s - 1) <= 1e-5, `row ${i} sums to ${s}`);
      }
    }
  }
}

async function expectModelError(p: Promise<unknown>, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof ModelError, `expected ModelError, got ${String(err)}`);
    for (const re of patterns) assert.match(err.message, re);
    return true;
  });
}

for (const variant of ['fp32', 'quantized'] as const) {
  test(`loads a ${variant} model by folder and reads every layer's attention`, async () => {
    const dir = tinyModelFolder({ files: [variant], layers: 3, heads: 2 });
    const model = await loadModel({ model: dir });
    assert.equal(model.id, dir);
    assert.match(model.onnxFile, variant === 'fp32' ? /onnx\/model\.onnx$/ : /onnx\/model_quantized\.onnx$/);
    assert.deepEqual(model.config, {
      modelType: 'bert',
      numLayers: 3,
      numHeads: 2,
      hiddenSize: 16,
      maxLength: 64,
      labels: ['NEGATIVE', 'POSITIVE'],
      task: 'classification',
      multiLabel: false,
    });
    assert.equal(model.padTokenId, 0);
    assert.equal(model.maskTokenId, 4);
    const run = await model.run(TEXT);
    assert.equal(run.seq, run.inputIds.length);
    assert.equal(run.tokens.length, run.seq);
    assert.equal(run.tokens[0].text, '[CLS]');
    assertRowsSumToOne(model, run.attentions, run.seq);
    assert.ok(['NEGATIVE', 'POSITIVE'].includes(run.prediction.label));
    assert.equal(run.prediction.label, model.config.labels[run.prediction.labelIndex]);
    const [l0, l1] = run.prediction.logits;
    const p = 1 / (1 + Math.exp(-Math.abs(l1 - l0)));
    assert.ok(Math.abs(run.prediction.score - p) < 1e-9);
    assert.equal(run.truncated, null);
    await model.dispose();
  });
}

test('prefers the quantized file when both exist; quantized:false picks fp32', async () => {
  const dir = tinyModelFolder();
  assert.match((await loadModel({ model: dir })).onnxFile, /model_quantized\.onnx$/);
  assert.match((await loadModel({ model: dir, quantized: false })).onnxFile, /model\.onnx$/);
});

test('runs are cached per text; runIds reproduces the prediction of run', async () => {
  const model = await loadModel({ model: tinyModelFolder({ files: ['fp32'] }) });
  const a = await model.run(TEXT);
  assert.equal(await model.run(TEXT), a);
  assert.notEqual(await model.run(`${TEXT} `.repeat(2)), a);
  const again = await model.runIds(a.inputIds);
  assert.equal(again.labelIndex, a.prediction.labelIndex);
  for (let i = 0; i < 2; i++) assert.ok(Math.abs(again.logits[i] - a.prediction.logits[i]) < 1e-5);
  // Replacing tokens by [PAD] changes the logits: the counterfactual the explanation tester relies on.
  const padded = a.inputIds.map((id, i) => (i >= 1 && i <= 4 ? model.padTokenId : id));
  const changed = await model.runIds(padded);
  assert.ok(Math.abs(changed.logits[0] - a.prediction.logits[0]) > 1e-4);
});

test('runIdsMany: one batched run gives each row the logits runIds gives it, in order', async () => {
  const batchedModel = await loadModel({ model: tinyModelFolder({ files: ['fp32'] }) });
  const singleModel = await loadModel({ model: tinyModelFolder({ files: ['fp32'] }) });
  const { inputIds } = await batchedModel.run(TEXT);
  const rows = [1, 2, 3, 4, 5].map((k) =>
    inputIds.map((id, i) => (i === k || i === k + 2 ? batchedModel.padTokenId : id)),
  );
  const batched = await batchedModel.runIdsMany(rows);
  assert.equal(batched.length, rows.length);
  for (const [k, row] of rows.entries()) {
    const one = await singleModel.runIds(row);
    for (let c = 0; c < 2; c++) assert.ok(Math.abs(batched[k].logits[c] - one.logits[c]) < 1e-5, `row ${k}`);
  }
  // rows differ, so the batch did not answer every row with one row's logits
  assert.ok(new Set(batched.map((p) => p.logits[0].toFixed(6))).size > 1);
  // cached rows come back from the cache, mixed with new ones
  const again = await batchedModel.runIdsMany([rows[2], inputIds]);
  assert.equal(again[0], batched[2]);
  await assert.rejects(batchedModel.runIdsMany([inputIds.slice(1), inputIds.slice(2)]), /same length/);
  await batchedModel.dispose();
  await singleModel.dispose();
});

test('batched classify with padding equals one-by-one runs', async () => {
  const model = await loadModel({ model: tinyModelFolder({ files: ['fp32'] }) });
  const texts = ['good', TEXT, 'not very good and the movie was terrible', 'a', 'great film!'];
  const batched = await model.classify(texts, { batchSize: 3 });
  for (let i = 0; i < texts.length; i++) {
    const single = (await model.run(texts[i])).prediction;
    assert.equal(batched[i].labelIndex, single.labelIndex);
    for (let k = 0; k < 2; k++)
      assert.ok(Math.abs(batched[i].logits[k] - single.logits[k]) < 1e-4, `text ${i} logit ${k}`);
  }
});

test('long texts are truncated to maxTokens with a warning saying where', async () => {
  const model = await loadModel({ model: tinyModelFolder({ files: ['fp32'], maxPositions: 16 }) });
  const text = 'the plot was thin but the acting was wonderful and the movie was very good';
  const run = await model.run(text);
  assert.equal(run.seq, 16);
  assert.ok(run.truncated);
  assert.equal(run.truncated.totalTokens, 17);
  const lastKept = run.tokens[run.seq - 2];
  assert.equal(run.truncated.keptChars, lastKept.end);
  assert.equal(
    text.slice(0, run.truncated.keptChars),
    'the plot was thin but the acting was wonderful and the movie was very',
  );
  assert.match(run.warnings[0], /truncated to 16 tokens \(of 17\).*0–69 of 74/);
  assertRowsSumToOne(model, run.attentions, 16);
  const shorter = await model.run(text, { maxTokens: 6 });
  assert.equal(shorter.seq, 6);
  assert.equal(text.slice(0, shorter.truncated!.keptChars), 'the plot was thin');
});

test('a hub id is read from the transformers.js cache layout in offline mode', async () => {
  const cache = tempFolder();
  cpSync(tinyModelFolder({ files: ['quantized'] }), path.join(cache, 'test-org', 'tiny-bert'), { recursive: true });
  const model = await loadModel({ model: 'test-org/tiny-bert', offline: true, cacheDir: cache });
  assert.equal(model.id, 'test-org/tiny-bert');
  assert.equal((await model.run('good')).tokens.length, 3);
  await expectModelError(
    loadModel({ model: 'test-org/absent', offline: true, cacheDir: cache }),
    /test-org\/absent/,
    /offline/,
    /local folder/,
  );
});

test('error: missing folder', async () => {
  await expectModelError(loadModel({ model: './no/such/model-folder' }), /no\/such\/model-folder/, /not found/);
});

test('error: corrupt onnx file', async () => {
  const dir = tinyModelFolder({ files: ['fp32'] });
  writeFileSync(path.join(dir, 'onnx', 'model.onnx'), 'this is not a protobuf model at all, just text');
  await expectModelError(
    loadModel({ model: dir }),
    new RegExp(dir.replace(/[/\\]/g, '.')),
    /corrupt|not a valid model/,
  );
});

test('error: missing onnx file', async () => {
  const dir = tinyModelFolder({ files: ['fp32'] });
  rmSync(path.join(dir, 'onnx'), { recursive: true });
  await expectModelError(loadModel({ model: dir }), /onnx\/model_quantized\.onnx or onnx\/model\.onnx is missing/);
});

test('error: missing tokenizer', async () => {
  await expectModelError(loadModel({ model: tinyModelFolder({ omitTokenizer: true }) }), /tokenizer\.json is missing/);
});

test('error: fused attention', async () => {
  const dir = tinyModelFolder({ files: ['fused'] });
  await expectModelError(
    loadModel({ model: dir }),
    /com\.microsoft\.Attention/,
    /without ONNX Runtime transformer fusion/,
  );
});

test('error: unsupported architecture', async () => {
  await expectModelError(
    loadModel({ model: tinyModelFolder({ config: { model_type: 'gpt2' } }) }),
    /unsupported architecture model_type="gpt2"/,
  );
  await expectModelError(
    loadModel({ model: tinyModelFolder({ config: { architectures: ['BertForTokenClassification'] } }) }),
    /neither a text classifier nor a masked-token predictor/,
  );
});

test('an encoder of a model_type not in any list loads when its graph passes surgery', async () => {
  const model = await loadModel({
    model: tinyModelFolder({ files: ['fp32'], config: { model_type: 'my-new-encoder' } }),
  });
  assert.equal(model.config.modelType, 'my-new-encoder');
  assert.equal((await model.run('good film')).attentions.length, 2);
  await model.dispose();
});

test('error: corrupt config.json', async () => {
  const dir = tinyModelFolder({ files: ['fp32'] });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'config.json'), '{ "model_type": "bert", ');
  await expectModelError(loadModel({ model: dir }), /config\.json is not valid JSON/);
});

test('loads a DistilBERT-style export (two inputs, masked_fill mask, n_layers/n_heads/dim config)', async () => {
  for (const variant of ['fp32', 'quantized'] as const) {
    const model = await loadModel({
      model: tinyModelFolder({ style: 'distilbert', files: [variant], layers: 2, heads: 4, hidden: 32 }),
    });
    assert.deepEqual(model.config, {
      modelType: 'distilbert',
      numLayers: 2,
      numHeads: 4,
      hiddenSize: 32,
      maxLength: 64,
      labels: ['NEGATIVE', 'POSITIVE'],
      task: 'classification',
      multiLabel: false,
    });
    const run = await model.run(TEXT);
    assertRowsSumToOne(model, run.attentions, run.seq);
    assert.equal(model.quantized, variant === 'quantized');
    // fp32: padded positions get zero attention, so a padded batch row equals the unpadded run.
    // Quantized: DynamicQuantizeLinear's scale spans the whole batch tensor, so only batch 1 is exact.
    const [batched] = await model.classify([TEXT, `${TEXT} ${TEXT}`], { batchSize: variant === 'fp32' ? 2 : 1 });
    for (let k = 0; k < 2; k++)
      assert.ok(
        Math.abs(batched.logits[k] - run.prediction.logits[k]) < 1e-4,
        `${variant} ${batched.logits} vs ${run.prediction.logits}`,
      );
  }
});

test("the shipped offline model loads, exposes every layer's attention and classifies obvious reviews", async () => {
  assert.ok(existsSync(defaultModelPath()), `the shipped model is committed at ${defaultModelPath()}`);
  const model = await loadModel({ model: defaultModelPath() });
  assert.equal(model.config.modelType, 'bert');
  assert.deepEqual(model.config.labels, ['NEGATIVE', 'POSITIVE']);
  const good = await model.run('A wonderful, moving film. Brilliant acting and a great story; I loved it.');
  const bad = await model.run(
    'This movie was a complete waste of time, the acting was terrible and the plot made no sense.',
  );
  assert.equal(good.prediction.label, 'POSITIVE');
  assert.equal(bad.prediction.label, 'NEGATIVE');
  assertRowsSumToOne(model, good.attentions, good.seq);
  await model.dispose();
});
