import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MediaHealth, RemoteTrack } from '../MediaTypes.js';
import { FakeMediaStreamTrack } from '../testing/FakeMediaStreamTrack.js';
import { fakeConsumer, fakeDevice, fakeRouterCapabilities, fakeTransport, FakeTransportSignal } from '../testing/FakeTransportSignal.js';
import { TransportController } from './TransportController.js';

function setup() {
  const signal = new FakeTransportSignal();
  const { device, handlers } = fakeDevice();
  const media = new TransportController({ signal, createDevice: () => device, statsIntervalMs: 60_000 });
  const health: MediaHealth[] = [];
  const remote: Array<readonly RemoteTrack[]> = [];
  media.on('health', (h) => health.push(h));
  media.on('remoteTracks', (t) => remote.push(t));
  const handler = (direction: 'send' | 'recv', index = -1) => handlers.filter((h) => h.direction === direction).at(index)?.handler;
  return { media, signal, health, remote, handler };
}

/** The codecs this project's router offers (Opus, VP8 and its RTX: sfu/mediasoup/routerCodecs.ts), which the fake device receives. */
function ourRouter() {
  const caps = fakeRouterCapabilities();
  return { ...caps, codecs: (caps.codecs ?? []).filter((c) => ['audio/opus', 'video/VP8'].includes(c.mimeType) || (c.mimeType === 'video/rtx' && c.parameters?.['apt'] === 101)) };
}

/** The transports of the JoinResponse and the teacher's microphone announced on the receive one. */
const joinTransports = () => ({ send: fakeTransport('send-join'), recv: fakeTransport('recv-join') });
const teacherMicrophone = () => ({ transportId: 'recv-join', added: [fakeConsumer('c1', 'teacher', 'microphone')], removed: [] });

/** The teacher's microphone is consumed, ours is not sent until the receive transport connects, then it is. */
async function expectSentAfterReceiveSide({ signal, handler }: ReturnType<typeof setup>): Promise<void> {
  await vi.waitFor(() => expect(signal.resumed).toEqual(['c1']));
  await new Promise((r) => setTimeout(r, 300));
  expect(signal.produced).toHaveLength(0);
  handler('recv')?.setConnectionState('connected');
  await vi.waitFor(() => expect(signal.produced.map((p) => p.source)).toEqual(['microphone']));
}

