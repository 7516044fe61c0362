/**
 * The questions panel and materials handed out, through the real server (issue 11: R1, R13): a
 * question hidden from classmates reaches the teacher and its asker only; upvotes count once; the
 * teacher marks answered; everything is stored with the lesson; a script in a question stays
 * text. The teacher hands out an approved material and every student gets it; a student may not,
 * and an unapproved material is refused.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadActor } from '../classroom/index.js';
import { classroom } from '../proto/index.js';
import type { ApiClient } from '../testkit/apiClient.js';
import { setUpMaterials, type MaterialSetup } from '../testkit/materialSetup.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { TestClient, type ServerMessage } from '../testkit/wsClient.js';

const v1 = classroom.v1;
let server: TestServer;
let world: SchoolWorld;
let mat: MaterialSetup;
let teacherApi: ApiClient;
const studentApi: ApiClient[] = [];

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  mat = await setUpMaterials(server.services, world);
  teacherApi = await signedIn(server.httpUrl, world.teacherA);
  for (const s of world.studentsA) studentApi.push(await signedIn(server.httpUrl, s));
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

async function connect(api: ApiClient): Promise<{ client: TestClient; id: string; join: ServerMessage }> {
  const client = await TestClient.connect(server.wsUrl, { cookie: api.cookie });
  const join = await client.join({ lessonId: world.lessonA.id });
  return { client, id: join.join?.participantId ?? '', join };
}

const codeOf = (m: ServerMessage) => m.error?.code;

describe('questions and materials in the live lesson', () => {
  it('asks, hides from classmates, upvotes once, marks answered, keeps it with the lesson', async () => {
    const teacher = await connect(teacherApi);
    await teacher.client.request({ updateSettings: { autoAdmit: true } });
    const [a, b] = [await connect(studentApi[0]!), await connect(studentApi[1]!)];

    expect((await a.client.request({ askQuestion: { text: 'Vì sao <script>alert(1)</script> $x^2$ luôn dương?' } })).ack).toBeTruthy();
    const seenByB = await b.client.waitForPush((m) => !!m.questionUpdated, 5000, 'question to classmate');
    const visible = seenByB.questionUpdated!.question!;
    expect(visible.text).toBe('Vì sao alert(1) $x^2$ luôn dương?');
    expect(visible.authorName).toBe(world.studentsA[0]!.displayName);

    expect((await a.client.request({ askQuestion: { text: 'Em chưa hiểu bài, cô giảng lại được không ạ?', hiddenFromClassmates: true } })).ack).toBeTruthy();
    const hiddenToTeacher = await teacher.client.waitForPush((m) => m.questionUpdated?.question?.hiddenFromClassmates === true, 5000, 'hidden to teacher');
    const hiddenId = hiddenToTeacher.questionUpdated!.question!.id!;
    // The classmate gets nothing of it, and cannot upvote it by id.
    expect(codeOf(await b.client.request({ upvoteQuestion: { questionId: hiddenId } }))).toBe(v1.ErrorCode.ERROR_CODE_NOT_FOUND);
    expect(b.client.pushes.some((m) => m.questionUpdated?.question?.id === hiddenId)).toBe(false);

    expect((await b.client.request({ upvoteQuestion: { questionId: visible.id! } })).ack).toBeTruthy();
    expect((await b.client.request({ upvoteQuestion: { questionId: visible.id! } })).ack).toBeTruthy();
    expect(codeOf(await a.client.request({ markQuestionAnswered: { questionId: visible.id! } }))).toBe(v1.ErrorCode.ERROR_CODE_FORBIDDEN);
    expect((await teacher.client.request({ markQuestionAnswered: { questionId: visible.id! } })).ack).toBeTruthy();
    await a.client.waitForPush((m) => m.questionUpdated?.question?.answered === true, 5000, 'answered');

    const stored = await server.services.storage.lessonQuestions.ofLesson(world.lessonA.id);
    expect(stored.map((q) => [q.hiddenFromClassmates, q.upvoters.length, q.answeredAt !== null])).toEqual([
      [false, 1, true],
      [true, 0, false],
    ]);
    // A classmate joining later sees the visible question only; the teacher sees both.
    b.client.close();
    const again = await connect(studentApi[1]!);
    expect(again.join.join?.snapshot?.questions?.questions?.map((q) => q.id)).toEqual([visible.id]);
    expect((await connect(teacherApi)).join.join?.snapshot?.questions?.questions).toHaveLength(2);
    expect(codeOf(await a.client.request({ askQuestion: { text: '   ' } }))).toBe(v1.ErrorCode.ERROR_CODE_BAD_REQUEST);
  });

  it('the teacher hands out an approved material to everyone; a student cannot; an unapproved one is refused', async () => {
    const teacher = await connect(teacherApi);
    await teacher.client.request({ updateSettings: { autoAdmit: true } });
    const student = await connect(studentApi[0]!);
    expect(codeOf(await student.client.request({ handOutMaterial: { materialId: mat.approvedId } }))).toBe(v1.ErrorCode.ERROR_CODE_FORBIDDEN);
    expect(codeOf(await teacher.client.request({ handOutMaterial: { materialId: mat.draftId } }))).toBe(v1.ErrorCode.ERROR_CODE_CONFLICT);
    expect((await teacher.client.request({ handOutMaterial: { materialId: mat.approvedId } })).ack).toBeTruthy();
    const got = await student.client.waitForPush((m) => !!m.materialHandedOut, 5000, 'handed out');
    expect(got.materialHandedOut!.material).toMatchObject({ materialId: mat.approvedId, title: 'Phương trình bậc nhất', kind: 'file', mediaType: 'application/pdf' });
    // Recorded as given to the class in this lesson.
    expect((await server.services.storage.materials.getShare(mat.approvedId, world.classA))?.lessonId).toBe(world.lessonA.id);
    const actor = await loadActor(server.services.storage.schools, { id: world.studentsA[0]!.userId, role: 'student', schoolId: world.schoolId });
    expect((await server.services.materialAccess.forStudent(actor, mat.approvedId)).version.version).toBe(1);
  });
});
