import { describe, expect, it } from 'vitest';
import { classroom } from '../../proto/index.js';
import { closeThatFollows } from './oracle.js';

const v1 = classroom.v1;
const frame = (m: classroom.v1.ClientMessage.$Properties) => v1.ClientMessage.encode(m).finish();
const error = (requestId: number, code: classroom.v1.ErrorCode) => ({ kind: 'answer' as const, message: v1.ServerMessage.create({ requestId, error: { code, message: 'x' } }) });

describe('the fuzz oracle knows which answers the protocol follows with a close', () => {
  const join = frame({ requestId: 1, join: { protocolVersion: 3, joinToken: 't' } });

  it('a join refused for good: the close of docs/protocol.md, so the next frame waits for it', () => {
    expect(closeThatFollows(join, error(1, v1.ErrorCode.ERROR_CODE_LESSON_LOCKED))).toBe(4423);
    expect(closeThatFollows(join, error(1, v1.ErrorCode.ERROR_CODE_UNAUTHENTICATED))).toBe(4401);
    expect(closeThatFollows(join, error(1, v1.ErrorCode.ERROR_CODE_LESSON_ENDED))).toBe(4410);
    expect(closeThatFollows(join, error(1, v1.ErrorCode.ERROR_CODE_CONFLICT))).toBeUndefined();
  });

  it('an acknowledged leave closes with 1000; the same errors to other requests keep the connection', () => {
    const leave = frame({ requestId: 7, leave: {} });
    expect(closeThatFollows(leave, { kind: 'answer', message: v1.ServerMessage.create({ requestId: 7, ack: {} }) })).toBe(1000);
    const hand = frame({ requestId: 8, raiseHand: {} });
    expect(closeThatFollows(hand, error(8, v1.ErrorCode.ERROR_CODE_FORBIDDEN))).toBeUndefined();
    expect(closeThatFollows(join, { kind: 'closed', code: 4423 })).toBeUndefined();
    expect(closeThatFollows(new Uint8Array([0xff, 0xff]), error(0, v1.ErrorCode.ERROR_CODE_FORBIDDEN))).toBeUndefined();
  });
});
