import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DtlsParameters, FirstSoundOffer } from '../../net/index.js';
import type { RemoteTrack } from '../MediaTypes.js';
import { FakeMediaStreamTrack } from '../testing/FakeMediaStreamTrack.js';
import { FakePeerConnection } from '../testing/FakePeerConnection.js';
import { fakeConsumer, fakeTransport } from '../testing/FakeTransportSignal.js';
import { FIRST_SOUND_MAX_MS, FirstSound, type FirstSoundDeps, type FirstSoundSignal } from './FirstSound.js';
import { FirstSoundSlot } from './FirstSoundSlot.js';

class FakeSignal implements FirstSoundSignal {
  asks = 0;
  connects: Array<{ transportId: string; dtls: DtlsParameters }> = [];
  closes: string[] = [];
  answers: Array<Promise<FirstSoundOffer>> = [];
  firstSound(): Promise<FirstSoundOffer> {
    this.asks++;
    return this.answers.shift() ?? Promise.resolve({ transport: fakeTransport('fs-1'), consumer: fakeConsumer('c-fs', 'teacher', 'microphone') });
  }
  async firstSoundConnect(transportId: string, dtls: DtlsParameters): Promise<void> {
    this.connects.push({ transportId, dtls });
  }
  async firstSoundClose(transportId: string): Promise<void> {
    this.closes.push(transportId);
  }
}

function setup() {
  const signal = new FakeSignal();
  const pcs: FakePeerConnection[] = [];
  const playing: Array<{ track: MediaStreamTrack; stopped: boolean }> = [];
  const deps: FirstSoundDeps = {
    createPeerConnection: () => {
      const pc = new FakePeerConnection();
      pcs.push(pc);
      return pc as unknown as RTCPeerConnection;
    },
    play: (track) => {
      const p = { track, stopped: false };
      playing.push(p);
      return { stop: () => (p.stopped = true) };
    },
  };
  return { signal, pcs, playing, deps, slot: new FirstSoundSlot(signal, deps) };
}

function ownTrack(participantId: string, muted: boolean): RemoteTrack {
  const track = new FakeMediaStreamTrack('audio');
  track.muted = muted;
  return { mid: '3', participantId, source: 'microphone', kind: 'audio', track, stream: {} as MediaStream };
}

beforeEach(() => {
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});
afterEach(() => vi.useRealTimers());

