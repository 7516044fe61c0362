/**
 * The shared engine suite (testkit/engineContract.ts) on mediasoup: real workers, real
 * mediasoup-client peers on @roamhq/wrtc. ICE: restartIce on both transports, and ICE over TCP
 * only (the worker's one TCP port); bad input: malformed capabilities, parameters and DTLS
 * parameters, a codec the routers do not take, producing before connecting.
 */
import { describe, expect } from 'vitest';
import { describeEngineContract, type BadInput, type IceCase } from '../testkit/engineContract.js';
import { TransportTestPeer } from '../testkit/enginePeers.js';
import { alive, startTestMediasoupEngine } from '../testkit/mediasoupEngine.js';
import type { RtpParameters } from './index.js';

const vp8: RtpParameters = { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ ssrc: 1111 }] };

const badInputs: BadInput[] = [
  { name: 'malformed RTP capabilities', run: (r, p) => r.connectPeer(p, { codecs: [{ kind: 'video', mimeType: 'nonsense', clockRate: 90000 }] }) },
  { name: 'producing before setting up transports', run: (r, p) => r.produce(p, { label: 'camera', kind: 'video', rtpParameters: vp8 }) },
  {
    name: 'malformed RTP parameters',
    run: async (r, p) => {
      await r.connectPeer(p, r.rtpCapabilities);
      return r.produce(p, { label: 'camera', kind: 'video', rtpParameters: { codecs: [{ mimeType: 'video/VP8', payloadType: 'x' as never, clockRate: 90000 }] } });
    },
  },
  {
    name: 'a codec the room does not take (H264)',
    run: (r, p) => r.produce(p, { label: 'camera', kind: 'video', rtpParameters: { codecs: [{ mimeType: 'video/H264', payloadType: 102, clockRate: 90000 }], encodings: [{ ssrc: 2222 }] } }),
  },
  { name: 'an audio codec sent as video', run: (r, p) => r.produce(p, { label: 'camera', kind: 'video', rtpParameters: { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }], encodings: [{ ssrc: 3333 }] } }) },
  { name: 'DTLS parameters without fingerprints', run: (r, p) => r.connectTransport(p, 'send', { fingerprints: 'none' } as never) },
];

const iceCases: IceCase[] = [
  {
    name: 'restartIce on both transports keeps media flowing',
    run: async (room, track) => {
      const pub = track(new TransportTestPeer(room, 'teacher'));
      await pub.publish();
      const sub = track(new TransportTestPeer(room, 'student'));
      await sub.receive();
      await room.setSubscriptions('student', [{ peerId: 'teacher', label: 'camera' }]);
      await sub.waitFlowing({ peerId: 'teacher', label: 'camera' });
      await pub.restartIce('send');
      await sub.restartIce('recv');
      await sub.waitFlowing({ peerId: 'teacher', label: 'camera' }, 10_000, 30);
      expect([pub.connectionState('send'), sub.connectionState('recv')]).toEqual(['connected', 'connected']);
    },
  },
  {
    name: 'over TCP only (the worker’s TCP port)',
    run: async (room, track) => {
      const pub = track(new TransportTestPeer(room, 'teacher', { tcpOnly: true }));
      await pub.publish();
      const sub = track(new TransportTestPeer(room, 'student', { tcpOnly: true }));
      await sub.receive();
      await room.setSubscriptions('student', [{ peerId: 'teacher', label: 'microphone' }, { peerId: 'teacher', label: 'camera' }]);
      await sub.waitFlowing({ peerId: 'teacher', label: 'microphone' });
      const video = await sub.waitFlowing({ peerId: 'teacher', label: 'camera' });
      expect(video.width).toBe(320);
    },
  },
];

describe('mediasoup engine (shared suite)', () => {
  describeEngineContract({
    kind: 'mediasoup',
    start: async (instances) => {
      const t = await startTestMediasoupEngine({ workers: instances });
      return { engine: t.engine, instanceOf: (id) => t.engine.instanceOf(id), pids: () => t.pids(), dispose: () => t.dispose() };
    },
    badInputs,
    iceCases,
    alive,
  });
});
