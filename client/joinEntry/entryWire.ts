/**
 * The join entry's protobuf wire codec (docs/weak-networks.md "The join entry"): a reader and a
 * writer driven by the field tables of entrySchemas.ts, for the four requests the entry sends and
 * what it needs of the server's answers. The app's codec (protobufjs, the generated tables,
 * client/net/codec*.ts) weighs ~17 kB gzip, more than the whole entry may; this file with its
 * tables and the shared mappings it calls is ~4.8 kB (esbuild --minify | gzip -9), ~1.6 kB of it
 * the RTP checks that keep its reading the app's.
 * Decoded values have the shape protobufjs gives them and go through the app's own mappings
 * (proto/lite, client/net/features/consumerWire.ts), so the entry reads what the app would.
 *
 * Reading follows protobufjs where the server's frames can differ: unknown fields (fixed32/64,
 * varints of any length, groups) are skipped, a repeated message appends, a message set twice
 * merges, a oneof keeps the member set last, strings must be valid UTF-8. Stricter than the app
 * on one point: a known field with the wrong wire type throws (the app skips it), since our
 * server never writes one. Writing follows it too: fields in number order, implicit defaults left
 * out, so the server reads what the app's codec would have sent.
 */
import type { classroom } from '../../proto/index.js';
import { PROTOCOL_VERSION, dtlsParametersToProto, type DtlsParameters } from '../../proto/lite/index.js';
import { CodecError, iceServersFromProto } from '../net/codecBase.js';
import { firstSoundOfferFromProto, wire, type FirstSoundOffer } from '../net/features/consumerWire.js';
import type { IceServer } from '../net/types.js';
import { ERROR_BODY, FIRST_SOUND_BODY, JOIN_BODY, clientMessage, serverMessage, type FieldKind, type Schema } from './entrySchemas.js';

/** Same fields as the app's JoinRequest (client/net/codecRequests.ts), less the resume and route tickets of a rejoin. */
export interface EntryJoin {
  lessonId: string;
  joinToken: string;
  displayName: string;
  lessonPassword: string;
  micOn: boolean;
  cameraOn: boolean;
  mediaAtJoin: boolean;
}

/** What the entry reads of a ServerMessage; `body` is its body's field number, 0 for none the entry knows. */
export interface EntryFrame {
  requestId: number;
  body: number;
  /** A FirstSoundResponse's offer as the app's decodeServerMessage gives it (null: nothing to hear). */
  firstSound?: FirstSoundOffer;
  /** An Error's wire code (ErrorCode), message and reason. */
  error?: { code: number; message: string; reason: string };
  /** A JoinResponse's ICE servers, as the app maps them. */
  iceServers?: IceServer[];
}

type Msg = Record<string, unknown>;

/** Nested messages the reader follows at most (ours are 6 deep; a group can nest more). */
const MAX_DEPTH = 32;
const utf8 = new TextEncoder();
// fatal: malformed UTF-8 throws, as protobufjs's stringVerify; ignoreBOM: a leading U+FEFF is text.
const utf8Strict = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function malformed(what: string): never {
  throw new CodecError(`malformed frame: ${what}`);
}

// ---- reading ----

interface Cursor {
  bytes: Uint8Array;
  pos: number;
}

/**
 * A varint of up to 10 bytes: its low 35 bits exactly (`>>> 0` keeps the low 32, as protobufjs's
 * uint32), plus 2^35 when a later byte has bits, so that a bool or a length sees them.
 */
function varint(c: Cursor, end: number): number {
  let value = 0;
  for (let i = 0; i < 10; i++) {
    if (c.pos >= end) malformed('truncated varint');
    const byte = c.bytes[c.pos++] as number;
    if (i < 5) value += (byte & 0x7f) * 2 ** (7 * i);
    else if (byte & 0x7f) value = (value % 2 ** 35) + 2 ** 35;
    if (byte < 0x80) return value;
  }
  return malformed('varint longer than 10 bytes');
}

/** The end of a length-delimited value starting at the cursor. */
function delimited(c: Cursor, end: number): number {
  const length = varint(c, end);
  if (length > end - c.pos) malformed('length past the end');
  return c.pos + length;
}

function tag(c: Cursor, end: number): [field: number, wireType: number] {
  const t = varint(c, end);
  if (t > 0xffff_ffff || t >>> 3 === 0) malformed('invalid tag');
  return [t >>> 3, t & 7];
}

