import { describe, expect, it } from 'vitest';
import { ConflictError, createMetricsRegistry, deferred, silentLogger } from '../../platform/index.js';
import { classroom } from '../../proto/index.js';
import type { ClientRequest, ServerBody } from '../codec/messages.js';
import { createSignalingMetrics } from '../metrics.js';
import { ClientSession, type Dispatch, type SessionLimits, type SessionTransport } from './ClientSession.js';
import { CLOSE } from './closeCodes.js';

const v1 = classroom.v1;

class FakeTransport implements SessionTransport {
  readonly sent: classroom.v1.ServerMessage[] = [];
  closedWith: number | undefined;
  accept = true;
  send(bytes: Uint8Array): boolean {
    this.sent.push(v1.ServerMessage.decode(bytes));
    return this.accept;
  }
  close(code: number): void {
    this.closedWith ??= code;
  }
}

function setup(dispatch: Dispatch, limits: SessionLimits = { maxBadFrames: 3, messagesPerSecond: 1, messageBurst: 2, requestTimeoutMs: 5000 }) {
  const transport = new FakeTransport();
  const session = new ClientSession({
    transport,
    dispatch,
    limits,
    metrics: createSignalingMetrics(createMetricsRegistry({ processMetrics: false })),
    logger: silentLogger(),
    remoteAddress: '127.0.0.1',
    cookieHeader: '',
    now: 0,
  });
  return { transport, session };
}

const frame = (m: classroom.v1.ClientMessage.$Properties) => v1.ClientMessage.encode(m).finish();
const flush = () => new Promise((r) => setImmediate(r));

