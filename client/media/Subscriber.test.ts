import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RemoteTrack } from './MediaTypes.js';
import { Subscriber } from './Subscriber.js';
import { fakePeerConnections, fakeSdp, type FakePeerConnection } from './testing/FakePeerConnection.js';
import { FakeSignal } from './testing/FakeSignal.js';

const TEACHER_TRACKS = [
  { mid: '0', participantId: 'teacher', source: 'microphone' as const },
  { mid: '1', participantId: 'teacher', source: 'camera' as const },
];
const TEACHER_SDP = fakeSdp([
  { kind: 'audio', mid: '0', direction: 'sendonly' },
  { kind: 'video', mid: '1', direction: 'sendonly' },
]);

function setup() {
  const pcs = fakePeerConnections();
  const signal = new FakeSignal();
  const sub = new Subscriber({ config: {}, signal, createPeerConnection: pcs.factory });
  const pc = pcs.all[0] as FakePeerConnection;
  const tracks: Array<readonly RemoteTrack[]> = [];
  sub.on('tracks', (t) => tracks.push(t));
  return { sub, pc, signal, tracks };
}

beforeEach(() => {
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

describe('Subscriber', () => {
  it('answers an offer with the same revision and maps tracks to participants by mid', async () => {
    const { sub, signal, tracks } = setup();
    await sub.handleOffer({ revision: 1, sdp: TEACHER_SDP, tracks: TEACHER_TRACKS });
    expect(signal.answers.map((a) => a.revision)).toEqual([1]);
    expect(signal.answers[0]?.sdp).toContain('a=recvonly');
    const last = tracks.at(-1) ?? [];
    expect(last.map((t) => [t.mid, t.participantId, t.source, t.kind])).toEqual([
      ['0', 'teacher', 'microphone', 'audio'],
      ['1', 'teacher', 'camera', 'video'],
    ]);
    expect(sub.trackForMid('1')?.participantId).toBe('teacher');
  });

  it('a newer revision supersedes an older one still waiting: the older is never answered', async () => {
    const { sub, signal } = setup();
    const first = sub.handleOffer({ revision: 1, sdp: TEACHER_SDP, tracks: TEACHER_TRACKS });
    void sub.handleOffer({ revision: 2, sdp: TEACHER_SDP, tracks: TEACHER_TRACKS });
    void sub.handleOffer({ revision: 3, sdp: TEACHER_SDP, tracks: TEACHER_TRACKS });
    await first;
    await vi.waitFor(() => expect(sub.appliedRevision).toBe(3));
    // 1 was being applied when 2 and 3 came: it is superseded too; 2 was replaced while waiting.
    expect(signal.answers.map((a) => a.revision)).toEqual([3]);
  });

  it('ignores an offer older than the one applied', async () => {
    const { sub, signal } = setup();
    await sub.handleOffer({ revision: 5, sdp: TEACHER_SDP, tracks: TEACHER_TRACKS });
    await sub.handleOffer({ revision: 4, sdp: TEACHER_SDP, tracks: [] });
    expect(sub.appliedRevision).toBe(5);
    expect(signal.answers.map((a) => a.revision)).toEqual([5]);
  });

  it('answers again when the server re-sends the offer it applied (our answer was lost)', async () => {
    const { sub, signal } = setup();
    await sub.handleOffer({ revision: 2, sdp: TEACHER_SDP, tracks: TEACHER_TRACKS });
    await sub.handleOffer({ revision: 2, sdp: TEACHER_SDP, tracks: TEACHER_TRACKS });
    expect(signal.answers.map((a) => a.revision)).toEqual([2, 2]);
    expect(signal.answers[1]?.sdp).toBe(signal.answers[0]?.sdp);
  });

  it('drops tracks whose m-line becomes inactive', async () => {
    const { sub, tracks } = setup();
    await sub.handleOffer({ revision: 1, sdp: TEACHER_SDP, tracks: TEACHER_TRACKS });
    const sdp = fakeSdp([
      { kind: 'audio', mid: '0', direction: 'sendonly' },
      { kind: 'video', mid: '1', direction: 'inactive' },
    ]);
    await sub.handleOffer({ revision: 2, sdp, tracks: [TEACHER_TRACKS[0]!] });
    expect((tracks.at(-1) ?? []).map((t) => t.source)).toEqual(['microphone']);
  });

  it('holds its ICE candidates until the first answer is sent, then trickles them', async () => {
    const { sub, pc, signal } = setup();
    pc.emitCandidate('candidate:early');
    expect(signal.candidates).toHaveLength(0);
    await sub.handleOffer({ revision: 1, sdp: TEACHER_SDP, tracks: TEACHER_TRACKS });
    pc.emitCandidate('candidate:late');
    pc.emitCandidate(null);
    expect(signal.log).toEqual(['answer:1', 'trickle:subscriber:candidate:early', 'trickle:subscriber:candidate:late', 'trickle:subscriber:end']);
  });

  it('reports an offer it cannot apply, and a failed connection', async () => {
    const { sub, pc } = setup();
    const errors: unknown[] = [];
    let failed = 0;
    sub.on('error', (e) => errors.push(e));
    sub.on('failed', () => failed++);
    pc.failNextRemoteDescription = true;
    await sub.handleOffer({ revision: 1, sdp: TEACHER_SDP, tracks: TEACHER_TRACKS });
    expect(errors).toHaveLength(1);
    pc.setConnectionState('failed');
    expect(failed).toBe(1);
  });

  it('close() closes the connection, forgets the tracks and is safe twice', async () => {
    const { sub, pc } = setup();
    await sub.handleOffer({ revision: 1, sdp: TEACHER_SDP, tracks: TEACHER_TRACKS });
    sub.close();
    sub.close();
    expect(pc.closed).toBe(true);
    expect(sub.remoteTracks).toEqual([]);
  });
});
