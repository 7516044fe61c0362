import { describe, expect, it } from 'vitest';
import type { MediaJob, StoredRecording } from '../../recording/index.js';
import { seedLesson } from './lessonsAttendanceContract.js';
import { useStorage, type ContractTarget } from './target.js';

const recording = (over: Partial<StoredRecording> = {}): StoredRecording => ({
  id: 'rec_1',
  lessonId: 'les_1',
  startedBy: 'u_t1',
  state: 'recording',
  failure: null,
  directory: 'rec_1',
  startedAt: 1_000,
  stoppedAt: null,
  published: false,
  hold: false,
  videoBlob: null,
  durationMs: null,
  ...over,
});

const job = (over: Partial<MediaJob> = {}): MediaJob => ({
  id: 'job_1',
  recordingId: 'rec_1',
  state: 'queued',
  attempts: 0,
  progress: 0,
  etaMs: null,
  error: null,
  createdAt: 5_000,
  updatedAt: 5_000,
  ...over,
});

export function recordingsContract(target: ContractTarget): void {
  describe('RecordingStore', () => {
    const ctx = useStorage(target);

    it('keeps a recording and its segments; finishing is once (a crash recovery cannot overwrite a stop)', async () => {
      const s = ctx.storage;
      await seedLesson(s);
      await s.recordings.createRecording(recording());
      await s.recordings.saveSegment({ recordingId: 'rec_1', id: '0001-video-camera', peerId: 'p1', label: 'camera', kind: 'video', file: '0001-video-camera.mkv', startedAt: 1_100, endedAt: null, bytes: null });
      await s.recordings.saveSegment({ recordingId: 'rec_1', id: '0002-audio-microphone', peerId: 'p1', label: 'microphone', kind: 'audio', file: '0002-audio-microphone.mkv', startedAt: 1_050, endedAt: null, bytes: null });
      await s.recordings.endSegment('rec_1', '0001-video-camera', 9_000, 12_345);
      expect((await s.recordings.openRecordings()).map((r) => r.id)).toEqual(['rec_1']);
      await s.recordings.finishRecording('rec_1', 'stopped', null, 9_500);
      await s.recordings.finishRecording('rec_1', 'failed', 'interrupted', 10_000);
      expect(await s.recordings.recording('rec_1')).toEqual(recording({ state: 'stopped', stoppedAt: 9_500 }));
      expect(await s.recordings.openRecordings()).toEqual([]);
      const segs = await s.recordings.segments('rec_1');
      expect(segs.map((x) => [x.id, x.endedAt, x.bytes])).toEqual([
        ['0002-audio-microphone', null, null],
        ['0001-video-camera', 9_000, 12_345],
      ]);
      await s.recordings.setPublished('rec_1', true);
      await s.recordings.setVideo('rec_1', 'recordings/AAAAAAAAAAAAAAAAAAAAAA', 20_500);
      expect(await s.recordings.recordingsOfLesson('les_1')).toEqual([
        recording({ state: 'stopped', stoppedAt: 9_500, published: true, videoBlob: 'recordings/AAAAAAAAAAAAAAAAAAAAAA', durationMs: 20_500 }),
      ]);
      expect(await s.recordings.recording('nope')).toBeUndefined();
    });

    it('jobs are claimed once, oldest first; running ones go back to the queue after a restart', async () => {
      const s = ctx.storage;
      await seedLesson(s);
      await s.recordings.createRecording(recording());
      await s.recordings.enqueueJob(job({ id: 'job_2', createdAt: 6_000, updatedAt: 6_000 }));
      await s.recordings.enqueueJob(job());
      const first = await s.recordings.claimJob(7_000);
      expect(first).toEqual(job({ state: 'running', attempts: 1, updatedAt: 7_000 }));
      await s.recordings.updateJob('job_1', { progress: 0.5, etaMs: 3_000 }, 7_500);
      expect(await s.recordings.job('job_1')).toEqual(job({ state: 'running', attempts: 1, progress: 0.5, etaMs: 3_000, updatedAt: 7_500 }));
      expect((await s.recordings.claimJob(8_000))?.id).toBe('job_2');
      expect(await s.recordings.claimJob(8_000)).toBeUndefined();
      expect(await s.recordings.requeueRunning(9_000)).toBe(2);
      expect((await s.recordings.claimJob(9_100))?.attempts).toBe(2);
      await s.recordings.updateJob('job_1', { state: 'failed', error: 'ffmpeg exited' }, 9_200);
      expect((await s.recordings.jobsOfRecording('rec_1')).map((j) => [j.id, j.state, j.error])).toEqual([
        ['job_1', 'failed', 'ffmpeg exited'],
        ['job_2', 'queued', null],
      ]);
    });

    it('records every viewing, in order', async () => {
      const s = ctx.storage;
      await seedLesson(s);
      await s.recordings.createRecording(recording());
      await s.recordings.recordView('rec_1', 'u_s2', 3_000);
      await s.recordings.recordView('rec_1', 'u_s1', 2_000);
      await s.recordings.recordView('rec_1', 'u_s1', 4_000);
      expect(await s.recordings.views('rec_1')).toEqual([
        { userId: 'u_s1', at: 2_000 },
        { userId: 'u_s2', at: 3_000 },
        { userId: 'u_s1', at: 4_000 },
      ]);
    });
  });
}