function skip(c: Cursor, end: number, field: number, wireType: number, depth: number): void {
  if (depth > MAX_DEPTH) malformed('too deep');
  if (wireType === 0) varint(c, end);
  else if (wireType === 2) c.pos = delimited(c, end);
  else if (wireType === 1 || wireType === 5) {
    const size = wireType === 1 ? 8 : 4;
    if (size > end - c.pos) malformed('truncated fixed value');
    c.pos += size;
  } else if (wireType === 3) {
    for (;;) {
      const [inner, innerType] = tag(c, end);
      if (innerType === 4) {
        if (inner !== field) malformed('unmatched group end');
        return;
      }
      skip(c, end, inner, innerType, depth + 1);
    }
  } else malformed(`wire type ${wireType}`);
}

function wireTypeOf(kind: FieldKind): number {
  if (kind === 'double') return 1;
  return kind === 'string' || kind === 'message' || kind === 'map' ? 2 : 0;
}

function readValue(c: Cursor, end: number, kind: FieldKind, table: Schema | undefined, depth: number, into?: Msg): unknown {
  if (kind === 'string') {
    const stop = delimited(c, end);
    let text = '';
    try {
      text = utf8Strict.decode(c.bytes.subarray(c.pos, stop));
    } catch {
      malformed('invalid UTF-8');
    }
    c.pos = stop;
    return text;
  }
  if (kind === 'message') return readMessage(c, delimited(c, end), table ?? {}, depth + 1, into);
  if (kind === 'double') {
    if (8 > end - c.pos) malformed('truncated double');
    const value = new DataView(c.bytes.buffer, c.bytes.byteOffset + c.pos, 8).getFloat64(0, true);
    c.pos += 8;
    return value;
  }
  const n = varint(c, end);
  if (kind === 'bool') return n !== 0;
  return kind === 'int32' ? n | 0 : n >>> 0;
}

/** Reads fields up to `end` into `into` (a message seen again merges into what it had). */
function readMessage(c: Cursor, end: number, schema: Schema, depth: number, into: Msg = {}): Msg {
  if (depth > MAX_DEPTH) malformed('too deep');
  while (c.pos < end) {
    const [field, wireType] = tag(c, end);
    const spec = schema[field];
    if (!spec) {
      skip(c, end, field, wireType, depth);
      continue;
    }
    const [name, kind, repeated, table, oneof] = spec;
    if (wireType !== wireTypeOf(kind)) malformed(`wire type ${wireType} for ${name}`);
    if (kind === 'map') {
      readMapEntry(c, delimited(c, end), table ?? {}, depth, ((into[name] as Msg | undefined) ??= {}));
    } else if (repeated) {
      ((into[name] as unknown[] | undefined) ??= []).push(readValue(c, end, kind, table, depth));
    } else {
      into[name] = readValue(c, end, kind, table, depth, kind === 'message' ? (into[name] as Msg | undefined) : undefined);
    }
    if (oneof) {
      // The member set last is the oneof's, as protobufjs's oneof setter leaves it.
      for (const other of Object.values(schema)) if (other[4] === oneof && other[0] !== name) delete into[other[0]];
      into[oneof] = field;
    }
  }
  return into;
}

/** One map entry (key 1: string, value 2: message): an absent value is an empty message, as in protobufjs. */
function readMapEntry(c: Cursor, end: number, valueTable: Schema, depth: number, map: Msg): void {
  const entry = readMessage(c, end, { 1: ['key', 'string'], 2: ['value', 'message', false, valueTable] }, depth + 1);
  // Not through the prototype's setter: a key "__proto__" is data.
  Object.defineProperty(map, (entry['key'] as string | undefined) ?? '', { value: entry['value'] ?? {}, writable: true, enumerable: true, configurable: true });
}

// ---- writing ----

function writeVarint(out: number[], n: number): void {
  let v = n >>> 0;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
}

/**
 * Writes `message` by `schema`. Precondition: the schema's fields are strings, messages and varints
 * (uint32, int32 >= 0, bool), as clientMessage's are: the entry writes no double and no map.
 */
