// The shipped model's attention, read by graph surgery from its ONNX file through transformers.js,
// equals the attention the training framework itself computed (torch, written by
// training/train.py's export into test/fixtures/shipped-model-reference.json): every layer, every
// head, every cell. A wrong Softmax picked, layers out of order or heads transposed all fail here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultModelPath, loadModel } from '../../../src/model';

interface ReferenceCase {
  text: string;
  input_ids: number[];
  logits: number[];
  attentions: number[][][][];
}
const reference = JSON.parse(
  readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'shipped-model-reference.json'), 'utf8'),
) as { cases: ReferenceCase[] };

test("the shipped model: extracted attention and logits equal torch's own, every layer and head", async () => {
  const model = await loadModel({ model: defaultModelPath() });
  try {
    assert.ok(reference.cases.length >= 3);
    for (const c of reference.cases) {
      const run = await model.run(c.text);
      assert.deepEqual(run.inputIds, c.input_ids, `token ids of ${JSON.stringify(c.text)}`);
      assert.equal(run.attentions.length, c.attentions.length, 'layers');
      const n = c.input_ids.length;
      let maxDiff = 0;
      c.attentions.forEach((layer, l) => {
        assert.equal(run.attentions[l].length, layer.length, `heads of layer ${l}`);
        layer.forEach((head, h) => {
          const got = run.attentions[l][h];
          assert.equal(got.length, n * n);
          for (let i = 0; i < n; i++)
            for (let j = 0; j < n; j++) maxDiff = Math.max(maxDiff, Math.abs(got[i * n + j] - head[i][j]));
        });
      });
      assert.ok(maxDiff <= 1e-5, `${JSON.stringify(c.text)}: max |attention difference| ${maxDiff}`);
      run.prediction.logits.forEach((x, k) =>
        assert.ok(Math.abs(x - c.logits[k]) <= 1e-4, `logit ${k}: ${x} vs ${c.logits[k]}`),
      );
    }
  } finally {
    await model.dispose();
  }
});

test('the reference fixture tells layers and heads apart (so the check above can fail)', () => {
  // If two layers or heads had the same attention, swapping them would go unnoticed.
  const c = reference.cases[0];
  const flat = c.attentions.flatMap((layer, l) => layer.map((head, h) => ({ key: `${l}/${h}`, cells: head.flat() })));
  for (let a = 0; a < flat.length; a++) {
    for (let b = a + 1; b < flat.length; b++) {
      const diff = Math.max(...flat[a].cells.map((x, k) => Math.abs(x - flat[b].cells[k])));
      assert.ok(diff > 1e-3, `heads ${flat[a].key} and ${flat[b].key} differ by ${diff} only`);
    }
  }
});
