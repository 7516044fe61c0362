/**
 * The WebSocket fuzzer, bounded (issue 13): property-based sequences of generated and mutated
 * ClientMessage frames against a real server. Invariants: every frame gets the answer or close
 * code docs/protocol.md documents, never INTERNAL; a canary teacher keeps being answered; the
 * server log has no error; afterwards a new client joins and chats. The long run is
 * `npm run fuzz -- --frames 1000000` (scripts/fuzz.ts). FUZZ_SEED replays a failure.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingLogger, type CapturedLog } from '../../testkit/logCapture.js';
import { buildFuzzWorld } from '../../testkit/fuzzWorld.js';
import { startTestServer, type TestServer } from '../../testkit/testServer.js';
import { TestClient } from '../../testkit/wsClient.js';
import { frameArb } from './frames.js';
import { Canary, emptyStats, fuzzConnection, openingArb, type WsFuzzTarget } from './wsFuzz.js';

let server: TestServer;
let log: CapturedLog;
let target: WsFuzzTarget;
let canary: Canary;

beforeAll(async () => {
  log = capturingLogger();
  server = await startTestServer(
    {
      // The limits that would only slow the fuzzer down are raised; the size limit and the
      // bad-frame limit stay as shipped (their closes are part of what is checked).
      signaling: { messagesPerSecond: 100_000, messageBurst: 100_000, requestTimeoutMs: 2000, joinBurst: 100_000 },
      lesson: { reconnectGraceMs: 500 },
    },
    log.logger,
  );
  const world = await buildFuzzWorld(server.services, 6);
  const lessons = [server.demo?.lessonId ?? '', ...world.lessonIds];
  target = {
    wsUrl: server.wsUrl,
    maxPayloadBytes: server.config.signaling.maxPayloadBytes,
    joinToken: (role, lesson, userId) => server.links.mint({ lessonId: lessons[lesson] ?? '', userId, name: `Fuzz ${userId.slice(-4)}`, role }),
    teacherLessons: lessons.length - 1,
    answerTimeoutMs: 4000,
    endLessonOneIn: 5,
  };
  canary = new Canary(target);
  await canary.start();
}, 120_000);

afterAll(async () => {
  await canary?.stop();
  await server?.stop();
});

describe('WebSocket fuzzing (bounded)', () => {
  it('every generated or mutated frame gets a documented answer or close, never INTERNAL', async () => {
    const stats = emptyStats();
    const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
    await fc.assert(
      fc.asyncProperty(openingArb, fc.array(frameArb, { minLength: 1, maxLength: 40 }), async (opening, frames) => {
        const one = emptyStats();
        await fuzzConnection(target, opening, frames, one);
        stats.frames += one.frames;
        stats.connections += one.connections;
        for (const [k, n] of Object.entries(one.outcomes)) stats.outcomes[k] = (stats.outcomes[k] ?? 0) + n;
        expect(one.violations).toEqual([]);
      }),
      { numRuns: 80, ...(seed === undefined ? {} : { seed }) },
    );
    console.log(`ws fuzz: ${stats.frames} frames over ${stats.connections} connections: ${JSON.stringify(stats.outcomes)}`);
    expect(stats.frames).toBeGreaterThan(200);
  });

  it('meanwhile the canary teacher was always answered, and the server logged no error', () => {
    expect(canary.failures).toEqual([]);
    expect(canary.rtts.length).toBeGreaterThan(5);
    expect(log.errors).toEqual([]);
  });

  it('afterwards a new student joins the lesson and chats', async () => {
    const client = await TestClient.connect(server.wsUrl);
    const joined = await client.join({ joinToken: target.joinToken('student', 0, 'after-fuzz'), displayName: 'Sau kiểm thử' });
    expect(joined.body).toBe('join');
    expect((await client.request({ sendChat: { text: 'Vẫn chạy tốt' } })).body).toBe('ack');
    client.close();
  });
});
