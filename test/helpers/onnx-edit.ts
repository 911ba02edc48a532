/**
 * Small edits to a real ONNX file, for model-loading tests: no Python, no
 * protobuf library. An ONNX file is a protobuf ModelProto; only the few
 * messages on the path to a graph input's shape are decoded, the rest is kept
 * byte for byte.
 */
import { readFileSync, writeFileSync } from 'node:fs';

type Field = { no: number; wire: number; bytes: Buffer };

function readVarint(buf: Buffer, pos: number): [bigint, number] {
  let v = 0n;
  let shift = 0n;
  for (;;) {
    const b = buf[pos++]!;
    v |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [v, pos];
    shift += 7n;
  }
}

function varint(v: bigint): Buffer {
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return Buffer.from(out);
}

/** A message's fields; `bytes` is the payload (length-delimited) or the raw value bytes. */
function decode(buf: Buffer): Field[] {
  const fields: Field[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const [tag, p] = readVarint(buf, pos);
    const no = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    let end: number;
    let start = p;
    if (wire === 0) end = readVarint(buf, p)[1];
    else if (wire === 1) end = p + 8;
    else if (wire === 5) end = p + 4;
    else if (wire === 2) {
      const [len, q] = readVarint(buf, p);
      start = q;
      end = q + Number(len);
    } else throw new Error(`unsupported protobuf wire type ${wire}`);
    fields.push({ no, wire, bytes: buf.subarray(start, end) });
    pos = end;
  }
  return fields;
}

function encode(fields: Field[]): Buffer {
  const parts: Buffer[] = [];
  for (const f of fields) {
    parts.push(varint(BigInt((f.no << 3) | f.wire)));
    if (f.wire === 2) parts.push(varint(BigInt(f.bytes.length)));
    parts.push(f.bytes);
  }
  return Buffer.concat(parts);
}

/** Replaces each field `no` of a message by `edit(payload)`. */
function editField(msg: Buffer, no: number, edit: (payload: Buffer, index: number) => Buffer): Buffer {
  let i = 0;
  return encode(decode(msg).map((f) => (f.no === no && f.wire === 2 ? { ...f, bytes: edit(f.bytes, i++) } : f)));
}

/** TensorShapeProto with its first dimension set to the fixed value `n` (dim_value, field 1). */
function fixFirstDim(shape: Buffer, n: number): Buffer {
  return editField(shape, 1, (dim, i) => (i === 0 ? encode([{ no: 1, wire: 0, bytes: varint(BigInt(n)) }]) : dim));
}

/**
 * Writes a copy of an ONNX model whose graph inputs and outputs all have a
 * fixed batch size `n` (as some exporters produce), instead of a symbolic one.
 */
export function fixBatchSize(src: string, dest: string, n: number): void {
  // ModelProto.graph = 7; GraphProto.input = 11, output = 12; ValueInfoProto.type = 2;
  // TypeProto.tensor_type = 1; TypeProto.Tensor.shape = 2.
  const valueInfo = (vi: Buffer): Buffer =>
    editField(vi, 2, (type) => editField(type, 1, (tensor) => editField(tensor, 2, (shape) => fixFirstDim(shape, n))));
  const model = editField(readFileSync(src), 7, (graph) => editField(editField(graph, 11, valueInfo), 12, valueInfo));
  writeFileSync(dest, model);
}
