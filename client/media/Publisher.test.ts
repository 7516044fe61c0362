import { describe, expect, it } from 'vitest';
import { Publisher } from './Publisher.js';
import { fakePeerConnections, type FakePeerConnection, type FakeTransceiver } from './testing/FakePeerConnection.js';
import { FakeMediaStreamTrack } from './testing/FakeMediaStreamTrack.js';
import { FakeSignal } from './testing/FakeSignal.js';

function setup() {
  const pcs = fakePeerConnections();
  const signal = new FakeSignal();
  const publisher = new Publisher({ config: {}, signal, createPeerConnection: pcs.factory });
  const pc = pcs.all[0] as FakePeerConnection;
  return { publisher, pc, signal };
}

describe('Publisher', () => {
  it('offers microphone and camera, lists every track by mid, and applies the answer', async () => {
    const { publisher, pc, signal } = setup();
    await publisher.setTrack('microphone', new FakeMediaStreamTrack('audio'));
    await publisher.setTrack('camera', new FakeMediaStreamTrack('video'));
    await publisher.negotiate();
    expect(signal.publishes).toHaveLength(1);
    expect(signal.publishes[0]?.tracks).toEqual([
      { mid: '0', source: 'microphone' },
      { mid: '1', source: 'camera' },
    ]);
    expect(pc.transceivers.map((t) => t.direction)).toEqual(['sendonly', 'sendonly']);
    expect(pc.signalingState).toBe('stable');
  });

  it('sends the camera as three simulcast layers ordered high, medium, low', async () => {
    const { publisher, pc } = setup();
    await publisher.setTrack('camera', new FakeMediaStreamTrack('video'));
    const encodings = (pc.transceivers[0] as FakeTransceiver).sender.encodings;
    expect(encodings.map((e) => e.rid)).toEqual(['h', 'm', 'l']);
    expect(encodings.map((e) => e.scaleResolutionDownBy)).toEqual([1, 2, 4]);
    const bitrates = encodings.map((e) => e.maxBitrate ?? 0);
    expect(bitrates[0]).toBeGreaterThan(bitrates[1] ?? 0);
    expect(bitrates[1]).toBeGreaterThan(bitrates[2] ?? 0);
  });

  it('keeps a camera transceiver while the camera is off, so turning it on needs no renegotiation', async () => {
    const { publisher, pc, signal } = setup();
    await publisher.setTrack('camera', null, true);
    await publisher.negotiate();
    expect(signal.publishes[0]?.tracks).toEqual([{ mid: '0', source: 'camera' }]);
    const camera = new FakeMediaStreamTrack('video');
    await publisher.setTrack('camera', camera);
    await publisher.setTrack('camera', null);
    expect((pc.transceivers[0] as FakeTransceiver).sender.replaced).toEqual([camera, null]);
    expect(signal.publishes).toHaveLength(1);
  });

  it('publishes nothing without devices', async () => {
    const { publisher, signal } = setup();
    await publisher.setTrack('microphone', null, false);
    await publisher.negotiate();
    expect(publisher.hasTransceivers).toBe(false);
    expect(signal.publishes).toHaveLength(0);
  });

  it('holds ICE candidates until the PublishRequest is out', async () => {
    const { publisher, pc, signal } = setup();
    await publisher.setTrack('microphone', new FakeMediaStreamTrack('audio'));
    pc.emitCandidate('candidate:a');
    await publisher.negotiate();
    pc.emitCandidate(null);
    expect(signal.log).toEqual(['publish', 'trickle:publisher:candidate:a', 'trickle:publisher:end']);
  });

  it('merges renegotiations asked for while one is running', async () => {
    const { publisher, signal } = setup();
    await publisher.setTrack('microphone', new FakeMediaStreamTrack('audio'));
    const first = publisher.negotiate();
    await publisher.setTrack('camera', new FakeMediaStreamTrack('video'));
    const second = publisher.negotiate();
    const third = publisher.negotiate();
    await Promise.all([first, second, third]);
    expect(signal.publishes).toHaveLength(2);
    expect(signal.publishes[1]?.tracks.map((t) => t.source)).toEqual(['microphone', 'camera']);
  });

  it('emits failed when the connection fails, and close() is safe twice', () => {
    const { publisher, pc } = setup();
    let failed = 0;
    publisher.on('failed', () => failed++);
    pc.setConnectionState('failed');
    expect(failed).toBe(1);
    publisher.close();
    publisher.close();
    expect(pc.closed).toBe(true);
  });
});
