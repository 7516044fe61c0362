import { safeLocalPath, type UrlState } from '../state/navigation.js';

/**
 * The app's routes:
 * - `/lesson/<lessonId>#t=<token>`: a join link; the token is in the fragment so that it never
 *   reaches server logs or Referer headers;
 * - `/lesson/<lessonId>` without a token: join with the signed-in session;
 * - `/login?next=…`, `/password?next=…` (first-login change), `/teach`, `/admin`, `/bank`;
 * - `/assignments`, `/assignments/<id>`, `/assignments/<id>/grade`, `/gradebook`, `/results` (issue 8);
 * - `/lesson/<id>/recordings` (issue 9: a lesson's recordings, their progress), `/recordings/<id>` (its playback with the
 *   lesson's timeline), `/archive` (the archive of teaching records: the admin and the principal);
 * - `/materials`, `/materials/<id>` (issue 11: the library, a class's materials, the viewer);
 * - `/exams` (a student's quizzes and exams, or a teacher's), `/exams/<id>/proctor`, `/exams/<id>/results`
 *   (statistics, results per student, regrades), `/exams/<id>/attempts/<attemptId>` (audit trail and paper), `/exam/<id>` (take it),
 *   `/exam/<id>/attempts/<attemptId>` (a student looks back at their attempt);
 * - `/statistics`: the school's statistics (its readers) or a teacher's own (issue 11);
 * - `/questions`, `/questions/<id>`: the class Q&A between lessons and one of its threads (issue 11, R13);
 * - anything else: the home page (the timetable once signed in).
 */
export type Route =
  | { kind: 'home' }
  | { kind: 'login'; next: string | null }
  | { kind: 'password'; next: string | null }
  | { kind: 'teach' }
  | { kind: 'admin' }
  | { kind: 'bank' }
  | { kind: 'work' }
  | { kind: 'assignment'; assignmentId: string }
  | { kind: 'grading'; assignmentId: string }
  | { kind: 'gradebook' }
  | { kind: 'results' }
  | { kind: 'exams' }
  | { kind: 'proctor'; examId: string }
  | { kind: 'examResults'; examId: string }
  | { kind: 'examAttempt'; examId: string; attemptId: string }
  | { kind: 'exam'; examId: string }
  | { kind: 'myAttempt'; examId: string; attemptId: string }
  | { kind: 'statistics' }
  | { kind: 'qa'; questionId: string | null }
  | { kind: 'materials' }
  | { kind: 'material'; materialId: string }
  | { kind: 'recordings'; lessonId: string }
  | { kind: 'playback'; recordingId: string }
  | { kind: 'archive' }
  | { kind: 'lesson'; lessonId: string; token: string };

export function parseRoute(loc: Pick<UrlState, 'pathname' | 'hash'> & Partial<Pick<UrlState, 'search'>>): Route {
  const path = loc.pathname.replace(/\/+$/, '') || '/';
  const next = safeLocalPath(new URLSearchParams(loc.search ?? '').get('next'));
  if (path === '/login') return { kind: 'login', next };
  if (path === '/password') return { kind: 'password', next };
  if (path === '/teach') return { kind: 'teach' };
  if (path === '/admin') return { kind: 'admin' };
  if (path === '/archive') return { kind: 'archive' };
  if (path === '/bank') return { kind: 'bank' };
  if (path === '/assignments') return { kind: 'work' };
  if (path === '/gradebook') return { kind: 'gradebook' };
  if (path === '/results') return { kind: 'results' };
  if (path === '/statistics') return { kind: 'statistics' };
  if (path === '/questions') return { kind: 'qa', questionId: null };
  const qa = /^\/questions\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (qa?.[1]) return { kind: 'qa', questionId: qa[1] };
  const work = /^\/assignments\/([A-Za-z0-9_-]{1,64})(\/grade)?$/.exec(path);
  if (work?.[1]) return work[2] ? { kind: 'grading', assignmentId: work[1] } : { kind: 'assignment', assignmentId: work[1] };
  if (path === '/exams') return { kind: 'exams' };
  if (path === '/materials') return { kind: 'materials' };
  const material = /^\/materials\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (material?.[1]) return { kind: 'material', materialId: material[1] };
  const recordings = /^\/lesson\/([A-Za-z0-9_-]{1,64})\/recordings$/.exec(path);
  if (recordings?.[1]) return { kind: 'recordings', lessonId: recordings[1] };
  const playback = /^\/recordings\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (playback?.[1]) return { kind: 'playback', recordingId: playback[1] };
  const proctor = /^\/exams\/([A-Za-z0-9_-]{1,64})\/proctor$/.exec(path);
  if (proctor?.[1]) return { kind: 'proctor', examId: proctor[1] };
  const results = /^\/exams\/([A-Za-z0-9_-]{1,64})\/results$/.exec(path);
  if (results?.[1]) return { kind: 'examResults', examId: results[1] };
  const attempt = /^\/exams\/([A-Za-z0-9_-]{1,64})\/attempts\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (attempt?.[1] && attempt[2]) return { kind: 'examAttempt', examId: attempt[1], attemptId: attempt[2] };
  const mine = /^\/exam\/([A-Za-z0-9_-]{1,64})\/attempts\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (mine?.[1] && mine[2]) return { kind: 'myAttempt', examId: mine[1], attemptId: mine[2] };
  const exam = /^\/exam\/([A-Za-z0-9_-]{1,64})$/.exec(path);
  if (exam?.[1]) return { kind: 'exam', examId: exam[1] };
  const match = /^\/lesson\/([^/]+)$/.exec(path);
  if (!match?.[1]) return { kind: 'home' };
  let lessonId: string;
  try {
    lessonId = decodeURIComponent(match[1]);
  } catch {
    return { kind: 'home' };
  }
  const fragment = new URLSearchParams(loc.hash.startsWith('#') ? loc.hash.slice(1) : loc.hash);
  return { kind: 'lesson', lessonId, token: fragment.get('t') ?? '' };
}
