import fc from 'fast-check';
import * as fake from 'mediasoup-client/fakeParameters';
import { describe, expect, it } from 'vitest';
import { classroom, type DtlsParameters, type RtpParameters } from '../../proto/index.js';
import { CodecError, decodeServerMessage, encodeClientMessage } from '../net/codec.js';
import { errorCodeToProto } from '../net/codecEnums.js';
import { decodeClientMessage, encodeServerFrame } from '../net/codecMirror.js';
import { joinResult } from '../net/testing/fixtures.js';
import type { RemoteConsumer } from '../net/features/mediaTransport.js';
import type { ServerFrame, ServerResponse, TransportOptions } from '../net/types.js';
import { encodeFirstSound, encodeFirstSoundClose, encodeFirstSoundConnect, encodeJoin, readServerFrame, withRequestId, type EntryJoin } from './entryWire.js';

import pb = classroom.v1;

// ---- fixtures ----

const JOIN: EntryJoin = { lessonId: 'lesson-1', joinToken: 'eyJhbGciOi.sig', displayName: 'Nguyễn Văn An', lessonPassword: '', micOn: false, cameraOn: true, mediaAtJoin: true };
const DTLS: DtlsParameters = { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89' }] };

/** What a mediasoup router gives a consumer of a teacher's Opus microphone. */
const OPUS: RtpParameters = {
  mid: '0',
  codecs: [{
    mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2,
    parameters: { minptime: 10, useinbandfec: 1, 'sprop-stereo': 1, usedtx: 1, 'x-google-label': 'mic' },
    rtcpFeedback: [{ type: 'transport-cc' }, { type: 'nack', parameter: '' }],
  }],
  headerExtensions: [{ uri: 'urn:ietf:params:rtp-hdrext:sdes:mid', id: 1 }],
  encodings: [{ ssrc: 3_735_928_559, dtx: true }],
  rtcp: { cname: 'c5e0a1f2', reducedSize: true },
  msid: 'teacher-stream mic-track',
};

function transport(id: string): TransportOptions {
  const t = fake.generateTransportRemoteParameters();
  return {
    id,
    iceParameters: { ...t.iceParameters, iceLite: true },
    iceCandidates: [
      { foundation: 'udpcandidate', priority: 1_076_302_079, address: '203.0.113.7', protocol: 'udp', port: 40_001, type: 'host' },
      { foundation: 'tcpcandidate', priority: 1_076_276_479, address: '203.0.113.7', protocol: 'tcp', port: 443, type: 'host', tcpType: 'passive' },
    ],
    dtlsParameters: t.dtlsParameters,
  };
}

const CONSUMER: RemoteConsumer = { id: 'c-teacher-mic', producerId: 'pr-1', participantId: 'p-teacher', source: 'microphone', kind: 'audio', rtpParameters: OPUS };

const response = (requestId: number, r: ServerResponse): Uint8Array => encodeServerFrame({ kind: 'response', requestId, response: r });
const raw = (m: pb.ServerMessage.$Properties): Uint8Array => pb.ServerMessage.encode(pb.ServerMessage.create(m)).finish();

function concat(...parts: ArrayLike<number>[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((p) => Array.from(p)));
}

// Hand-made wire bytes, for what the app's encoder cannot write (duplicates, unknown fields, damage).
function varint(n: number): number[] {
  const out: number[] = [];
  for (; n >= 0x80; n = Math.floor(n / 128)) out.push((n % 128) | 0x80);
  out.push(n);
  return out;
}
const key = (field: number, wireType: number) => varint(field * 8 + wireType);
const ld = (field: number, bytes: ArrayLike<number>) => concat(key(field, 2), varint(bytes.length), bytes);

/** The first sound as protobufjs decodes it, for frames made by hand, and its consumer as the app reads it back. */
const OFFER = { transport: transport('tr-first-sound'), consumer: CONSUMER };
const FIRST_SOUND = pb.ServerMessage.decode(response(1, { type: 'firstSound', offer: OFFER })).firstSound as pb.FirstSoundResponse;

/** The app's view of a frame, to set beside the entry's. */
function appView(bytes: Uint8Array) {
  const f = decodeServerMessage(bytes);
  if (f.kind === 'push') return { requestId: 0, type: f.push.type };
  const r = f.response;
  return { requestId: f.requestId, type: r.type, firstSound: r.type === 'firstSound' ? r.offer : undefined, iceServers: r.type === 'join' ? r.result.iceServers : undefined };
}

// ---- requests ----

describe('entryWire: the requests read as the app would have sent them', () => {
  const joins: EntryJoin[] = [
    JOIN,
    { ...JOIN, displayName: '', lessonPassword: 'mật khẩu 🔑', micOn: true, cameraOn: false, mediaAtJoin: false },
    { ...JOIN, lessonId: '', joinToken: 'x'.repeat(3000), displayName: '\uFEFFLê Minh Châu' },
  ];

  it.each(joins.map((j, i) => [i, j] as const))('join %i: same request, request id and protocol version as encodeClientMessage', (_i, join) => {
    const app = decodeClientMessage(encodeClientMessage(77, { type: 'join', ...join, resumeToken: '' }));
    const entry = decodeClientMessage(encodeJoin(77, join));
    expect(entry).toEqual(app);
    expect(entry.protocolVersion).toBeGreaterThan(0);
  });

  it('join: any strings, flags and request id (property)', () => {
    const text = fc.string({ unit: 'binary', maxLength: 80 });
    const arbitraryJoin = fc.record({ lessonId: text, joinToken: text, displayName: text, lessonPassword: text, micOn: fc.boolean(), cameraOn: fc.boolean(), mediaAtJoin: fc.boolean() });
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xffff_ffff }), arbitraryJoin, (id, join) => {
        expect(decodeClientMessage(encodeJoin(id, join))).toEqual(decodeClientMessage(encodeClientMessage(id, { type: 'join', ...join, resumeToken: '' })));
      }),
    );
  });

  it('first sound, its connect and its close: same requests as encodeClientMessage', () => {
    const cases = [
      [encodeFirstSound(1), encodeClientMessage(1, { type: 'firstSound' })],
      [encodeFirstSoundConnect(0xffff_ffff, 'tr-1', DTLS), encodeClientMessage(0xffff_ffff, { type: 'firstSoundConnect', transportId: 'tr-1', dtlsParameters: DTLS })],
      [encodeFirstSoundConnect(3, 'tr-1', { fingerprints: DTLS.fingerprints }), encodeClientMessage(3, { type: 'firstSoundConnect', transportId: 'tr-1', dtlsParameters: { fingerprints: DTLS.fingerprints } })],
      [encodeFirstSoundClose(0xfff0_0002, 'tr-1'), encodeClientMessage(0xfff0_0002, { type: 'firstSoundClose', transportId: 'tr-1' })],
    ] as const;
    for (const [entry, app] of cases) expect(decodeClientMessage(entry)).toEqual(decodeClientMessage(app));
    expect(decodeClientMessage(encodeFirstSound(1)).request).toEqual({ type: 'firstSound' });
  });

  it('first sound connect: any DTLS parameters (property)', () => {
    const nonEmpty = fc.string({ unit: 'binary', minLength: 1, maxLength: 40 });
    const dtls = fc.record(
      { role: fc.constantFrom('auto', 'client', 'server'), fingerprints: fc.array(fc.record({ algorithm: nonEmpty, value: nonEmpty }), { minLength: 1, maxLength: 8 }) },
      { requiredKeys: ['fingerprints'] },
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 0xffff_ffff }), nonEmpty, dtls, (id, transportId, d) => {
        const app = encodeClientMessage(id, { type: 'firstSoundConnect', transportId, dtlsParameters: d });
        expect(decodeClientMessage(encodeFirstSoundConnect(id, transportId, d))).toEqual(decodeClientMessage(app));
      }),
    );
  });

  it('refuses what the app refuses: a request id that is not a non-zero uint32, a DTLS role it does not know', () => {
    for (const id of [0, -1, 1.5, 2 ** 32]) expect(() => encodeJoin(id, JOIN)).toThrow(CodecError);
    expect(() => encodeFirstSoundConnect(1, 't', { role: 'both' as 'auto', fingerprints: DTLS.fingerprints })).toThrow(CodecError);
  });
});

