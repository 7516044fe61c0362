/**
 * The browser's protobuf codec: the same messages, classes and enums as the static code that
 * `pbjs -t static-module` generates (proto/gen/classroom.js), driven by a table of the fields
 * (proto/gen/classroomTable.js, made by proto/wire/genTable.ts) instead of one generated
 * encode/decode function per message. Issue 10: the generated code was 257 kB minified (23 kB
 * gzip) of the first JS a student downloads on a 400 kbit/s link; the table and this file are a
 * few kB. The server keeps the generated code (faster on the hot path); the client build and the
 * client tests resolve proto/gen/classroom.js to proto/wire/browserRoot.ts (client/vite.config.ts,
 * vitest.config.ts), and proto/wire/tableCodec.test.ts checks both give the same messages.
 *
 * Semantics follow protobufjs 8's static code: proto3 implicit fields are written only when not
 * the default and decode to the prototype's default when absent; `optional` and oneof members
 * always; a field with the wrong wire type is skipped as unknown; sub-messages merge; depth and
 * length are checked the same way. Unknown fields are dropped rather than kept (the client never
 * re-encodes a decoded message). Repeated numbers (packed), bytes keys and groups are not in the
 * contract: the generator refuses them, so they cannot arrive here unnoticed.
 */
import $protobuf from 'protobufjs/minimal.js';
import '../numbers.js';

/** Field flags in the table. */
export const REPEATED = 1;
export const MAP = 2;
/** `optional` or a oneof member: written whenever set, `null` when absent. */
export const PRESENCE = 4;

/**
 * [name, field number, type, flags, oneof]: type is a scalar type's name (enums are 'int32') or
 * the table index of the message type; oneof is the index in the message's oneof list.
 */
export type WireField = readonly [name: string, id: number, type: string | number, flags: number, oneof?: number];
/** [full name, fields, oneofs as [name, member names]] */
export type WireMessage = readonly [path: string, fields: readonly WireField[], oneofs?: ReadonlyArray<readonly [string, readonly string[]]>];
/** [full name, values by name] */
export type WireEnum = readonly [path: string, values: Readonly<Record<string, number>>];
export type WireTable = ReadonlyArray<WireMessage | WireEnum>;

type Msg = Record<string, unknown>;
type Reader = $protobuf.Reader;
type Writer = $protobuf.Writer;
type Ctor = { new (properties?: Msg): Msg; prototype: Msg };

interface Field {
  name: string;
  id: number;
  /** Scalar type name, or null for a message. */
  scalar: string | null;
  /** Set after all types exist. */
  type: MessageType | null;
  repeated: boolean;
  map: boolean;
  presence: boolean;
  oneof: string | null;
  /** The wire type of one value (of a map: of the entry's value). */
  valueWire: number;
  /** The wire type of one occurrence on the wire (2 for a map entry). */
  wire: number;
  tag: number;
}

interface MessageType {
  ctor: Ctor;
  fields: Field[];
  byId: Map<number, Field>;
}

const { Reader, Writer, util } = $protobuf;
const hasOwn = (o: object, k: string) => Object.prototype.hasOwnProperty.call(o, k);
const LONG = /^(u?int64|s(fixed|int)64|fixed64)$/;

function wireOf(scalar: string | null): number {
  if (scalar === null || scalar === 'string' || scalar === 'bytes') return 2;
  if (/^(double|s?fixed64)$/.test(scalar)) return 1;
  if (/^(float|s?fixed32)$/.test(scalar)) return 5;
  return 0;
}

function defaultOf(scalar: string): unknown {
  if (scalar === 'string') return '';
  if (scalar === 'bool') return false;
  if (scalar === 'bytes') return util.newBuffer([]);
  return 0;
}

/** Whether an implicit (proto3, no presence) value is worth writing: as the static code decides. */
function isSet(scalar: string, v: unknown): boolean {
  if (scalar === 'string') return v !== '';
  if (scalar === 'bool') return v !== false;
  if (scalar === 'bytes') return (v as Uint8Array).length > 0;
  if (scalar === 'double' || scalar === 'float') return !Object.is(v, 0);
  if (LONG.test(scalar) && typeof v === 'object') return Boolean((v as { low: number; high: number }).low || (v as { low: number; high: number }).high);
  return v !== 0;
}