beforeEach(() => {
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => vi.restoreAllMocks());

describe('TransportController', () => {
  it('loads the router capabilities, sets up both transports in one request, and produces the microphone and a 3-layer camera (low -> high)', async () => {
    const { media, signal } = setup();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    await media.setSource('camera', new FakeMediaStreamTrack('video'), true);
    media.start([{ urls: ['turn:turn.example:3478'], username: 'u', credential: 'c' }], fakeRouterCapabilities());
    await vi.waitFor(() => expect(signal.produced).toHaveLength(2));
    expect(signal.log.slice(0, 4)).toEqual(['setup:1', 'connect:send', 'produce:microphone', 'produce:camera']);
    expect(signal.setups[0]?.codecs?.some((c) => c.mimeType === 'video/VP8')).toBe(true);
    const camera = signal.produced.find((p) => p.source === 'camera');
    expect(camera?.kind).toBe('video');
    expect(camera?.rtpParameters.encodings?.map((e) => e.scaleResolutionDownBy)).toEqual([4, 2, 1]);
    expect(camera?.rtpParameters.encodings?.map((e) => e.maxBitrate)).toEqual([100_000, 300_000, 800_000]);
    expect(signal.produced.find((p) => p.source === 'microphone')?.kind).toBe('audio');
    media.close();
  });

  it('consumes what the server announces (even before the set-up answer), resumes each consumer, and maps tracks to participants', async () => {
    const { media, signal, remote } = setup();
    const release = signal.hold();
    media.start([], fakeRouterCapabilities());
    await vi.waitFor(() => expect(signal.setups).toHaveLength(1));
    // The push overtakes the MediaSetupResponse: it waits for its transport.
    media.handleConsumers({ transportId: 'recv-1', added: [fakeConsumer('c1', 'teacher', 'microphone'), fakeConsumer('c2', 'teacher', 'camera')], removed: [] });
    media.handleConsumers({ transportId: 'recv-0', added: [fakeConsumer('stale', 'x', 'camera')], removed: [] });
    release();
    await vi.waitFor(() => expect(signal.resumed).toEqual(['c1', 'c2']));
    expect(media.remoteTracks.map((t) => `${t.participantId}/${t.source}/${t.kind}`)).toEqual(['teacher/microphone/audio', 'teacher/camera/video']);
    expect(new Set(media.remoteTracks.map((t) => t.mid)).size).toBe(2);
    media.handleConsumers({ transportId: 'recv-1', added: [], removed: ['c1'] });
    await vi.waitFor(() => expect(remote.at(-1)?.map((t) => t.source)).toEqual(['camera']));
    media.close();
  });

  it('uses the transports made at the join without a MediaSetupRequest, and consumes the pushes that followed the JoinResponse', async () => {
    const { media, signal } = setup();
    // Pushed right after the JoinResponse: before the controller has its transports.
    media.handleConsumers({ transportId: 'recv-join', added: [fakeConsumer('c1', 'teacher', 'microphone')], removed: [] });
    media.start([], ourRouter(), { send: fakeTransport('send-join'), recv: fakeTransport('recv-join') });
    await vi.waitFor(() => expect(signal.resumed).toEqual(['c1']));
    expect(signal.setups).toHaveLength(0);
    expect(media.remoteTracks.map((t) => `${t.participantId}/${t.source}`)).toEqual(['teacher/microphone']);
    media.close();
  });

  it('asks for transports of its own when its device does not receive what the router offers', async () => {
    const { media, signal } = setup();
    // mediasoup-client's fake router also offers H264 in a profile the fake browser lacks: the
    // server's assumption does not hold for this device.
    media.start([], fakeRouterCapabilities(), { send: fakeTransport('send-join'), recv: fakeTransport('recv-join') });
    await vi.waitFor(() => expect(signal.setups).toHaveLength(1));
    media.close();
  });

  it('a set-up again for a new participant (a failover) sends its own tracks at once, without waiting for the receive transport', async () => {
    const { media, signal } = setup();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([], fakeRouterCapabilities());
    await vi.waitFor(() => expect(signal.produced).toHaveLength(1));
    const release = signal.hold();
    media.restartFresh([]);
    await vi.waitFor(() => expect(signal.setups).toHaveLength(2));
    // The classmates' streams are announced before the set-up's answer (held for its transport).
    media.handleConsumers({ transportId: signal.lastRecvId, added: [fakeConsumer('c2', 'student', 'microphone')], removed: [] });
    release();
    await vi.waitFor(() => expect(signal.resumed).toContain('c2'));
    // The receive transport never connects here: the microphone goes out anyway, well before 1.5 s.
    await vi.waitFor(() => expect(signal.produced).toHaveLength(2), { timeout: 700 });
    media.close();
  });

  it('with something to receive, sends its own tracks once the receive transport connects (or after 1.5 s at most)', async () => {
    const first = setup();
    await first.media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    first.media.handleConsumers(teacherMicrophone());
    first.media.start([], ourRouter(), joinTransports());
    await expectSentAfterReceiveSide(first);
    first.media.close();

    // A receive transport that never connects holds our tracks back only for a while.
    const second = setup();
    await second.media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    second.media.handleConsumers(teacherMicrophone());
    const started = Date.now();
    second.media.start([], ourRouter(), joinTransports());
    await vi.waitFor(() => expect(second.signal.produced).toHaveLength(1), { timeout: 4000 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    second.media.close();
  });

  it('when the snapshot says someone publishes, waits for the receive transport even if the streams are announced after the set-up is ready', async () => {
    const cached = setup();
    await cached.media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    // A cached app loads mediasoup-client at once: the set-up is ready before the ConsumersChanged
    // that follows the JoinResponse has arrived (bench:netem's returning join).
    cached.media.start([], ourRouter(), joinTransports(), true);
    await new Promise((r) => setTimeout(r, 100));
    cached.media.handleConsumers(teacherMicrophone());
    await expectSentAfterReceiveSide(cached);
    cached.media.close();

    // Nobody publishes: our microphone goes out at once.
    const alone = setup();
    await alone.media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    alone.media.start([], ourRouter(), joinTransports(), false);
    await vi.waitFor(() => expect(alone.signal.produced).toHaveLength(1), { timeout: 700 });
    alone.media.close();
  });

  it('a track that arrives while the set-up waits for the receive side (a late device permission) waits too', async () => {
    const { media, signal, handler } = setup();
    media.start([], ourRouter(), joinTransports(), true);
    media.handleConsumers(teacherMicrophone());
    await vi.waitFor(() => expect(signal.resumed).toEqual(['c1']));
    // getUserMedia answers after the transports exist (bench:netem saw it in 1 returning join of 10).
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    await new Promise((r) => setTimeout(r, 300));
    expect(signal.produced).toHaveLength(0);
    handler('recv')?.setConnectionState('connected');
    await vi.waitFor(() => expect(signal.produced.map((p) => p.source)).toEqual(['microphone']));
    // Once the wait is over, a track goes out when it is given.
    await media.setSource('camera', new FakeMediaStreamTrack('video'), true);
    expect(signal.produced.map((p) => p.source)).toEqual(['microphone', 'camera']);
    media.close();
  });

  it("does not wait for the server's Ack of ConnectTransportRequest: consumers are resumed and the microphone produced meanwhile", async () => {
    const { media, signal } = setup();
    signal.connectAnswer = 'never';
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([], fakeRouterCapabilities());
    await vi.waitFor(() => expect(signal.setups).toHaveLength(1));
    media.handleConsumers({ transportId: 'recv-1', added: [fakeConsumer('c1', 'teacher', 'microphone')], removed: [] });
    await vi.waitFor(() => expect(signal.resumed).toEqual(['c1']));
    await vi.waitFor(() => expect(signal.produced.map((p) => p.source)).toEqual(['microphone']));
    expect(signal.log).toContain('connect:recv');
    expect(signal.log).toContain('connect:send');
    media.close();
  });

  it('sets the media up again when the server refuses to connect a transport', async () => {
    const { media, signal } = setup();
    signal.connectAnswer = 'refuse';
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([], fakeRouterCapabilities());
    await vi.waitFor(() => expect(signal.log).toContain('restartMedia'), { timeout: 3000 });
    // Not in a tight loop: one set-up again per retry delay (1 s, 2 s, ...), not hundreds.
    expect(signal.setups.length).toBeLessThanOrEqual(3);
    signal.connectAnswer = 'ack';
    await vi.waitFor(() => expect(signal.setups.length).toBeGreaterThanOrEqual(2), { timeout: 5000 });
    media.close();
  });

  it('turns the camera off and on by replacing the track, without another ProduceRequest', async () => {
    const { media, signal } = setup();
    const camera = new FakeMediaStreamTrack('video');
    await media.setSource('camera', camera, true);
    media.start([], fakeRouterCapabilities());
    await vi.waitFor(() => expect(signal.produced).toHaveLength(1));
    await media.setSource('camera', null, true);
    const again = new FakeMediaStreamTrack('video');
    await media.setSource('camera', again, true);
    expect(signal.produced).toHaveLength(1);
    expect(camera.stopped).toBe(false); // the tracks stay selfMedia's
    media.close();
  });

  it('a camera that was off at the start is produced when it is turned on', async () => {
    const { media, signal } = setup();
    await media.setSource('camera', null, true);
    media.start([], fakeRouterCapabilities());
    await vi.waitFor(() => expect(signal.setups).toHaveLength(1));
    await media.setSource('camera', new FakeMediaStreamTrack('video'), true);
    expect(signal.produced.map((p) => p.source)).toEqual(['camera']);
    media.close();
  });

  it('shares the screen as a producer of its own and unpublishes it when the share stops', async () => {
    const { media, signal } = setup();
    media.start([], fakeRouterCapabilities());
    await vi.waitFor(() => expect(signal.setups).toHaveLength(1));
    await vi.waitFor(() => expect(media.health).toBe('connected'));
    await media.setScreen(new FakeMediaStreamTrack('video'));
    const screen = signal.produced.find((p) => p.source === 'screen');
    expect(screen?.rtpParameters.encodings).toHaveLength(1);
    expect(screen?.rtpParameters.encodings?.[0]?.maxBitrate).toBe(1_200_000);
    await media.setScreen(null);
    expect(signal.log.at(-1)).toBe('unpublish:screen');
    media.close();
  });

  it('a failed transport restarts ICE first; failing again, it restarts the media and sets up anew', async () => {
    const { media, signal, handler } = setup();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([], fakeRouterCapabilities());
    await vi.waitFor(() => expect(signal.produced).toHaveLength(1));
    handler('send')?.setConnectionState('connected');
    await vi.waitFor(() => expect(media.health).toBe('connected'));
    handler('send')?.setConnectionState('failed');
    await vi.waitFor(() => expect(signal.log).toContain('restartIce:send'));
    expect(media.health).toBe('failed');
    handler('send')?.setConnectionState('connecting');
    handler('send')?.setConnectionState('failed');
    await vi.waitFor(() => expect(signal.log).toContain('setup:2'));
    expect(signal.log.filter((l) => l === 'restartMedia')).toHaveLength(1);
    await vi.waitFor(() => expect(signal.produced).toHaveLength(2));
    media.close();
  });

  it('a transport still not connected 10 s after its ICE restart gets a full restart', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { media, signal, handler } = setup();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([], fakeRouterCapabilities());
    await vi.waitFor(() => expect(signal.produced).toHaveLength(1));
    handler('send')?.setConnectionState('failed');
    await vi.waitFor(() => expect(signal.log).toContain('restartIce:send'));
    await vi.advanceTimersByTimeAsync(10_001);
    await vi.waitFor(() => expect(signal.log).toContain('setup:2'));
    media.close();
    vi.useRealTimers();
  });

  it('an ICE restart the server refuses goes straight to a full restart', async () => {
    const { media, signal, handler } = setup();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([], fakeRouterCapabilities());
    await vi.waitFor(() => expect(signal.produced).toHaveLength(1));
    signal.failNextRestartIce = true;
    handler('send')?.setConnectionState('failed');
    await vi.waitFor(() => expect(signal.log).toContain('setup:2'));
    expect(signal.log).toContain('restartMedia');
    media.close();
  });

  it('a restart for a new participant sends its MediaSetupRequest first, then closes the old transports (slow on a busy page)', async () => {
    const { media, signal, remote } = setup();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([], fakeRouterCapabilities());
    await vi.waitFor(() => expect(signal.produced).toHaveLength(1));
    media.handleConsumers({ transportId: 'recv-1', added: [fakeConsumer('c1', 'teacher', 'microphone')], removed: [] });
    await vi.waitFor(() => expect(media.remoteTracks).toHaveLength(1));
    // When the old tracks are dropped (the old transports closed), how many set-ups were sent.
    const setupsWhenClosed: number[] = [];
    media.on('remoteTracks', (tracks) => tracks.length === 0 && setupsWhenClosed.push(signal.setups.length));
    const release = signal.hold();
    media.restartFresh([]);
    await vi.waitFor(() => expect(setupsWhenClosed).toEqual([2]));
    expect(remote.at(-1)).toEqual([]);
    release();
    // The new transports produce the microphone again, and the new consumers arrive.
    await vi.waitFor(() => expect(signal.produced).toHaveLength(2));
    media.handleConsumers({ transportId: signal.lastRecvId, added: [fakeConsumer('c2', 'teacher', 'microphone')], removed: [] });
    await vi.waitFor(() => expect(media.remoteTracks.map((t) => t.participantId)).toEqual(['teacher']));
    media.close();
  });

  it('MediaReset drops both transports and the tracks, sets up again and ignores changes for the old receive transport', async () => {
    const { media, signal, remote } = setup();
    await media.setSource('microphone', new FakeMediaStreamTrack('audio'), true);
    media.start([], fakeRouterCapabilities());
    await vi.waitFor(() => expect(signal.produced).toHaveLength(1));
    media.handleConsumers({ transportId: 'recv-1', added: [fakeConsumer('c1', 'teacher', 'microphone')], removed: [] });
    await vi.waitFor(() => expect(media.remoteTracks).toHaveLength(1));
    media.handleReset('moved');
    await vi.waitFor(() => expect(remote.at(-1)).toEqual([]));
    await vi.waitFor(() => expect(signal.produced).toHaveLength(2));
    media.handleConsumers({ transportId: 'recv-1', added: [fakeConsumer('c9', 'teacher', 'camera')], removed: [] });
    media.handleConsumers({ transportId: signal.lastRecvId, added: [fakeConsumer('c2', 'teacher', 'microphone')], removed: [] });
    await vi.waitFor(() => expect(signal.resumed).toEqual(['c1', 'c2']));
    media.close();
    expect(media.health).toBe('idle');
  });
});
