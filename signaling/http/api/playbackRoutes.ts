/**
 * The playback timeline of a recording (issue 9): GET /api/recordings/:id/timeline, the lesson's
 * events while it was recorded placed on the video, with the chat kept with the recording. Who
 * may read it is classroom/playback's rule (404 for anyone else, whether the recording exists or
 * not); the video itself comes from /api/recordings/:id/media, which records the viewing (R12).
 */
import { PlaybackTimeline } from '../../../classroom/index.js';
import type { playbackHttp } from '../../../proto/http/index.js';
import type { Services } from '../../services.js';
import type { ApiRoute } from './ApiTypes.js';
import { callerOf } from './callers.js';

export function playbackRoutes(services: Services): ApiRoute[] {
  const { storage } = services;
  const timeline = new PlaybackTimeline({
    recordings: storage.recordings,
    lessons: storage.lessons,
    attendance: storage.attendance,
    liveQuiz: storage.liveQuiz,
    accounts: storage.accounts,
    recordedChat: storage.recordedChat,
  });
  return [
    {
      method: 'get',
      path: '/api/recordings/:id/timeline',
      handle: async (req) => {
        const { actor } = await callerOf(services, req.cookieHeader);
        const json: playbackHttp.TimelineJson = await timeline.forRecording(actor, req.params.id ?? '');
        return { status: 200, json };
      },
    },
  ];
}
