/** The node-pipe wire: only genuine, fresh, new, well-formed messages for this node get through. */
import { describe, expect, it } from 'vitest';
import { cluster } from '../../proto/cluster/index.js';
import { MAX_PIPE_STREAMS, PipeWire } from './nodePipeWire.js';

const SECRET = 'wire-test-secret-0123456789abcdef-xyz';
const OFFER = { offer: { tuple: { ip: '10.0.0.2', port: 40000 }, srtp: { cryptoSuite: 'AES_CM_128_HMAC_SHA1_80', keyBase64: 'a'.repeat(40) } } };
let now = 1_000_000;
const clock = { now: () => now };
const edge = new PipeWire({ nodeId: 'node-edge', secret: SECRET, clock });

describe('PipeWire', () => {
  it('a genuine offer opens once; its replay, another node\'s copy and a stale one are dropped', () => {
    const owner = new PipeWire({ nodeId: 'node-owner', secret: SECRET, clock });
    const sealed = edge.seal('node-owner', 'room-1', 'pipe-1', OFFER);
    const opened = owner.open(sealed);
    expect(typeof opened === 'object' && [opened.from, opened.room, opened.pipeId, opened.kind]).toEqual(['node-edge', 'room-1', 'pipe-1', 'offer']);
    expect(owner.open(sealed)).toBe('replayed');
    expect(new PipeWire({ nodeId: 'node-other', secret: SECRET, clock }).open(sealed)).toBe('misaddressed');
    const later = edge.seal('node-owner', 'room-1', 'pipe-2', OFFER);
    now += 5_001;
    expect(owner.open(later)).toBe('stale');
    // A sender claiming an expiry far in the future (a clock trick to make a message replayable for long).
    const future = new PipeWire({ nodeId: 'node-edge', secret: SECRET, clock: { now: () => now + 60_000 } }).seal('node-owner', 'room-1', 'pipe-3', OFFER);
    expect(owner.open(future)).toBe('stale');
  });

  it('forged, altered, oversized and malformed messages are dropped before their body is used', () => {
    const owner = new PipeWire({ nodeId: 'node-owner', secret: SECRET, clock });
    const forged = new PipeWire({ nodeId: 'node-edge', secret: 'another-secret-of-at-least-32-chars!!', clock }).seal('node-owner', 'r', 'p', OFFER);
    expect(owner.open(forged)).toBe('bad signature');
    const signed = cluster.v1.SignedPipeMessage.decode(edge.seal('node-owner', 'r', 'p', OFFER));
    const altered = cluster.v1.SignedPipeMessage.encode({ body: signed.body.map((b, i) => (i === 3 ? b ^ 1 : b)), mac: signed.mac }).finish();
    expect(owner.open(altered)).toBe('bad signature');
    expect(owner.open(new Uint8Array(17 * 1024))).toBe('oversized');
    expect(owner.open(Uint8Array.of(0xff, 0xff, 0xff))).toBe('malformed');
    const bad = (body: Parameters<PipeWire['seal']>[3]) => owner.open(edge.seal('node-owner', 'r', 'p', body));
    expect(bad({ offer: { tuple: { ip: '10.0.0.300', port: 1 }, srtp: OFFER.offer.srtp } })).toBe('malformed offer');
    expect(bad({ offer: { tuple: { ip: '10.0.0.3', port: 0 }, srtp: OFFER.offer.srtp } })).toBe('malformed offer');
    expect(bad({ offer: { tuple: OFFER.offer.tuple, srtp: { cryptoSuite: 'NULL', keyBase64: 'a'.repeat(40) } } })).toBe('malformed offer');
    expect(bad({ consume: { producerId: 'x'.repeat(200) } })).toBe('malformed consume');
    const many = Array.from({ length: MAX_PIPE_STREAMS + 1 }, (_, i) => ({ peerId: 'p', label: `l${i}`, producerId: `id${i}`, kind: 'audio' }));
    expect(bad({ streams: { streams: many } })).toBe('malformed streams');
    expect(bad({ streams: { streams: [{ peerId: 'p', label: 'cam', producerId: 'x', kind: 'data' }] } })).toBe('malformed streams');
    expect(bad({})).toBe('malformed');
    expect(() => new PipeWire({ nodeId: 'n', secret: 'short' })).toThrow(/32 characters/);
  });
});
