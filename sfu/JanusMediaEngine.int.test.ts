/**
 * The media engine against a real Janus 1.1.2 and real libwebrtc bots (@roamhq/wrtc): media
 * really flows, offers follow the room, simulcast layers switch, server-side mute stops
 * packets, bad SDP is refused, and close() leaves no Janus process behind.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MediaError } from '../platform/index.js';
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

function nextStreamsChange(room: MediaRoom, predicate: (s: PublishedStream[]) => boolean, timeoutMs = 10_000): Promise<PublishedStream[]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no matching streamsChanged')), timeoutMs);
    const listener = (streams: PublishedStream[]) => {
      if (!predicate(streams)) return;
      clearTimeout(timer);
      room.off('streamsChanged', listener);
      resolve(streams);
    };
    room.on('streamsChanged', listener);
  });
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

  it('a publisher and 3 subscribers: every subscriber receives audio packets and decodes video', async () => {
    const room = await t.engine.createRoom('room-a');
    const changed = nextStreamsChange(room, (s) => s.length === 2);
    const streams = await publish(room, 'teacher', track(new PublisherBot()));
    expect(streams.map((s) => [s.label, s.kind, s.simulcast])).toEqual([
      ['microphone', 'audio', false],
      ['camera', 'video', false],
    ]);
    await changed;
    const refs = room.streams().map((s) => ({ peerId: s.peerId, label: s.label }));
    const subs = ['s1', 's2', 's3'].map((id) => ({ id, bot: track(new SubscriberBot()) }));
    const errors: unknown[] = [];
    for (const s of subs) {
      autoAnswer(room, s.id, s.bot, errors);
      await room.setSubscriptions(s.id, refs);
    }
    for (const s of subs) {
      const audio = await s.bot.waitFlowing({ peerId: 'teacher', label: 'microphone' });
      const video = await s.bot.waitFlowing({ peerId: 'teacher', label: 'camera' });
      expect(audio.packets).toBeGreaterThanOrEqual(8);
      expect(video.sinkFrames).toBeGreaterThan(0);
      expect([video.width, video.height]).toEqual([320, 240]);
    }
    expect(errors).toEqual([]);
    await room.close();
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

  it('setLayer switches the decoded resolution of a simulcast publisher; off stops its video', async () => {
    const room = await t.engine.createRoom('room-c');
    const pubBot = track(new PublisherBot({ width: 960, height: 540, simulcast: true }));
    const streams = await publish(room, 'teacher', pubBot);
    expect(streams.find((s) => s.label === 'camera')?.simulcast).toBe(true);
    await waitFor('published', () => room.streams().length === 2);
    const bot = track(new SubscriberBot());
    autoAnswer(room, 'viewer', bot);
    const camera = { peerId: 'teacher', label: 'camera' };
    await room.setLayer('viewer', camera, 'low');
    await room.setSubscriptions('viewer', [camera]);
    const size = async () => {
      const c = await bot.of(camera);
      return c ? `${c.width}x${c.height}` : '';
    };
    await waitFor('low layer', async () => (await size()) === '240x135', 15_000);
    await room.setLayer('viewer', camera, 'medium');
    await waitFor('medium layer', async () => (await size()) === '480x270', 15_000);
    await room.setLayer('viewer', camera, 'high');
    await waitFor('high layer', async () => (await size()) === '960x540', 15_000);

    await room.setLayer('viewer', camera, 'off');
    await new Promise((r) => setTimeout(r, 500));
    const off1 = (await bot.of(camera))?.packets ?? 0;
    await new Promise((r) => setTimeout(r, 1500));
    const off2 = (await bot.of(camera))?.packets ?? 0;
    expect(off2 - off1).toBeLessThanOrEqual(2);
    await room.setLayer('viewer', camera, 'low');
    await bot.waitFlowing(camera);
    await waitFor('low layer again', async () => (await size()) === '240x135', 15_000);
    await room.close();
  });

  it('setStreamEnabled(false) stops that stream at the subscribers, (true) resumes it', async () => {
    const room = await t.engine.createRoom('room-d');
    await publish(room, 'student', track(new PublisherBot()));
    await waitFor('published', () => room.streams().length === 2);
    const bot = track(new SubscriberBot());
    autoAnswer(room, 'teacher', bot);
    const mic = { peerId: 'student', label: 'microphone' };
    const cam = { peerId: 'student', label: 'camera' };
    await room.setSubscriptions('teacher', [mic, cam]);
    await bot.waitFlowing(mic);

    await room.setStreamEnabled(mic, false);
    await new Promise((r) => setTimeout(r, 500));
    const [a1, v1] = [(await bot.of(mic))?.packets ?? 0, (await bot.of(cam))?.packets ?? 0];
    await new Promise((r) => setTimeout(r, 1500));
    const [a2, v2] = [(await bot.of(mic))?.packets ?? 0, (await bot.of(cam))?.packets ?? 0];
    expect(a2 - a1).toBeLessThanOrEqual(2); // about 75 would arrive in 1.5 s
    expect(v2 - v1).toBeGreaterThan(5); // the camera still flows

    await room.setStreamEnabled(mic, true);
    await bot.waitFlowing(mic);
    await room.close();
  });

  it('refuses invalid SDP with a MediaError and keeps serving', async () => {
    const room = await t.engine.createRoom('room-e');
    const tracks = [{ mid: '0', label: 'microphone' }];
    await expect(room.publish('p', 'not an sdp', tracks)).rejects.toBeInstanceOf(MediaError);
    // Well-formed enough to reach Janus, which refuses it.
    const bogus = 'v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=sendonly\r\n';
    const refused = await room.publish('p', bogus, tracks).catch((err: unknown) => err);
    expect(refused).toBeInstanceOf(MediaError);
    expect((refused as MediaError).exposable).toBe(true);
    // A track the offer does not send.
    const bot = track(new PublisherBot());
    const { sdp } = await bot.offer();
    await expect(room.publish('p', sdp, [{ mid: '7', label: 'camera' }])).rejects.toBeInstanceOf(MediaError);
    // The same peer, the same room, a good offer: served.
    const { tracks: good } = await bot.offer();
    const { answerSdp } = await room.publish('p', sdp, good);
    await bot.accept(answerSdp);
    await bot.waitConnected();
    await room.close();
  });

  it('trickled publisher candidates connect, and a loud publisher is reported talking', async () => {
    const room = await t.engine.createRoom('room-f');
    const talking = new Promise<string>((resolve) => room.on('talking', (peerId, on) => on && resolve(peerId)));
    const candidates: Array<Promise<void>> = [];
    const trickleErrors: unknown[] = [];
    const bot = track(
      new PublisherBot({
        onCandidate: (c) => candidates.push(room.trickle('speaker', 'publisher', c).catch((err: unknown) => void trickleErrors.push(err))),
      }),
    );
    const { sdp, tracks } = await bot.offer();
    expect(sdp).not.toContain('a=candidate');
    const { answerSdp } = await room.publish('speaker', sdp, tracks);
    await bot.accept(answerSdp);
    await bot.waitConnected();
    await Promise.all(candidates);
    expect(candidates.length).toBeGreaterThan(1);
    expect(trickleErrors).toEqual([]);
    await expect(Promise.race([talking, new Promise((_, rej) => setTimeout(() => rej(new Error('no talking event')), 8_000))])).resolves.toBe('speaker');
    await room.close();
  });
});
