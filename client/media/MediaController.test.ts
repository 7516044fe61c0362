import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MediaController } from './MediaController.js';
import type { MediaHealth, RemoteTrack } from './MediaTypes.js';
import { fakePeerConnections, fakeSdp, type FakePeerConnection } from './testing/FakePeerConnection.js';
import { FakeMediaStreamTrack } from './testing/FakeMediaStreamTrack.js';
import { FakeSignal } from './testing/FakeSignal.js';

const OFFER = {
  revision: 1,
  sdp: fakeSdp([{ kind: 'audio', mid: '0', direction: 'sendonly' }]),
  tracks: [{ mid: '0', participantId: 'teacher', source: 'microphone' as const }],
};

function setup() {
  const pcs = fakePeerConnections();
  const signal = new FakeSignal();
  const media = new MediaController({ signal, createPeerConnection: pcs.factory, statsIntervalMs: 60_000 });
  const health: MediaHealth[] = [];
  const remote: Array<readonly RemoteTrack[]> = [];
  media.on('health', (h) => health.push(h));
  media.on('remoteTracks', (t) => remote.push(t));
  return { media, signal, pcs, health, remote };
}

beforeEach(() => {
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => vi.useRealTimers());

describe('MediaController', () => {
  it('publishes the local sources with the JoinResponse ice servers, then subscribes on the first offer', async () => {
    const { media, signal, pcs } = setup();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    await media.setSource('camera', null, true);
    media.start([{ urls: ['turn:turn.example:3478'], username: 'u', credential: 'c' }]);
    await vi.waitFor(() => expect(signal.publishes).toHaveLength(1));
    expect(signal.publishes[0]?.tracks.map((t) => t.source)).toEqual(['microphone', 'camera']);
    expect(pcs.all[0]?.config.iceServers).toEqual([{ urls: ['turn:turn.example:3478'], username: 'u', credential: 'c' }]);
    media.handleOffer(OFFER);
    await vi.waitFor(() => expect(signal.answers).toHaveLength(1));
    expect(pcs.all).toHaveLength(2);
    media.close();
  });

  it('MediaReset closes both connections, publishes again on a fresh one and waits for a new offer', async () => {
    const { media, signal, pcs, remote } = setup();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([]);
    media.handleOffer(OFFER);
    await vi.waitFor(() => expect(signal.answers).toHaveLength(1));
    const [oldPub, oldSub] = pcs.all as [FakePeerConnection, FakePeerConnection];
    media.handleReset('engine restarted');
    expect(oldPub.closed && oldSub.closed).toBe(true);
    expect(remote.at(-1)).toEqual([]);
    await vi.waitFor(() => expect(signal.publishes).toHaveLength(2));
    expect(pcs.all).toHaveLength(3);
    media.handleOffer({ ...OFFER, revision: 1 });
    await vi.waitFor(() => expect(signal.answers).toHaveLength(2));
    expect(media.remoteTracks.map((t) => t.participantId)).toEqual(['teacher']);
    media.close();
  });

  it('an ICE failure sends RestartMediaRequest first, then starts again', async () => {
    const { media, signal, pcs } = setup();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([]);
    await vi.waitFor(() => expect(signal.publishes).toHaveLength(1));
    (pcs.all[0] as FakePeerConnection).setConnectionState('failed');
    await vi.waitFor(() => expect(signal.publishes).toHaveLength(2));
    expect(signal.log.filter((l) => l === 'restart' || l === 'publish')).toEqual(['publish', 'restart', 'publish']);
    media.close();
  });

  it('retries a failed publish with backoff', async () => {
    vi.useFakeTimers();
    const { media, signal, health } = setup();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    signal.failNextPublish = new Error('UNAVAILABLE');
    media.start([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(health.at(-1)).toBe('failed');
    expect(signal.publishes).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1000);
    expect(signal.publishes).toHaveLength(2);
    media.close();
  });

  it('keeps connected media after a resume, restarts broken media', async () => {
    const { media, signal, pcs } = setup();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([]);
    media.handleOffer(OFFER);
    await vi.waitFor(() => expect(signal.answers).toHaveLength(1));
    for (const pc of pcs.all) pc.setConnectionState('connected');
    await media.afterResume();
    expect(signal.restarts).toBe(0);
    (pcs.all[1] as FakePeerConnection).setConnectionState('disconnected');
    await media.afterResume();
    expect(signal.restarts).toBe(1);
    media.close();
  });

  it('a client without devices publishes nothing but still receives', async () => {
    const { media, signal, pcs } = setup();
    await media.setSource('microphone', null, false);
    await media.setSource('camera', null, false);
    media.start([]);
    media.handleOffer(OFFER);
    await vi.waitFor(() => expect(signal.answers).toHaveLength(1));
    expect(signal.publishes).toHaveLength(0);
    expect(pcs.all).toHaveLength(2);
    media.close();
  });

  it('turning the camera on later adds it and renegotiates; toggling it again only swaps the track', async () => {
    const { media, signal } = setup();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([]);
    await vi.waitFor(() => expect(signal.publishes).toHaveLength(1));
    await media.setSource('camera', new FakeMediaStreamTrack('video'), true);
    expect(signal.publishes).toHaveLength(2);
    expect(signal.publishes[1]?.tracks.map((t) => t.source)).toEqual(['microphone', 'camera']);
    await media.setSource('camera', null, true);
    await media.setSource('camera', new FakeMediaStreamTrack('video'), true);
    expect(signal.publishes).toHaveLength(2);
    media.close();
  });
});
