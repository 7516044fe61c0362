/**
 * Recording a lesson through the real server (signaling, mediasoup, recorder, job queue, blob
 * store) with real WebRTC bots: who may record, what everyone is told, what is stored, and the
 * one MP4 that comes out of the post-processing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buffer } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroom } from '../../../proto/index.js';
import { probeFile } from '../../../recorder/index.js';
import { LessonBot, waitFor } from '../../../testkit/lessonBot.js';
import { startTestServer, type TestServer } from '../../../testkit/testServer.js';
import { TestClient } from '../../../testkit/wsClient.js';

const v1 = classroom.v1;

describe('recording a lesson through the server (mediasoup)', () => {
  let server: TestServer;
  let teacher: LessonBot;
  let student: LessonBot;
  const closers: Array<() => void> = [];

  const lessonId = () => server.demo?.lessonId ?? '';
  const token = (role: 'teacher' | 'student', userId: string, name: string) => server.links.mint({ lessonId: lessonId(), userId, name, role });

  beforeAll(async () => {
    server = await startTestServer({ media: { engine: 'mediasoup' }, recording: { jobConcurrency: 1, minFreeMb: 1 } });
    teacher = await LessonBot.join(server.wsUrl, token('teacher', 't1', 'Cô Mai'), { publish: true });
    student = await LessonBot.join(server.wsUrl, token('student', 's1', 'Lê An'), { publish: false });
    closers.push(() => teacher.close(), () => student.close());
    await student.waitFlowing(teacher.participantId, 'camera');
  }, 120_000);

  afterAll(async () => {
    for (const c of closers) c();
    await server?.stop();
  });

  it('a student may not record; the teacher records, everyone sees it, a newcomer is told on entering; the MP4 comes out whole', async () => {
    const refused = await student.client.request({ startRecording: {} });
    expect(refused.error?.code).toBe(v1.ErrorCode.ERROR_CODE_FORBIDDEN);
    expect(refused.error?.message).toMatch(/Only the teacher can record the lesson/);

    const seen = student.client.waitForPush((m) => m.recording?.status?.recording === true, 15_000, 'recording on');
    expect((await teacher.client.request({ startRecording: {} })).body).toBe('ack');
    expect((await seen).recording?.status?.startedAtMs).toBeGreaterThan(0);
    expect((await teacher.client.request({ startRecording: {} })).error?.code).toBe(v1.ErrorCode.ERROR_CODE_CONFLICT);

    const late = await TestClient.connect(server.wsUrl);
    closers.push(() => late.close());
    const answer = await late.join({ joinToken: token('student', 's2', 'Vũ Bình'), displayName: '', micOn: false, cameraOn: false });
    expect(answer.join?.snapshot?.recording?.recording).toBe(true);

    await new Promise((r) => setTimeout(r, 7000));
    const off = student.client.waitForPush((m) => m.recording !== undefined && m.recording !== null && m.recording.status?.recording !== true, 15_000, 'recording off');
    expect((await teacher.client.request({ stopRecording: {} })).body).toBe('ack');
    expect((await off).recording?.status?.failure ?? 0).toBe(v1.RecordingFailure.RECORDING_FAILURE_UNSPECIFIED);

    const store = server.services.storage.recordings;
    const [rec] = await store.recordingsOfLesson(lessonId());
    expect(rec).toMatchObject({ state: 'stopped', startedBy: 't1', published: false });
    const segments = await store.segments(rec!.id);
    expect(segments.map((s) => `${s.peerId === teacher.participantId ? 'teacher' : s.peerId}/${s.label}`).sort()).toEqual(['teacher/camera', 'teacher/microphone']);
    for (const s of segments) expect(s.endedAt).toBeGreaterThan(s.startedAt);

    const job = await waitFor('the post-processing job', async () => {
      const [j] = await store.jobsOfRecording(rec!.id);
      if (j?.state === 'failed') throw new Error(`job failed: ${j.error}`);
      return j?.state === 'done' ? j : undefined;
    }, 180_000);
    expect(job.progress).toBe(1);
    const done = await store.recording(rec!.id);
    expect(done?.videoBlob).toMatch(/^recordings\//);
    const read = await server.services.blobs.get(done!.videoBlob!);
    expect(read.info.contentType).toBe('video/mp4');
    const file = join(server.config.dataDir, 'check.mp4');
    writeFileSync(file, await buffer(read.body));
    const probed = await probeFile(file);
    expect(probed.streams.filter((s) => s.type === 'video').map((s) => s.codec)).toEqual(['h264']);
    expect(probed.streams.filter((s) => s.type === 'audio').map((s) => s.codec)).toEqual(['aac']);
    // The video lasts as long as what was recorded (the streams' wall-clock span), within 1 s.
    const span = (Math.max(...segments.map((s) => s.endedAt!)) - Math.min(...segments.map((s) => s.startedAt))) / 1000;
    expect(Math.abs(probed.durationSec - span)).toBeLessThan(1);
    expect(Math.abs((done!.durationMs ?? 0) / 1000 - probed.durationSec)).toBeLessThan(0.2);

    const metrics = await (await fetch(`http://127.0.0.1:${server.metricsPort}/metrics`)).text();
    expect(metrics).toMatch(/classroom_recording_failures_total\{[^}]*reason="recorder_died"[^}]*\} 0/);
    expect(metrics).toMatch(/classroom_recording_active(\{[^}]*\})? 0/);
  }, 300_000);
});
