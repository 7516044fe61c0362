/**
 * Lesson recordings over HTTP (issue 9): the list with post-processing progress, publishing to
 * the class, retrying a failed job, and the video behind a signed, expiring URL that answers
 * HTTP Range (seeking on phones). Who sees what is classroom/recording RecordingLibrary's rule.
 */
import { RecordingLibrary } from '../../../classroom/index.js';
import { NotFoundError, signToken, verifyToken, type Clock } from '../../../platform/index.js';
import { recordingsHttp } from '../../../proto/http/index.js';
import type { MediaJobs } from '../../features/recording/index.js';
import type { Services } from '../../services.js';
import { blobResponse } from '../download.js';
import type { ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';
import { jsonBody } from './json.js';

const MEDIA_PURPOSE = 'recording-media';
/** Long enough to watch a lesson and seek around it; short enough that a shared link dies soon. */
const MEDIA_URL_TTL_MS = 4 * 3_600_000;

export function recordingRoutes(services: Services, deps: { clock: Clock; secret: string; jobs: MediaJobs | undefined }): ApiRoute[] {
  const library = new RecordingLibrary(services.storage.recordings, services.storage.lessons, deps.clock);
  const p = (req: { params: Record<string, string> }, name: string) => req.params[name] ?? '';
  return [
    {
      method: 'get',
      path: '/api/lessons/:lessonId/recordings',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        return { status: 200, json: await library.listFor(actor, p(req, 'lessonId')) };
      },
    },
    {
      method: 'get',
      path: '/api/lessons/:lessonId/recording-status',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        // isRecording checked that the caller may join the lesson, so the lesson is of their school.
        const json: recordingsHttp.RecordingStatusJson = { recording: await library.isRecording(actor, p(req, 'lessonId')), autoRecord: await services.archive.autoRecord(actor.schoolId) };
        return { status: 200, json };
      },
    },
    {
      method: 'post',
      path: '/api/recordings/:id/publish',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        const body = jsonBody(req, recordingsHttp.publishBody);
        return { status: 200, json: { recording: await library.publish(actor, p(req, 'id'), body.published) } };
      },
    },
    {
      method: 'post',
      path: '/api/recordings/:id/retry',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        const r = await library.requireManaged(actor, p(req, 'id'));
        const jobs = await services.storage.recordings.jobsOfRecording(r.id);
        const last = jobs[jobs.length - 1];
        if (!last || !deps.jobs) throw new NotFoundError('No post-processing job to retry');
        await deps.jobs.retry(last.id);
        return { status: 204 };
      },
    },
    {
      method: 'get',
      path: '/api/recordings/:id/media',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        const { recording } = await library.watch(actor, p(req, 'id'));
        const expiresAt = deps.clock.now() + MEDIA_URL_TTL_MS;
        const token = signToken({ purpose: MEDIA_PURPOSE, exp: expiresAt, rid: recording.id }, deps.secret);
        const url = `/api/recordings/media/${token}`;
        // The same URL downloads: it answers as an attachment, which a <video> element ignores.
        return { status: 200, json: { url, downloadUrl: url, expiresAt } };
      },
    },
    {
      method: 'get',
      head: true,
      // The token is the authorization (a <video> element sends no custom headers; cookies alone
      // would make the URL shareable for the session's life): it names the recording and expires.
      path: '/api/recordings/media/:token',
      handle: async (req) => {
        const payload = verifyToken(p(req, 'token'), deps.secret, MEDIA_PURPOSE, deps.clock.now());
        const r = typeof payload.rid === 'string' ? await services.storage.recordings.recording(payload.rid) : undefined;
        if (!r?.videoBlob) throw new NotFoundError('No such recording');
        const day = new Date(r.startedAt).toISOString().slice(0, 10);
        return blobResponse(services.blobs, r.videoBlob, req, { fileName: `ghi-hinh-${day}-${r.id}.mp4`, disposition: 'attachment' });
      },
    },
  ];
}