describe('ClientSession', () => {
  it('answers every request once, in arrival order, with the same request id', async () => {
    const gate = deferred<void>();
    const seen: string[] = [];
    const { transport, session } = setup(async (_s, req: ClientRequest) => {
      seen.push(req.type);
      if (req.type === 'sendChat') await gate.promise;
      return undefined;
    }, { maxBadFrames: 3, messagesPerSecond: 100, messageBurst: 100, requestTimeoutMs: 5000 });
    session.onBinaryFrame(frame({ requestId: 1, sendChat: { text: 'a' } }), 0);
    session.onBinaryFrame(frame({ requestId: 2, raiseHand: {} }), 0);
    await flush();
    expect(seen).toEqual(['sendChat']);
    gate.resolve();
    await flush();
    await flush();
    expect(seen).toEqual(['sendChat', 'raiseHand']);
    expect(transport.sent.map((m) => [m.requestId, m.body])).toEqual([
      [1, 'ack'],
      [2, 'ack'],
    ]);
  });

  it('a close asked for while a request runs comes after its answer; an idle session closes at once', async () => {
    const gate = deferred<void>();
    const limits = { maxBadFrames: 3, messagesPerSecond: 100, messageBurst: 100, requestTimeoutMs: 5000 };
    const { transport, session } = setup(async (s) => {
      s.closeAfterAnswer(CLOSE.normal, 'Left the lesson');
      await gate.promise;
      return undefined;
    }, limits);
    session.onBinaryFrame(frame({ requestId: 7, leave: {} }), 0);
    await flush();
    expect(transport.closedWith).toBeUndefined();
    gate.resolve();
    await flush();
    expect(transport.sent.map((m) => [m.requestId, m.body])).toEqual([[7, 'ack']]);
    expect(transport.closedWith).toBe(CLOSE.normal);

    const idle = setup(async () => undefined, limits);
    idle.session.closeAfterAnswer(CLOSE.forbidden, 'Removed');
    await flush();
    expect(idle.transport.closedWith).toBe(CLOSE.forbidden);
  });

  it('answers a malformed frame with BAD_REQUEST and closes with 4400 after too many', async () => {
    const { transport, session } = setup(async () => undefined);
    session.onBinaryFrame(new Uint8Array([0xff, 0xff, 0xff]), 0);
    session.onTextFrame();
    expect(transport.sent.map((m) => m.error?.code)).toEqual([v1.ErrorCode.ERROR_CODE_BAD_REQUEST, v1.ErrorCode.ERROR_CODE_BAD_REQUEST]);
    expect(transport.closedWith).toBeUndefined();
    session.onBinaryFrame(frame({ requestId: 5 }), 0);
    expect(transport.sent[2]?.requestId).toBe(5);
    expect(transport.closedWith).toBe(CLOSE.protocolViolation);
  });

  it('maps a handler error to its code and message; internal errors say only "Internal error"', async () => {
    let n = 0;
    const { transport, session } = setup(async () => {
      n++;
      if (n === 1) throw new ConflictError('Join a lesson first', 'NOT_JOINED');
      throw new Error('database password is hunter2');
    }, { maxBadFrames: 3, messagesPerSecond: 100, messageBurst: 100, requestTimeoutMs: 5000 });
    session.onBinaryFrame(frame({ requestId: 1, raiseHand: {} }), 0);
    session.onBinaryFrame(frame({ requestId: 2, raiseHand: {} }), 0);
    await flush();
    await flush();
    expect(transport.sent.map((m) => [m.requestId, m.error?.code, m.error?.message])).toEqual([
      [1, v1.ErrorCode.ERROR_CODE_NOT_JOINED, 'Join a lesson first'],
      [2, v1.ErrorCode.ERROR_CODE_INTERNAL, 'Internal error'],
    ]);
  });

  it('rate-limits a flood with RATE_LIMITED and closes with 4429 if it goes on', async () => {
    const { transport, session } = setup(async () => undefined);
    for (let i = 1; i <= 3; i++) session.onBinaryFrame(frame({ requestId: i, raiseHand: {} }), 0);
    await flush();
    const codes = transport.sent.map((m) => m.error?.code ?? 'ok');
    expect(codes).toContain(v1.ErrorCode.ERROR_CODE_RATE_LIMITED);
    for (let i = 4; i <= 10; i++) session.onBinaryFrame(frame({ requestId: i, raiseHand: {} }), 0);
    expect(transport.closedWith).toBe(CLOSE.rateLimited);
  });

  it('a failed join with a final reason is answered, then closed with the matching code', async () => {
    const { transport, session } = setup(async () => {
      throw new ConflictError('This lesson has ended', 'LESSON_ENDED');
    });
    session.onBinaryFrame(frame({ requestId: 1, join: { protocolVersion: 1 } }), 0);
    await flush();
    expect(transport.sent[0]?.error?.code).toBe(v1.ErrorCode.ERROR_CODE_LESSON_ENDED);
    expect(transport.closedWith).toBe(CLOSE.lessonEnded);
  });

  it('a request that outlives its timeout is answered UNAVAILABLE, and the next one runs only once it has finished', async () => {
    const slow = deferred<void>();
    const seen: string[] = [];
    const { transport, session } = setup(
      async (_s, req) => {
        seen.push(`${req.type} starts`);
        if (req.type === 'sendChat') await slow.promise;
        seen.push(`${req.type} ends`);
      },
      { maxBadFrames: 3, messagesPerSecond: 100, messageBurst: 100, requestTimeoutMs: 40 },
    );
    session.onBinaryFrame(frame({ requestId: 1, sendChat: { text: 'a' } }), 0);
    session.onBinaryFrame(frame({ requestId: 2, raiseHand: {} }), 0);
    await new Promise((r) => setTimeout(r, 60));
    // Answered at the timeout; the hand waits: two requests of one connection never overlap.
    expect(transport.sent.map((m) => [m.requestId, m.error?.code ?? m.body])).toEqual([[1, v1.ErrorCode.ERROR_CODE_UNAVAILABLE]]);
    expect(seen).toEqual(['sendChat starts']);
    slow.resolve();
    await flush();
    await flush();
    expect(seen).toEqual(['sendChat starts', 'sendChat ends', 'raiseHand starts', 'raiseHand ends']);
    expect(transport.sent.map((m) => [m.requestId, m.error?.code ?? m.body])).toEqual([
      [1, v1.ErrorCode.ERROR_CODE_UNAVAILABLE],
      [2, 'ack'],
    ]);
    expect(transport.closedWith).toBeUndefined();
  });

  it('a request still running after twice its timeout closes the connection (1011), and what was queued behind it never runs', async () => {
    const never = deferred<void>();
    const seen: string[] = [];
    const { transport, session } = setup(
      async (_s, req) => {
        seen.push(req.type);
        if (req.type === 'sendChat') await never.promise;
      },
      { maxBadFrames: 3, messagesPerSecond: 100, messageBurst: 100, requestTimeoutMs: 30 },
    );
    session.onBinaryFrame(frame({ requestId: 1, sendChat: { text: 'a' } }), 0);
    session.onBinaryFrame(frame({ requestId: 2, raiseHand: {} }), 0);
    await new Promise((r) => setTimeout(r, 120));
    expect(transport.closedWith).toBe(CLOSE.requestStuck);
    expect(transport.sent.map((m) => [m.requestId, m.error?.code ?? m.body])).toEqual([[1, v1.ErrorCode.ERROR_CODE_UNAVAILABLE]]);
    expect(seen).toEqual(['sendChat']);
  });

  it('pushes to a connection its join bound wait for the join answer (which waits for the commit), then follow it in order', async () => {
    const commit = deferred<void>();
    const limits = { maxBadFrames: 3, messagesPerSecond: 100, messageBurst: 100, requestTimeoutMs: 5000 };
    const { transport, session } = setup(async (s, req) => {
      if (req.type !== 'join') return undefined;
      // hub.join: the snapshot is taken, the connection bound; the answer waits for the attendance commit.
      s.bind({ lessonId: 'l', participantId: 'p', onConnectionLost: () => undefined });
      await commit.promise;
      return { type: 'mediaReset', reason: 'the join answer' };
    }, limits);
    const other = setup(async () => undefined, limits);
    session.onBinaryFrame(frame({ requestId: 1, join: { protocolVersion: 1 } }), 0);
    await flush();
    // Meanwhile another participant's change is pushed to everyone (a restored hand goes up).
    session.push({ type: 'mediaReset', reason: 'push 1' });
    session.push({ type: 'mediaReset', reason: 'push 2' });
    other.session.push({ type: 'mediaReset', reason: 'not joining: at once' });
    expect(transport.sent).toEqual([]);
    expect(other.transport.sent.map((m) => m.mediaReset?.reason)).toEqual(['not joining: at once']);
    commit.resolve();
    await flush();
    expect(transport.sent.map((m) => [m.requestId, m.mediaReset?.reason])).toEqual([
      [1, 'the join answer'],
      [0, 'push 1'],
      [0, 'push 2'],
    ]);
    // Once answered, pushes go out at once, also while a later request waits for its commit.
    const gate = deferred<void>();
    const late = setup(async (s, req) => {
      if (req.type === 'join') s.bind({ lessonId: 'l', participantId: 'q', onConnectionLost: () => undefined });
      else await gate.promise;
      return undefined;
    }, limits);
    late.session.onBinaryFrame(frame({ requestId: 1, join: { protocolVersion: 1 } }), 0);
    await flush();
    late.session.onBinaryFrame(frame({ requestId: 2, sendChat: { text: 'a' } }), 0);
    await flush();
    late.session.push({ type: 'mediaReset', reason: 'during sendChat' });
    expect(late.transport.sent.map((m) => [m.requestId, m.body])).toEqual([
      [1, 'ack'],
      [0, 'mediaReset'],
    ]);
    gate.resolve();
  });

  it('closes with 4508 when the client does not read (backpressure)', async () => {
    const { transport, session } = setup(async () => undefined);
    transport.accept = false;
    const push: ServerBody = { type: 'mediaReset', reason: 'x' };
    session.push(push);
    expect(transport.closedWith).toBe(CLOSE.tooSlow);
  });

  it('reports a lost connection once to its binding, and not after unbind()', () => {
    const { session } = setup(async () => undefined);
    const lost: string[] = [];
    session.bind({ lessonId: 'l', participantId: 'p', onConnectionLost: () => lost.push('p') });
    session.onTransportClosed(1006);
    session.onTransportClosed(1006);
    expect(lost).toEqual(['p']);
    const other = setup(async () => undefined).session;
    other.bind({ lessonId: 'l', participantId: 'q', onConnectionLost: () => lost.push('q') });
    other.unbind();
    other.onTransportClosed(1000);
    expect(lost).toEqual(['p']);
  });
});
