// Check the exported model from Node, the way the extension runs it (no Python):
//  1. onnxruntime-node gives the same logits as torch on the reference inputs train.py
//     wrote (max |difference| must be <= 1e-4);
//  2. (the graph structure — one Softmax per layer feeding the attention·V MatMul — is
//     asserted in train.py with python3-onnx);
//  3. transformers.js `pipeline('text-classification')`, offline from the model folder,
//     classifies a fixed label-balanced sample of IMDB test reviews (accuracy printed).
// Usage: node training/verify_onnx.mjs [MODEL_DIR] [--refs FILE] [--imdb DIR] [--limit N]
import { readFileSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : dflt; };
const modelDir = path.resolve(args[0] && !args[0].startsWith('--') ? args[0] : 'models/causal-lens-imdb');
const cache = path.join(os.homedir(), '.cache', 'causal-lens-training');
const refsPath = opt('--refs', path.join(cache, 'reference-logits.json'));
const imdb = opt('--imdb', path.join(cache, 'aclImdb'));
const limit = Number(opt('--limit', '1000'));

const ort = (await import('onnxruntime-node')).default ?? (await import('onnxruntime-node'));
const onnxPath = path.join(modelDir, 'onnx', 'model.onnx');
const session = await ort.InferenceSession.create(onnxPath);
console.log(`inputs ${session.inputNames.join(',')} outputs ${session.outputNames.join(',')}`);

// 1. logits parity with torch
const refs = JSON.parse(readFileSync(refsPath, 'utf8'));
let maxDiff = 0;
for (const r of refs) {
  const n = r.input_ids.length;
  const t = (vals) => new ort.Tensor('int64', BigInt64Array.from(vals.map(BigInt)), [1, n]);
  const out = await session.run({
    input_ids: t(r.input_ids), attention_mask: t(Array(n).fill(1)), token_type_ids: t(Array(n).fill(0)),
  });
  const got = Array.from(out.logits.data);
  for (let k = 0; k < got.length; k++) maxDiff = Math.max(maxDiff, Math.abs(got[k] - r.logits[k]));
}
console.log(`onnxruntime-node vs torch: max |logit difference| ${maxDiff.toExponential(2)} over ${refs.length} inputs`);
if (!(maxDiff <= 1e-4)) { console.error('FAIL: logits differ'); process.exit(1); }


// 3. transformers.js pipeline on IMDB test reviews
const { pipeline, env } = await import('@xenova/transformers');
env.allowRemoteModels = false;
env.localModelPath = path.dirname(modelDir);
const classify = await pipeline('text-classification', path.basename(modelDir), { quantized: false });
const files = (label) => readdirSync(path.join(imdb, 'test', label)).sort().map((f) => path.join(imdb, 'test', label, f));
const pick = (list, k) => { // fixed, evenly spaced sample
  const step = list.length / k; return Array.from({ length: k }, (_, i) => list[Math.floor(i * step)]);
};
const half = Math.min(limit, 25000) / 2;
const sample = [...pick(files('neg'), half).map((f) => [f, 'NEGATIVE']), ...pick(files('pos'), half).map((f) => [f, 'POSITIVE'])];
let correct = 0;
const t0 = Date.now();
for (const [i, [file, label]] of sample.entries()) {
  const [pred] = await classify(readFileSync(file, 'utf8'));
  if (pred.label === label) correct += 1;
  if ((i + 1) % 500 === 0) process.stderr.write(`  ${i + 1}/${sample.length} acc ${(correct / (i + 1)).toFixed(4)}\n`);
}
console.log(`transformers.js accuracy on ${sample.length} IMDB test reviews: ${(correct / sample.length).toFixed(4)} ` +
  `(${((Date.now() - t0) / 1000).toFixed(0)} s)`);
