import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendGraphOutputs, exposeAttention, findAttentionSoftmaxes, ModelError } from '../../../src/model';
import { decodeModel } from '../../../src/model/onnxSchema';
import { loadOrt } from '../../../src/model/runtime';
import { buildTinyBertOnnx } from '../../support/tinyBert';

const fp32 = buildTinyBertOnnx('fp32', { layers: 3 });
const quantized = buildTinyBertOnnx('quantized', { layers: 3 });

test('finds one attention Softmax per layer, in layer order, in an fp32 graph', () => {
  const graph = decodeModel(fp32).graph!;
  const found = findAttentionSoftmaxes(graph, 'tiny');
  assert.equal(found.names.length, 3);
  assert.deepEqual(found.consumers, ['MatMul', 'MatMul', 'MatMul']);
  const order = found.names.map((n) => graph.node!.findIndex((node) => node.output?.[0] === n));
  assert.deepEqual(
    [...order].sort((a, b) => a - b),
    order,
  );
});

test('finds the Softmax feeding DynamicQuantizeLinear → MatMulInteger in a quantized graph', () => {
  const found = findAttentionSoftmaxes(decodeModel(quantized).graph!, 'tiny-q');
  assert.equal(found.names.length, 3);
  assert.deepEqual(found.consumers, ['MatMulInteger', 'MatMulInteger', 'MatMulInteger']);
});

test('a Softmax that is not multiplied by values (e.g. a classifier softmax) is not taken', () => {
  const graph = decodeModel(fp32).graph!;
  graph.node!.push({ op_type: 'Softmax', input: ['logits'], output: ['probs'], domain: '' });
  assert.equal(findAttentionSoftmaxes(graph, 'tiny').names.length, 3);
});

test('surgery appends to the original bytes and keeps every original field', () => {
  const edited = exposeAttention(fp32, 'tiny');
  assert.ok(Buffer.from(edited.bytes.subarray(0, fp32.length)).equals(Buffer.from(fp32)));
  assert.ok(edited.bytes.length > fp32.length);
  const before = decodeModel(fp32),
    after = decodeModel(edited.bytes);
  assert.deepEqual(
    after.graph!.output!.map((o) => o.name),
    ['logits', ...edited.attentionOutputs],
  );
  assert.equal(after.graph!.node!.length, before.graph!.node!.length);
  assert.equal(after.graph!.initializer!.length, before.graph!.initializer!.length);
  assert.equal(after.producer_name, before.producer_name);
  assert.deepEqual(after.opset_import, before.opset_import);
  assert.deepEqual(edited.originalOutputs, ['logits']);
  assert.deepEqual(edited.inputs, ['input_ids', 'attention_mask', 'token_type_ids']);
});

test('appendGraphOutputs adds exactly the named outputs', () => {
  const out = decodeModel(appendGraphOutputs(fp32, ['a', 'b'])).graph!.output!.map((o) => o.name);
  assert.deepEqual(out, ['logits', 'a', 'b']);
});

test('fused com.microsoft.Attention is refused with a message naming the model and the operator', () => {
  const fused = buildTinyBertOnnx('fused');
  assert.throws(
    () => exposeAttention(fused, 'my/fused-model'),
    (err: unknown) => {
      assert.ok(err instanceof ModelError);
      assert.match(err.message, /my\/fused-model/);
      assert.match(err.message, /com\.microsoft\.Attention/);
      return true;
    },
  );
});

test('corrupt bytes give a ModelError, not a protobuf stack trace', () => {
  const garbage = new Uint8Array(200).map((_, i) => (i * 37 + 11) & 0xff);
  assert.throws(
    () => exposeAttention(garbage, 'broken'),
    (err: unknown) => err instanceof ModelError && /broken/.test(err.message),
  );
  assert.throws(() => exposeAttention(fp32.subarray(0, 1000), 'cut'), ModelError);
});

for (const [variant, bytes] of [
  ['fp32', fp32],
  ['quantized', quantized],
] as const) {
  test(`${variant}: ONNX Runtime runs the edited graph; logits equal the unedited graph's`, async () => {
    const ort = await loadOrt();
    const edited = exposeAttention(bytes, variant);
    const plain = await ort.InferenceSession.create(bytes, { logSeverityLevel: 3 });
    const withAttention = await ort.InferenceSession.create(edited.bytes, { logSeverityLevel: 3 });
    assert.deepEqual([...withAttention.outputNames], ['logits', ...edited.attentionOutputs]);
    const ids = [2, 17, 20, 21, 22, 6, 23, 3];
    const t = (a: number[]) => new ort.Tensor('int64', BigInt64Array.from(a.map(BigInt)), [1, a.length]);
    const feeds = { input_ids: t(ids), attention_mask: t(ids.map(() => 1)), token_type_ids: t(ids.map(() => 0)) };
    const a = await plain.run(feeds);
    const b = await withAttention.run(feeds);
    const la = Array.from(a.logits.data as Float32Array),
      lb = Array.from(b.logits.data as Float32Array);
    for (let i = 0; i < la.length; i++)
      assert.ok(Math.abs(la[i] - lb[i]) <= 1e-6 * Math.max(1, Math.abs(la[i])), `logit ${i}: ${la[i]} vs ${lb[i]}`);
    for (const name of edited.attentionOutputs) assert.deepEqual([...b[name].dims], [1, 2, ids.length, ids.length]);
  });
}
