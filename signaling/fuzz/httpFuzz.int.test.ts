/**
 * The HTTP API fuzzer, bounded (issue 13): property-based requests to every route (and to paths
 * that are not routes) as each role, against a real server. Invariants: every request is
 * answered, with a documented status (never 500) and, for errors, the documented JSON shape; the
 * server log has no error; the server still serves /healthz and a sign-in afterwards.
 * The long run is `npm run fuzz -- --http --requests 100000`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient } from '../../testkit/apiClient.js';
import { capturingLogger, type CapturedLog } from '../../testkit/logCapture.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../../testkit/testServer.js';
import { httpViolation, requestArb, send, type HttpFuzzTarget } from './httpFuzz.js';
import { FUZZ_API_ROUTES } from './httpRoutes.js';

let server: TestServer;
let log: CapturedLog;
let world: SchoolWorld;
let target: HttpFuzzTarget;

beforeAll(async () => {
  log = capturingLogger();
  server = await startTestServer({ demo: { enabled: false } }, log.logger);
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  const cookies: string[] = [];
  for (const account of [world.admin, world.teacherA, world.studentsA[0]!, world.parentA]) cookies.push((await signedIn(server.httpUrl, account)).cookie);
  target = {
    baseUrl: server.httpUrl,
    routes: server.apiRoutes,
    ids: [world.lessonA.id, world.studentsA[0]!.userId, world.studentsA[1]!.userId, world.teacherA.userId, world.admin.userId, world.classA, world.subjectId],
    cookies,
  };
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe('HTTP API fuzzing (bounded)', () => {
  it('the long run goes through every route the server has (add new ones to signaling/fuzz/httpRoutes.ts)', () => {
    const key = (r: { method: string; path: string }) => `${r.method} ${r.path}`;
    expect(new Set(FUZZ_API_ROUTES.map(key))).toEqual(new Set(server.apiRoutes.map(key)));
  });

  it('every request gets a documented status, never 500, and errors in the documented shape', async () => {
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
    const statuses: Record<number, number> = {};
    await fc.assert(
      fc.asyncProperty(requestArb(target), async (r) => {
        const answer = await send(server.httpUrl, r, 10_000);
        statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
        const violation = httpViolation(r, answer);
        if (violation) throw new Error(violation);
      }),
      { numRuns: 400, ...(seed === undefined ? {} : { seed }) },
    );
    console.log(`http fuzz: ${JSON.stringify(statuses)}`);
  });

  it('the server logged no error, and still answers probes and sign-ins', async () => {
    expect(log.errors).toEqual([]);
    expect((await fetch(`${server.httpUrl}/healthz`)).status).toBe(200);
    // The fuzzer's wrong logins may have locked this address (429): still an answer.
    const login = await new ApiClient(server.httpUrl).post('/api/auth/login', { login: world.studentsA[1]!.login, password: world.studentsA[1]!.initialPassword });
    expect([200, 429]).toContain(login.status);
  });
});
