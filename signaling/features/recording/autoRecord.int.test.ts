/**
 * "Record every lesson automatically" (issue 9, R17) through the real server, mediasoup and the
 * recorder, with real WebRTC bots: nothing records while only a student is in; the recording
 * starts when the teacher's media is first published, everyone is told and a newcomer learns it
 * before entering (R21); the teacher can still stop it, and it is not restarted behind them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classroom } from '../../../proto/index.js';
import { LessonBot, waitFor } from '../../../testkit/lessonBot.js';
import { syntheticVideo } from '../../../testkit/mediaSources.js';
import { startTestServer, type TestServer } from '../../../testkit/testServer.js';
import { TestClient } from '../../../testkit/wsClient.js';

const v1 = classroom.v1;

describe('automatic recording of every lesson (mediasoup)', () => {
  let server: TestServer;
  const closers: Array<() => void> = [];
  const lessonId = () => server.demo?.lessonId ?? '';
  const token = (role: 'teacher' | 'student', userId: string, name: string) => server.links.mint({ lessonId: lessonId(), userId, name, role });

  beforeAll(async () => {
    server = await startTestServer({ media: { engine: 'mediasoup' }, recording: { jobConcurrency: 1, minFreeMb: 1 } });
    const lesson = await server.services.storage.lessons.get(lessonId());
    await server.services.storage.archive.saveSettings({ schoolId: lesson!.schoolId, recordingRetentionDays: 0, lessonDataRetentionDays: 0, autoRecord: true, updatedBy: 'test', updatedAt: Date.now() });
  }, 120_000);

  afterAll(async () => {
    for (const c of closers) c();
    await server?.stop();
  });

  it('starts with the teacher’s first media, is told to everyone, and the teacher can stop it for good', async () => {
    const store = server.services.storage.recordings;
    const student = await LessonBot.join(server.wsUrl, token('student', 's1', 'Lê An'), { publish: false });
    closers.push(() => student.close());
    await new Promise((r) => setTimeout(r, 1000));
    expect(await store.recordingsOfLesson(lessonId())).toEqual([]);

    const on = student.client.waitForPush((m) => m.recording?.status?.recording === true, 20_000, 'recording on');
    const teacher = await LessonBot.join(server.wsUrl, token('teacher', 't1', 'Cô Mai'), { publish: true });
    closers.push(() => teacher.close());
    expect((await on).recording?.status?.startedAtMs).toBeGreaterThan(0);
    const [rec] = await store.recordingsOfLesson(lessonId());
    expect(rec).toMatchObject({ state: 'recording', startedBy: 't1' });
    // The teacher's camera and microphone reach the recorder.
    await waitFor('the teacher’s segments', async () => {
      const labels = (await store.segments(rec!.id)).map((s) => s.label).sort();
      return labels.includes('camera') && labels.includes('microphone') ? labels : undefined;
    }, 20_000);

    // A student who comes now is told before entering.
    const late = await TestClient.connect(server.wsUrl);
    closers.push(() => late.close());
    const answer = await late.join({ joinToken: token('student', 's2', 'Vũ Bình'), displayName: '', micOn: false, cameraOn: false });
    expect(answer.join?.snapshot?.recording?.recording).toBe(true);

    const off = student.client.waitForPush((m) => m.recording !== undefined && m.recording !== null && m.recording.status?.recording !== true, 15_000, 'recording off');
    expect((await teacher.client.request({ stopRecording: {} })).body).toBe('ack');
    expect((await off).recording?.status?.failure ?? 0).toBe(v1.RecordingFailure.RECORDING_FAILURE_UNSPECIFIED);
    expect((await store.recording(rec!.id))?.state).toBe('stopped');

    // Publishing again (the camera turned back on: a new producer, answered by the server before
    // produce() resolves) does not overrule the teacher.
    await teacher.transport.produce('camera', syntheticVideo(320, 240, 15));
    await new Promise((r) => setTimeout(r, 1500));
    expect((await store.recordingsOfLesson(lessonId())).map((r) => r.state)).toEqual(['stopped']);
  }, 120_000);
});
