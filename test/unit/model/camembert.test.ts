// model_type camembert (CamemBERT: the RoBERTa graph with a SentencePiece Unigram tokenizer): loaded
// because its graph passes surgery (a plain Softmax → MatMul per layer), not because of its name —
// the same folder with a fused attention graph is refused, naming the model and the fused operator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadModel } from '../../../src/model';
import { explainText } from '../../../src/pipeline';
import { robertaTokenizerConfig } from '../../support/tinyTokenizers';
import { tinyModelFolder } from '../../support/tinyFixture';
import type { TinyFolderOptions } from '../../support/tinyBert';

/** A tiny CamemBERT classifier folder: config and tokenizer_config say camembert / CamembertTokenizer. */
function camembertFolder(opts: TinyFolderOptions = {}): string {
  const dir = tinyModelFolder(
    {
      tokenizer: 'unigram',
      hidden: 32,
      layers: 2,
      heads: 2,
      seed: 5,
      labels: ['négatif', 'positif'],
      ...opts,
      config: { model_type: 'camembert', architectures: ['CamembertForSequenceClassification'], ...opts.config },
    },
    'tiny-camembert',
  );
  writeFileSync(
    path.join(dir, 'tokenizer_config.json'),
    JSON.stringify(robertaTokenizerConfig('CamembertTokenizer', 64)),
  );
  return dir;
}

test('camembert: loads through surgery, <s> … </s>, ▁ pieces on their characters, <pad> replacement, a verified explanation', async () => {
  const model = await loadModel({ model: camembertFolder({ files: ['fp32'] }) });
  try {
    assert.equal(model.config.modelType, 'camembert');
    assert.deepEqual(model.config.labels, ['négatif', 'positif']);
    assert.equal(model.padTokenId, 1);
    const text = 'Le film était wonderful, cafe\u0301 中文 but the plot was thin';
    const r = await explainText(model, text, { maxSetSize: 3, baselines: false, head: 'each', specialsInGraph: false });
    assert.deepEqual([r.tokens[0].text, r.tokens.at(-1)!.text], ['<s>', '</s>']);
    for (const [piece, chars] of [
      ['▁wonderful', 'wonderful'],
      ['▁café', 'cafe\u0301'],
      ['▁中文', '中文'],
      ['▁plot', 'plot'],
    ]) {
      const t = r.tokens.find((x) => x.text === piece);
      assert.ok(t, `no ${piece} in ${r.tokens.map((x) => x.text).join(' ')}`);
      assert.equal(text.slice(t.start, t.end), chars);
    }
    assert.equal(r.explained?.kind, 'single-label');
    assert.ok(r.explanation.sets.length > 0, `no explanation: ${r.search.summary}`);
    const run = await model.run(text);
    for (const set of r.explanation.sets) {
      const ids = run.inputIds.map((id, i) => (set.includes(i) ? model.padTokenId : id));
      assert.notEqual((await model.runIds(ids)).labelIndex, run.prediction.labelIndex, `set ${set} does not flip`);
    }
  } finally {
    await model.dispose();
  }
});

test('camembert with fused attention: refused by surgery (the name does not make it supported), with a clear error', async () => {
  const dir = camembertFolder({ files: ['fused'] });
  await assert.rejects(loadModel({ model: dir, quantized: false }), (err: Error) => {
    assert.equal(err.name, 'ModelError');
    assert.match(err.message, /tiny-camembert" uses the fused operator com\.microsoft\.Attention/);
    assert.match(err.message, /export the model without ONNX Runtime transformer fusion/);
    return true;
  });
});

test('the same camembert graph under an unknown model_type loads too: surgery decides, not a list of names', async () => {
  const model = await loadModel({
    model: camembertFolder({
      files: ['fp32'],
      config: { model_type: 'flaubert-like-encoder', architectures: ['SomeEncoderForSequenceClassification'] },
    }),
  });
  try {
    assert.equal(model.config.modelType, 'flaubert-like-encoder');
    const run = await model.run('the plot was thin');
    assert.equal(run.attentions.length, 2);
    for (const head of run.attentions[1]) {
      for (let i = 0; i < run.seq; i++) {
        const row = head.subarray(i * run.seq, (i + 1) * run.seq).reduce((a, b) => a + b, 0);
        assert.ok(Math.abs(row - 1) < 1e-5, `attention row ${i} sums to ${row}`);
      }
    }
  } finally {
    await model.dispose();
  }
});
