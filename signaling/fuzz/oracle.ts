/**
 * What the protocol documents for a frame (docs/protocol.md "Errors and close codes"), as the
 * fuzzer's oracle: which answer a frame must get, and whether what came back is documented.
 */
import { classroom } from '../../proto/index.js';
import { decodeClientMessage, requestIdOf } from '../codec/decodeClient.js';
import { CLOSE } from '../ws/closeCodes.js';
import type { Outcome } from './FuzzSocket.js';

const v1 = classroom.v1;

/** A frame over the size limit drops the connection; any other gets an answer with this id (0: Error for a bad frame). */
export type Expected = { drop: true } | { drop: false; answerId: number };

export function expected(frame: Uint8Array, maxPayloadBytes: number): Expected {
  if (frame.byteLength > maxPayloadBytes) return { drop: true };
  try {
    return { drop: false, answerId: decodeClientMessage(frame).requestId };
  } catch (err) {
    return { drop: false, answerId: requestIdOf(err) };
  }
}

/** Close codes a server may end a connection with: the protocol's, and a normal close. */
export const DOCUMENTED_CLOSES: ReadonlySet<number> = new Set([1000, ...Object.values(CLOSE)]);
const ANSWER_BODIES = new Set(['error', 'ack', 'join', 'mediaSetup', 'produce', 'restartIce', 'firstSound', 'attendance']);

export type Verdict = { ok: true; label: string } | { ok: false; label: string; reason: string; internal: boolean };

/** Checks an outcome against what the frame must get; `label` names it for the statistics. */
export function verdict(expect: Expected, outcome: Outcome): Verdict {
  if (expect.drop) {
    if (outcome.kind === 'closed' && (outcome.code === 1006 || outcome.code === 1009)) return { ok: true, label: 'dropped (over the size limit)' };
    return { ok: false, label: 'oversize', reason: `a frame over the limit got ${describe(outcome)}`, internal: false };
  }
  if (outcome.kind === 'timeout') return { ok: false, label: 'timeout', reason: `no answer to request ${expect.answerId}`, internal: false };
  if (outcome.kind === 'closed') {
    if (DOCUMENTED_CLOSES.has(outcome.code)) return { ok: true, label: `close ${outcome.code}` };
    return { ok: false, label: `close ${outcome.code}`, reason: `undocumented close ${outcome.code}`, internal: false };
  }
  const m = outcome.message;
  if (!ANSWER_BODIES.has(m.body ?? '')) return { ok: false, label: `body ${m.body}`, reason: `an answer of type ${m.body}`, internal: false };
  if (m.body !== 'error') return { ok: true, label: m.body ?? '' };
  const code = m.error?.code ?? 0;
  const name = v1.ErrorCode[code] ?? String(code);
  if (code === v1.ErrorCode.ERROR_CODE_INTERNAL) return { ok: false, label: name, reason: 'INTERNAL error', internal: true };
  if (code === v1.ErrorCode.ERROR_CODE_UNSPECIFIED || !(code in v1.ErrorCode)) return { ok: false, label: name, reason: `undocumented error code ${code}`, internal: false };
  return { ok: true, label: name };
}

/**
 * The documented answers that are followed by a close (docs/protocol.md): an acknowledged leave
 * (1000), and a join refused for a reason that retrying on the socket cannot change. The next
 * frame must not be sent before that close arrives: it would be "answered" by it (an oversize
 * frame then looked like it got 4423 instead of being dropped).
 */
const JOIN_ERROR_CLOSES: ReadonlyMap<number, number> = new Map([
  [v1.ErrorCode.ERROR_CODE_UNAUTHENTICATED, CLOSE.unauthenticated],
  [v1.ErrorCode.ERROR_CODE_FORBIDDEN, CLOSE.forbidden],
  [v1.ErrorCode.ERROR_CODE_NOT_FOUND, CLOSE.notFound],
  [v1.ErrorCode.ERROR_CODE_LESSON_ENDED, CLOSE.lessonEnded],
  [v1.ErrorCode.ERROR_CODE_LESSON_LOCKED, CLOSE.lessonLocked],
  [v1.ErrorCode.ERROR_CODE_UNSUPPORTED_VERSION, CLOSE.unsupportedVersion],
]);

export function closeThatFollows(frame: Uint8Array, outcome: Outcome): number | undefined {
  if (outcome.kind !== 'answer') return undefined;
  let body: string | undefined;
  try {
    body = v1.ClientMessage.decode(frame).body;
  } catch {
    return undefined;
  }
  if (body === 'leave' && outcome.message.body === 'ack') return CLOSE.normal;
  if (body === 'join' && outcome.message.body === 'error') return JOIN_ERROR_CLOSES.get(outcome.message.error?.code ?? 0);
  return undefined;
}

function describe(o: Outcome): string {
  return o.kind === 'answer' ? `an answer (${o.message.body})` : o.kind === 'closed' ? `close ${o.code}` : 'no answer';
}