function readScalar(reader: Reader, scalar: string): unknown {
  // stringVerify refuses malformed UTF-8, as the generated code does.
  if (scalar === 'string') return reader.stringVerify();
  return (reader as unknown as Record<string, () => unknown>)[scalar]!();
}

function writeScalar(writer: Writer, scalar: string, v: unknown): void {
  (writer as unknown as Record<string, (v: unknown) => Writer>)[scalar]!(v);
}

function encodeMessage(type: MessageType, message: Msg, writer: Writer, depth: number): Writer {
  if (depth > util.recursionLimit) throw Error('max depth exceeded');
  for (const f of type.fields) {
    const v = message[f.name];
    if (v == null) continue;
    if (f.repeated) {
      for (const item of v as unknown[]) writeOne(f, item, writer, depth);
    } else if (!hasOwn(message, f.name)) {
      continue;
    } else if (f.map) {
      const entries = v as Record<string, unknown>;
      for (const key of Object.keys(entries)) {
        writer.uint32(f.tag).fork().uint32(10).string(key);
        const value = entries[key];
        if (f.type) encodeMessage(f.type, value as Msg, writer.uint32(18).fork(), depth + 1).ldelim();
        else writeScalar(writer.uint32(16 | f.valueWire), f.scalar as string, value);
        writer.ldelim();
      }
    } else if (f.type || f.presence || isSet(f.scalar as string, v)) {
      writeOne(f, v, writer, depth);
    }
  }
  return writer;
}

function writeOne(f: Field, v: unknown, writer: Writer, depth: number): void {
  if (f.type) encodeMessage(f.type, v as Msg, writer.uint32(f.tag).fork(), depth + 1).ldelim();
  else writeScalar(writer.uint32(f.tag), f.scalar as string, v);
}

function decodeMessage(type: MessageType, reader: Reader, length: number | undefined, depth: number, target?: Msg | null): Msg {
  if (depth > Reader.recursionLimit) throw Error('max depth exceeded');
  let end: number;
  if (length === undefined) end = reader.len;
  else {
    end = reader.pos + length;
    if (end > reader.len) throw RangeError('index out of range');
    length = reader.len;
    reader.len = end;
  }
  const message = target ?? new type.ctor();
  while (reader.pos < end) {
    const tag = reader.tag();
    const wire = tag & 7;
    const f = type.byId.get(tag >>> 3);
    if (f && readField(f, message, reader, wire, end, depth)) continue;
    reader.skipType(wire, depth, tag >>> 3);
  }
  if (length !== undefined) {
    if (reader.pos !== end) throw RangeError('index out of range');
    reader.len = length;
  }
  return message;
}

/** Reads one occurrence of `f` into `message`; false when the wire type is not the field's (skipped as unknown). */
function readField(f: Field, message: Msg, reader: Reader, wire: number, end: number, depth: number): boolean {
  if (wire !== f.wire) return false;
  if (f.map) {
    readMapEntry(f, message, reader, end, depth);
    return true;
  }
  if (f.repeated) {
    const list = message[f.name] as unknown[];
    const value = f.type ? decodeMessage(f.type, reader, reader.size(), depth + 1) : readScalar(reader, f.scalar as string);
    if (list.length && hasOwn(message, f.name)) list.push(value);
    else message[f.name] = [value];
    return true;
  }
  if (f.type) {
    message[f.name] = decodeMessage(f.type, reader, reader.size(), depth + 1, message[f.name] as Msg | null);
  } else {
    const value = readScalar(reader, f.scalar as string);
    if (f.presence || isSet(f.scalar as string, value)) message[f.name] = value;
    else delete message[f.name];
    if (!f.presence) return true;
  }
  if (f.oneof) message[f.oneof] = f.name;
  return true;
}

function readMapEntry(f: Field, message: Msg, reader: Reader, end: number, depth: number): void {
  if (!hasOwn(message, f.name)) message[f.name] = {};
  const entries = message[f.name] as Record<string, unknown>;
  const entryEnd = reader.size() + reader.pos;
  if (entryEnd > reader.len) throw RangeError('index out of range');
  reader.len = entryEnd;
  let key = '';
  let value: unknown = null;
  while (reader.pos < entryEnd) {
    const tag = reader.tag();
    const wire = tag & 7;
    if (tag >>> 3 === 1 && wire === 2) key = reader.stringVerify();
    else if (tag >>> 3 === 2 && wire === f.valueWire) value = f.type ? decodeMessage(f.type, reader, reader.size(), depth + 1, value as Msg | null) : readScalar(reader, f.scalar as string);
    else reader.skipType(wire, depth, tag >>> 3);
  }
  if (reader.pos !== entryEnd) throw RangeError('index out of range');
  reader.len = end;
  // Not through the prototype's setter: a key "__proto__" is data, as in the generated code.
  const v = value ?? (f.type ? new f.type.ctor() : defaultOf(f.scalar as string));
  Object.defineProperty(entries, key, { value: v, writable: true, enumerable: true, configurable: true });
}

