import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MediaClient, type TransportControllerLoader } from './MediaClient.js';
import { FakeMediaStreamTrack } from './testing/FakeMediaStreamTrack.js';
import { fakeConsumer, fakeDevice, fakeRouterCapabilities, fakeTransport, FakeTransportSignal } from './testing/FakeTransportSignal.js';
import { TransportController } from './transport/TransportController.js';

beforeEach(() => {
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

function client() {
  const signal = new FakeTransportSignal();
  const { device } = fakeDevice();
  const load = vi.fn<TransportControllerLoader>(async (options) => new TransportController({ ...options, createDevice: () => device }));
  return { signal, load, media: new MediaClient({ signal, loadTransportController: load }) };
}

describe('MediaClient', () => {
  it('loads the transport library when made (while the join is on its way), sets up media only on start; sources set before are produced', async () => {
    const { signal, load, media } = client();
    // Loaded before any JoinResponse: its chunk is fetched while the WebSocket opens.
    expect(load).toHaveBeenCalledTimes(1);
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    await media.setSource('camera', new FakeMediaStreamTrack('video'), true);
    await new Promise((r) => setTimeout(r, 20));
    expect(signal.setups).toHaveLength(0);
    expect(media.started).toBe(false);
    const tracks: number[] = [];
    media.on('remoteTracks', (t) => tracks.push(t.length));
    media.start([], fakeRouterCapabilities());
    expect(media.health).toBe('connecting');
    await vi.waitFor(() => expect(signal.produced.map((p) => p.source).sort()).toEqual(['camera', 'microphone']));
    expect(media.started).toBe(true);
    media.handleConsumers({ transportId: signal.lastRecvId, added: [fakeConsumer('c1', 'teacher', 'camera')], removed: [] });
    await vi.waitFor(() => expect(tracks.at(-1)).toBe(1));
    media.close();
    expect(media.health).toBe('idle');
    expect(tracks.at(-1)).toBe(0);
  });

  it('a second start is ignored; a new participant sets its transports up again on the same controller', async () => {
    const { signal, load, media } = client();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([], fakeRouterCapabilities());
    media.start([], fakeRouterCapabilities());
    await vi.waitFor(() => expect(signal.produced.map((p) => p.source)).toEqual(['microphone']));
    media.restartFresh([], fakeRouterCapabilities());
    await vi.waitFor(() => expect(signal.setups).toHaveLength(2));
    await vi.waitFor(() => expect(signal.produced.map((p) => p.source)).toEqual(['microphone', 'microphone']));
    expect(load).toHaveBeenCalledTimes(1);
    media.close();
  });

  it('keeps the consumer changes pushed while the library loads (transports made at the join) and hands them over', async () => {
    const signal = new FakeTransportSignal();
    const { device } = fakeDevice();
    let release: () => void = () => undefined;
    const loaded = new Promise<void>((r) => (release = r));
    const media = new MediaClient({
      signal,
      loadTransportController: async (options) => {
        await loaded;
        return new TransportController({ ...options, createDevice: () => device });
      },
    });
    const router = fakeRouterCapabilities();
    const ours = { ...router, codecs: (router.codecs ?? []).filter((c) => c.preferredPayloadType !== undefined && c.preferredPayloadType <= 102) };
    media.start([], ours, { send: fakeTransport('send-join'), recv: fakeTransport('recv-join') });
    // The push that followed the JoinResponse, while mediasoup-client is still downloading.
    media.handleConsumers({ transportId: 'recv-join', added: [fakeConsumer('c1', 'teacher', 'microphone')], removed: [] });
    release();
    await vi.waitFor(() => expect(signal.resumed).toEqual(['c1']));
    expect(media.remoteTracks.map((t) => t.participantId)).toEqual(['teacher']);
    expect(signal.setups).toHaveLength(0);
    media.close();
  });

  it('a library that cannot load leaves the media failed, not a page error', async () => {
    const media = new MediaClient({ signal: new FakeTransportSignal(), loadTransportController: () => Promise.reject(new Error('chunk load failed')) });
    media.start([], fakeRouterCapabilities());
    await vi.waitFor(() => expect(media.health).toBe('failed'));
    media.close();
  });

  it('a session closed before its join was answered closes the controller it had loaded', async () => {
    const { signal, load, media } = client();
    const controller = await load.mock.results[0]!.value;
    media.close();
    await vi.waitFor(() => expect(controller.closed).toBe(true));
    expect(signal.setups).toHaveLength(0);
  });

  it('asks for the first sound behind the join only while the library is still loading', async () => {
    const asks: string[] = [];
    const firstSound = {
      firstSound: async () => {
        asks.push('ask');
        return null;
      },
      firstSoundConnect: async () => undefined,
      firstSoundClose: async () => undefined,
    };
    let release: () => void = () => undefined;
    const loaded = new Promise<void>((r) => (release = r));
    const { device } = fakeDevice();
    const slow = new MediaClient({
      signal: new FakeTransportSignal(),
      firstSound,
      loadTransportController: async (options) => {
        await loaded;
        return new TransportController({ ...options, createDevice: () => device });
      },
    });
    slow.askFirstSound();
    slow.askFirstSound();
    expect(asks).toEqual(['ask']);
    release();
    slow.close();

    const ready = new MediaClient({ signal: new FakeTransportSignal(), firstSound, loadTransportController: async (options) => new TransportController({ ...options, createDevice: () => device }) });
    await new Promise((r) => setTimeout(r, 0));
    ready.askFirstSound();
    ready.start([], fakeRouterCapabilities());
    expect(asks).toEqual(['ask']);
    ready.close();
  });
});
