import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeConsumer, fakeDevice } from '../media/testing/FakeTransportSignal.js';
import { TransportController } from '../media/transport/TransportController.js';
import { FakeWebSocketServer, type FakeWebSocket } from '../net/testing/FakeWebSocket.js';
import { joinResult, participant, snapshot, STUDENT_A, STUDENT_B, TEACHER } from '../net/testing/fixtures.js';
import { messages, unreadCount } from './chat.js';
import { finalState, joinError, phase, reconnecting } from './connection.js';
import { participantCount, participants } from './lesson.js';
import { remoteTracks } from './remoteMedia.js';
import { activeSession, joinLesson, leaveLesson, resetToJoin, sendChatMessage } from './session.js';
import { answerMedia } from './testing/lessonHarness.js';

let server: FakeWebSocketServer;
/** The media controllers the sessions of a test made (on mediasoup-client's FakeHandler). */
let controllers: TransportController[];

function start(): Promise<void> {
  return joinLesson({
    lessonId: 'lesson-1',
    joinToken: 'payload.signature',
    displayName: '  Nguyễn Văn An ',
    url: 'ws://test/ws',
    createWebSocket: server.factory,
    loadTransportController: async (options) => {
      const controller = new TransportController({ ...options, createDevice: () => fakeDevice().device });
      controllers.push(controller);
      return controller;
    },
  });
}

/** Opens the socket and answers the JoinRequest as admitted. */
async function joinAdmitted(ws: FakeWebSocket = server.current, result = joinResult()): Promise<void> {
  ws.open();
  ws.respond(ws.last('join').requestId, { type: 'join', result });
  await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => {
  vi.useFakeTimers();
  server = new FakeWebSocketServer();
  controllers = [];
  resetToJoin();
  for (const method of ['info', 'warn', 'debug'] as const) vi.spyOn(console, method).mockImplementation(() => undefined);
});

