import { describe, expect, it } from 'vitest';
import type { ArchiveJob } from '../../archive/index.js';
import type { StoredRecording } from '../../recording/index.js';
import { seedLesson } from './lessonsAttendanceContract.js';
import { useStorage, type ContractTarget } from './target.js';

const H = 3_600_000;

const job = (over: Partial<ArchiveJob> = {}): ArchiveJob => ({
  id: 'arc_1', schoolId: '', classId: '', from: 0, to: 100 * H, label: 'Học kì I', requestedBy: 'u_admin',
  state: 'queued', attempts: 0, progress: 0, doneBytes: 0, totalBytes: 0, etaMs: null, error: null, blobKey: null, bytes: null, createdAt: 5_000, updatedAt: 5_000, ...over,
});

const recording = (over: Partial<StoredRecording>): StoredRecording => ({
  id: 'rec_1', lessonId: 'les_1', startedBy: 'u_t1', state: 'stopped', failure: null, directory: 'rec_1', startedAt: 10 * H, stoppedAt: 11 * H,
  published: false, hold: false, videoBlob: 'recordings/x', durationMs: 1000, ...over,
});

export function archiveContract(target: ContractTarget): void {
  describe('ArchiveStore', () => {
    const ctx = useStorage(target);

    it('settings are saved and replaced; only schools with a retention are swept', async () => {
      const s = ctx.storage;
      const lesson = await seedLesson(s);
      expect(await s.archive.settings(lesson.schoolId)).toBeUndefined();
      const settings = { schoolId: lesson.schoolId, recordingRetentionDays: 0, lessonDataRetentionDays: 0, autoRecord: true, updatedBy: 'u_admin', updatedAt: 1 };
      await s.archive.saveSettings(settings);
      expect(await s.archive.schoolsWithRetention()).toEqual([]);
      await s.archive.saveSettings({ ...settings, recordingRetentionDays: 30, lessonDataRetentionDays: 60, updatedAt: 2 });
      expect(await s.archive.settings(lesson.schoolId)).toEqual({ ...settings, recordingRetentionDays: 30, lessonDataRetentionDays: 60, updatedAt: 2 });
      expect((await s.archive.schoolsWithRetention()).map((x) => x.schoolId)).toEqual([lesson.schoolId]);
    });

    it('jobs are claimed once, oldest first; a stopped process’s running job is queued again', async () => {
      const s = ctx.storage;
      const lesson = await seedLesson(s);
      const base = { schoolId: lesson.schoolId, classId: lesson.classId };
      await s.archive.createJob(job({ ...base, id: 'arc_2', createdAt: 6_000 }));
      await s.archive.createJob(job({ ...base }));
      const claimed = await s.archive.claimJob(7_000);
      expect(claimed).toMatchObject({ id: 'arc_1', state: 'running', attempts: 1 });
      expect((await s.archive.claimJob(7_001))?.id).toBe('arc_2');
      expect(await s.archive.claimJob(7_002)).toBeUndefined();
      // Progress by bytes while running, then done (issue 9): kept as written.
      await s.archive.updateJob('arc_1', { progress: 0.25, doneBytes: 1_000_000, totalBytes: 4_000_000, etaMs: 3_000 }, 7_500);
      expect(await s.archive.job('arc_1')).toMatchObject({ progress: 0.25, doneBytes: 1_000_000, totalBytes: 4_000_000, etaMs: 3_000 });
      await s.archive.updateJob('arc_1', { state: 'done', progress: 1, doneBytes: 1234, totalBytes: 1234, etaMs: null, blobKey: 'archives/abc', bytes: 1234 }, 8_000);
      expect(await s.archive.job('arc_1')).toEqual(job({ ...base, state: 'done', attempts: 1, progress: 1, doneBytes: 1234, totalBytes: 1234, blobKey: 'archives/abc', bytes: 1234, updatedAt: 8_000 }));
      expect(await s.archive.requeueRunning(9_000)).toBe(1);
      expect((await s.archive.jobsOfSchool(lesson.schoolId, 10)).map((j) => [j.id, j.state])).toEqual([['arc_2', 'queued'], ['arc_1', 'done']]);
    });

    it('expired recordings and lesson data leave out what is held, running or recent; deleting removes exactly those rows', async () => {
      const s = ctx.storage;
      const lesson = await seedLesson(s, { startedAt: 10 * H, endedAt: 11 * H });
      await s.recordings.createRecording(recording({}));
      await s.recordings.createRecording(recording({ id: 'rec_held', hold: true }));
      await s.recordings.createRecording(recording({ id: 'rec_running', state: 'recording', stoppedAt: null }));
      await s.recordings.createRecording(recording({ id: 'rec_new', startedAt: 50 * H }));
      await s.recordings.saveSegment({ recordingId: 'rec_1', id: 'seg', peerId: 'p', label: 'camera', kind: 'video', file: 'seg.mkv', startedAt: 10 * H, endedAt: 11 * H, bytes: 9 });
      await s.recordings.recordView('rec_1', 'u_s1', 12 * H);
      await s.attendance.append({ lessonId: lesson.id, userId: 'u_s1', kind: 'join', at: 10 * H });
      expect((await s.archive.expiredRecordings(lesson.schoolId, 20 * H)).map((r) => r.id)).toEqual(['rec_1']);
      expect((await s.archive.expiredLessonData(lesson.schoolId, 20 * H)).map((l) => l.lessonId)).toEqual([lesson.id]);
      expect(await s.archive.expiredLessonData(lesson.schoolId, 10 * H)).toEqual([]);

      await s.archive.setLessonHold(lesson.id, true, 'u_admin', 1);
      expect(await s.archive.heldLessons([lesson.id, 'les_x'])).toEqual(new Set([lesson.id]));
      expect(await s.archive.expiredRecordings(lesson.schoolId, 20 * H)).toEqual([]);
      expect(await s.archive.expiredLessonData(lesson.schoolId, 20 * H)).toEqual([]);
      await s.archive.setLessonHold(lesson.id, false, 'u_admin', 2);

      await s.archive.deleteRecordingRows('rec_1');
      expect(await s.recordings.recording('rec_1')).toBeUndefined();
      expect(await s.recordings.segments('rec_1')).toEqual([]);
      expect((await s.recordings.recordingsOfLesson(lesson.id)).map((r) => r.id).sort()).toEqual(['rec_held', 'rec_new', 'rec_running']);
      await s.archive.purgeLessonData(lesson.id, 30 * H);
      expect(await s.attendance.eventsForLesson(lesson.id)).toEqual([]);
      expect(await s.archive.expiredLessonData(lesson.schoolId, 40 * H)).toEqual([]);
      expect(await s.lessons.get(lesson.id)).toBeDefined();
    });
  });
}
