/**
 * The shared engine suite (testkit/engineContract.ts) on Janus 1.1.2: real Janus processes, real
 * wrtc bots. ICE: trickled publisher candidates; bad input: invalid SDP, SDP Janus refuses, a
 * track the offer does not send.
 */
import { describe, expect } from 'vitest';
import { describeEngineContract, type BadInput, type IceCase } from '../testkit/engineContract.js';
import { processesMentioning, startTestEngine } from '../testkit/janusEngine.js';
import { PublisherBot, SubscriberBot, autoAnswer } from '../testkit/mediaBots.js';
import { aliveRunning } from '../testkit/mediasoupEngine.js';
import type { MediaRoom, SdpMediaRoom } from './index.js';

function sdp(room: MediaRoom): SdpMediaRoom {
  if (room.negotiation !== 'sdp') throw new Error('expected an sdp room');
  return room;
}

const refusedSdp = 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=sendonly\r\n';

const badInputs: BadInput[] = [
  { name: 'not an SDP', run: (r, p) => sdp(r).publish(p, 'not an sdp', [{ mid: '0', label: 'microphone' }]) },
  { name: 'an SDP Janus refuses', run: (r, p) => sdp(r).publish(p, refusedSdp, [{ mid: '0', label: 'microphone' }]) },
  {
    name: 'a track the offer does not send',
    run: async (r, p) => {
      const bot = new PublisherBot();
      try {
        return await sdp(r).publish(p, (await bot.offer()).sdp, [{ mid: '7', label: 'camera' }]);
      } finally {
        bot.close();
      }
    },
  },
];

const iceCases: IceCase[] = [
  {
    name: 'trickled publisher candidates',
    run: async (room, track) => {
      const candidates: Array<Promise<void>> = [];
      const errors: unknown[] = [];
      const bot = track(new PublisherBot({ onCandidate: (c) => candidates.push(sdp(room).trickle('speaker', 'publisher', c).catch((err: unknown) => void errors.push(err))) }));
      const { sdp: offer, tracks } = await bot.offer();
      expect(offer).not.toContain('a=candidate');
      const { answerSdp } = await sdp(room).publish('speaker', offer, tracks);
      await bot.accept(answerSdp);
      await bot.waitConnected();
      await Promise.all(candidates);
      expect(candidates.length).toBeGreaterThan(1);
      expect(errors).toEqual([]);
      const sub = track(new SubscriberBot());
      autoAnswer(sdp(room), 'viewer', sub);
      await room.setSubscriptions('viewer', [{ peerId: 'speaker', label: 'camera' }]);
      await sub.waitFlowing({ peerId: 'speaker', label: 'camera' });
    },
  },
];

describe('Janus engine (shared suite)', () => {
  describeEngineContract({
    kind: 'janus',
    start: async (instances) => {
      const t = await startTestEngine({ instances });
      const seen = new Set<number>();
      const record = () => Object.values(t.engine.instancePids()).forEach((pid) => pid !== undefined && seen.add(pid));
      record();
      t.engine.on('instanceUp', record);
      return {
        engine: t.engine,
        instanceOf: (id) => t.engine.instanceOf(id),
        pids: () => {
          record();
          return [...seen];
        },
        dispose: async () => {
          const dir = t.runtimeDir;
          await t.dispose();
          expect(await processesMentioning(dir)).toEqual([]);
        },
      };
    },
    badInputs,
    iceCases,
    alive: (pids) => aliveRunning('janus', pids),
  });
});
