/**
 * What only the Janus engine has (the shared engine suite, testkit/engineContract.ts run by
 * janus.engine.int.test.ts, covers publishing, subscriptions, layers, mute, bad input, trickle,
 * talking and supervision): subscriber offers and their revisions, renegotiation of a publisher.
 * Real Janus 1.1.2, real libwebrtc bots (@roamhq/wrtc).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublisherBot, SubscriberBot, autoAnswer, waitFor } from '../testkit/mediaBots.js';
import { processesMentioning, startTestEngine, type TestEngine } from '../testkit/janusEngine.js';
import type { SdpMediaRoom as MediaRoom, PublishedStream } from './index.js';

const bots: Array<{ close(): void }> = [];
function track<T extends { close(): void }>(bot: T): T {
  bots.push(bot);
  return bot;
}

/** Publishes a bot as `peerId` and waits until its PeerConnection is up. */
async function publish(room: MediaRoom, peerId: string, bot: PublisherBot): Promise<PublishedStream[]> {
  const { sdp, tracks } = await bot.offer();
  const { answerSdp, streams } = await room.publish(peerId, sdp, tracks);
  await bot.accept(answerSdp);
  await bot.waitConnected();
  return streams;
}

describe('Janus media engine with real WebRTC bots', () => {
  let t: TestEngine;

  beforeAll(async () => {
    t = await startTestEngine({ instances: 1 });
  });

  afterAll(async () => {
    for (const b of bots) b.close();
    const dir = t?.runtimeDir;
    await t?.dispose();
    if (dir) expect(await processesMentioning(dir)).toEqual([]);
  });

  it('a new publisher brings every subscriber a newer offer; a removed one, an offer without it', async () => {
    const room = await t.engine.createRoom('room-b');
    const subs = ['s1', 's2'].map((id) => ({ id, bot: track(new SubscriberBot()) }));
    const errors: unknown[] = [];
    // What the signaling layer does: subscribe everyone to every stream but their own.
    room.on('streamsChanged', (streams) => {
      for (const s of subs) {
        const refs = streams.filter((x) => x.peerId !== s.id).map((x) => ({ peerId: x.peerId, label: x.label }));
        room.setSubscriptions(s.id, refs).catch((err: unknown) => errors.push(err));
      }
    });
    for (const s of subs) autoAnswer(room, s.id, s.bot, errors);

    await publish(room, 'alice', track(new PublisherBot()));
    for (const s of subs) await s.bot.waitFlowing({ peerId: 'alice', label: 'camera' });
    const firstRevisions = subs.map((s) => s.bot.lastOffer?.revision ?? 0);

    await publish(room, 'bob', track(new PublisherBot()));
    for (const s of subs) {
      await s.bot.waitFlowing({ peerId: 'bob', label: 'microphone' });
      await s.bot.waitFlowing({ peerId: 'bob', label: 'camera' });
      const offer = s.bot.lastOffer;
      expect(offer?.revision).toBeGreaterThan(firstRevisions[subs.indexOf(s)] ?? 0);
      expect(offer?.streams.map((x) => `${x.peerId}/${x.label}/${x.kind}`).sort()).toEqual([
        'alice/camera/video',
        'alice/microphone/audio',
        'bob/camera/video',
        'bob/microphone/audio',
      ]);
    }

    const beforeRemoval = subs.map((s) => s.bot.lastOffer?.revision ?? 0);
    await room.removePeer('alice');
    expect(room.streams().map((x) => x.peerId)).toEqual(['bob', 'bob']);
    for (const [i, s] of subs.entries()) {
      const offer = await waitFor('an offer without alice', () => {
        const o = s.bot.lastOffer;
        return o && o.revision > (beforeRemoval[i] ?? 0) && !o.streams.some((x) => x.peerId === 'alice') ? o : undefined;
      });
      expect(offer.streams.map((x) => x.peerId)).toEqual(['bob', 'bob']);
      await s.bot.waitFlowing({ peerId: 'bob', label: 'camera' });
    }
    // An answer to an offer that is no longer the latest is ignored, not an error.
    await room.answerSubscriber('s1', 1, 'v=0\r\n');
    expect(errors).toEqual([]);
    await room.close();
  });

  it('a renegotiation adds a screen track; one that no longer sends it unpublishes it', async () => {
    const room = await t.engine.createRoom('room-g');
    const pub = track(new PublisherBot());
    await publish(room, 'teacher', pub);
    await waitFor('published', () => room.streams().length === 2);
    const sub = track(new SubscriberBot());
    const errors: unknown[] = [];
    autoAnswer(room, 'student', sub, errors);
    const refsOf = (streams: PublishedStream[]) => streams.map((x) => ({ peerId: x.peerId, label: x.label }));
    room.on('streamsChanged', (streams) => void room.setSubscriptions('student', refsOf(streams)).catch((e: unknown) => errors.push(e)));
    await room.setSubscriptions('student', refsOf(room.streams()));
    await sub.waitFlowing({ peerId: 'teacher', label: 'camera' });

    pub.addScreen();
    const withScreen = await pub.offer();
    expect(withScreen.tracks.map((x) => x.label)).toEqual(['microphone', 'camera', 'screen']);
    const renegotiated = await room.publish('teacher', withScreen.sdp, withScreen.tracks);
    await pub.accept(renegotiated.answerSdp);
    expect(renegotiated.streams.map((x) => x.label)).toEqual(['microphone', 'camera', 'screen']);
    const screen = await sub.waitFlowing({ peerId: 'teacher', label: 'screen' });
    expect([screen.width, screen.height]).toEqual([640, 360]);

    pub.stopSending('screen');
    const without = await pub.offer();
    expect(without.tracks.map((x) => x.label)).toEqual(['microphone', 'camera']);
    await pub.accept((await room.publish('teacher', without.sdp, without.tracks)).answerSdp);
    expect(room.streams().map((x) => x.label)).toEqual(['microphone', 'camera']);
    await waitFor('an offer without the screen', () => sub.lastOffer && !sub.lastOffer.streams.some((x) => x.label === 'screen'));
    await sub.waitFlowing({ peerId: 'teacher', label: 'camera' });
    expect(errors).toEqual([]);
    await room.close();
  });
});
