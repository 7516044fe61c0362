/** The edge-room wire: only genuine, fresh, new, well-formed messages for this node get through, mapped to the engine's types. */
import { describe, expect, it } from 'vitest';
import { cluster } from '../../proto/cluster/index.js';
import { MAX_ROOM_ITEMS, RoomWire, type RoomBody } from './roomWire.js';
import { PipeWire } from './nodePipeWire.js';
import { rejectionOf } from './wireSigning.js';

const SECRET = 'room-wire-test-secret-0123456789abcdef';
let now = 5_000_000;
const clock = { now: () => now };
const owner = new RoomWire({ nodeId: 'node-owner', secret: SECRET, clock });
const RTP = { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000, rtcpFeedback: [{ type: 'nack' }] }], encodings: [{ ssrc: 1234 }], headerExtensions: [] };
const RECV = {
  id: 'transport-1',
  direction: 'recv' as const,
  iceParameters: { usernameFragment: 'ufrag', password: 'password-of-ice', iceLite: true },
  iceCandidates: [{ foundation: 'udpcandidate', priority: 1076302079, address: '10.0.0.7', protocol: 'udp' as const, port: 40010, type: 'host' as const }],
  dtlsParameters: { role: 'auto' as const, fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }] },
};

describe('RoomWire', () => {
  it('calls, replies, events and keeps arrive as sent, once, at the node they are addressed to', () => {
    const edge = new RoomWire({ nodeId: 'node-edge', secret: SECRET, clock });
    const bodies: RoomBody[] = [
      { kind: 'call', peerId: 'p1', call: { op: 'connectPeer', rtpCapabilities: { codecs: [{ kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2, preferredPayloadType: 100 }], headerExtensions: [] } } },
      { kind: 'call', peerId: 'p1', call: { op: 'connectTransport', dtlsParameters: RECV.dtlsParameters } },
      { kind: 'call', peerId: 'p1', call: { op: 'setSubscriptions', streams: [{ peerId: 'teacher', label: 'camera' }] } },
      { kind: 'call', peerId: 'p1', call: { op: 'setLayer', stream: { peerId: 'teacher', label: 'camera' }, layer: 'low' } },
      { kind: 'call', peerId: 'p1', call: { op: 'resumeConsumer', consumerId: 'c1' } },
      { kind: 'call', peerId: 'p1', call: { op: 'restartIce' } },
      { kind: 'call', peerId: 'p1', call: { op: 'removePeer' } },
      { kind: 'keep', peers: [] },
    ];
    for (const b of bodies) {
      const opened = edge.open(owner.seal('node-edge', 'lesson-1', 7, b));
      expect(opened).toMatchObject({ from: 'node-owner', room: 'lesson-1', callId: 7, body: b });
    }
    const replies: RoomBody[] = [
      { kind: 'reply', recv: RECV },
      { kind: 'reply', ice: { usernameFragment: 'u2', password: 'p2-password-long', iceLite: true } },
      { kind: 'reply', error: { code: 'full', message: 'this node is full too' } },
      { kind: 'event', peerId: 'p1', change: { added: [{ id: 'c1', producerId: 'pr1', peerId: 'teacher', label: 'camera', kind: 'video', rtpParameters: RTP }], removed: ['c0'] } },
      { kind: 'event', peerId: 'p1', reset: 'edge room closed' },
      { kind: 'kept', peers: ['p1', 'p2'] },
    ];
    for (const b of replies) {
      const opened = owner.open(edge.seal('node-owner', 'lesson-1', 3, b));
      expect(typeof opened === 'object' ? opened.body : opened).toMatchObject(b);
    }
    const sealed = owner.seal('node-edge', 'lesson-1', 1, { kind: 'keep', peers: [] });
    expect(typeof edge.open(sealed)).toBe('object');
    expect(edge.open(sealed)).toBe('replayed');
    expect(new RoomWire({ nodeId: 'node-other', secret: SECRET, clock }).open(owner.seal('node-edge', 'r', 1, { kind: 'keep', peers: [] }))).toBe('misaddressed');
  });

  it('forged, altered, stale, oversized, malformed and pipe-signed messages are dropped before their body is used', () => {
    const edge = new RoomWire({ nodeId: 'node-edge', secret: SECRET, clock });
    const keep: RoomBody = { kind: 'keep', peers: [] };
    expect(edge.open(new RoomWire({ nodeId: 'node-owner', secret: 'another-secret-of-at-least-32-chars!!', clock }).seal('node-edge', 'r', 1, keep))).toBe('bad signature');
    const signed = cluster.v1.SignedRoomMessage.decode(owner.seal('node-edge', 'r', 1, keep));
    const altered = cluster.v1.SignedRoomMessage.encode({ body: signed.body.map((b, i) => (i === 3 ? b ^ 1 : b)), mac: signed.mac }).finish();
    expect(edge.open(altered)).toBe('bad signature');
    // A genuine pipe message (same secret) never passes as a room message: the signed purpose differs.
    const pipe = new PipeWire({ nodeId: 'node-owner', secret: SECRET, clock }).seal('node-edge', 'r', 'p', { close: { reason: 'x' } });
    expect(edge.open(pipe)).toBe('bad signature');
    const late = owner.seal('node-edge', 'r', 1, keep);
    now += 5_001;
    expect(edge.open(late)).toBe('stale');
    expect(edge.open(new Uint8Array(65 * 1024))).toBe('oversized');
    expect(edge.open(Uint8Array.of(0xff, 0xff, 0xff))).toBe('malformed');
    const bad = (b: RoomBody) => edge.open(owner.seal('node-edge', 'r', 1, b));
    expect(bad({ kind: 'call', peerId: 'p'.repeat(200), call: { op: 'removePeer' } })).toMatch(/^malformed call/);
    expect(bad({ kind: 'call', peerId: 'p', call: { op: 'setLayer', stream: { peerId: 't', label: 'camera' }, layer: 'ultra' as 'low' } })).toMatch(/^malformed call/);
    const many = Array.from({ length: MAX_ROOM_ITEMS + 1 }, (_, i) => ({ peerId: 't', label: `l${i}` }));
    expect(bad({ kind: 'call', peerId: 'p', call: { op: 'setSubscriptions', streams: many } })).toMatch(/^malformed call: too many/);
    expect(bad({ kind: 'call', peerId: 'p', call: { op: 'connectPeer', rtpCapabilities: { codecs: [{ kind: 'audio', mimeType: 'x', clockRate: 0 }] } } })).toMatch(/^malformed call/);
    expect(bad({ kind: 'reply', error: { code: 'teapot' as 'full', message: 'no' } })).toMatch(/^malformed reply/);
    const badRtp = { ...RTP, codecs: [] };
    expect(bad({ kind: 'event', peerId: 'p', change: { added: [{ id: 'c', producerId: 'x', peerId: 't', label: 'camera', kind: 'video', rtpParameters: badRtp }], removed: [] } })).toMatch(/^malformed event/);
    expect(edge.open(cluster.v1.SignedRoomMessage.encode({ body: new Uint8Array(), mac: new Uint8Array(32) }).finish())).toBe('bad signature');
    expect(() => new RoomWire({ nodeId: 'n', secret: 'short' })).toThrow(/32 characters/);
  });

  it("a refusal's words become one of a few metric labels", () => {
    const edge = new RoomWire({ nodeId: 'node-edge', secret: SECRET, clock });
    const forged = new RoomWire({ nodeId: 'node-owner', secret: 'another-secret-of-at-least-32-chars!!', clock }).seal('node-edge', 'r', 1, { kind: 'keep', peers: [] });
    const why = [
      edge.open(forged),
      edge.open(new Uint8Array(65 * 1024)),
      edge.open(Uint8Array.of(0xff, 0xff, 0xff)),
      edge.open(owner.seal('node-edge', 'r', 1, { kind: 'call', peerId: 'p'.repeat(200), call: { op: 'removePeer' } })),
      edge.open(owner.seal('node-other', 'r', 1, { kind: 'keep', peers: [] })),
    ];
    expect(why.map((w) => rejectionOf(w as string))).toEqual(['forged', 'oversized', 'malformed', 'malformed', 'misaddressed']);
    expect(['stale', 'replayed', 'malformed offer', 'something new'].map(rejectionOf)).toEqual(['stale', 'replayed', 'malformed', 'malformed']);
  });
});
