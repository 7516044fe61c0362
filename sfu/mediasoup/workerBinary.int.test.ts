/**
 * The worker `npm run media:build` put in the cache (npm test runs it first) starts, works and
 * closes; its SRTP library is the one its stamp names; SRTP round trips through it with every
 * crypto suite mediasoup offers (the libsrtp 3 -> 2.5 compatibility header is on that path); a
 * real WebRTC client completes a DTLS handshake (the patch's BIO fix: without it the worker,
 * built against Debian's OpenSSL, crashes on the first handshake);
 * the backported incoming RTP size limit keeps a hostile packet from aborting it.
 */
import dgram from 'node:dgram';
import { readFileSync } from 'node:fs';
import { createWorker, type types } from 'mediasoup';
import { Device, type types as client } from 'mediasoup-client';
import { afterEach, describe, expect, it } from 'vitest';
import { syntheticAudio, waitFor, wrtc } from '../../testkit/mediaSources.js';
import { workerForEngine } from './workerBinary.js';

// mediasoup-client looks the WebRTC classes up as globals, as in a browser: wrtc's.
for (const name of ['RTCPeerConnection', 'RTCSessionDescription', 'RTCIceCandidate', 'MediaStream', 'MediaStreamTrack', 'RTCRtpSender', 'RTCRtpReceiver', 'RTCRtpTransceiver']) {
  const g = globalThis as Record<string, unknown>;
  const w = wrtc as unknown as Record<string, unknown>;
  if (g[name] === undefined && w[name] !== undefined) g[name] = w[name];
}

let worker: types.Worker | undefined;
afterEach(() => {
  worker?.close();
  worker = undefined;
});

async function start(): Promise<{ w: types.Worker; srtpLibrary: string }> {
  const found = workerForEngine(undefined);
  if (process.env.LOPHOC_REQUIRE_OPENSSL_SRTP === '1') expect(found.srtpLibrary).toBe('openssl');
  worker = await createWorker({ workerBin: found.workerBin, logLevel: 'warn' });
  return { w: worker, srtpLibrary: found.srtpLibrary };
}

type ClientTrack = NonNullable<NonNullable<Parameters<client.Transport['produce']>[0]>['track']>;

const OPUS = { kind: 'audio', mimeType: 'audio/opus', clockRate: 48000, channels: 2 } as const;

/** RTP from a DirectTransport through two PlainTransports with SRTP to another DirectTransport. */
async function srtpRoundTrip(w: types.Worker, suite: types.SrtpCryptoSuite, packets: number, payloadBytes: number): Promise<number> {
  const [r1, r2] = await Promise.all([w.createRouter({ mediaCodecs: [OPUS] }), w.createRouter({ mediaCodecs: [OPUS] })]);
  const opts = { listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true, comedia: false, enableSrtp: true, srtpCryptoSuite: suite } as const;
  const [t1, t2] = await Promise.all([r1.createPlainTransport(opts), r2.createPlainTransport(opts)]);
  await t1.connect({ ip: '127.0.0.1', port: t2.tuple.localPort, srtpParameters: t2.srtpParameters });
  await t2.connect({ ip: '127.0.0.1', port: t1.tuple.localPort, srtpParameters: t1.srtpParameters });
  const [d1, d2] = await Promise.all([r1.createDirectTransport(), r2.createDirectTransport()]);
  const ssrc = 11111111;
  const p1 = await d1.produce({ kind: 'audio', rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc }] } });
  const c1 = await t1.consume({ producerId: p1.id, rtpCapabilities: r1.rtpCapabilities });
  const p2 = await t2.produce({ kind: 'audio', rtpParameters: c1.rtpParameters });
  const c2 = await d2.consume({ producerId: p2.id, rtpCapabilities: r2.rtpCapabilities });
  let received = 0;
  c2.on('rtp', () => received++);
  for (let seq = 1; seq <= packets; seq++) {
    const b = Buffer.alloc(12 + payloadBytes, seq & 0xff);
    b[0] = 0x80;
    b[1] = 100;
    b.writeUInt16BE(seq, 2);
    b.writeUInt32BE(seq * 960, 4);
    b.writeUInt32BE(ssrc, 8);
    p1.send(b);
    await new Promise((r) => setTimeout(r, 10));
  }
  const deadline = Date.now() + 5000;
  while (received < packets && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  r1.close();
  r2.close();
  return received;
}