function writeMessage(out: number[], schema: Schema, message: Msg): void {
  // Integer keys enumerate in ascending order: fields go out in number order.
  for (const [key, [name, kind, repeated, table]] of Object.entries(schema)) {
    const value = message[name];
    if (value === undefined || value === null) continue;
    for (const item of repeated ? (value as unknown[]) : [value]) {
      // Implicit proto3 fields at their default are not written; a message is, even empty.
      if (!repeated && (item === '' || item === 0 || item === false)) continue;
      if (kind === 'string' || kind === 'message') {
        const bytes = kind === 'string' ? utf8.encode(item as string) : encode(table ?? {}, item as Msg);
        writeVarint(out, Number(key) * 8 + 2);
        writeVarint(out, bytes.length);
        for (const b of bytes) out.push(b);
      } else {
        writeVarint(out, Number(key) * 8);
        writeVarint(out, Number(item));
      }
    }
  }
}

function encode(schema: Schema, message: Msg): Uint8Array {
  const out: number[] = [];
  writeMessage(out, schema, message);
  return Uint8Array.from(out);
}

function clientFrame(requestId: number, body: Msg): Uint8Array {
  if (!Number.isInteger(requestId) || requestId <= 0 || requestId > 0xffff_ffff) throw new CodecError(`invalid request id ${requestId}`);
  return encode(clientMessage, { requestId, ...body });
}

// ---- the entry's messages ----

/** ClientMessage{request_id, join}: the JoinRequest the app's codec would write for a first join. */
export function encodeJoin(requestId: number, join: EntryJoin): Uint8Array {
  return clientFrame(requestId, {
    join: { protocolVersion: PROTOCOL_VERSION, ...join, resumeToken: '', routeTicket: '' },
  });
}

export function encodeFirstSound(requestId: number): Uint8Array {
  return clientFrame(requestId, { firstSound: {} });
}

export function encodeFirstSoundConnect(requestId: number, transportId: string, dtls: DtlsParameters): Uint8Array {
  return clientFrame(requestId, { firstSoundConnect: { transportId, dtlsParameters: wire(() => dtlsParametersToProto(dtls)) } });
}

export function encodeFirstSoundClose(requestId: number, transportId: string): Uint8Array {
  return clientFrame(requestId, { firstSoundClose: { transportId } });
}

/**
 * Reads a ServerMessage: its request id, its body's field number and, of the bodies the entry
 * uses, what it needs. Throws a CodecError on malformed bytes, and on a first sound the app's
 * codec would refuse (with `requestId` set, as the app's).
 */
export function readServerFrame(bytes: Uint8Array): EntryFrame {
  const m = readMessage({ bytes, pos: 0 }, bytes.length, serverMessage, 0);
  const frame: EntryFrame = { requestId: (m['requestId'] as number | undefined) ?? 0, body: (m['body'] as number | undefined) ?? 0 };
  try {
    // The tables give these bodies the shape of the generated `$Properties` (entrySchemas.ts).
    if (frame.body === FIRST_SOUND_BODY) frame.firstSound = firstSoundOfferFromProto(m['firstSound'] as classroom.v1.FirstSoundResponse.$Properties);
    if (frame.body === JOIN_BODY) frame.iceServers = iceServersFromProto((m['join'] as classroom.v1.JoinResponse.$Properties).iceServers);
    if (frame.body === ERROR_BODY) {
      const e = m['error'] as classroom.v1.Error.$Properties;
      frame.error = { code: e.code ?? 0, message: e.message ?? '', reason: e.reason ?? '' };
    }
  } catch (error) {
    if (error instanceof CodecError) error.requestId = frame.requestId;
    throw error;
  }
  return frame;
}

/**
 * `frame` (a ServerMessage) with its request_id replaced by `requestId` (0: none), written first
 * as protobufjs writes it; every other field is copied byte for byte, in its order. Throws a
 * CodecError when the frame's top level is malformed.
 */
export function withRequestId(frame: Uint8Array, requestId: number): Uint8Array {
  if (!Number.isInteger(requestId) || requestId < 0 || requestId > 0xffff_ffff) throw new CodecError(`invalid request id ${requestId}`);
  const out: number[] = [];
  if (requestId !== 0) {
    writeVarint(out, 8);
    writeVarint(out, requestId);
  }
  const c: Cursor = { bytes: frame, pos: 0 };
  while (c.pos < frame.length) {
    const start = c.pos;
    const [field, wireType] = tag(c, frame.length);
    if (field === 1 && wireType !== 0) malformed(`wire type ${wireType} for requestId`);
    skip(c, frame.length, field, wireType, 0);
    if (field !== 1) for (let i = start; i < c.pos; i++) out.push(frame[i] as number);
  }
  return Uint8Array.from(out);
}
