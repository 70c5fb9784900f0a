// A small builder of ONNX graphs for test models: nodes with fresh names, seeded random and constant
// initializers, and the attribute and value-info records the ONNX schema needs.
import {
  OnnxAttrType,
  OnnxDataType,
  type OnnxAttribute,
  type OnnxNode,
  type OnnxTensor,
  type OnnxValueInfo,
} from '../../src/model/onnxSchema';
import { mulberry32 } from '../../src/engine/random';

/** A small seeded PRNG (mulberry32) so every build is identical. */
const rng = mulberry32;

export class GraphBuilder {
  nodes: OnnxNode[] = [];
  inits: OnnxTensor[] = [];
  private n = 0;
  private readonly rand: () => number;
  constructor(seed: number) {
    this.rand = rng(seed);
  }

  fresh(prefix: string): string {
    return `${prefix}_${this.n++}`;
  }

  node(
    op: string,
    inputs: string[],
    outputs: number | string[] = 1,
    attrs: OnnxAttribute[] = [],
    domain = '',
  ): string[] {
    const outs = typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.fresh(op)) : outputs;
    this.nodes.push({ op_type: op, input: inputs, output: outs, name: this.fresh(`/${op}`), attribute: attrs, domain });
    return outs;
  }
  one(op: string, inputs: string[], attrs: OnnxAttribute[] = [], domain = ''): string {
    return this.node(op, inputs, 1, attrs, domain)[0];
  }

  floatInit(name: string, dims: number[], data: Float32Array): string {
    this.inits.push({
      name,
      dims,
      data_type: OnnxDataType.FLOAT,
      raw_data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    });
    return name;
  }
  random(name: string, dims: number[], scale: number): string {
    const size = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(size);
    for (let i = 0; i < size; i++) data[i] = (this.rand() * 2 - 1) * scale;
    return this.floatInit(name, dims, data);
  }
  constant(name: string, dims: number[], value: number): string {
    return this.floatInit(name, dims, new Float32Array(dims.reduce((a, b) => a * b, 1)).fill(value));
  }
  int64(name: string, dims: number[], values: number[]): string {
    const data = BigInt64Array.from(values.map((v) => BigInt(v)));
    this.inits.push({ name, dims, data_type: OnnxDataType.INT64, raw_data: new Uint8Array(data.buffer) });
    return name;
  }
  uint8(name: string, dims: number[], data: Uint8Array): string {
    this.inits.push({ name, dims, data_type: OnnxDataType.UINT8, raw_data: data });
    return name;
  }
  /** Removes a float initializer and returns its values (to replace it by a quantized one). */
  takeFloats(name: string): Float32Array {
    const at = this.inits.findIndex((i) => i.name === name);
    const raw = this.inits[at]?.raw_data;
    if (!raw) throw new Error(`no initializer ${name}`);
    this.inits.splice(at, 1);
    return new Float32Array(raw.slice().buffer);
  }
}

export const attrInt = (name: string, i: number): OnnxAttribute => ({ name, type: OnnxAttrType.INT, i });
export const attrFloat = (name: string, f: number): OnnxAttribute => ({ name, type: OnnxAttrType.FLOAT, f });
export const attrInts = (name: string, ints: number[]): OnnxAttribute => ({ name, type: OnnxAttrType.INTS, ints });

export function tensorInfo(name: string, elemType: number, dims: (number | string)[]): OnnxValueInfo {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: { dim: dims.map((d) => (typeof d === 'number' ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}
