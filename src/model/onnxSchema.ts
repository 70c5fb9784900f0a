// The subset of the ONNX protobuf schema (onnx/onnx.proto, proto2, field numbers unchanged) that the
// project reads and writes: graph surgery needs node/output names, the test-model builder needs
// initializers and attributes. Fields not listed here are skipped on decode and never re-encoded:
// surgery therefore never re-encodes a model, it appends to the original bytes.
import protobuf from 'protobufjs';

const ONNX_SUBSET_PROTO = `
syntax = "proto2";
package onnx;

message AttributeProto {
  enum AttributeType {
    UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5;
    FLOATS = 6; INTS = 7; STRINGS = 8; TENSORS = 9; GRAPHS = 10;
  }
  optional string name = 1;
  optional AttributeType type = 20;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
}

message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  optional string domain = 7;
  repeated AttributeProto attribute = 5;
}

message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}

message ModelProto {
  optional int64 ir_version = 1;
  repeated OperatorSetIdProto opset_import = 8;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional GraphProto graph = 7;
}

message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}

message TensorProto {
  enum DataType {
    UNDEFINED = 0; FLOAT = 1; UINT8 = 2; INT8 = 3; UINT16 = 4; INT16 = 5; INT32 = 6; INT64 = 7;
    STRING = 8; BOOL = 9; FLOAT16 = 10; DOUBLE = 11; UINT32 = 12; UINT64 = 13;
  }
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  optional string name = 8;
  optional bytes raw_data = 9;
}

message TensorShapeProto {
  message Dimension {
    optional int64 dim_value = 1;
    optional string dim_param = 2;
  }
  repeated Dimension dim = 1;
}

// Views for graph surgery: the same field numbers without tensor payloads or attributes, so decoding
// a large model skips its weights instead of materialising them.
message NodeView {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  optional string domain = 7;
}
message TensorNameView { optional string name = 8; }
message GraphView {
  repeated NodeView node = 1;
  repeated TensorNameView initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message ModelView { optional GraphView graph = 7; }

message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  optional Tensor tensor_type = 1;
}
`;

/** ONNX TensorProto.DataType values used here. */
export const OnnxDataType = { FLOAT: 1, UINT8: 2, INT8: 3, INT32: 6, INT64: 7 } as const;
/** ONNX AttributeProto.AttributeType values used here. */
export const OnnxAttrType = { FLOAT: 1, INT: 2, STRING: 3, TENSOR: 4, FLOATS: 6, INTS: 7 } as const;

export interface OnnxTensor {
  name?: string;
  dims?: number[];
  data_type?: number;
  raw_data?: Uint8Array;
}
export interface OnnxAttribute {
  name: string;
  type: number;
  f?: number;
  i?: number;
  s?: Uint8Array;
  t?: OnnxTensor;
  floats?: number[];
  ints?: number[];
}
export interface OnnxNode {
  input?: string[];
  output?: string[];
  name?: string;
  op_type?: string;
  domain?: string;
  attribute?: OnnxAttribute[];
}
export interface OnnxValueInfo {
  name: string;
  type?: { tensor_type?: { elem_type?: number; shape?: { dim?: { dim_value?: number; dim_param?: string }[] } } };
}
export interface OnnxGraph {
  node?: OnnxNode[];
  name?: string;
  initializer?: OnnxTensor[];
  input?: OnnxValueInfo[];
  output?: OnnxValueInfo[];
}
export interface OnnxModel {
  ir_version?: number;
  opset_import?: { domain?: string; version?: number }[];
  producer_name?: string;
  producer_version?: string;
  graph?: OnnxGraph;
}

let root: protobuf.Root | undefined;

function lookup(name: string): protobuf.Type {
  root ??= protobuf.parse(ONNX_SUBSET_PROTO, { keepCase: true }).root;
  return root.lookupType(name);
}

/** The protobufjs type of onnx.ModelProto for this subset (field names as in onnx.proto). */
export function modelProtoType(): protobuf.Type {
  return lookup('onnx.ModelProto');
}

export function encodeModel(model: OnnxModel): Uint8Array {
  const T = modelProtoType();
  return T.encode(T.fromObject(model)).finish();
}

/** The graph's structure only (nodes without attributes, initializer names, inputs, outputs): fast on large models. */
export function decodeGraphStructure(bytes: Uint8Array): OnnxGraph | undefined {
  const T = lookup('onnx.ModelView');
  return (T.toObject(T.decode(bytes), { longs: Number, arrays: true, defaults: false }) as OnnxModel).graph;
}

/** Decodes the subset above; int64 fields become numbers, bytes stay byte views. */
export function decodeModel(bytes: Uint8Array): OnnxModel {
  const T = modelProtoType();
  const msg = T.decode(bytes);
  return T.toObject(msg, { longs: Number, arrays: true, defaults: false }) as OnnxModel;
}
