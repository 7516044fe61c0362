/**
 * Bench: what the admission flow (R3) adds to a join. A class of N students joins one lesson at
 * once, three ways, against a real server (SQLite store, real sessions and argon2 logins done
 * beforehand):
 *   - "link":    signed link token, auto-admit        (no session lookup, no lobby)
 *   - "session": session cookie, auto-admit           (+ session, account, membership, lesson checks)
 *   - "lobby":   session cookie, lobby, teacher admits all (+ waiting, the teacher's decision)
 * Prints one JSON line per way with p50/p99 of request -> JoinResponse, and for "lobby" also of
 * AdmitRequest -> AdmissionDecision at each student.
 * Usage: npx tsx scripts/bench-admission.ts [--students 40] [--rounds 5]
 */
import { parseArgs } from 'node:util';
import { loadActor } from '../classroom/index.js';
import { classroom } from '../proto/index.js';
import { ApiClient } from '../testkit/apiClient.js';
import { buildSchoolWorld, signedIn } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { TestClient } from '../testkit/wsClient.js';

const { values } = parseArgs({ options: { students: { type: 'string', default: '40' }, rounds: { type: 'string', default: '5' } } });
const N = Math.min(45, Number(values.students));
const ROUNDS = Number(values.rounds);

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return Number((s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] ?? 0).toFixed(2));
}

async function freshLesson(server: TestServer, world: Awaited<ReturnType<typeof buildSchoolWorld>>): Promise<string> {
  const teacher = await loadActor(server.services.storage.schools, { id: world.teacherA.userId, role: 'teacher', schoolId: world.schoolId });
  await server.services.lessons.markEnded(world.lessonA.id);
  world.lessonA = await server.services.lessons.startNow(teacher, { classId: world.classA, subjectId: world.subjectId, durationMinutes: 45 });
  return world.lessonA.id;
}

async function timedJoin(url: string, headers: Record<string, string>, join: classroom.v1.JoinRequest.$Properties) {
  const client = await TestClient.connect(url, headers);
  const t0 = performance.now();
  const answer = await client.join(join);
  if (answer.body !== 'join') throw new Error(`join failed: ${answer.error?.message}`);
  return { client, ms: performance.now() - t0 };
}

async function main(): Promise<void> {
  const server = await startTestServer({ demo: { enabled: false }, log: { level: 'error' } });
  try {
    const world = await buildSchoolWorld(server.services, { studentsInA: N });
    const teacherApi = await signedIn(server.httpUrl, world.teacherA);
    const apis: ApiClient[] = [];
    for (const s of world.studentsA) apis.push(await signedIn(server.httpUrl, s));
    const results: Record<string, { join: number[]; admit: number[] }> = { link: { join: [], admit: [] }, session: { join: [], admit: [] }, lobby: { join: [], admit: [] } };
    for (let round = 0; round < ROUNDS; round++) {
      for (const way of ['link', 'session', 'lobby'] as const) {
        const lessonId = await freshLesson(server, world);
        const teacher = await TestClient.connect(server.wsUrl, { cookie: teacherApi.cookie });
        await teacher.join({ lessonId });
        await teacher.request({ updateSettings: { autoAdmit: way !== 'lobby' } });
        const joins = await Promise.all(
          world.studentsA.map((s, i) =>
            way === 'link'
              ? timedJoin(server.wsUrl, {}, { joinToken: server.links.mint({ lessonId, userId: s.userId, name: `HS ${i}`, role: 'student' }) })
              : timedJoin(server.wsUrl, { cookie: apis[i]!.cookie }, { lessonId }),
          ),
        );
        results[way]!.join.push(...joins.map((j) => j.ms));
        if (way === 'lobby') {
          const t0 = performance.now();
          await teacher.request({ admit: { all: true } });
          const times = await Promise.all(joins.map(async (j) => (await j.client.waitForPush((m) => m.admission?.admitted === true), performance.now() - t0)));
          results.lobby!.admit.push(...times);
        }
        for (const j of joins) j.client.close();
        teacher.close();
      }
    }
    const cmd = `npx tsx scripts/bench-admission.ts --students ${N} --rounds ${ROUNDS}`;
    for (const [way, r] of Object.entries(results)) {
      const line: Record<string, unknown> = { way, students: N, joins: r.join.length, joinP50Ms: pct(r.join, 50), joinP99Ms: pct(r.join, 99) };
      if (r.admit.length) Object.assign(line, { admitP50Ms: pct(r.admit, 50), admitP99Ms: pct(r.admit, 99) });
      console.log(JSON.stringify({ ...line, command: cmd }));
    }
  } finally {
    await server.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
