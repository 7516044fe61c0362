import { afterEach, beforeEach, vi } from 'vitest';
import { fakePeerConnections, fakeSdp, parseFakeSdp } from '../../media/testing/FakePeerConnection.js';
import { FakeWebSocketServer, type FakeWebSocket } from '../../net/testing/FakeWebSocket.js';
import { joinResult, snapshot, TEACHER } from '../../net/testing/fixtures.js';
import { setScreenSource } from '../screenShare.js';
import { joinLesson, resetToJoin } from '../session.js';

/**
 * A lesson session against a fake server, for the tests of the lesson's state parts: call
 * `lessonHarness()` at the top of a test file; it installs fake timers, a fake WebSocket
 * server and fake peer connections around each test.
 */
export function lessonHarness() {
  const h = {
    server: new FakeWebSocketServer(),
    pcs: fakePeerConnections(),
    answered: new Set<number>(),

    start(lessonPassword = ''): Promise<void> {
      return joinLesson({ lessonId: 'lesson-1', joinToken: '', displayName: '', lessonPassword, url: 'ws://test/ws', createWebSocket: h.server.factory, createPeerConnection: h.pcs.factory });
    },

    /** Starts a session and answers its join (as a student by default). */
    async joinAs(result = joinResult()): Promise<FakeWebSocket> {
      void h.start();
      const ws = h.server.current;
      ws.open();
      ws.respond(ws.last('join').requestId, { type: 'join', result });
      await vi.advanceTimersByTimeAsync(0);
      return ws;
    },

    asTeacher: (overrides: Parameters<typeof snapshot>[0] = {}) =>
      joinResult({ participantId: TEACHER.id, snapshot: snapshot({ selfParticipantId: TEACHER.id, selfRole: 'teacher', ...overrides }) }),

    /** Answers every PublishRequest not answered yet, as a cooperative SFU would. */
    async answerPublishes(ws: FakeWebSocket): Promise<void> {
      for (const { requestId, request } of ws.sent) {
        if (request.type !== 'publish' || h.answered.has(requestId)) continue;
        h.answered.add(requestId);
        const sdp = fakeSdp(parseFakeSdp(request.sdp).map((m) => ({ ...m, direction: m.direction === 'sendonly' ? 'recvonly' : m.direction })));
        ws.respond(requestId, { type: 'publish', sdp });
      }
      await vi.advanceTimersByTimeAsync(0);
    },

    /** Answers the last request of a type with an Ack, and lets the action finish. */
    async ack(ws: FakeWebSocket, type: Parameters<FakeWebSocket['last']>[0]): Promise<void> {
      ws.respond(ws.last(type).requestId, { type: 'ack' });
      await vi.advanceTimersByTimeAsync(0);
    },
  };

  beforeEach(() => {
    h.answered.clear();
    vi.useFakeTimers();
    h.server = new FakeWebSocketServer();
    h.pcs = fakePeerConnections();
    resetToJoin();
    for (const method of ['info', 'warn', 'debug'] as const) vi.spyOn(console, method).mockImplementation(() => undefined);
  });

  afterEach(async () => {
    resetToJoin();
    setScreenSource(null);
    await vi.advanceTimersByTimeAsync(0);
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  return h;
}
