import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MediaClient, type TransportControllerLoader } from './MediaClient.js';
import { fakePeerConnections } from './testing/FakePeerConnection.js';
import { FakeMediaStreamTrack } from './testing/FakeMediaStreamTrack.js';
import { FakeSignal } from './testing/FakeSignal.js';
import { fakeConsumer, fakeDevice, fakeRouterCapabilities, FakeTransportSignal } from './testing/FakeTransportSignal.js';
import { TransportController } from './transport/TransportController.js';

/** One signal object for both negotiations, as the session gives. */
function signals() {
  const sdp = new FakeSignal();
  const transport = new FakeTransportSignal();
  return {
    sdp,
    transport,
    both: {
      publish: sdp.publish.bind(sdp),
      answer: sdp.answer.bind(sdp),
      trickle: sdp.trickle.bind(sdp),
      restartMedia: transport.restartMedia.bind(transport),
      mediaSetup: transport.mediaSetup.bind(transport),
      connectTransport: transport.connectTransport.bind(transport),
      produce: transport.produce.bind(transport),
      unpublish: transport.unpublish.bind(transport),
      resumeConsumer: transport.resumeConsumer.bind(transport),
      restartIce: transport.restartIce.bind(transport),
    },
  };
}

beforeEach(() => {
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

describe('MediaClient', () => {
  it('negotiates with SDP when the JoinResponse says SDP, and never loads the transport library', async () => {
    const s = signals();
    const load = vi.fn<TransportControllerLoader>();
    const media = new MediaClient({ signal: s.both, createPeerConnection: fakePeerConnections().factory, loadTransportController: load });
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([], { negotiation: 'sdp' });
    await vi.waitFor(() => expect(s.sdp.publishes).toHaveLength(1));
    expect(media.negotiation).toBe('sdp');
    expect(load).not.toHaveBeenCalled();
    media.handleConsumers({ transportId: 'r', added: [], removed: [] }); // not ours: ignored
    media.close();
  });

  it('negotiates with transports when the JoinResponse says TRANSPORT: sources set before the join are produced, pushes reach the controller', async () => {
    const s = signals();
    const { device } = fakeDevice();
    const load: TransportControllerLoader = async (options) => new TransportController({ ...options, createDevice: () => device });
    const media = new MediaClient({ signal: s.both, loadTransportController: load });
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    await media.setSource('camera', new FakeMediaStreamTrack('video'), true);
    const tracks: number[] = [];
    media.on('remoteTracks', (t) => tracks.push(t.length));
    media.start([], { negotiation: 'transport', rtpCapabilities: fakeRouterCapabilities() });
    await vi.waitFor(() => expect(s.transport.produced.map((p) => p.source).sort()).toEqual(['camera', 'microphone']));
    expect(media.negotiation).toBe('transport');
    media.handleOffer({ revision: 1, sdp: 'v=0', tracks: [] }); // not ours: ignored
    media.handleConsumers({ transportId: s.transport.lastRecvId, added: [fakeConsumer('c1', 'teacher', 'camera')], removed: [] });
    await vi.waitFor(() => expect(tracks.at(-1)).toBe(1));
    expect(s.sdp.publishes).toHaveLength(0);
    media.close();
    expect(media.health).toBe('idle');
  });

  it('a new participant on a server that now negotiates otherwise starts over with the other controller', async () => {
    const s = signals();
    const { device } = fakeDevice();
    const media = new MediaClient({
      signal: s.both,
      createPeerConnection: fakePeerConnections().factory,
      loadTransportController: async (options) => new TransportController({ ...options, createDevice: () => device }),
    });
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([], { negotiation: 'sdp' });
    await vi.waitFor(() => expect(s.sdp.publishes).toHaveLength(1));
    media.restartFresh([], { negotiation: 'transport', rtpCapabilities: fakeRouterCapabilities() });
    await vi.waitFor(() => expect(s.transport.produced.map((p) => p.source)).toEqual(['microphone']));
    expect(media.negotiation).toBe('transport');
    media.close();
  });
});
