/**
 * Recordings, their playback and the archive (issue 9, R5, R12, R17) in the authorization matrix
 * (authorization.int.test.ts). The target is one stopped recording of lesson A (8A) with a video,
 * made once. A recording looked up by id is 404 to whoever may not watch it (whether it exists or
 * not): its playback is the lesson's teacher's, the admin's (and the principal's: playback.int.test.ts),
 * and the class's once the teacher publishes it. Bundles, settings, retention and holds are the
 * admin's (and a principal's bundles and holds: policy.test.ts, playback.int.test.ts).
 */
import { Readable } from 'node:stream';
import type { MatrixContext, RouteCase, Who } from './matrix.js';

export function archiveCases({ services, world, all }: MatrixContext): { recordings: RouteCase[]; archive: RouteCase[] } {
  let made: Promise<string> | undefined;
  const recordingA = () =>
    (made ??= (async () => {
      const blob = await services.blobs.put(Readable.from([Buffer.from('not really a video')]), { area: 'recordings', maxBytes: 1024, contentType: 'video/mp4' });
      const id = 'rec_matrix';
      await services.storage.recordings.createRecording({
        id, lessonId: world.lessonA.id, startedBy: world.teacherA.userId, state: 'stopped', failure: null, directory: id,
        startedAt: Date.now() - 60_000, stoppedAt: Date.now(), published: false, hold: false, videoBlob: blob.key, durationMs: 60_000,
      });
      return id;
    })());
  const byId = (ok: Partial<Record<Who, number>>) => all(404, { anonymous: 401, ...ok });
  const publish = (published: boolean) => async (c: Parameters<RouteCase['call']>[0]) => c.post(`/api/recordings/${await recordingA()}/publish`, { published });
  const timeline = async (c: Parameters<RouteCase['call']>[0]) => c.get(`/api/recordings/${await recordingA()}/timeline`);
  const admin = (status: number) => all(403, { admin: status });
  const day = 86_400_000;
  return {
    recordings: [
      { name: 'GET /api/lessons/:id/recordings', call: async (c) => c.get(`/api/lessons/${world.lessonA.id}/recordings`), expect: all(403, { admin: 200, teacherA: 200, studentA: 200 }) },
      { name: 'GET /api/lessons/:id/recording-status', call: (c) => c.get(`/api/lessons/${world.lessonA.id}/recording-status`), expect: all(403, { admin: 200, teacherA: 200, studentA: 200 }) },
      { name: 'POST /api/recordings/:id/publish', call: async (c) => c.post(`/api/recordings/${await recordingA()}/publish`, { published: false }), expect: all(403, { admin: 200, teacherA: 200 }) },
      { name: 'POST /api/recordings/:id/retry (no job)', call: async (c) => c.post(`/api/recordings/${await recordingA()}/retry`, {}), expect: all(403, { admin: 404, teacherA: 404 }) },
      { name: 'GET /api/recordings/:id/media (unpublished)', call: async (c) => c.get(`/api/recordings/${await recordingA()}/media`), expect: byId({ admin: 200, teacherA: 200 }) },
      { name: 'GET /api/recordings/media/:token (forged)', call: (c) => c.get('/api/recordings/media/eyJleHAiOjk5OTk5OTk5OTk5OTl9.AAAA'), expect: all(401) },
      { name: 'GET /api/recordings/:id/timeline (unpublished)', call: timeline, expect: byId({ admin: 200, teacherA: 200 }) },
      { name: 'GET /api/recordings/:id/timeline (unknown)', call: (c) => c.get('/api/recordings/rec_nope/timeline'), expect: byId({}) },
      // Published: the class's students watch it too, nobody else more.
      { name: 'POST /api/recordings/:id/publish (to the class)', call: publish(true), expect: all(403, { admin: 200, teacherA: 200 }) },
      { name: 'GET /api/recordings/:id/timeline (published)', call: timeline, expect: byId({ admin: 200, teacherA: 200, studentA: 200 }) },
      { name: 'GET /api/recordings/:id/media (published)', call: async (c) => c.get(`/api/recordings/${await recordingA()}/media`), expect: byId({ admin: 200, teacherA: 200, studentA: 200 }) },
      { name: 'POST /api/recordings/:id/publish (back)', call: publish(false), expect: all(403, { admin: 200, teacherA: 200 }) },
    ],
    archive: [
      { name: 'POST /api/archive/bundles', call: (c) => c.post('/api/archive/bundles', { classId: world.classA, from: Date.now() - day, to: Date.now() + day, label: '' }), expect: admin(202) },
      { name: 'GET /api/archive/bundles', call: (c) => c.get('/api/archive/bundles'), expect: admin(200) },
      { name: 'POST /api/archive/bundles/:id/retry (unknown)', call: (c) => c.post('/api/archive/bundles/arc_nope/retry'), expect: admin(404) },
      { name: 'GET /api/archive/bundles/:id/download (unknown)', call: (c) => c.get('/api/archive/bundles/arc_nope/download'), expect: admin(404) },
      { name: 'GET /api/archive/settings', call: (c) => c.get('/api/archive/settings'), expect: admin(200) },
      { name: 'PUT /api/archive/settings', call: (c) => c.request('PUT', '/api/archive/settings', { recordingRetentionDays: 0, lessonDataRetentionDays: 0, autoRecord: false }), expect: admin(200) },
      { name: 'GET /api/archive/retention (dry run)', call: (c) => c.get('/api/archive/retention'), expect: admin(200) },
      { name: 'POST /api/archive/retention', call: (c) => c.post('/api/archive/retention', { recordingIds: [], lessonIds: [] }), expect: admin(200) },
      { name: 'PUT /api/archive/holds/lessons/:id', call: (c) => c.request('PUT', `/api/archive/holds/lessons/${world.lessonA.id}`, { hold: false }), expect: admin(204) },
      { name: 'PUT /api/archive/holds/recordings/:id', call: async (c) => c.request('PUT', `/api/archive/holds/recordings/${await recordingA()}`, { hold: false }), expect: admin(204) },
    ],
  };
}
