/**
 * The WebSocket fuzzer's runner (issue 13): opens a connection (joined as nobody, a student or a
 * teacher), sends a sequence of fuzz frames one at a time, and checks that each gets what the
 * protocol documents (oracle.ts). A canary teacher in lesson 0 keeps asking meanwhile: another
 * client must keep working. Used by the bounded property test and by `npm run fuzz`.
 */
import fc from 'fast-check';
import { classroom, PROTOCOL_VERSION } from '../../proto/index.js';
import { FuzzSocket, type Outcome } from './FuzzSocket.js';
import { mutate, type FuzzFrame } from './frames.js';
import { closeThatFollows, expected, verdict } from './oracle.js';

const v1 = classroom.v1;

export interface WsFuzzTarget {
  wsUrl: string;
  maxPayloadBytes: number;
  /** A signed join token for `userId` in lesson `lesson` (0: the canary's lesson, 1..teacherLessons: the fuzz teachers'). */
  joinToken(role: 'teacher' | 'student', lesson: number, userId: string): string;
  teacherLessons: number;
  /** Longer than the server's request timeout. */
  answerTimeoutMs: number;
  /**
   * One in this many EndLessonRequests of a fuzz teacher is sent as is; the others become a
   * RaiseHandRequest, so that the teachers' lessons stay alive long enough to be fuzzed.
   */
  endLessonOneIn: number;
}

export interface FuzzStats {
  frames: number;
  connections: number;
  internalErrors: number;
  /** Up to 50 descriptions of what broke the documented behaviour. */
  violations: string[];
  /** How many frames got each kind of answer or close. */
  outcomes: Record<string, number>;
}

export function emptyStats(): FuzzStats {
  return { frames: 0, connections: 0, internalErrors: 0, violations: [], outcomes: {} };
}

export type Opening = { as: 'nobody' } | { as: 'student' | 'teacher'; lesson: number };

export const openingArb: fc.Arbitrary<Opening> = fc.oneof(
  { weight: 1, arbitrary: fc.constant<Opening>({ as: 'nobody' }) },
  { weight: 3, arbitrary: fc.nat().map((lesson): Opening => ({ as: 'student', lesson })) },
  { weight: 2, arbitrary: fc.nat().map((lesson): Opening => ({ as: 'teacher', lesson })) },
);

let users = 0;
const endedLessons = new Set<number>();

/** How many fuzz lessons this process has seen ended (printed with a long run's figures). */
export function endedLessonCount(): number {
  return endedLessons.size;
}

/**
 * Lesson numbers: students anywhere, teachers only in their own lessons; both prefer a lesson
 * still running. Once a lesson is seen ended, nobody is sent there again: a long run once ended
 * every fuzz lesson in its first 80,000 frames and spent the rest on joins refused with
 * LESSON_ENDED (1.5 frames per connection instead of 3, and the running-room paths unfuzzed).
 * Students fall back to lesson 0, the canary's, which never ends.
 */
export function lessonFor(target: WsFuzzTarget, o: Exclude<Opening, { as: 'nobody' }>, ended: ReadonlySet<number> = endedLessons): number {
  if (o.as === 'student') {
    for (let i = 0; i <= target.teacherLessons; i++) {
      const lesson = (o.lesson + i) % (target.teacherLessons + 1);
      if (!ended.has(lesson)) return lesson;
    }
    return 0;
  }
  for (let i = 0; i < target.teacherLessons; i++) {
    const lesson = 1 + ((o.lesson + i) % target.teacherLessons);
    if (!ended.has(lesson)) return lesson;
  }
  return 1 + (o.lesson % target.teacherLessons);
}

/**
 * After an answer that the protocol follows with a close (an acknowledged leave, a join refused
 * for good), waits for that close and checks its code; true when the sequence must end there.
 */
async function closedAsDocumented(socket: FuzzSocket, frame: Uint8Array, outcome: Outcome, target: WsFuzzTarget, stats: FuzzStats): Promise<boolean> {
  const expectedClose = closeThatFollows(frame, outcome);
  if (expectedClose === undefined) return false;
  const code = await socket.waitClosed(target.answerTimeoutMs);
  const label = `close ${expectedClose} after the answer`;
  if (code === expectedClose) stats.outcomes[label] = (stats.outcomes[label] ?? 0) + 1;
  else if (stats.violations.length < 50) stats.violations.push(`an answer documented to be followed by close ${expectedClose} was followed by ${code === undefined ? 'no close' : `close ${code}`}`);
  return true;
}

function record(stats: FuzzStats, frame: Uint8Array, v: ReturnType<typeof verdict>): void {
  stats.frames++;
  stats.outcomes[v.label] = (stats.outcomes[v.label] ?? 0) + 1;
  if (v.ok) return;
  if (v.internal) stats.internalErrors++;
  if (stats.violations.length < 50) stats.violations.push(`${v.reason}; frame ${Buffer.from(frame.subarray(0, 48)).toString('hex')}${frame.length > 48 ? '…' : ''} (${frame.length} bytes)`);
}

/** `$P<n>` and `$SELF` become ids the connection saw, so frames can name real participants. */
function substitute(value: unknown, socket: FuzzSocket): unknown {
  if (typeof value === 'string') {
    if (value === '$SELF') return socket.selfId;
    const p = /^\$P(\d)$/.exec(value);
    return p ? (socket.seenIds[Number(p[1])] ?? '') : value;
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, socket));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, socket)]));
  return value;
}