afterEach(async () => {
  resetToJoin();
  await vi.advanceTimersByTimeAsync(0); // let the requests the close rejected settle while logs are muted
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('lesson session', () => {
  it('joins with the link token and the trimmed name, then shows the lesson', async () => {
    const joined = start();
    expect(phase.value).toBe('connecting');
    await joinAdmitted();
    await joined;
    const { request } = server.current.last('join');
    expect(request).toMatchObject({ lessonId: 'lesson-1', joinToken: 'payload.signature', displayName: 'Nguyễn Văn An', resumeToken: '' });
    expect(phase.value).toBe('live');
    expect(participantCount.value).toBe(3);
    expect(messages.value.map((m) => m.text)).toEqual(['Chào các em']);
  });

  it('applies participant pushes and counts unread chat', async () => {
    void start();
    await joinAdmitted();
    const ws = server.current;
    ws.push({ type: 'participantJoined', participant: participant({ id: 'p-new', displayName: 'Lê Văn Cường' }) });
    ws.push({ type: 'participantUpdated', participant: { ...STUDENT_B, micOn: true } });
    ws.push({ type: 'participantLeft', participantId: STUDENT_B.id, reason: 'left' });
    ws.push({ type: 'chat', message: { id: 'c2', participantId: TEACHER.id, displayName: 'Cô Lan', text: 'Mở vở ra', sentAtMs: 2, groupId: '' } });
    expect([...participants.value.keys()].sort()).toEqual([TEACHER.id, STUDENT_A.id, 'p-new'].sort());
    expect(unreadCount.value).toBe(1);
  });

  it("consumes what ConsumersChanged announces, shows the teacher's tracks, and asks for the teacher's video in HIGH", async () => {
    void start();
    await joinAdmitted();
    const ws = server.current;
    const answered = new Set<number>();
    const [recvId] = await answerMedia(ws, answered);
    expect(recvId).toBeDefined();
    ws.push({ type: 'consumersChanged', transportId: recvId as string, added: [fakeConsumer('c1', TEACHER.id, 'microphone'), fakeConsumer('c2', TEACHER.id, 'camera')], removed: [] });
    await answerMedia(ws, answered);
    expect(ws.sent.flatMap((s) => (s.request.type === 'resumeConsumer' ? [s.request.consumerId] : [])).sort()).toEqual(['c1', 'c2']);
    expect(remoteTracks.value.map((t) => `${t.participantId}:${t.source}`)).toEqual([`${TEACHER.id}:microphone`, `${TEACHER.id}:camera`]);
    expect(ws.last('setVideoPreferences').request.preferences).toEqual([{ participantId: TEACHER.id, source: 'camera', layer: 'high' }]);
  });

  it('reconnects after a drop and resumes with the resume token', async () => {
    void start();
    await joinAdmitted();
    server.current.serverClose(1006);
    expect(reconnecting.value).toBe(true);
    await vi.advanceTimersByTimeAsync(500);
    expect(server.sockets).toHaveLength(2);
    await joinAdmitted(server.current);
    expect(server.current.last('join').request.resumeToken).toBe('resume-1');
    expect(server.current.last('join').request.joinToken).toBe('payload.signature');
    expect(reconnecting.value).toBe(false);
    expect(phase.value).toBe('live');
    expect(messages.value).toHaveLength(1);
  });

  it('after a failover (a new participant on another node) reconnects at once and sends its media set-up before it applies the new lesson', async () => {
    void start();
    await joinAdmitted();
    await answerMedia(server.current, new Set());
    expect(controllers).toHaveLength(1);
    server.current.serverClose(1006);
    // At once: within the first retry's jitter (at most 250 ms), not after a fixed 0.5 s.
    await vi.advanceTimersByTimeAsync(250);
    expect(server.sockets).toHaveLength(2);
    const ws = server.current;
    // What the page showed when its MediaSetupRequest left: the snapshot's rendering (every
    // tile anew) was ahead of the set-up, seconds on a busy page (bench:failover).
    let shownAtSetup: string[] | null = null;
    const send = ws.send.bind(ws);
    vi.spyOn(ws, 'send').mockImplementation((data) => {
      send(data);
      if (ws.sent.at(-1)?.request.type === 'mediaSetup') shownAtSetup ??= [...participants.value.keys()].sort();
    });
    const moved = participant({ id: 'p-student-1-new' });
    const teacherNow = { ...TEACHER, id: 'p-teacher-new' };
    await joinAdmitted(ws, joinResult({ participantId: moved.id, snapshot: snapshot({ selfParticipantId: moved.id, participants: [teacherNow, moved] }) }));
    expect(shownAtSetup).toEqual([TEACHER.id, STUDENT_A.id, STUDENT_B.id].sort());
    expect([...participants.value.keys()].sort()).toEqual([teacherNow.id, moved.id].sort());
    // The same media controller sets up again on the new node.
    const recvIds = await answerMedia(ws, new Set());
    expect(recvIds).toHaveLength(1);
    expect(controllers).toHaveLength(1);
    expect(phase.value).toBe('live');
  });

  it('shows the final screen for a final close code and stops reconnecting', async () => {
    void start();
    await joinAdmitted();
    server.current.push({ type: 'removed', reason: 'Làm ồn' });
    server.current.serverClose(4403);
    expect(phase.value).toBe('final');
    expect(finalState.value).toMatchObject({ reason: 'removed', detail: 'Làm ồn' });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(server.sockets).toHaveLength(1);
    expect(activeSession()).toBeNull();
  });

  it('a close 4410 without a push still ends the lesson', async () => {
    void start();
    await joinAdmitted();
    server.current.serverClose(4410);
    expect(finalState.value).toMatchObject({ reason: 'lesson-ended', closeCode: 4410 });
  });

  it('a refused first join with a final error shows the final screen', async () => {
    const joined = start();
    server.current.open();
    server.current.respond(server.current.last('join').requestId, { type: 'error', code: 'UNAUTHENTICATED', message: 'expired', reason: '' });
    await joined;
    expect(finalState.value?.reason).toBe('unauthenticated');
  });

  it('a first join that fails for another reason returns to the join page with a message', async () => {
    const joined = start();
    server.current.open();
    server.current.respond(server.current.last('join').requestId, { type: 'error', code: 'INTERNAL', message: 'Internal error', reason: '' });
    await joined;
    expect(phase.value).toBe('join');
    expect(joinError.value).toContain('Máy chủ gặp lỗi');
  });

  it('a guest name the server refuses (nothing visible left) is explained as a name problem', async () => {
    const joined = start();
    server.current.open();
    server.current.respond(server.current.last('join').requestId, { type: 'error', code: 'BAD_REQUEST', message: 'Enter your name', reason: 'display_name_invalid' });
    await joined;
    expect(phase.value).toBe('join');
    expect(joinError.value).toBe('Vui lòng nhập tên (từ 1 đến 64 ký tự).');
  });

  it('waits in the lobby until admitted', async () => {
    void start();
    await joinAdmitted(server.current, joinResult({ admission: 'waiting', snapshot: null }));
    expect(phase.value).toBe('waiting');
    server.current.push({ type: 'admission', admitted: true, snapshot: snapshot(), deniedReason: '' });
    expect(phase.value).toBe('live');
  });

  it('sends chat and reports a refusal', async () => {
    void start();
    await joinAdmitted();
    const sent = sendChatMessage('  Em chào cô ạ ');
    await vi.advanceTimersByTimeAsync(0);
    const { requestId, request } = server.current.last('sendChat');
    expect(request.text).toBe('Em chào cô ạ');
    server.current.respond(requestId, { type: 'ack' });
    await expect(sent).resolves.toBe(true);
    const refused = sendChatMessage('x');
    server.current.respond(server.current.last('sendChat').requestId, { type: 'error', code: 'RATE_LIMITED', message: '', reason: '' });
    await expect(refused).resolves.toBe(false);
    await expect(sendChatMessage('a'.repeat(1001))).resolves.toBe(false);
  });

  it('leave sends LeaveRequest and shows the final screen', async () => {
    void start();
    await joinAdmitted();
    const left = leaveLesson();
    server.current.respond(server.current.last('leave').requestId, { type: 'ack' });
    await left;
    expect(finalState.value?.reason).toBe('left');
    expect(server.current.closedWith?.code).toBe(1000);
    expect(controllers.length).toBe(1);
    expect(controllers.every((c) => c.closed)).toBe(true);
  });
});
