/**
 * What the WebSocket fuzzer sends (issue 13), as fast-check arbitraries:
 * - `message`: a well-formed ClientMessage of any kind with hostile field values (empty, over the
 *   limits, control/bidi/bad characters, unknown enum numbers, 0 and 2^32-1 ids, long lists,
 *   plausible and real participant ids: "$P<n>" is replaced by the n-th id the connection saw);
 * - `wire`: raw protobuf built field by field: any field number and wire type, varints up to 10
 *   bytes and overlong ones, nested length-delimited messages and groups (deep nesting), strings
 *   of invalid UTF-8, several oneof bodies in one message, non-repeated fields repeated;
 * - either of the above then mutated: truncated, bytes flipped, inserted or deleted,
 *   concatenated with another (a protobuf merge), or padded past the frame limit.
 */
import fc from 'fast-check';

export type FuzzFrame =
  | { kind: 'message'; message: Record<string, unknown>; mutation?: Mutation }
  | { kind: 'wire'; bytes: Uint8Array; mutation?: Mutation };

export type Mutation =
  | { op: 'truncate'; at: number }
  | { op: 'flip'; at: number; mask: number }
  | { op: 'insert'; at: number; bytes: number[] }
  | { op: 'delete'; at: number; count: number }
  | { op: 'append'; bytes: Uint8Array }
  | { op: 'oversize'; extra: number };

/** Field numbers of the ClientMessage bodies (envelope.proto); the wire generator favours them. */
export const BODY_FIELDS = [10, 11, 20, 21, 22, 23, 24, 25, 26, 30, 31, 32, 33, 40, 41, 42, 43, 44, 45, 46, 47, 50, 51, 52, 53, 63, 64, 65];

const nasty = fc.constantFrom(
  '',
  ' ',
  '\u0000',
  '\n\r\t',
  '\u202Eevil\u202C',
  '\u200B\u200B\u200B',
  '\uD800',
  '\uDFFF\uD800',
  '🧑‍🏫',
  'Giáo viên (GVCN)',
  '<script>alert(1)</script>',
  '=HYPERLINK("x")',
  '../../etc/passwd',
  '%00%ff',
  'v=0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\n',
  'x'.repeat(65),
  'ệ'.repeat(1001),
);
const text = fc.oneof({ weight: 3, arbitrary: fc.string({ maxLength: 80, unit: 'binary' }) }, { weight: 2, arbitrary: nasty }, { weight: 1, arbitrary: fc.string({ minLength: 900, maxLength: 3000 }) });
const id = fc.oneof(fc.constantFrom('$P0', '$P1', '$P2', '$P3', '$SELF', '', 'p_x', 'g_1'), text);
const u32 = fc.oneof(fc.constantFrom(0, 1, 2, 3, 0x7fffffff, 0xffffffff), fc.nat());
const anyEnum = fc.oneof(fc.integer({ min: 0, max: 5 }), fc.constantFrom(-1, 99, 0x7fffffff));
const flag = fc.boolean();
const ids = fc.oneof(fc.array(id, { maxLength: 5 }), fc.array(fc.constant('$P0'), { minLength: 499, maxLength: 502 }));