// ---- server frames ----

describe('entryWire: readServerFrame reads what decodeServerMessage reads', () => {
  const frames: Array<[string, Uint8Array, number]> = [
    ['a first sound (Opus, parameters, feedback, ssrc, cname, UDP + TCP)', response(9, { type: 'firstSound', offer: OFFER }), 24],
    ['an empty first sound', response(9, { type: 'firstSound', offer: null }), 24],
    ['a JoinResponse with media and ICE servers', response(0xfff0_0000, { type: 'join', result: joinResult({ iceServers: [{ urls: ['turn:t.example.org:443?transport=tcp', ''], username: 'u', credential: 'c' }, { urls: [''] }], media: { send: transport('s'), recv: transport('r') } }) }), 10],
    ['an Ack', response(3, { type: 'ack' }), 3],
    ['a redirect', response(4, { type: 'redirect', node: 'node-2', ticket: 't' }), 210],
    ['a push', encodeServerFrame({ kind: 'push', push: { type: 'activeSpeaker', participantId: 'p-teacher' } }), 114],
  ];

  it.each(frames)('%s', (_name, bytes, body) => {
    const app = appView(bytes);
    const entry = readServerFrame(bytes);
    expect(entry.requestId).toBe(app.requestId);
    expect(entry.body).toBe(body);
    expect(entry.firstSound).toEqual(app.firstSound);
    expect(entry.iceServers).toEqual(app.iceServers);
  });

  it('gives the offer the app gives, field for field', () => {
    const bytes = response(9, { type: 'firstSound', offer: OFFER });
    const entry = readServerFrame(bytes).firstSound;
    expect(entry).toEqual(appView(bytes).firstSound);
    // What the SDP needs came through: the map of parameters, the ssrc, the cname, both candidates.
    expect(entry?.consumer.rtpParameters.codecs[0]?.parameters).toEqual({ minptime: 10, useinbandfec: 1, 'sprop-stereo': 1, usedtx: 1, 'x-google-label': 'mic' });
    expect(entry?.consumer.rtpParameters.encodings?.[0]?.ssrc).toBe(3_735_928_559);
    expect(entry?.consumer.rtpParameters.rtcp).toEqual({ cname: 'c5e0a1f2', reducedSize: true });
    expect(entry?.transport).toEqual(OFFER.transport);
  });

  it('reads an Error: its wire code, message and reason', () => {
    const bytes = response(5, { type: 'error', code: 'FORBIDDEN', message: '\uFEFFSai mật khẩu', reason: 'lesson_password_wrong' });
    const app = decodeServerMessage(bytes);
    if (app.kind !== 'response' || app.response.type !== 'error') throw new Error('not an error');
    expect(readServerFrame(bytes)).toEqual({ requestId: 5, body: 2, error: { code: errorCodeToProto(app.response.code), message: app.response.message, reason: app.response.reason } });
  });

  it('reads a frame without any body as body 0', () => {
    expect(readServerFrame(raw({ requestId: 8 }))).toEqual({ requestId: 8, body: 0 });
    expect(readServerFrame(new Uint8Array())).toEqual({ requestId: 0, body: 0 });
  });

  it("knows exactly the body oneof's members: a body for every field number the app's decoder has one for", () => {
    for (let n = 2; n < 300; n++) {
      const bytes = ld(n, []);
      const appBody = pb.ServerMessage.decode(bytes).body;
      expect([n, readServerFrame(bytes).body]).toEqual([n, appBody ? n : 0]);
    }
  });

  it('skips unknown fields of every wire type (fixed32, fixed64, long varint, group) as the app does', () => {
    const unknown = concat(key(127, 0), new Array<number>(9).fill(0xff), [1], key(127, 5), [1, 2, 3, 4], key(127, 1), [1, 2, 3, 4, 5, 6, 7, 8], key(127, 3), key(1, 0), [1], key(127, 4));
    const bytes = concat(unknown, response(9, { type: 'firstSound', offer: OFFER }), unknown);
    expect(readServerFrame(bytes).firstSound).toEqual(appView(bytes).firstSound);
    expect(readServerFrame(bytes).firstSound).not.toBeNull();
  });

  it('keeps the oneof member set last, as the app does', () => {
    const bytes = concat(response(9, { type: 'firstSound', offer: OFFER }), ld(3, []));
    expect(readServerFrame(bytes)).toEqual({ requestId: 9, body: 3 });
    expect(appView(bytes).type).toBe('ack');
  });

  it('reads parameters as the app does: a value set twice keeps the member set last; a key "__proto__" is refused by both', () => {
    const text = (t: string) => ld(1, new TextEncoder().encode(t));
    const number = (n: number) => concat(key(2, 1), new Uint8Array(new Float64Array([n]).buffer));
    const parameter = (name: string, value: Uint8Array) => ld(5, concat(text(name), ld(2, value)));
    const frame = (...parameters: Uint8Array[]) => {
      const codec = concat(pb.RtpCodecParameters.encode({ mimeType: 'audio/opus', payloadType: 111, clockRate: 48000 }).finish(), ...parameters);
      const consumer = concat(pb.Consumer.encode({ id: 'c', producerId: 'p', participantId: 't', source: pb.TrackSource.TRACK_SOURCE_MICROPHONE, kind: pb.MediaKind.MEDIA_KIND_AUDIO }).finish(), ld(6, ld(2, codec)));
      return concat(key(1, 0), varint(9), ld(24, concat(ld(1, pb.TransportOptions.encode(FIRST_SOUND.transport ?? {}).finish()), ld(2, consumer))));
    };
    const twice = frame(parameter('p', concat(text('a'), number(2))), parameter('q', concat(number(0.5), text('b'))), parameter('r', new Uint8Array()));
    expect(() => appView(twice)).toThrow(/r has no value/);
    expect(() => readServerFrame(twice)).toThrow(/r has no value/);
    const bytes = frame(parameter('p', concat(text('a'), number(2))), parameter('q', concat(number(0.5), text('b'))));
    const app = appView(bytes).firstSound;
    expect(app?.consumer.rtpParameters.codecs[0]?.parameters).toEqual({ p: 2, q: 'b' });
    expect(readServerFrame(bytes).firstSound).toEqual(app);
    const proto = frame(parameter('__proto__', number(1)));
    expect(() => appView(proto)).toThrow(CodecError);
    expect(() => readServerFrame(proto)).toThrow(CodecError);
  });

  it('merges a message that comes twice, and reads long varints as protobufjs does (uint32: the low 32 bits, bool: any bit)', () => {
    const candidate = concat(
      pb.TransportIceCandidate.encode({ foundation: 'f', address: '198.51.100.1', protocol: pb.IceProtocol.ICE_PROTOCOL_TCP, port: 443, type: pb.IceCandidateType.ICE_CANDIDATE_TYPE_HOST }).finish(),
      key(2, 0), varint(2 ** 32 + 5), // priority 5, written in 6 bytes
      key(7, 0), [0x80, 0x80, 0x80, 0x80, 0x80, 0x01], // tcp_passive: only bit 35 set
    );
    const transportBytes = concat(pb.TransportOptions.encode({ ...FIRST_SOUND.transport, iceCandidates: [] }).finish(), ld(3, candidate));
    const consumer = pb.Consumer.encode(FIRST_SOUND.consumer ?? {}).finish();
    // The consumer in two parts: its ids first, then the rest.
    const split = consumer.findIndex((b) => b === 0x20); // field 4 (source), after the three ids
    const bytes = concat(key(1, 0), varint(9), ld(24, concat(ld(1, transportBytes), ld(2, consumer.subarray(0, split)), ld(2, consumer.subarray(split)))));
    const app = appView(bytes).firstSound;
    expect(app?.transport.iceCandidates).toEqual([{ foundation: 'f', priority: 5, address: '198.51.100.1', protocol: 'tcp', port: 443, type: 'host', tcpType: 'passive' }]);
    expect(app?.consumer).toEqual(appView(response(1, { type: 'firstSound', offer: OFFER })).firstSound?.consumer);
    expect(readServerFrame(bytes).firstSound).toEqual(app);
  });

  it('refuses a first sound the app refuses (a video consumer), with the request id', () => {
    const video = raw({ requestId: 9, firstSound: { transport: FIRST_SOUND.transport, consumer: { ...FIRST_SOUND.consumer, kind: pb.MediaKind.MEDIA_KIND_VIDEO } } });
    expect(() => decodeServerMessage(video)).toThrow(CodecError);
    expect(() => readServerFrame(video)).toThrow(expect.objectContaining({ name: 'CodecError', requestId: 9 }));
  });
});

