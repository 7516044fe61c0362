import { describe, expect, it } from 'vitest';
import type { ParticipantView } from '../../classroom/index.js';
import { ManualClock, RateLimitedError, silentLogger, ValidationError } from '../../platform/index.js';
import type { RtpParameters } from '../../sfu/index.js';
import type { ServerBody } from '../codec/messages.js';
import { LessonMedia } from './LessonMedia.js';
import { FakeAudience as Audience } from './testing/FakeAudience.js';
import { MediaCallLimits } from './MediaCallLimits.js';
import { FAKE_ROUTER_CAPABILITIES, FakeTransportEngine, type FakeTransportRoom } from './testing/FakeTransportEngine.js';


const audio: RtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }] };
const video: RtpParameters = { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }], encodings: [{ rid: 'r0' }, { rid: 'r1' }, { rid: 'r2' }] };

function setup(limits?: MediaCallLimits) {
  const engine = new FakeTransportEngine();
  const audience = new Audience();
  const media = new LessonMedia('les1', engine, audience, silentLogger(), limits ? { limits } : {});
  const main = async () => {
    await media.rtpCapabilities();
    return engine.room('les1') as FakeTransportRoom;
  };
  return { engine, audience, media, main };
}

describe('LessonMedia', () => {
  it("gives the JoinResponse the router's capabilities", async () => {
    const { media } = setup();
    expect(await media.rtpCapabilities()).toEqual(FAKE_ROUTER_CAPABILITIES);
  });

  it('pauses a muted microphone in the SFU before its producer exists, and relays it once switched on', async () => {
    const { media, audience, main } = setup();
    const s1 = audience.add('s1', { micOn: false });
    const room = await main();
    await media.enter(s1);
    await media.setup('s1', FAKE_ROUTER_CAPABILITIES);
    await media.produce('s1', 'microphone', 'audio', audio);
    const ops = room.calls.filter((c) => c.peerId === 's1').map((c) => `${c.op}${c.op === 'setStreamEnabled' ? JSON.stringify(c.args) : ''}`);
    expect(ops).toEqual(['connectPeer', 'setStreamEnabled{"label":"microphone","enabled":false}', 'produce']);
    audience.add('s1', { micOn: true });
    await media.updated(audience.participant('s1') as ParticipantView);
    expect(room.enabled.get('s1/microphone')).toBe(true);
  });

  it('refuses a track whose kind does not fit its source, a screen from the handler is checked elsewhere', async () => {
    const { media, audience } = setup();
    audience.add('s1');
    await media.setup('s1', FAKE_ROUTER_CAPABILITIES);
    await expect(media.produce('s1', 'camera', 'audio', audio)).rejects.toThrow(/camera track must be video/);
  });

  it('holds consumer changes announced while the transports are created, then pushes them tagged with the new receive transport', async () => {
    const { media, audience, main } = setup();
    audience.add('t1', { role: 'teacher' });
    audience.add('s1');
    const room = await main();
    room.duringConnect = (peerId) =>
      room.consumersChanged(peerId, {
        added: [
          { id: 'c1', producerId: 'p1', peerId: 't1', label: 'camera', kind: 'video', rtpParameters: video },
          { id: 'c2', producerId: 'p2', peerId: 't1', label: 'recorder-probe', kind: 'audio', rtpParameters: audio },
        ],
        removed: [],
      });
    const { recv } = await media.setup('s1', FAKE_ROUTER_CAPABILITIES);
    const pushed = audience.of('consumersChanged');
    expect(pushed).toHaveLength(1);
    const body = pushed[0]?.body as Extract<ServerBody, { type: 'consumersChanged' }>;
    expect(body.transportId).toBe(recv.id);
    expect(body.added.map((c) => [c.id, c.participantId, c.source])).toEqual([['c1', 't1', 'camera']]);
    room.consumersChanged('s1', { added: [], removed: ['c1'] });
    expect((audience.of('consumersChanged')[1]?.body as { removed: string[] }).removed).toEqual(['c1']);
  });

  it('a resume that kept its transports gets its consumers announced again (the pushes of the outage are lost); a first entry does not', async () => {
    const { media, audience, main } = setup();
    const t1 = audience.add('t1', { role: 'teacher' });
    const s1 = audience.add('s1');
    const room = await main();
    await media.enter(t1);
    await media.enter(s1);
    await media.setup('t1', FAKE_ROUTER_CAPABILITIES);
    await media.produce('t1', 'camera', 'video', video);
    await new Promise((r) => setTimeout(r, 10));
    const subs = () => room.subscriptionLog.filter((c) => c.peerId === 's1').map((c) => c.streams);
    // Before its set-up, s1 has no transports to resync: entering again only subscribes.
    const first = subs().length;
    await media.enter(s1);
    expect(subs().slice(first)).toEqual([['t1/camera']]);
    await media.setup('s1', FAKE_ROUTER_CAPABILITIES);
    const before = subs().length;
    await media.enter(s1); // the hub enters a resumed participant again
    expect(subs().slice(before)).toEqual([[], ['t1/camera']]);
    expect(room.layers.get('s1<-t1/camera')).toBe('high');
  });

  it('subscribes everyone to every stream but their own, students at the low layer and the teacher high', async () => {
    const { media, audience, main } = setup();
    const t1 = audience.add('t1', { role: 'teacher' });
    const s1 = audience.add('s1');
    const room = await main();
    await media.enter(t1);
    await media.enter(s1);
    await media.setup('t1', FAKE_ROUTER_CAPABILITIES);
    await media.setup('s1', FAKE_ROUTER_CAPABILITIES);
    await media.produce('t1', 'camera', 'video', video);
    await media.produce('s1', 'camera', 'video', video);
    await new Promise((r) => setTimeout(r, 10));
    expect(room.subscriptions.get('s1')).toEqual([{ peerId: 't1', label: 'camera' }]);
    expect(room.subscriptions.get('t1')).toEqual([{ peerId: 's1', label: 'camera' }]);
    expect(room.layers.get('s1<-t1/camera')).toBe('high');
    expect(room.layers.get('t1<-s1/camera')).toBe('low');
  });

  it('a move to a breakout group removes the media from the old room, pushes MediaReset and starts in the new one', async () => {
    const { media, audience, engine, main } = setup();
    const s1 = audience.add('s1');
    const room = await main();
    await media.enter(s1);
    await media.setup('s1', FAKE_ROUTER_CAPABILITIES);
    const moved = audience.add('s1', { groupId: 'g1' });
    await media.moved(moved, '');
    expect(room.calls.some((c) => c.op === 'removePeer' && c.peerId === 's1')).toBe(true);
    expect(audience.of('mediaReset').map((p) => [p.to, (p.body as { reason: string }).reason])).toEqual([['s1', 'moved']]);
    expect(engine.room('les1/g1')).toBeDefined();
    const { recv } = await media.setup('s1', FAKE_ROUTER_CAPABILITIES);
    expect(recv.id).toMatch(/^recv-/);
    expect((engine.room('les1/g1') as FakeTransportRoom).calls.map((c) => c.op)).toEqual(['connectPeer']);
  });

  it('a set-up whose participant moved meanwhile is refused and leaves no peer behind', async () => {
    const { media, audience, main } = setup();
    audience.add('s1');
    const room = await main();
    room.duringConnect = () => audience.add('s1', { groupId: 'g2' });
    await expect(media.setup('s1', FAKE_ROUTER_CAPABILITIES)).rejects.toThrow(/start again/);
    expect(room.calls.at(-1)).toEqual({ op: 'removePeer', peerId: 's1' });
  });

  it('limits set-ups and productions per participant per minute with RATE_LIMITED', async () => {
    const limits = new MediaCallLimits(new ManualClock(0), { setup: 2, produce: 1, connect: 5, restartIce: 1 });
    const { media, audience } = setup(limits);
    audience.add('s1');
    await media.setup('s1', FAKE_ROUTER_CAPABILITIES);
    await media.setup('s1', FAKE_ROUTER_CAPABILITIES);
    await expect(media.setup('s1', FAKE_ROUTER_CAPABILITIES)).rejects.toBeInstanceOf(RateLimitedError);
    await media.produce('s1', 'microphone', 'audio', audio);
    await expect(media.produce('s1', 'camera', 'video', video)).rejects.toThrow(/Too many track publications/);
    await media.restartIce('s1', 'send');
    await expect(media.restartIce('s1', 'recv')).rejects.toBeInstanceOf(RateLimitedError);
    audience.add('s2');
    await media.setup('s2', FAKE_ROUTER_CAPABILITIES);
  });

  it('tells the room who talks and who speaks most, the teachers in the main room too, and a late joiner the current state', async () => {
    const { media, audience, engine } = setup();
    audience.add('t1', { role: 'teacher' });
    const s1 = audience.add('s1', { groupId: 'g1' });
    audience.add('s2', { groupId: 'g1' });
    await media.enter(s1);
    const g1 = engine.room('les1/g1') as FakeTransportRoom;
    g1.emitEvent('talking', 's1', true);
    g1.emitEvent('talking', 's1', true); // no change, no push
    g1.emitEvent('activeSpeaker', 's1');
    expect(audience.of('talking').map((p) => p.to).sort()).toEqual(['s1', 's2', 't1']);
    expect(audience.of('activeSpeaker').map((p) => p.to).sort()).toEqual(['s1', 's2', 't1']);
    const s3 = audience.add('s3', { groupId: 'g1' });
    audience.pushes.length = 0;
    await media.enter(s3);
    expect(audience.pushes.map((p) => [p.to, p.body])).toEqual([
      ['s3', { type: 'talking', participantId: 's1', talking: true }],
      ['s3', { type: 'activeSpeaker', participantId: 's1' }],
    ]);
    audience.pushes.length = 0;
    await media.remove('s1', 'g1');
    audience.people.delete('s1');
    expect(audience.pushes.filter((p) => p.to === 's2').map((p) => p.body)).toEqual([
      { type: 'talking', participantId: 's1', talking: false },
      { type: 'activeSpeaker', participantId: '' },
    ]);
  });

  it('a reset of the engine pushes MediaReset to everyone in the room and forgets who was talking', async () => {
    const { media, audience, main } = setup();
    const s1 = audience.add('s1');
    const room = await main();
    await media.enter(s1);
    room.emitEvent('talking', 's1', true);
    audience.pushes.length = 0;
    room.emitEvent('reset', 'worker died');
    expect(audience.pushes.map((p) => p.body.type)).toEqual(['talking', 'mediaReset']);
  });

  it('a peer reset (its media worker died, the lesson goes on) pushes MediaReset to that participant only, who can set up again', async () => {
    const { media, audience, main } = setup();
    const [s1, s2] = [audience.add('s1'), audience.add('s2')];
    const room = await main();
    for (const p of [s1, s2]) {
      await media.enter(p);
      await media.setup(p.id, FAKE_ROUTER_CAPABILITIES);
    }
    audience.pushes.length = 0;
    room.emitEvent('peerReset', 's2', 'media server mediasoup-1 stopped');
    room.emitEvent('peerReset', 'gone', 'media server mediasoup-1 stopped');
    expect(audience.pushes.map((p) => [p.to, p.body.type])).toEqual([['s2', 'mediaReset']]);
    const { recv } = await media.setup('s2', FAKE_ROUTER_CAPABILITIES);
    expect(recv.id).toMatch(/^recv-/);
  });

  it('a burst of publications (every page publishing again after a failover) costs each participant one update more, not one per publication', async () => {
    const { media, audience, main } = setup();
    const people = ['t1', 's1', 's2', 's3', 's4', 's5', 's6'].map((id) => audience.add(id, id === 't1' ? { role: 'teacher' } : {}));
    const room = await main();
    for (const p of people) await media.enter(p);
    for (const p of people) await media.setup(p.id, FAKE_ROUTER_CAPABILITIES);
    room.subscriptionLog.length = 0;
    await Promise.all(people.flatMap((p) => [media.produce(p.id, 'microphone', 'audio', audio), media.produce(p.id, 'camera', 'video', video)]));
    await new Promise((r) => setTimeout(r, 20));
    // 14 publications: one streamsChanged each; uncollapsed that was 14 updates for each of the 7.
    for (const p of people) {
      const updates = room.subscriptionLog.filter((u) => u.peerId === p.id);
      expect(updates.length, `${p.id}: ${updates.length} updates`).toBeLessThanOrEqual(3);
      expect(updates.at(-1)?.streams.length).toBe(12); // everyone's microphone and camera but its own
    }
  });
});
