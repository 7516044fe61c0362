import { afterEach, beforeEach, vi } from 'vitest';
import type { TransportControllerLoader } from '../../media/index.js';
import { fakeDevice, fakeTransport } from '../../media/testing/FakeTransportSignal.js';
import { TransportController } from '../../media/transport/TransportController.js';
import { FakeWebSocketServer, type FakeWebSocket } from '../../net/testing/FakeWebSocket.js';
import { joinResult, snapshot, TEACHER } from '../../net/testing/fixtures.js';
import { setScreenSource } from '../screenShare.js';
import { joinLesson, resetToJoin } from '../session.js';

/** The session's media on mediasoup-client's FakeHandler, loaded without a dynamic import. */
export const fakeTransportLoader: TransportControllerLoader = async (options) => new TransportController({ ...options, createDevice: () => fakeDevice().device });

/**
 * Answers every media request not answered yet, as a cooperative server would (MediaSetup with
 * fake transports, Produce with a producer id, the others with an Ack), until none is left: each
 * answer may make mediasoup-client send the next one. Returns the receive transport ids it gave.
 */
export async function answerMedia(ws: FakeWebSocket, answered: Set<number>): Promise<string[]> {
  const recvIds: string[] = [];
  let idle = 0;
  for (let round = 0; round < 30 && idle < 3; round++) {
    await vi.advanceTimersByTimeAsync(0);
    const open = ws.sent.filter(({ requestId, request }) => !answered.has(requestId) && ['mediaSetup', 'connectTransport', 'produce', 'unpublish', 'resumeConsumer'].includes(request.type));
    idle = open.length === 0 ? idle + 1 : 0;
    for (const { requestId, request } of open) {
      answered.add(requestId);
      if (request.type === 'mediaSetup') {
        recvIds.push(`recv-${requestId}`);
        ws.respond(requestId, { type: 'mediaSetup', send: fakeTransport(`send-${requestId}`), recv: fakeTransport(`recv-${requestId}`) });
      } else if (request.type === 'produce') {
        ws.respond(requestId, { type: 'produce', producerId: `producer-${requestId}` });
      } else {
        ws.respond(requestId, { type: 'ack' });
      }
    }
  }
  return recvIds;
}

/**
 * A lesson session against a fake server, for the tests of the lesson's state parts: call
 * `lessonHarness()` at the top of a test file; it installs fake timers, a fake WebSocket
 * server and a fake mediasoup-client device around each test.
 */
export function lessonHarness() {
  const h = {
    server: new FakeWebSocketServer(),
    answered: new Set<number>(),

    start(lessonPassword = ''): Promise<void> {
      return joinLesson({ lessonId: 'lesson-1', joinToken: '', displayName: '', lessonPassword, url: 'ws://test/ws', createWebSocket: h.server.factory, loadTransportController: fakeTransportLoader });
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

    /** Answers the media requests not answered yet (see answerMedia). */
    answerMedia: (ws: FakeWebSocket): Promise<string[]> => answerMedia(ws, h.answered),

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