// ---- withRequestId ----

describe('entryWire: withRequestId', () => {
  const bigJoin = response(0xfff0_0000, { type: 'join', result: joinResult({ media: { send: transport('s'), recv: transport('r') } }) });

  it('answers a big JoinResponse under another id: the app reads the same frame with the new id', () => {
    const original = decodeServerMessage(bigJoin);
    const rewritten = withRequestId(bigJoin, 1);
    expect(decodeServerMessage(rewritten)).toEqual({ ...original, requestId: 1 });
    expect(bigJoin.length).toBeGreaterThan(1000);
  });

  it('copies every other field byte for byte, in order, behind the new request id', () => {
    const id = concat(key(1, 0), varint(0xfff0_0000));
    expect(Array.from(bigJoin.subarray(0, id.length))).toEqual(Array.from(id));
    expect(Array.from(withRequestId(bigJoin, 300))).toEqual(Array.from(concat(key(1, 0), varint(300), bigJoin.subarray(id.length))));
  });

  it('gives a request id to a frame without one (an Error before any request), and drops every copy of an old one', () => {
    const error: ServerFrame = { kind: 'response', requestId: 0, response: { type: 'error', code: 'UNAVAILABLE', message: 'Máy chủ bận', reason: '' } };
    const bytes = encodeServerFrame(error);
    expect(readServerFrame(bytes).requestId).toBe(0);
    expect(decodeServerMessage(withRequestId(bytes, 42))).toEqual({ ...error, requestId: 42 });
    const twice = concat(key(1, 0), varint(5), bytes, key(1, 0), varint(6));
    expect(decodeServerMessage(withRequestId(twice, 42))).toEqual({ ...error, requestId: 42 });
    expect(Array.from(withRequestId(concat(key(1, 0), varint(5), bytes), 0))).toEqual(Array.from(bytes));
  });

  it('refuses a malformed frame or an id out of range', () => {
    expect(() => withRequestId(bigJoin.subarray(0, bigJoin.length - 1), 1)).toThrow(CodecError);
    expect(() => withRequestId(ld(1, []), 1)).toThrow(CodecError);
    for (const id of [-1, 2 ** 32, 0.5]) expect(() => withRequestId(bigJoin, id)).toThrow(CodecError);
  });
});