describe('FirstSoundSlot', () => {
  it('asks once, plays the offered microphone, connects with the answer and hands over when our own consumer of it has sound', async () => {
    const { signal, pcs, playing, slot } = setup();
    slot.ask();
    slot.ask();
    slot.play([]);
    expect(signal.asks).toBe(1);
    await vi.waitFor(() => expect(playing).toHaveLength(1));
    expect(pcs[0]?.remote).toContain('a=rtpmap:');
    expect(signal.connects).toEqual([{ transportId: 'fs-1', dtls: { role: 'client', fingerprints: [{ algorithm: 'sha-256', value: 'AA:BB' }] } }]);
    expect((await slot.stats()).map((r) => [r.participantId, r.kind, r.totalSamplesReceived])).toEqual([['teacher', 'audio', 960]]);

    // Our consumer of another participant's microphone, or of the teacher's still without sound: no hand-over.
    slot.tracksChanged([ownTrack('student-2', false)]);
    const own = ownTrack('teacher', true);
    slot.tracksChanged([own]);
    expect(pcs[0]?.closed).toBe(false);
    own.track.dispatchEvent(new Event('unmute'));
    expect(pcs[0]?.closed).toBe(true);
    expect(playing[0]?.stopped).toBe(true);
    expect(signal.closes).toEqual(['fs-1']);
    expect(await slot.stats()).toEqual([]);
    // Never again for this page.
    slot.play([]);
    expect(signal.asks).toBe(1);
  });

  it('does not open when our own sound came first, and plays nothing when there is nothing to hear', async () => {
    const a = setup();
    let answer: (offer: FirstSoundOffer) => void = () => undefined;
    a.signal.answers.push(new Promise((r) => (answer = r)));
    a.slot.play([]);
    a.slot.tracksChanged([ownTrack('teacher', false)]);
    a.slot.close();
    answer({ transport: fakeTransport('fs-late'), consumer: fakeConsumer('c', 'teacher', 'microphone') });
    await new Promise((r) => setTimeout(r, 10));
    // Opened after the close (the answer was in flight): closed at once, and the server told.
    expect(a.pcs.every((pc) => pc.closed)).toBe(true);
    expect(a.playing.every((p) => p.stopped)).toBe(true);

    const b = setup();
    b.signal.answers.push(Promise.resolve(null));
    b.slot.play([]);
    await new Promise((r) => setTimeout(r, 10));
    expect(b.pcs).toHaveLength(0);
  });

  it('asks again after a refusal (asked from the lobby, admitted later)', async () => {
    const { signal, playing, slot } = setup();
    signal.answers.push(Promise.reject(new Error('NOT_JOINED')));
    slot.ask();
    await new Promise((r) => setTimeout(r, 0));
    slot.play([]);
    expect(signal.asks).toBe(2);
    await vi.waitFor(() => expect(playing).toHaveLength(1));
    slot.close();
  });

  it('closes by itself after 30 s when no hand-over came', async () => {
    vi.useFakeTimers();
    const { signal, pcs, slot } = setup();
    slot.play([]);
    await vi.advanceTimersByTimeAsync(0);
    expect(pcs).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(FIRST_SOUND_MAX_MS - 1);
    expect(pcs[0]?.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(pcs[0]?.closed).toBe(true);
    expect(signal.closes).toEqual(['fs-1']);
  });

  it('closed before its answer was played (the library came first), it closes the transport the answer brings', async () => {
    const { signal, pcs, slot } = setup();
    slot.ask();
    slot.close();
    await new Promise((r) => setTimeout(r, 10));
    expect(signal.closes).toEqual(['fs-1']);
    expect(pcs).toHaveLength(0);
    slot.play([]);
    expect(signal.asks).toBe(1);
  });

  it("adopts the join entry's first sound: kept when the library came first, closed at the hand-over, never asked here", async () => {
    const entry = setup();
    const sound = await FirstSound.open({ transport: fakeTransport('fs-entry'), consumer: fakeConsumer('c-e', 'teacher', 'microphone') }, [], entry.signal, entry.deps);
    const { signal, slot } = setup();
    slot.adopt(Promise.resolve(sound));
    slot.ask();
    slot.libraryFirst();
    slot.play([]);
    await new Promise((r) => setTimeout(r, 0));
    expect(signal.asks).toBe(0);
    expect(sound.closed).toBe(false);
    expect((await slot.stats()).map((r) => r.participantId)).toEqual(['teacher']);
    const own = ownTrack('teacher', true);
    slot.tracksChanged([own]);
    expect(sound.closed).toBe(false);
    own.track.dispatchEvent(new Event('unmute'));
    expect(sound.closed).toBe(true);
    expect(entry.signal.closes).toEqual(['fs-entry']);
  });

  it("without a first sound from the entry (the lobby, no teacher's microphone), asks like a slot that adopted nothing", async () => {
    const { signal, playing, slot } = setup();
    slot.adopt(Promise.resolve(null));
    await new Promise((r) => setTimeout(r, 0));
    slot.play([]);
    expect(signal.asks).toBe(1);
    await vi.waitFor(() => expect(playing).toHaveLength(1));
    slot.close();
  });

  it("closes the entry's first sound that comes after the media were closed", async () => {
    const entry = setup();
    const sound = await FirstSound.open({ transport: fakeTransport('fs-entry'), consumer: fakeConsumer('c-e', 'teacher', 'microphone') }, [], entry.signal, entry.deps);
    const { slot } = setup();
    let give: (s: FirstSound) => void = () => undefined;
    slot.adopt(new Promise((r) => (give = r)));
    slot.close();
    give(sound);
    await new Promise((r) => setTimeout(r, 0));
    expect(sound.closed).toBe(true);
  });

  it('says when the link is free again: connected, or closed without connecting', async () => {
    const a = setup();
    const offer = { transport: fakeTransport('fs-a'), consumer: fakeConsumer('c-a', 'teacher', 'microphone') };
    const connected = await FirstSound.open(offer, [], a.signal, a.deps);
    let settled = false;
    void connected.settled.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).toBe(false);
    const pc = a.pcs[0];
    if (!pc) throw new Error('no peer connection');
    pc.connectionState = 'connected';
    pc.dispatchEvent(new Event('connectionstatechange'));
    await new Promise((r) => setTimeout(r, 0));
    expect(settled).toBe(true);
    expect(connected.closed).toBe(false);
    const b = setup();
    const closed = await FirstSound.open(offer, [], b.signal, b.deps);
    closed.close();
    await expect(closed.settled).resolves.toBeUndefined();
  });
});
