/**
 * A live lesson through the real signaling, the real media engine (mediasoup) and real WebRTC bots
 * (mediasoup-client on wrtc): media arrives, the server controls what is relayed, who is speaking
 * reaches the others, leaving and engine crashes are survived.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroom, rtpParametersFromProto, transportOptionsFromProto } from '../proto/index.js';
import { closeFirstSoundReceivers, receiveFirstSound } from '../testkit/firstSoundReceiver.js';
import { LessonBot, waitFor } from '../testkit/lessonBot.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';

const v1 = classroom.v1;

describe('live lesson media through signaling', () => {
  let server: TestServer;
  let teacher: LessonBot;
  let student1: LessonBot;
  let student2: LessonBot;
  const bots: LessonBot[] = [];

  const token = (role: 'teacher' | 'student', userId: string, name: string) =>
    server.links.mint({ lessonId: server.demo?.lessonId ?? '', userId, name, role });

  beforeAll(async () => {
    server = await startTestServer({ lesson: { reconnectGraceMs: 2000 } });
    teacher = await LessonBot.join(server.wsUrl, token('teacher', 't1', 'Cô Mai'), { publish: true });
    student1 = await LessonBot.join(server.wsUrl, token('student', 's1', 'Lê An'), { publish: true });
    student2 = await LessonBot.join(server.wsUrl, token('student', 's2', 'Vũ Bình'), { publish: false });
    bots.push(teacher, student1, student2);
  }, 120_000);

  afterAll(async () => {
    await closeFirstSoundReceivers();
    for (const b of bots) b.close();
    await server?.stop();
  });

  it("every student receives the teacher's audio and decodes the teacher's video", async () => {
    for (const s of [student1, student2]) {
      const audio = await s.waitFlowing(teacher.participantId, 'microphone');
      const video = await s.waitFlowing(teacher.participantId, 'camera');
      expect(audio.packets).toBeGreaterThan(0);
      expect(video.sinkFrames).toBeGreaterThan(0);
    }
  });

  it("the teacher decodes a student's video, and students see each other", async () => {
    const video = await teacher.waitFlowing(student1.participantId, 'camera');
    expect(video.sinkFrames).toBeGreaterThan(0);
    await student2.waitFlowing(student1.participantId, 'camera');
  });

  it("the first sound: a student hears the teacher's microphone from a hand-written SDP, closes it by its own id only", async () => {
    const r = await student2.client.request({ firstSound: {} });
    const fs = r.firstSound;
    expect(fs?.consumer?.participantId).toBe(teacher.participantId);
    expect(fs?.consumer?.source).toBe(v1.TrackSource.TRACK_SOURCE_MICROPHONE);
    const offer = { transport: transportOptionsFromProto(fs?.transport, 'transport'), consumer: { rtpParameters: rtpParametersFromProto(fs?.consumer?.rtpParameters) } };
    expect(offer.consumer.rtpParameters.codecs.map((c) => c.mimeType.toLowerCase())).toEqual(['audio/opus']);
    const rx = await receiveFirstSound(offer);
    const transportId = offer.transport.id;
    const dtls = { role: v1.DtlsRole.DTLS_ROLE_CLIENT, fingerprints: rx.dtls.fingerprints };
    // Someone else's transport id: not connected, not closed.
    expect((await student1.client.request({ firstSoundConnect: { transportId, dtlsParameters: dtls } })).error?.code).toBe(v1.ErrorCode.ERROR_CODE_NOT_FOUND);
    expect((await student1.client.request({ firstSoundClose: { transportId } })).body).toBe('ack');
    expect((await student2.client.request({ firstSoundConnect: { transportId, dtlsParameters: dtls } })).body).toBe('ack');
    await waitFor('the teacher heard through the first sound', () => rx.packets() > 20);
    expect((await student2.client.request({ firstSoundClose: { transportId } })).body).toBe('ack');
    const after = rx.packets();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(rx.packets() - after).toBeLessThanOrEqual(2);
    expect((await student2.client.request({ firstSoundClose: { transportId } })).body).toBe('ack'); // already gone: Ack
  });

  it('a mic the student switched off is not relayed, whatever the client sends; on again, it flows', async () => {
    await teacher.waitFlowing(student1.participantId, 'microphone');
    expect((await student1.client.request({ setMediaState: { micOn: false, cameraOn: true } })).body).toBe('ack');
    await new Promise((r) => setTimeout(r, 500));
    // The bot keeps sending its tone: only the server stops relaying it.
    expect(await teacher.packetsDuring(student1.participantId, 'microphone', 1500)).toBe(0);
    await student1.client.request({ setMediaState: { micOn: true, cameraOn: true } });
    expect(await teacher.packetsDuring(student1.participantId, 'microphone', 1500)).toBeGreaterThan(20);
  });

  it("the teacher's mute stops a student's audio for everyone, and the student is told", async () => {
    const r = await teacher.client.request({ forceMediaOff: { participantId: student1.participantId, source: v1.TrackSource.TRACK_SOURCE_MICROPHONE } });
    expect(r.body).toBe('ack');
    await student1.client.waitForPush((m) => m.forcedMediaOff?.source === v1.TrackSource.TRACK_SOURCE_MICROPHONE);
    await new Promise((r2) => setTimeout(r2, 500));
    expect(await student2.packetsDuring(student1.participantId, 'microphone', 1500)).toBe(0);
    await student1.client.request({ setMediaState: { micOn: true, cameraOn: true } });
  });

  it('a student who leaves disappears from the others and from their subscriptions', async () => {
    const extra = await LessonBot.join(server.wsUrl, token('student', 's3', 'Đỗ Chi'), { publish: true });
    bots.push(extra);
    await teacher.waitFlowing(extra.participantId, 'camera');
    expect(teacher.streams()).toContain(`${extra.participantId}/camera`);
    await extra.client.request({ leave: {} });
    const left = await teacher.client.waitForPush((m) => m.participantLeft?.participantId === extra.participantId);
    expect(left.participantLeft?.reason).toBe(v1.LeaveReason.LEAVE_REASON_LEFT);
    await waitFor('the teacher no longer receiving the leaver', () => !teacher.streams().some((s) => s.startsWith(`${extra.participantId}/`)));
  });

  it('who is speaking reaches the others: Talking and ActiveSpeaker', async () => {
    // The bots send a loud tone: the SFU hears both publishers talk.
    const talking = await student2.client.waitForPush((m) => m.talking?.participantId === student1.participantId && m.talking.talking === true, 15_000, 'Talking');
    expect(talking.talking?.talking).toBe(true);
    const speaker = await student2.client.waitForPush((m) => !!m.activeSpeaker?.participantId, 15_000, 'ActiveSpeaker');
    expect([teacher.participantId, student1.participantId]).toContain(speaker.activeSpeaker?.participantId);
  });

  it('a killed media engine instance is restarted and media flows again within 10 s', async () => {
    const pids = Object.values(server.engine.instancePids());
    const pid = pids.find((p): p is number => typeof p === 'number');
    expect(pid).toBeDefined();
    const killedAt = Date.now();
    process.kill(pid as number, 'SIGKILL');
    await student2.client.waitForPush((m) => m.mediaReset !== null && m.mediaReset !== undefined, 10_000, 'MediaReset');
    await student2.waitFlowing(teacher.participantId, 'camera', 10_000);
    await student2.waitFlowing(teacher.participantId, 'microphone', 10_000);
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    await teacher.waitFlowing(student1.participantId, 'camera', 10_000);
    for (const b of [teacher, student1, student2]) expect(b.errors).toEqual([]);
  });
});

describe('the first sound switched off (config media.firstSound: false)', () => {
  it('is answered empty, the teacher publishing or not', async () => {
    const server = await startTestServer({ media: { firstSound: false } });
    const bots: LessonBot[] = [];
    try {
      const token = (role: 'teacher' | 'student', userId: string) => server.links.mint({ lessonId: server.demo?.lessonId ?? '', userId, name: userId, role });
      const teacher = await LessonBot.join(server.wsUrl, token('teacher', 't1'), { publish: true });
      const student = await LessonBot.join(server.wsUrl, token('student', 's1'), { publish: false });
      bots.push(teacher, student);
      await student.waitFlowing(teacher.participantId, 'microphone');
      const r = await student.client.request({ firstSound: {} });
      expect(r.body).toBe('firstSound');
      expect(r.firstSound?.transport).toBeFalsy();
    } finally {
      for (const b of bots) b.close();
      await server.stop();
    }
  }, 60_000);
});
