import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ParticipantView } from '../../classroom/index.js';
import { NotFoundError, silentLogger, UnavailableError, ValidationError } from '../../platform/index.js';
import type { RtpParameters } from '../../sfu/index.js';
import { FIRST_SOUND_TIMEOUT_MS, FirstSounds } from './FirstSounds.js';
import { LessonMedia } from './LessonMedia.js';
import { FakeAudience as Audience } from './testing/FakeAudience.js';
import { FakeStreamListener } from './testing/FakeStreamListener.js';
import { FakeTransportEngine, fakeTransportOptions, type FakeTransportRoom } from './testing/FakeTransportEngine.js';


const opus: RtpParameters = { codecs: [{ mimeType: 'audio/opus', payloadType: 100, clockRate: 48000, channels: 2 }] };
const vp8: RtpParameters = { codecs: [{ mimeType: 'video/VP8', payloadType: 101, clockRate: 90000 }] };
const dtls = { role: 'client' as const, fingerprints: [{ algorithm: 'sha-256', value: 'AB:CD' }] };

/** A lesson whose teacher publishes its microphone, with one student in the main room. */
async function lesson(teacher: Partial<ParticipantView> = {}) {
  const engine = new FakeTransportEngine();
  const audience = new Audience();
  const media = new LessonMedia('les1', engine, audience, silentLogger());
  audience.add('t1', { role: 'teacher', ...teacher });
  audience.add('s1');
  await media.rtpCapabilities();
  const room = engine.room('les1') as FakeTransportRoom;
  await media.produce('t1', 'microphone', 'audio', opus);
  return { engine, audience, media, room };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("LessonMedia's first sound", () => {
  it("gives a student one receive transport with the teacher's microphone on it", async () => {
    const { media, room } = await lesson();
    const sound = await media.firstSound('s1');
    expect(room.calls.filter((c) => c.op === 'listen')).toEqual([{ op: 'listen', peerId: 's1', args: { peerId: 't1', label: 'microphone' } }]);
    const listener = room.listeners[0];
    expect(sound?.transport).toEqual(listener?.transport);
    expect(sound?.consumer).toMatchObject({ id: listener?.consumer.id, participantId: 't1', source: 'microphone', kind: 'audio' });
    expect(sound?.consumer.rtpParameters.codecs.map((c) => c.mimeType)).toEqual(['audio/opus']);
  });

  it("answers nothing to hear when no teacher's microphone is on", async () => {
    const engine = new FakeTransportEngine();
    const audience = new Audience();
    const media = new LessonMedia('les1', engine, audience, silentLogger());
    audience.add('t1', { role: 'teacher' });
    audience.add('s1');
    audience.add('s2');
    await media.rtpCapabilities();
    const room = engine.room('les1') as FakeTransportRoom;
    await media.produce('s2', 'microphone', 'audio', opus); // a student's microphone is not the teacher's
    await media.produce('t1', 'camera', 'video', vp8);
    expect(await media.firstSound('s1')).toBeUndefined();
    await media.produce('t1', 'microphone', 'audio', opus);
    audience.add('t1', { role: 'teacher', micOn: false }); // published, but switched off: paused in the SFU
    expect(await media.firstSound('s1')).toBeUndefined();
    expect(room.calls.filter((c) => c.op === 'listen')).toEqual([]);
  });

  it('takes the first teacher of the room whose microphone is on, never the asker itself', async () => {
    const { media, audience, room } = await lesson({ micOn: false });
    audience.add('t2', { role: 'teacher' });
    await media.produce('t2', 'microphone', 'audio', opus);
    expect((await media.firstSound('s1'))?.consumer.participantId).toBe('t2');
    expect(await media.firstSound('t2')).toBeUndefined(); // its own voice: nothing to hear
    expect(room.calls.filter((c) => c.op === 'listen').map((c) => c.peerId)).toEqual(['s1']);
  });

  it("hears the teacher of its own breakout group, not the main room's", async () => {
    const { media, audience } = await lesson();
    audience.add('s1', { groupId: 'g1' });
    expect(await media.firstSound('s1')).toBeUndefined();
  });

  it('a second request closes the first: one first sound per participant', async () => {
    const { media, room } = await lesson();
    const first = await media.firstSound('s1');
    const second = await media.firstSound('s1');
    expect(second?.transport.id).not.toBe(first?.transport.id);
    expect(room.listeners.map((l) => l.closedBecause)).toEqual(['closed', undefined]);
    await expect(media.connectFirstSound('s1', first?.transport.id ?? '', dtls)).rejects.toBeInstanceOf(NotFoundError);
    await media.connectFirstSound('s1', second?.transport.id ?? '', dtls);
    expect(room.listeners[1]?.connectedWith).toEqual(dtls);
  });

  it("connects only the participant's own current transport, once", async () => {
    const { media, audience, room } = await lesson();
    audience.add('s2');
    const mine = await media.firstSound('s1');
    const theirs = await media.firstSound('s2');
    await expect(media.connectFirstSound('s1', theirs?.transport.id ?? '', dtls)).rejects.toBeInstanceOf(NotFoundError);
    await expect(media.connectFirstSound('s1', 'no-such-transport', dtls)).rejects.toThrow(/No such first-sound transport/);
    expect(room.listeners.map((l) => l.connectedWith)).toEqual([undefined, undefined]);
    await media.connectFirstSound('s1', mine?.transport.id ?? '', dtls);
    await expect(media.connectFirstSound('s1', mine?.transport.id ?? '', dtls)).rejects.toBeInstanceOf(ValidationError);
  });

  it('closes by its own transport id only; an unknown or closed id is a no-op', async () => {
    const { media, audience, room } = await lesson();
    audience.add('s2');
    const mine = await media.firstSound('s1');
    const theirs = await media.firstSound('s2');
    media.closeFirstSound('s1', theirs?.transport.id ?? '');
    media.closeFirstSound('s1', 'nope');
    expect(room.listeners.map((l) => l.closed)).toEqual([false, false]);
    media.closeFirstSound('s1', mine?.transport.id ?? '');
    expect(room.listeners.map((l) => l.closedBecause)).toEqual(['closed', undefined]);
    media.closeFirstSound('s1', mine?.transport.id ?? ''); // already gone: still fine
    await expect(media.connectFirstSound('s1', mine?.transport.id ?? '', dtls)).rejects.toBeInstanceOf(NotFoundError);
  });

  it(`closes by itself after ${FIRST_SOUND_TIMEOUT_MS / 1000} s`, async () => {
    vi.useFakeTimers();
    const { media, room } = await lesson();
    const sound = await media.firstSound('s1');
    vi.advanceTimersByTime(FIRST_SOUND_TIMEOUT_MS - 1);
    expect(room.listeners[0]?.closed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(room.listeners[0]?.closedBecause).toBe('closed');
    await expect(media.connectFirstSound('s1', sound?.transport.id ?? '', dtls)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a first sound closed early leaves no timer to close its successor', async () => {
    vi.useFakeTimers();
    const { media, room } = await lesson();
    const first = await media.firstSound('s1');
    vi.advanceTimersByTime(FIRST_SOUND_TIMEOUT_MS / 2);
    media.closeFirstSound('s1', first?.transport.id ?? '');
    await media.firstSound('s1');
    vi.advanceTimersByTime(FIRST_SOUND_TIMEOUT_MS / 2 + 1);
    expect(room.listeners[1]?.closed).toBe(false);
    vi.advanceTimersByTime(FIRST_SOUND_TIMEOUT_MS / 2);
    expect(room.listeners[1]?.closed).toBe(true);
  });

  it('closes when the participant leaves, moves or restarts its media', async () => {
    const { media, audience, room } = await lesson();
    await media.firstSound('s1');
    await media.remove('s1', '');
    const s2 = audience.add('s2');
    await media.firstSound('s2');
    audience.add('s2', { groupId: 'g1' });
    await media.moved({ ...s2, groupId: 'g1' }, '');
    audience.add('s3');
    await media.firstSound('s3');
    await media.restart('s3');
    expect(room.listeners.map((l) => l.closed)).toEqual([true, true, true]);
  });

  it('is NOT closed by the participant setting up its own media: the page keeps it until its own consumer plays', async () => {
    const { media, room } = await lesson();
    await media.firstSound('s1');
    await media.setup('s1', room.rtpCapabilities);
    expect(room.listeners[0]?.closed).toBe(false);
  });

  it("is forgotten when the engine closes it: the teacher's microphone unpublished, the room reset or closed", async () => {
    const { media, room } = await lesson();
    const a = await media.firstSound('s1');
    await media.unpublish('t1', 'microphone');
    expect(room.listeners[0]?.closedBecause).toBe('unpublished');
    await expect(media.connectFirstSound('s1', a?.transport.id ?? '', dtls)).rejects.toBeInstanceOf(NotFoundError);
    await media.produce('t1', 'microphone', 'audio', opus);
    await media.firstSound('s1');
    room.emitEvent('reset', 'worker died');
    expect(room.listeners[1]?.closedBecause).toBe('room reset');
    await media.produce('t1', 'microphone', 'audio', opus);
    await media.firstSound('s1');
    await media.close();
    expect(room.listeners[2]?.closed).toBe(true);
    await expect(media.firstSound('s1')).rejects.toBeInstanceOf(UnavailableError);
  });

  it('a participant that leaves while its first sound is being made gets none, and nothing stays open', async () => {
    const { media, audience, room } = await lesson();
    const listen = room.listen.bind(room);
    room.listen = async (peerId, stream) => {
      const made = await listen(peerId, stream);
      audience.people.delete('s1'); // the leave lands while the engine answers
      await media.remove('s1', '');
      return made;
    };
    await expect(media.firstSound('s1')).rejects.toBeInstanceOf(UnavailableError);
    expect(room.listeners.map((l) => l.closed)).toEqual([true]);
  });

  it('one that leaves before its first sound is asked of the engine (its drop came first) gets none either', async () => {
    const { media, audience, room } = await lesson();
    const asked = media.firstSound('s1');
    audience.people.delete('s1');
    await media.remove('s1', ''); // nothing to drop yet: the request still waits for its room
    await expect(asked).rejects.toBeInstanceOf(UnavailableError);
    expect(room.listeners.map((l) => l.closed)).toEqual([true]);
  });

  it('makes no more than its cap at once: past it the answer is nothing to hear, and a closed one frees a place', async () => {
    const sounds = new FirstSounds({ maxOpen: 2 });
    const made: FakeStreamListener[] = [];
    const make = async () => {
      const n = made.length;
      const l = new FakeStreamListener(n, `p${n}`, { peerId: 't1', label: 'microphone' }, fakeTransportOptions(`fs-${n}`));
      made.push(l);
      return l;
    };
    expect(await sounds.open('a', make)).toBeDefined();
    expect(await sounds.open('b', make)).toBeDefined();
    expect(await sounds.open('c', make)).toBeUndefined();
    expect(made).toHaveLength(2);
    // The same participant asking again replaces its own: not refused by the cap.
    expect(await sounds.open('a', make)).toBeDefined();
    sounds.close('b', sounds.of('b')?.id ?? '');
    expect(await sounds.open('c', make)).toBeDefined();
    expect(made).toHaveLength(4);
  });
});
