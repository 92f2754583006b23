/**
 * A minimal writer for the part of onnx.proto a plain feed-forward graph needs: ModelProto, GraphProto, NodeProto,
 * AttributeProto, TensorProto (float32 / int64 raw data) and ValueInfoProto. Field numbers are onnx.proto's
 * (https://github.com/onnx/onnx/blob/main/onnx/onnx.proto). Own code rather than protobufjs + onnx.proto: the
 * subset is ~150 lines of wire format with no parsing, no schema file to ship and no runtime code generation, and
 * the same input always gives the same bytes (which the recorded sha256 of the generated files relies on).
 */

/** Protobuf wire types. */
const VARINT = 0;
const FIXED32 = 5;
const LENGTH_DELIMITED = 2;

/** onnx.proto TensorProto.DataType. */
export const DataType = { FLOAT: 1, INT64: 7 } as const;
/** onnx.proto AttributeProto.AttributeType. */
const AttributeType = { FLOAT: 1, INT: 2, STRING: 3, INTS: 7 } as const;

/** Collects one protobuf message's bytes. */
class Writer {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array): void {
    this.parts.push(bytes);
    this.size += bytes.length;
  }

  private varint(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`Expected a non-negative safe integer but received ${value}`);
    const out: number[] = [];
    let v = value;
    while (v >= 0x80) {
      out.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    out.push(v);
    this.push(Uint8Array.from(out));
  }

  private key(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  int(field: number, value: number): this {
    this.key(field, VARINT);
    this.varint(value);
    return this;
  }

  float(field: number, value: number): this {
    this.key(field, FIXED32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.push(bytes);
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.key(field, LENGTH_DELIMITED);
    this.varint(value.length);
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, value: Writer): this {
    return this.bytes(field, value.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const part of this.parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }
}

export type AttributeValue = number | string | readonly number[] | { readonly float: number };

/** One operator: `Conv`, `Add`, … with its input and output value names. */
export interface OnnxNode {
  readonly op: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name: string;
  /** Integers are INT, arrays INTS, strings STRING, `{ float }` FLOAT. */
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

/** A constant tensor (weights). */
export interface OnnxTensor {
  readonly name: string;
  readonly dims: readonly number[];
  readonly data: Float32Array | BigInt64Array;
}

/** A graph input or output: float32 with fixed sides, or a named symbolic side (the batch). */
export interface OnnxValue {
  readonly name: string;
  readonly dims: readonly (number | string)[];
}

export interface OnnxModel {
  readonly name: string;
  readonly doc: string;
  readonly opset: number;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValue[];
  readonly outputs: readonly OnnxValue[];
}

/** ONNX IR version 8 (ONNX 1.10+): understood by every onnxruntime this project can install. */
const IR_VERSION = 8;

function attribute(name: string, value: AttributeValue): Writer {
  const w = new Writer().string(1, name);
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new RangeError(`Attribute ${name}: wrap non-integer ${value} as { float }`);
    return w.int(3, value).int(20, AttributeType.INT);
  }
  if (typeof value === 'string') return w.string(4, value).int(20, AttributeType.STRING);
  if ('float' in value) return w.float(2, value.float).int(20, AttributeType.FLOAT);
  for (const v of value) w.int(8, v);
  return w.int(20, AttributeType.INTS);
}

function node(n: OnnxNode): Writer {
  const w = new Writer();
  for (const i of n.inputs) w.string(1, i);
  for (const o of n.outputs) w.string(2, o);
  w.string(3, n.name).string(4, n.op);
  for (const [name, value] of Object.entries(n.attributes ?? {})) w.message(5, attribute(name, value));
  return w;
}

function tensor(t: OnnxTensor): Writer {
  const count = t.dims.reduce((a, b) => a * b, 1);
  if (count !== t.data.length) throw new RangeError(`Tensor ${t.name}: dims ${t.dims.join('×')} hold ${count} values but data has ${t.data.length}`);
  const w = new Writer();
  for (const d of t.dims) w.int(1, d);
  w.int(2, t.data instanceof Float32Array ? DataType.FLOAT : DataType.INT64).string(8, t.name);
  // raw_data is little-endian by the ONNX spec; copy through a DataView so the host's byte order does not matter.
  const raw = new Uint8Array(t.data.length * t.data.BYTES_PER_ELEMENT);
  const view = new DataView(raw.buffer);
  if (t.data instanceof Float32Array) t.data.forEach((v, i) => view.setFloat32(4 * i, v, true));
  else t.data.forEach((v, i) => view.setBigInt64(8 * i, v, true));
  return w.bytes(9, raw);
}

function valueInfo(v: OnnxValue): Writer {
  const shape = new Writer();
  for (const d of v.dims) shape.message(1, typeof d === 'number' ? new Writer().int(1, d) : new Writer().string(2, d));
  const tensorType = new Writer().int(1, DataType.FLOAT).message(2, shape);
  return new Writer().string(1, v.name).message(2, new Writer().message(1, tensorType));
}

/** The model's protobuf bytes, ready for `InferenceSession.create` or a `.onnx` file. */
export function encodeModel(model: OnnxModel): Uint8Array {
  const graph = new Writer();
  for (const n of model.nodes) graph.message(1, node(n));
  graph.string(2, model.name);
  for (const t of model.initializers) graph.message(5, tensor(t));
  graph.string(10, model.doc);
  for (const i of model.inputs) graph.message(11, valueInfo(i));
  for (const o of model.outputs) graph.message(12, valueInfo(o));
  return new Writer()
    .int(1, IR_VERSION)
    .string(2, 'privacy-filter scripts/build-onnx.ts')
    .message(7, graph)
    .message(8, new Writer().string(1, '').int(2, model.opset))
    .finish();
}