export function encodeFrame(frame: FuzzFrame, socket: FuzzSocket, maxPayloadBytes: number): Uint8Array {
  const bytes = frame.kind === 'wire' ? frame.bytes : v1.ClientMessage.encode(substitute(frame.message, socket) as classroom.v1.ClientMessage.$Properties).finish();
  return mutate(bytes, frame.mutation, maxPayloadBytes);
}

let endLessonFrames = 0;

/**
 * A teacher's frame that would end the lesson is sent one time in `oneIn`, counted over the run
 * (by requestId it was most of them: generated ids are often 0), and checked on the final bytes
 * since wire frames and mutations also name endLesson by its field number.
 */
function spareLesson(bytes: Uint8Array, oneIn: number): boolean {
  let body: string | undefined;
  try {
    body = v1.ClientMessage.decode(bytes).body;
  } catch {
    return false;
  }
  return body === 'endLesson' && ++endLessonFrames % oneIn !== 0;
}

/** One connection: the opening join, then `frames` one at a time until the server closes it. */
export async function fuzzConnection(target: WsFuzzTarget, opening: Opening, frames: readonly FuzzFrame[], stats: FuzzStats): Promise<void> {
  let socket: FuzzSocket;
  try {
    socket = await FuzzSocket.open(target.wsUrl);
  } catch (err) {
    stats.violations.length < 50 && stats.violations.push(`could not connect: ${(err as Error).message}`);
    return;
  }
  stats.connections++;
  try {
    if (opening.as !== 'nobody') {
      const lesson = lessonFor(target, opening);
      const join = v1.ClientMessage.encode({ requestId: 1, join: { protocolVersion: PROTOCOL_VERSION, joinToken: target.joinToken(opening.as, lesson, `fuzz-${process.pid}-${++users}`), micOn: true, cameraOn: true } }).finish();
      const outcome = await socket.exchange(join, 1, target.answerTimeoutMs);
      if (outcome.kind === 'answer' && outcome.message.error?.code === v1.ErrorCode.ERROR_CODE_LESSON_ENDED) endedLessons.add(lesson);
      record(stats, join, verdict({ drop: false, answerId: 1 }, outcome));
      if (await closedAsDocumented(socket, join, outcome, target, stats)) return;
    }
    for (const f of frames) {
      if (!socket.open) break;
      const bytes = encodeFrame(f, socket, target.maxPayloadBytes);
      if (opening.as === 'teacher' && spareLesson(bytes, target.endLessonOneIn)) continue;
      const expect = expected(bytes, target.maxPayloadBytes);
      const outcome = await socket.exchange(bytes, expect.drop ? -1 : expect.answerId, target.answerTimeoutMs);
      record(stats, bytes, verdict(expect, outcome));
      if (await closedAsDocumented(socket, bytes, outcome, target, stats)) break;
    }
  } finally {
    socket.close();
  }
}

/**
 * A teacher in lesson 0 who keeps asking (a quality report every `everyMs`): every request must
 * be answered within `timeoutMs`, whatever the fuzzer does to the server.
 */
export class Canary {
  readonly rtts: number[] = [];
  readonly failures: string[] = [];
  readonly #target: WsFuzzTarget;
  readonly #everyMs: number;
  #socket: FuzzSocket | undefined;
  #running = true;
  #loop: Promise<void> | undefined;
  #id = 10;

  constructor(target: WsFuzzTarget, everyMs = 100) {
    this.#target = target;
    this.#everyMs = everyMs;
  }

  async start(): Promise<void> {
    this.#socket = await this.#join();
    this.#loop = this.#run();
  }

  async stop(): Promise<void> {
    this.#running = false;
    await this.#loop;
    this.#socket?.close();
  }

  get maxRttMs(): number {
    return this.rtts.length === 0 ? 0 : Math.max(...this.rtts);
  }

  async #join(): Promise<FuzzSocket> {
    const socket = await FuzzSocket.open(this.#target.wsUrl);
    const join = v1.ClientMessage.encode({ requestId: 1, join: { protocolVersion: PROTOCOL_VERSION, joinToken: this.#target.joinToken('teacher', 0, 'fuzz-canary') } }).finish();
    const joined = await socket.exchange(join, 1, this.#target.answerTimeoutMs);
    if (joined.kind !== 'answer' || joined.message.body !== 'join') throw new Error(`the canary could not join: ${JSON.stringify(joined)}`);
    await socket.exchange(v1.ClientMessage.encode({ requestId: 2, updateSettings: { autoAdmit: true } }).finish(), 2, this.#target.answerTimeoutMs);
    return socket;
  }

  async #run(): Promise<void> {
    while (this.#running) {
      await new Promise((r) => setTimeout(r, this.#everyMs));
      const socket = this.#socket;
      if (!socket) break;
      const id = ++this.#id;
      const t0 = performance.now();
      const outcome = await socket.exchange(v1.ClientMessage.encode({ requestId: id, qualityReport: { rttMs: 20, lossPermille: 0 } }).finish(), id, 3000);
      if (outcome.kind === 'answer' && outcome.message.body === 'ack') {
        this.rtts.push(performance.now() - t0);
        continue;
      }
      const what = outcome.kind === 'answer' ? `${outcome.message.body} ${outcome.message.error?.message ?? ''}` : outcome.kind === 'closed' ? `close ${outcome.code}` : 'no answer in 3 s';
      this.failures.push(`canary request ${id}: ${what}`);
      if (!socket.open) this.#socket = await this.#join().catch(() => undefined);
    }
  }
}