/** One body of each kind, with hostile values. */
const bodies: Record<string, fc.Arbitrary<unknown>> = {
  join: fc.record({ protocolVersion: fc.oneof(fc.constant(1), u32), lessonId: id, joinToken: text, displayName: text, lessonPassword: text, resumeToken: text, micOn: flag, cameraOn: flag }, { requiredKeys: [] }),
  leave: fc.constant({}),
  mediaSetup: fc.constant({}),
  connectTransport: fc.record({ direction: anyEnum }, { requiredKeys: [] }),
  unpublish: fc.record({ source: anyEnum }, { requiredKeys: [] }),
  resumeConsumer: fc.record({ consumerId: id }, { requiredKeys: [] }),
  restartIce: fc.record({ direction: anyEnum }, { requiredKeys: [] }),
  firstSound: fc.constant({}),
  firstSoundConnect: fc.record({ transportId: id, dtlsParameters: fc.record({ role: anyEnum, fingerprints: fc.array(fc.record({ algorithm: text, value: text }, { requiredKeys: [] }), { maxLength: 3 }) }, { requiredKeys: [] }) }, { requiredKeys: [] }),
  firstSoundClose: fc.record({ transportId: id }, { requiredKeys: [] }),
  setVideoPreferences: fc.record({ preferences: fc.array(fc.record({ participantId: id, source: anyEnum, layer: anyEnum }), { maxLength: 6 }) }),
  setMediaState: fc.record({ micOn: flag, cameraOn: flag, screenOn: flag }, { requiredKeys: [] }),
  qualityReport: fc.record({ rttMs: u32, lossPermille: u32, availableOutgoingKbps: u32 }, { requiredKeys: [] }),
  restartMedia: fc.constant({}),
  sendChat: fc.record({ text }, { requiredKeys: [] }),
  raiseHand: fc.constant({}),
  lowerHand: fc.record({ participantId: id }, { requiredKeys: [] }),
  sendReaction: fc.record({ kind: anyEnum }, { requiredKeys: [] }),
  endLesson: fc.constant({}),
  admit: fc.record({ participantIds: ids, all: flag }, { requiredKeys: [] }),
  deny: fc.record({ participantId: id, reason: text }, { requiredKeys: [] }),
  updateSettings: fc.record({ locked: flag, autoAdmit: flag, studentsCanUnmute: flag }, { requiredKeys: [] }),
  forceMediaOff: fc.record({ participantId: id, all: flag, source: anyEnum }, { requiredKeys: [] }),
  removeParticipant: fc.record({ participantId: id, reason: text }, { requiredKeys: [] }),
  setScreenSharePermission: fc.record({ participantId: id, allowed: flag }, { requiredKeys: [] }),
  getAttendance: fc.constant({}),
  startBreakout: fc.record({ groups: fc.array(fc.record({ name: text, participantIds: ids }), { maxLength: 52 }), randomGroupCount: u32 }, { requiredKeys: [] }),
  endBreakout: fc.constant({}),
  visitBreakoutGroup: fc.record({ groupId: id }, { requiredKeys: [] }),
  broadcastToGroups: fc.record({ text }, { requiredKeys: [] }),
};

/** A ClientMessage object (before `$P` substitution), any body or none. */
export const messageArb: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(fc.oneof({ weight: 9, arbitrary: u32.filter((n) => n !== 0) }, { weight: 1, arbitrary: fc.constant(0) }), fc.constantFrom(...Object.keys(bodies), 'none'))
  .chain(([requestId, body]) => (body === 'none' ? fc.constant({ requestId }) : (bodies[body] as fc.Arbitrary<unknown>).map((value) => ({ requestId, [body]: value }))));

function varint(n: bigint, overlong = 0): number[] {
  const out: number[] = [];
  let v = n & 0xffff_ffff_ffff_ffffn;
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n || overlong > 0) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  for (let i = 0; i < overlong; i++) out.push(i === overlong - 1 ? 0x00 : 0x80);
  return out;
}

const fieldNumber = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(1, ...BODY_FIELDS) }, { weight: 1, arbitrary: fc.integer({ min: 1, max: 536_870_911 }) }, { weight: 1, arbitrary: fc.constantFrom(0, 19000, 999) });

/** Raw protobuf: `depth` bounds the nesting the tree itself builds (deep chains come from `deepNesting`). */
function wireFields(depth: number): fc.Arbitrary<number[]> {
  const scalar = fc.oneof(
    fc.tuple(fieldNumber, fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }), fc.nat({ max: 4 })).map(([f, v, over]) => [...varint(BigInt(f) << 3n), ...varint(v, over)]),
    fc.tuple(fieldNumber, fc.uint8Array({ minLength: 4, maxLength: 4 })).map(([f, b]) => [...varint((BigInt(f) << 3n) | 5n), ...b]),
    fc.tuple(fieldNumber, fc.uint8Array({ minLength: 8, maxLength: 8 })).map(([f, b]) => [...varint((BigInt(f) << 3n) | 1n), ...b]),
    fc.tuple(fieldNumber, fc.uint8Array({ maxLength: 40 }), fc.constantFrom(0, 0, 1, 1000, 2 ** 31)).map(([f, b, lie]) => [...varint((BigInt(f) << 3n) | 2n), ...varint(BigInt(b.length + lie)), ...b]),
    fc.tuple(fieldNumber, fc.constantFrom([0xc3, 0x28], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xff, 0xfe], [0xe0, 0x80])).map(([f, b]) => [...varint((BigInt(f) << 3n) | 2n), ...varint(BigInt(b.length)), ...b]),
    fc.tuple(fieldNumber, fc.constantFrom(3, 4, 6, 7)).map(([f, wt]) => varint((BigInt(f) << 3n) | BigInt(wt))),
  );
  if (depth <= 0) return fc.array(scalar, { maxLength: 6 }).map((l) => l.flat());
  const nested = fc.tuple(fieldNumber, wireFields(depth - 1)).map(([f, inner]) => [...varint((BigInt(f) << 3n) | 2n), ...varint(BigInt(inner.length)), ...inner]);
  return fc.array(fc.oneof({ weight: 3, arbitrary: scalar }, { weight: 1, arbitrary: nested }), { maxLength: 6 }).map((l) => l.flat());
}