/** As the generated constructors: own empty lists and maps, then the given properties that are set. */
function makeCtor(type: { fields: Field[] }): Ctor {
  return function Message(this: Msg, properties?: Msg) {
    for (const f of type.fields) if (f.repeated || f.map) this[f.name] = f.map ? {} : [];
    if (properties) for (const k of Object.keys(properties)) if (properties[k] != null && k !== '__proto__') this[k] = properties[k];
  } as unknown as Ctor;
}

/** Builds the namespace (`classroom.v1.ServerMessage`, `classroom.v1.ErrorCode`, …) from the table. */
export function buildRoot(table: WireTable): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const types: Array<MessageType | null> = table.map((entry) => {
    if (!Array.isArray(entry[1])) return null;
    const type = { fields: [] as Field[], byId: new Map<number, Field>() };
    return { ...type, ctor: makeCtor(type) };
  });
  table.forEach((entry, i) => {
    const path = entry[0].split('.');
    let ns = root;
    for (const part of path.slice(0, -1)) ns = (ns[part] ??= {}) as Record<string, unknown>;
    const type = types[i];
    const name = path[path.length - 1] as string;
    if (!type) {
      ns[name] = enumObject((entry as WireEnum)[1]);
      return;
    }
    const [, fields, oneofs = []] = entry as WireMessage;
    const proto = type.ctor.prototype;
    for (const [fieldName, id, t, flags, oneofIndex] of fields) {
      const scalar = typeof t === 'string' ? t : null;
      const valueWire = wireOf(scalar);
      const f: Field = {
        name: fieldName,
        id,
        scalar,
        type: typeof t === 'number' ? types[t] ?? null : null,
        repeated: (flags & REPEATED) !== 0,
        map: (flags & MAP) !== 0,
        presence: (flags & PRESENCE) !== 0,
        oneof: oneofIndex === undefined ? null : (oneofs[oneofIndex]?.[0] ?? null),
        valueWire,
        wire: (flags & MAP) !== 0 ? 2 : valueWire,
        tag: 0,
      };
      if (typeof t === 'number' && !f.type) throw Error(`${entry[0]}.${fieldName}: type ${t} is not a message`);
      f.tag = ((id << 3) | f.wire) >>> 0;
      type.fields.push(f);
      type.byId.set(id, f);
      proto[fieldName] = f.repeated ? util.emptyArray : f.map ? util.emptyObject : f.type || f.presence ? null : defaultOf(scalar as string);
    }
    // Written in field-number order, as the generated encoders do (same bytes).
    type.fields.sort((a, b) => a.id - b.id);
    for (const [oneofName, members] of oneofs) {
      Object.defineProperty(proto, oneofName, { get: util.oneOfGetter(members as string[]), set: util.oneOfSetter(members as string[]) });
    }
    const ctor = type.ctor as unknown as Record<string, unknown>;
    ctor['create'] = (properties?: Msg) => new type.ctor(properties);
    ctor['encode'] = (message: Msg, writer?: Writer) => encodeMessage(type, message, writer ?? Writer.create(), 0);
    ctor['decode'] = (reader: Reader | Uint8Array, length?: number) =>
      decodeMessage(type, reader instanceof Reader ? reader : Reader.create(reader), length, 0);
    ns[name] = type.ctor;
  });
  return root;
}

/** As the generated code: `E.NAME === 1` and `E[1] === 'NAME'` (through the prototype). */
function enumObject(values: Readonly<Record<string, number>>): Record<string, unknown> {
  const byId: Record<number, string> = {};
  const out = Object.create(byId) as Record<string, unknown>;
  for (const [k, v] of Object.entries(values)) {
    byId[v] = k;
    out[k] = v;
  }
  return out;
}
