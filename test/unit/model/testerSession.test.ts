// The tester's logits-only session (the model's own graph, no attention outputs) gives the same
// predictions as the attention-exposing session it replaces, for fp32 and quantized models.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadModel } from '../../../src/model';
import { tinyModelFolder } from '../../support/tinyFixture';

const TEXT = 'The plot was thin, but the acting was wonderful.';

for (const variant of ['fp32', 'quantized'] as const) {
  test(`${variant}: logits-only runIds equal the attention session's, and run()'s own logits`, async () => {
    const dir = tinyModelFolder({ files: [variant], layers: 2, heads: 2 });
    const fast = await loadModel({ model: dir });
    const old = await loadModel({ model: dir, testerSession: 'attention' });
    try {
      const run = await fast.run(TEXT);
      const same = await fast.runIds(run.inputIds);
      for (const [k, x] of same.logits.entries())
        assert.ok(Math.abs(x - run.prediction.logits[k]) <= 1e-5, `logit ${k}: ${x} vs ${run.prediction.logits[k]}`);
      for (let i = 1; i < run.seq - 1; i++) {
        const ids = run.inputIds.map((id, j) => (j === i || j === i + 1 ? fast.padTokenId : id));
        const a = await fast.runIds(ids),
          b = await old.runIds(ids);
        assert.equal(a.labelIndex, b.labelIndex, `pad ${i}`);
        for (const [k, x] of a.logits.entries()) assert.ok(Math.abs(x - b.logits[k]) <= 1e-5, `pad ${i}, logit ${k}`);
      }
      const texts = ['good', 'bad film', TEXT];
      assert.deepEqual(
        (await fast.classify(texts, { batchSize: 1 })).map((p) => p.labelIndex),
        (await old.classify(texts, { batchSize: 1 })).map((p) => p.labelIndex),
      );
    } finally {
      await fast.dispose();
      await old.dispose();
    }
  });
}