/** A request id, then a chain of `levels` nested messages (length-delimited or groups) under a body field. */
const deepNesting = fc.tuple(fc.constantFrom(...BODY_FIELDS), fc.integer({ min: 50, max: 20_000 }), flag).map(([body, levels, groups]) => {
  if (groups) {
    const open = varint((BigInt(body) << 3n) | 3n);
    const close = varint((BigInt(body) << 3n) | 4n);
    return [8, 1, ...Array.from({ length: levels }, () => open).flat(), ...Array.from({ length: levels }, () => close).flat()];
  }
  let inner: number[] = [];
  for (let i = 0; i < Math.min(levels, 3000); i++) inner = [...varint((1n << 3n) | 2n), ...varint(BigInt(inner.length)), ...inner];
  return [8, 1, ...varint((BigInt(body) << 3n) | 2n), ...varint(BigInt(inner.length)), ...inner];
});

export const wireArb: fc.Arbitrary<Uint8Array> = fc
  .oneof({ weight: 6, arbitrary: fc.tuple(fc.nat(), wireFields(3)).map(([rid, rest]) => [8, ...varint(BigInt(rid)), ...rest]) }, { weight: 1, arbitrary: deepNesting }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((b) => [...b]) })
  .map((bytes) => Uint8Array.from(bytes));

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((at) => ({ op: 'truncate' as const, at })),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })).map(([at, mask]) => ({ op: 'flip' as const, at, mask })),
  fc.tuple(fc.nat(), fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 12 })).map(([at, bytes]) => ({ op: 'insert' as const, at, bytes })),
  fc.tuple(fc.nat(), fc.integer({ min: 1, max: 8 })).map(([at, count]) => ({ op: 'delete' as const, at, count })),
  wireArb.map((bytes) => ({ op: 'append' as const, bytes })),
  fc.integer({ min: 1, max: 4096 }).map((extra) => ({ op: 'oversize' as const, extra })),
);

export const frameArb: fc.Arbitrary<FuzzFrame> = fc.oneof(
  { weight: 5, arbitrary: messageArb.map((message) => ({ kind: 'message' as const, message })) },
  { weight: 2, arbitrary: wireArb.map((bytes) => ({ kind: 'wire' as const, bytes })) },
  { weight: 2, arbitrary: fc.tuple(messageArb, mutationArb).map(([message, mutation]) => ({ kind: 'message' as const, message, mutation })) },
  { weight: 1, arbitrary: fc.tuple(wireArb, mutationArb).map(([bytes, mutation]) => ({ kind: 'wire' as const, bytes, mutation })) },
);

/** Applies a mutation to encoded bytes; `maxPayloadBytes` sizes the oversize one. */
export function mutate(bytes: Uint8Array, m: Mutation | undefined, maxPayloadBytes: number): Uint8Array {
  if (!m) return bytes;
  const at = (n: number) => (bytes.length === 0 ? 0 : n % (bytes.length + 1));
  switch (m.op) {
    case 'truncate':
      return bytes.slice(0, at(m.at));
    case 'flip': {
      const out = bytes.slice();
      if (out.length > 0) out[m.at % out.length]! ^= m.mask;
      return out;
    }
    case 'insert':
      return Uint8Array.from([...bytes.slice(0, at(m.at)), ...m.bytes, ...bytes.slice(at(m.at))]);
    case 'delete':
      return Uint8Array.from([...bytes.slice(0, at(m.at)), ...bytes.slice(at(m.at) + m.count)]);
    case 'append':
      return Uint8Array.from([...bytes, ...m.bytes]);
    case 'oversize': {
      const out = new Uint8Array(maxPayloadBytes + m.extra);
      out.set(bytes.slice(0, out.length));
      return out;
    }
  }
}
