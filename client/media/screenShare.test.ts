import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MediaController } from './MediaController.js';
import { Publisher } from './Publisher.js';
import { fakePeerConnections, parseFakeSdp, type FakePeerConnection, type FakeTransceiver } from './testing/FakePeerConnection.js';
import { FakeMediaStreamTrack } from './testing/FakeMediaStreamTrack.js';
import { FakeSignal } from './testing/FakeSignal.js';

beforeEach(() => {
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe('Publisher: screen share', () => {
  function setup() {
    const pcs = fakePeerConnections();
    const signal = new FakeSignal();
    const publisher = new Publisher({ config: {}, signal, createPeerConnection: pcs.factory });
    return { publisher, signal, pc: pcs.all[0] as FakePeerConnection };
  }

  it('adds the screen as a third track with one encoding and lists it as SCREEN', async () => {
    const { publisher, signal, pc } = setup();
    await publisher.setTrack('microphone', new FakeMediaStreamTrack('audio'));
    await publisher.setTrack('camera', new FakeMediaStreamTrack('video'));
    await publisher.negotiate();
    await publisher.setTrack('screen', new FakeMediaStreamTrack('video'));
    await publisher.negotiate();
    expect(signal.publishes).toHaveLength(2);
    expect(signal.publishes[1]?.tracks).toEqual([
      { mid: '0', source: 'microphone' },
      { mid: '1', source: 'camera' },
      { mid: '2', source: 'screen' },
    ]);
    expect((pc.transceivers[2] as FakeTransceiver).sender.encodings).toHaveLength(1);
  });

  it('stopping the share sets its transceiver inactive and renegotiates without it; a new share reuses it', async () => {
    const { publisher, signal, pc } = setup();
    await publisher.setTrack('camera', new FakeMediaStreamTrack('video'));
    const first = new FakeMediaStreamTrack('video');
    await publisher.setTrack('screen', first);
    await publisher.negotiate();
    await publisher.deactivate('screen');
    await publisher.negotiate();
    expect(signal.publishes[1]?.tracks).toEqual([{ mid: '0', source: 'camera' }]);
    expect(parseFakeSdp(signal.publishes[1]?.sdp ?? '').map((s) => s.direction)).toEqual(['sendonly', 'inactive']);
    expect((pc.transceivers[1] as FakeTransceiver).sender.track).toBeNull();
    expect(publisher.isActive('screen')).toBe(false);

    const second = new FakeMediaStreamTrack('video');
    await publisher.setTrack('screen', second);
    await publisher.negotiate();
    expect(pc.transceivers).toHaveLength(2);
    expect(signal.publishes[2]?.tracks).toEqual([
      { mid: '0', source: 'camera' },
      { mid: '1', source: 'screen' },
    ]);
    expect((pc.transceivers[1] as FakeTransceiver).sender.track).toBe(second);
  });
});

describe('MediaController.setScreen', () => {
  function setup() {
    const pcs = fakePeerConnections();
    const signal = new FakeSignal();
    const media = new MediaController({ signal, createPeerConnection: pcs.factory, statsIntervalMs: 60_000 });
    return { media, signal };
  }

  it('publishes the screen in a renegotiation and drops it when the share stops', async () => {
    const { media, signal } = setup();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([]);
    await vi.waitFor(() => expect(signal.publishes).toHaveLength(1));
    await media.setScreen(new FakeMediaStreamTrack('video'));
    expect(signal.publishes[1]?.tracks.map((t) => t.source)).toEqual(['microphone', 'screen']);
    await media.setScreen(null);
    expect(signal.publishes[2]?.tracks.map((t) => t.source)).toEqual(['microphone']);
    media.close();
  });

  it('rejects when the SFU refuses the share, and publishes again without the screen', async () => {
    const { media, signal } = setup();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([]);
    await vi.waitFor(() => expect(signal.publishes).toHaveLength(1));
    signal.failNextPublish = new Error('The teacher has not allowed you to share your screen');
    await expect(media.setScreen(new FakeMediaStreamTrack('video'))).rejects.toThrow(/not allowed/);
    expect(signal.publishes.at(-1)?.tracks.map((t) => t.source)).toEqual(['microphone']);
    media.close();
  });

  it('a screen shared before a MediaReset is published again on the fresh connection', async () => {
    const { media, signal } = setup();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([]);
    await vi.waitFor(() => expect(signal.publishes).toHaveLength(1));
    await media.setScreen(new FakeMediaStreamTrack('video'));
    media.handleReset('moved');
    await vi.waitFor(() => expect(signal.publishes).toHaveLength(3));
    expect(signal.publishes[2]?.tracks.map((t) => t.source)).toEqual(['microphone', 'screen']);
    media.close();
  });
});