// ---- malformed input ----

describe('entryWire: malformed frames throw a CodecError', () => {
  const good = response(9, { type: 'firstSound', offer: OFFER });
  const cases: Array<[string, ArrayLike<number>]> = [
    ['a truncated varint', [0x08, 0x80]],
    ['a varint of 11 bytes', [0x08, ...new Array<number>(10).fill(0xff), 0x01]],
    ['a length past the end', concat(key(24, 2), [5, 0x0a])],
    ['a huge length', concat(key(24, 2), varint(2 ** 40), [0])],
    ['a truncated fixed64', concat(key(99, 1), [1, 2, 3])],
    ['a truncated fixed32', concat(key(99, 5), [1, 2, 3])],
    ['field number 0', [0x02, 0x00]],
    ['wire type 6', [0x0e, 0x00]],
    ['an unmatched group end', concat(key(99, 3), key(98, 4))],
    ['an unclosed group', concat(key(99, 3), key(98, 0), [1])],
    ['groups nested past any message', concat(...new Array<number[]>(5000).fill(key(99, 3)))],
    ['a known field with the wrong wire type', concat(key(1, 2), [0])],
    ['invalid UTF-8 in a read string', ld(2, ld(2, [0xc3, 0x28]))],
    ['the first sound cut short', good.subarray(0, good.length - 3)],
  ];

  it.each(cases)('%s', (_name, bytes) => {
    expect(() => readServerFrame(Uint8Array.from(bytes))).toThrow(CodecError);
  });

  it('throws only CodecErrors on any bytes, and never reads differently from the app (property)', () => {
    const mutated = fc
      .tuple(fc.nat(good.length - 1), fc.nat(255), fc.nat(good.length))
      .map(([at, byte, cut]) => {
        const b = good.slice(0, Math.max(cut, at + 1));
        b[at] = byte;
        return b;
      });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 64 })), (bytes) => {
        let entry;
        try {
          entry = readServerFrame(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(CodecError);
          return;
        }
        let app;
        try {
          app = appView(bytes);
        } catch {
          return; // the app refuses more (an unknown enum, a push it cannot read)
        }
        expect({ requestId: entry.requestId, firstSound: entry.firstSound }).toEqual({ requestId: app.requestId, firstSound: app.firstSound });
      }),
      { numRuns: 2000 },
    );
  });
});