describe('the cached mediasoup worker', () => {
  it('starts, reports its resource usage and closes', async () => {
    const { w } = await start();
    const usage = await w.getResourceUsage();
    expect(usage.ru_maxrss).toBeGreaterThan(0);
    const closed = new Promise<void>((resolve) => w.on('subprocessclose', () => resolve()));
    w.close();
    await closed;
    expect(w.closed).toBe(true);
  });

  it('completes a DTLS handshake with a real WebRTC client (mediasoup-client on wrtc) and receives its audio over SRTP', { timeout: 60_000 }, async () => {
    const { w } = await start();
    const router = await w.createRouter({ mediaCodecs: [OPUS] });
    const server = await router.createWebRtcTransport({ listenInfos: [{ protocol: 'udp', ip: '127.0.0.1' }] });
    const device = new Device({ handlerName: 'Chrome111' });
    await device.load({ routerRtpCapabilities: router.rtpCapabilities as client.RtpCapabilities });
    const send = device.createSendTransport({
      id: server.id,
      iceParameters: server.iceParameters,
      iceCandidates: server.iceCandidates as client.IceCandidate[],
      dtlsParameters: server.dtlsParameters as client.DtlsParameters,
    });
    send.on('connect', ({ dtlsParameters }, ok, fail) => void server.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters }).then(ok, fail));
    send.on('produce', ({ kind, rtpParameters }, ok, fail) =>
      void server.produce({ kind, rtpParameters: rtpParameters as types.RtpParameters }).then((p) => ok({ id: p.id }), fail),
    );
    const audio = syntheticAudio();
    try {
      // wrtc's track stands for the DOM's MediaStreamTrack mediasoup-client is typed with.
      await send.produce({ track: audio.track as unknown as ClientTrack });
      await waitFor('DTLS connected', () => server.dtlsState === 'connected', 30_000);
      await waitFor('SRTP audio received', async () => ((await server.getStats())[0]?.rtpBytesReceived ?? 0) > 2000, 30_000);
      expect(w.died).toBe(false);
    } finally {
      audio.stop();
      send.close();
    }
  });

  it('runs on the SRTP library its stamp names: the OpenSSL build is static (no libsrtp2.so mapped), libcrypto is loaded', async () => {
    const { w, srtpLibrary } = await start();
    const maps = readFileSync(`/proc/${w.pid}/maps`, 'utf8');
    expect(maps).toMatch(/libcrypto\.so\.3/);
    if (srtpLibrary === 'openssl') {
      expect(maps).not.toMatch(/libsrtp2\.so/);
      expect(maps).not.toMatch(/libnss3\.so/);
    } else {
      expect(maps).toMatch(/\/lib\/x86_64-linux-gnu\/libsrtp2\.so\.1/);
    }
  });

  it('carries RTP over SRTP with every crypto suite it offers, small and MTU-sized packets', { timeout: 60_000 }, async () => {
    const { w } = await start();
    for (const suite of ['AEAD_AES_256_GCM', 'AEAD_AES_128_GCM', 'AES_CM_128_HMAC_SHA1_80', 'AES_CM_128_HMAC_SHA1_32'] as const) {
      expect(await srtpRoundTrip(w, suite, 30, 40), suite).toBe(30);
      expect(await srtpRoundTrip(w, suite, 10, 1160), `${suite} 1172-byte packets`).toBe(10);
    }
  });

  it('drops a received RTP packet over 2048 bytes (one with a 33 KB header extension aborted mediasoup 3.19.22) and keeps forwarding', { timeout: 30_000 }, async () => {
    const { w } = await start();
    let died: Error | undefined;
    w.on('died', (err) => (died = err));
    const router = await w.createRouter({ mediaCodecs: [OPUS] });
    const plain = { listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: true } as const;
    const input = await router.createPlainTransport({ ...plain, comedia: true });
    const producer = await input.produce({ kind: 'audio', rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 2222 }] } });
    const sink = dgram.createSocket('udp4');
    await new Promise<void>((r) => sink.bind(0, '127.0.0.1', r));
    const sizes: number[] = [];
    sink.on('message', (m) => sizes.push(m.length));
    const output = await router.createPlainTransport({ ...plain, comedia: false });
    await output.connect({ ip: '127.0.0.1', port: sink.address().port });
    await output.consume({ producerId: producer.id, rtpCapabilities: router.rtpCapabilities });
    const sender = dgram.createSocket('udp4');
    const send = (b: Buffer) => new Promise<void>((r) => sender.send(b, input.tuple.localPort, '127.0.0.1', () => r()));
    const rtp = (seq: number, extensionBytes: number, payloadBytes: number) => {
      const ext = extensionBytes > 0 ? 4 + extensionBytes : 0;
      const b = Buffer.alloc(12 + ext + payloadBytes, 0x55);
      b[0] = ext > 0 ? 0x90 : 0x80;
      b[1] = 100;
      b.writeUInt16BE(seq, 2);
      b.writeUInt32BE(seq * 960, 4);
      b.writeUInt32BE(2222, 8);
      if (ext > 0) {
        b.writeUInt16BE(0x1000, 12); // two-byte header extensions
        b.writeUInt16BE(extensionBytes / 4, 14);
        b.fill(0, 16, 16 + extensionBytes);
      }
      return b;
    };
    try {
      await send(rtp(1, 0, 100));
      await send(rtp(2, 33_000, 1000));
      await send(rtp(3, 0, 100));
      const deadline = Date.now() + 5000;
      while (sizes.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(died).toBeUndefined();
      // The two small packets (with the header extensions the consumer adds), not the big one.
      expect(sizes).toHaveLength(2);
      expect(Math.max(...sizes)).toBeLessThan(200);
      expect((await w.getResourceUsage()).ru_maxrss).toBeGreaterThan(0);
    } finally {
      sender.close();
      sink.close();
    }
  });
});
