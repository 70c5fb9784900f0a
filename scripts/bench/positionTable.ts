// A bench-only copy of a BERT-family model folder whose learned position table has more rows, so the
// benchmark can time sequence lengths beyond the model's trained maximum (the shipped model has 256
// positions; the bench goes to 512). The original rows are kept and new rows are interpolated after
// them: inputs no longer than the original maximum give exactly the original model's outputs, longer
// ones get plausible (not trained) positions. For timing only, never for explanations.
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';
import { OnnxDataType, modelProtoType, type OnnxTensor } from '../../src/model/onnxSchema';

const GRAPH_FIELD = 7; // ModelProto.graph
const INITIALIZER_FIELD = 5; // GraphProto.initializer
const LENGTH_DELIMITED = 2;

/** Rewrites the length-delimited occurrences of field `fieldNo` in a serialized message; every other
 *  byte is copied unchanged (so fields our schema subset does not know survive). */
function rewriteField(
  message: Uint8Array,
  fieldNo: number,
  edit: (sub: Uint8Array) => Uint8Array | undefined,
): Uint8Array {
  const reader = protobuf.Reader.create(message);
  const parts: Uint8Array[] = [];
  let copiedUpTo = 0;
  while (reader.pos < reader.len) {
    const fieldStart = reader.pos;
    const tag = reader.uint32();
    if (tag >>> 3 === fieldNo && (tag & 7) === LENGTH_DELIMITED) {
      const length = reader.uint32();
      const sub = message.subarray(reader.pos, reader.pos + length);
      reader.pos += length;
      const replaced = edit(sub);
      if (replaced) {
        parts.push(message.subarray(copiedUpTo, fieldStart));
        parts.push(protobuf.Writer.create().uint32(tag).bytes(replaced).finish());
        copiedUpTo = reader.pos;
      }
    } else {
      reader.skipType(tag & 7);
    }
  }
  parts.push(message.subarray(copiedUpTo));
  return Buffer.concat(parts);
}

const tensorType = () => modelProtoType().root.lookupType('onnx.TensorProto');

/** The model bytes with its position table — the one float [maxPositions, width] initializer whose
 *  name says "pos" — grown to `newRows` rows, in one pass over the initializers. */
export function growPositionTable(
  bytes: Uint8Array,
  maxPositions: number,
  newRows: number,
): { bytes: Uint8Array; name: string } {
  const T = tensorType();
  const found: string[] = [];
  let initializers = 0;
  const out = rewriteField(bytes, GRAPH_FIELD, (g) =>
    rewriteField(g, INITIALIZER_FIELD, (t) => {
      initializers++;
      const tensor = T.decode(t) as unknown as OnnxTensor;
      const dims = (tensor.dims ?? []).map(Number);
      if (!(
        dims.length === 2 &&
        dims[0] === maxPositions &&
        /pos/i.test(tensor.name ?? '') &&
        tensor.data_type === OnnxDataType.FLOAT
      ))
        return undefined;
      found.push(tensor.name ?? '');
      // Only tensors made of the fields the subset knows are rewritten: re-encoding must lose nothing.
      if (
        Buffer.compare(Buffer.from(T.encode(T.fromObject(tensor)).finish()), Buffer.from(t)) !== 0 ||
        !tensor.raw_data
      ) {
        throw new Error(`the position table ${tensor.name} uses a tensor layout this tool does not rewrite`);
      }
      const [rows, width] = dims;
      const old = new Float32Array(new Uint8Array(tensor.raw_data).buffer);
      const grown = new Float32Array(newRows * width);
      grown.set(old.subarray(0, rows * width));
      // Row rows+k is the midpoint of old rows k and k+1 (cyclically): new positions get vectors of the
      // learned kind that equal no other row. (Plain tiling repeats rows, and a word seen at positions
      // p and p+rows would then get identical attention rows: a singular correlation matrix.)
      for (let r = rows; r < newRows; r++) {
        const a = (r - rows) % rows,
          b = (a + 1) % rows;
        for (let c = 0; c < width; c++) grown[r * width + c] = 0.5 * (old[a * width + c] + old[b * width + c]);
      }
      return T.encode(
        T.fromObject({ ...tensor, dims: [newRows, width], raw_data: new Uint8Array(grown.buffer) }),
      ).finish();
    }),
  );
  if (found.length !== 1)
    throw new Error(
      `expected one position table of ${maxPositions} rows among ${initializers} initializers, found ${found.length}`,
    );
  return { bytes: out, name: found[0] };
}

/** Copies model folder `src` to `dest` with every ONNX file's position table grown to `positions` rows
 *  and config.json / tokenizer_config.json saying so. Returns `dest`. */
export function writeLongPositionCopy(src: string, dest: string, positions: number): string {
  const config = JSON.parse(readFileSync(path.join(src, 'config.json'), 'utf8')) as Record<string, unknown>;
  const maxPositions = Number(config.max_position_embeddings);
  if (!(maxPositions > 0)) throw new Error(`${src}/config.json has no max_position_embeddings`);
  mkdirSync(path.join(dest, 'onnx'), { recursive: true });
  for (const file of readdirSync(path.join(src, 'onnx')).filter((f) => f.endsWith('.onnx'))) {
    const { bytes } = growPositionTable(readFileSync(path.join(src, 'onnx', file)), maxPositions, positions);
    writeFileSync(path.join(dest, 'onnx', file), bytes);
  }
  writeFileSync(
    path.join(dest, 'config.json'),
    JSON.stringify({ ...config, max_position_embeddings: positions }, null, 2),
  );
  const tokCfgPath = path.join(src, 'tokenizer_config.json');
  const tokCfg = JSON.parse(readFileSync(tokCfgPath, 'utf8')) as Record<string, unknown>;
  writeFileSync(
    path.join(dest, 'tokenizer_config.json'),
    JSON.stringify({ ...tokCfg, model_max_length: positions }, null, 2),
  );
  copyFileSync(path.join(src, 'tokenizer.json'), path.join(dest, 'tokenizer.json'));
  return dest;
}
