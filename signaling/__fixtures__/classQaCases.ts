/**
 * The questions and answers routes (R13) in the authorization matrix (authorization.int.test.ts):
 * studentA asked a question on 8A Toán; teacherA teaches that board, teacherB and studentB are of
 * 8B, parentA is studentA's parent (sees nothing), the admin reads only. A question looked up by
 * id answers 404 to whoever may not read it, 403 to a reader who may not do the act.
 */
import { loadActor } from '../../classroom/index.js';
import type { ApiClient } from '../../testkit/apiClient.js';
import { png } from '../../testkit/docx.js';
import type { SchoolWorld } from '../../testkit/schoolWorld.js';
import type { Services } from '../services.js';

type Who = 'anonymous' | 'admin' | 'teacherA' | 'teacherB' | 'studentA' | 'studentB' | 'parentA';
interface RouteCase {
  name: string;
  call(c: ApiClient): Promise<{ status: number }>;
  expect: Record<Who, number>;
}

/** The status of the push stream, which stays open: read the head, then hang up. */
async function eventStreamStatus(c: ApiClient): Promise<{ status: number }> {
  const abort = new AbortController();
  const res = await fetch(`${c.baseUrl}/api/qa/events`, { headers: c.cookie ? { cookie: c.cookie } : {}, signal: abort.signal });
  abort.abort();
  return { status: res.status };
}

export function classQaCases(services: Services, world: SchoolWorld, all: (status: number, rest?: Partial<Record<Who, number>>) => Record<Who, number>): RouteCase[] {
  let made: Promise<{ questionId: string; answerId: string }> | undefined;
  const thread = () =>
    (made ??= (async () => {
      const load = (id: string, role: 'student' | 'teacher') => loadActor(services.storage.schools, { id, role, schoolId: world.schoolId });
      const q = await services.classQa.ask(await load(world.studentsA[0]!.userId, 'student'), world.classA, world.subjectId, { body: 'Vì sao $a^0 = 1$?' });
      const a = await services.classQa.answer(await load(world.studentsA[1]!.userId, 'student'), q.id, { body: 'Vì $a^n / a^n$' });
      return { questionId: q.id, answerId: a.id };
    })());
  const q = async (rest = '') => `/api/qa/questions/${(await thread()).questionId}${rest}`;
  const board = `/api/classes/${world.classA}/subjects/${world.subjectId}/questions`;
  const byId = (ok: Partial<Record<Who, number>>) => all(404, { anonymous: 401, admin: 403, studentA: 403, ...ok });
  return [
    { name: 'GET /api/qa/places', call: (c) => c.get('/api/qa/places'), expect: all(200) },
    { name: 'GET /api/qa/notifications', call: (c) => c.get('/api/qa/notifications'), expect: all(200) },
    { name: 'GET /api/qa/events', call: (c) => eventStreamStatus(c), expect: all(200, { anonymous: 401 }) },
    { name: 'GET /api/classes/:classId/subjects/:subjectId/questions', call: (c) => c.get(board), expect: all(403, { admin: 200, teacherA: 200, studentA: 200 }) },
    { name: 'POST /api/classes/:classId/subjects/:subjectId/questions', call: (c) => c.post(board, { body: 'Câu hỏi $x$' }), expect: all(403, { studentA: 201 }) },
    { name: 'GET /api/qa/questions/:id', call: async (c) => c.get(await q()), expect: all(404, { anonymous: 401, admin: 200, teacherA: 200, studentA: 200 }) },
    {
      name: 'POST /api/qa/questions/:id/photo',
      call: async (c) => c.post(await q('/photo'), Buffer.from(png()), { contentType: 'image/png' }),
      expect: all(404, { anonymous: 401, admin: 403, teacherA: 403, studentA: 201 }),
    },
    { name: 'GET /api/qa/questions/:id/photo', call: async (c) => c.get(await q('/photo')), expect: all(404, { anonymous: 401, admin: 200, teacherA: 200, studentA: 200 }) },
    { name: 'POST /api/qa/questions/:id/answers', call: async (c) => c.post(await q('/answers'), { body: 'Trả lời' }), expect: byId({ teacherA: 201, studentA: 201 }) },
    { name: 'POST /api/qa/questions/:id/accept', call: async (c) => c.post(await q('/accept'), { answerId: (await thread()).answerId }), expect: byId({ teacherA: 204 }) },
    { name: 'POST /api/qa/questions/:id/moderate', call: async (c) => c.post(await q('/moderate'), { locked: false }), expect: byId({ teacherA: 204 }) },
    {
      name: 'POST /api/qa/answers/:id/moderate',
      call: async (c) => c.post(`/api/qa/answers/${(await thread()).answerId}/moderate`, { hidden: false }),
      expect: byId({ teacherA: 204 }),
    },
  ];
}
