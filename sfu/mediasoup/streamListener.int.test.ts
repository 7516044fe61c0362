/**
 * MediaRoom.listen on the real engine (the server side of the first sound, docs/protocol.md):
 * a real mediasoup worker, a teacher publishing through mediasoup-client on wrtc, and a receiver
 * with NO mediasoup-client: werift answering a hand-written SDP of one audio m-line, as the join
 * page does. Media must flow without any ResumeConsumer, and every way the listener ends must
 * close its transport and say why.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../platform/index.js';
import { alive, startTestMediasoupEngine, type TestMediasoupEngine } from '../../testkit/mediasoupEngine.js';
import { closeFirstSoundReceivers, receiveFirstSound } from '../../testkit/firstSoundReceiver.js';
import { waitFor } from '../../testkit/mediaSources.js';
import { TransportPeer } from '../../testkit/transportPeer.js';
import type { MediaRoom, StreamListener } from '../index.js';

const MIC = { peerId: 'teacher', label: 'microphone' };
const peers: TransportPeer[] = [];

async function transportsOpen(t: TestMediasoupEngine): Promise<number> {
  return Number(/^classroom_sfu_transports (\d+)$/m.exec(await t.registry.metrics())?.[1]);
}

function closedReason(l: StreamListener): Promise<string> {
  return new Promise((resolve) => l.once('closed', resolve));
}

describe('mediasoup engine: listen (the first sound)', () => {
  let t: TestMediasoupEngine;

  beforeAll(async () => {
    t = await startTestMediasoupEngine();
  });

  afterAll(async () => {
    await closeFirstSoundReceivers();
    for (const p of peers) p.close();
    const pids = t?.pids() ?? [];
    await t?.dispose();
    expect(alive(pids)).toEqual([]);
  });

  async function roomWithTeacher(id: string): Promise<{ room: MediaRoom; teacher: TransportPeer }> {
    const room = await t.engine.createRoom(id);
    const teacher = new TransportPeer(room, 'teacher');
    peers.push(teacher);
    await teacher.publish();
    return { room, teacher };
  }

  it('carries Opus alone, without header extensions or feedback, and flows once connected: no resume, no mediasoup-client', async () => {
    const { room } = await roomWithTeacher('flows');
    const listener = await room.listen('student', MIC);
    expect(listener.transport.direction).toBe('recv');
    expect(listener.id).toBe(listener.transport.id);
    expect([listener.peerId, listener.stream, listener.consumer.kind]).toEqual(['student', MIC, 'audio']);
    const p = listener.consumer.rtpParameters;
    expect(p.codecs.map((c) => [c.mimeType.toLowerCase(), c.rtcpFeedback ?? []])).toEqual([['audio/opus', []]]);
    expect(p.headerExtensions ?? []).toEqual([]);
    expect(p.encodings?.length).toBe(1);
    expect(p.encodings?.[0]?.ssrc).toBeGreaterThan(0);
    // The listener's transport is apart: the student has none of its own, none is needed.
    expect(room.streams().map((s) => s.peerId)).toEqual(['teacher', 'teacher']);

    const rx = await receiveFirstSound(listener);
    await listener.connect(rx.dtls);
    await waitFor('the teacher heard without a ResumeConsumer', () => rx.packets() > 20, 15_000);
    await expect(listener.connect(rx.dtls)).rejects.toThrow(/already connected/);
    await room.close();
  });

  it('refuses what it cannot listen to, and malformed DTLS parameters', async () => {
    const { room } = await roomWithTeacher('refusals');
    await expect(room.listen('student', { peerId: 'teacher', label: 'screen' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(room.listen('student', { peerId: 'teacher', label: 'camera' })).rejects.toBeInstanceOf(ValidationError);
    await expect(room.listen('', MIC)).rejects.toBeInstanceOf(ValidationError);
    const before = await transportsOpen(t);
    const listener = await room.listen('student', MIC);
    expect(await transportsOpen(t)).toBe(before + 1);
    await expect(listener.connect({ fingerprints: 'none' } as never)).rejects.toBeInstanceOf(ValidationError);
    await expect(listener.connect({ role: 'client', fingerprints: [{ algorithm: 'md5', value: 'AB' }] })).rejects.toBeInstanceOf(ValidationError);
    listener.close();
    await expect(listener.connect({ role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }] })).rejects.toBeInstanceOf(NotFoundError);
    await room.close();
  });

  it('closes, with its transport, on close(), when the microphone goes, when its peer is removed and with the room', async () => {
    const { room, teacher } = await roomWithTeacher('closes');
    const base = await transportsOpen(t);

    const byClose = await room.listen('s1', MIC);
    const closedByClose = closedReason(byClose);
    byClose.close();
    byClose.close(); // safe twice
    expect([await closedByClose, byClose.closed]).toEqual(['closed', true]);
    await waitFor('its transport closed', async () => (await transportsOpen(t)) === base);

    const byPeer = await room.listen('s2', MIC);
    const untouched = await room.listen('s3', MIC);
    const closedByPeer = closedReason(byPeer);
    await room.removePeer('s2');
    expect(await closedByPeer).toBe('peer removed');
    expect(untouched.closed).toBe(false);

    const closedByMic = closedReason(untouched);
    await teacher.unpublish('microphone');
    expect(await closedByMic).toBe('unpublished');
    await waitFor('both transports closed', async () => (await transportsOpen(t)) === base);

    await teacher.publish({ video: false });
    const byRoom = await room.listen('s4', MIC);
    const closedByRoom = closedReason(byRoom);
    await room.close();
    expect(await closedByRoom).toBe('room closed');
    await waitFor('every transport of the room closed', async () => (await transportsOpen(t)) === 0);
  });
});
