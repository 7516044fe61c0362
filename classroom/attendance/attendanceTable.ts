/**
 * The attendance table of one lesson (R8), computed from its participation events: a pure
 * function, so the live view, the export and the archive all agree.
 *
 * Per student:
 * - connections: a join opens one, a leave closes it; a second join while connected (another
 *   tab) is counted but opens nothing; a stray leave is ignored. Events after the lesson's end
 *   (or after `now` while it runs) are ignored; a connection still open is closed there.
 * - presence: the connections, with a gap no longer than the grace period after a leave for
 *   "disconnected" or "left" counted as present (a reconnection or a page reload). A gap after
 *   "removed" is never bridged: the teacher removed the student.
 * - camera / mic / screen time: while on AND connected; every new connection starts with
 *   devices off (the room reports them again), so a device is never counted across a gap.
 * - late: first join later than the scheduled start + `lateAfterMs`.
 * - left early: gone (not present now) since before the end minus `earlyLeaveBeforeMs`, where
 *   the end is the scheduled end, or the actual end if the lesson ended earlier; decided only
 *   once that moment has passed.
 */
import type {
  AttendanceLessonTimes,
  AttendanceOptions,
  AttendanceRosterEntry,
  AttendanceRow,
  AttendanceTable,
  LeaveReason,
  ParticipationEvent,
  QuizAnswerCount,
} from './AttendanceTypes.js';

export interface AttendanceInput {
  lesson: AttendanceLessonTimes;
  /** The class's students, in the order the table lists them. */
  roster: readonly AttendanceRosterEntry[];
  /** The lesson's events in time order (as AttendanceStore.eventsForLesson returns them). */
  events: readonly ParticipationEvent[];
  now: number;
  options?: AttendanceOptions;
  /** Live quiz answers per student (stored by the live quiz, not as events). Default none. */
  quiz?: readonly QuizAnswerCount[];
}

interface Connection {
  start: number;
  end: number;
  /** Null while still connected at the horizon. */
  reason: LeaveReason | null;
}

type Device = 'camera' | 'mic' | 'screen';

interface Tally {
  connections: Connection[];
  deviceMs: Record<Device, number>;
  handRaises: number;
  chatMessages: number;
  joinCount: number;
}

export function attendanceTable(input: AttendanceInput): AttendanceTable {
  const { lesson, now } = input;
  const horizon = lesson.endedAt ?? now;
  const byUser = new Map<string, ParticipationEvent[]>();
  for (const e of input.events) {
    if (e.at > horizon) continue;
    const list = byUser.get(e.userId);
    if (list) list.push(e);
    else byUser.set(e.userId, [e]);
  }
  const onRoster = new Set(input.roster.map((r) => r.userId));
  const quiz = new Map((input.quiz ?? []).map((q) => [q.userId, q]));
  const rows = input.roster.map((student) => rowFor(student, tally(byUser.get(student.userId) ?? [], horizon), input, quiz.get(student.userId)));
  return {
    rows,
    absent: rows.filter((r) => !r.attended).map((r) => r.userId),
    notOnRoster: [...byUser.keys()].filter((id) => !onRoster.has(id)),
    generatedAt: now,
  };
}

function tally(events: readonly ParticipationEvent[], horizon: number): Tally {
  const t: Tally = { connections: [], deviceMs: { camera: 0, mic: 0, screen: 0 }, handRaises: 0, chatMessages: 0, joinCount: 0 };
  let openSince: number | null = null;
  const deviceSince: Record<Device, number | null> = { camera: null, mic: null, screen: null };
  const closeDevices = (at: number) => {
    for (const d of ['camera', 'mic', 'screen'] as const) {
      const since = deviceSince[d];
      if (since !== null) t.deviceMs[d] += at - since;
      deviceSince[d] = null;
    }
  };
  const device = (d: Device, on: boolean, at: number) => {
    if (openSince === null) return;
    const since = deviceSince[d];
    if (on && since === null) deviceSince[d] = at;
    if (!on && since !== null) {
      t.deviceMs[d] += at - since;
      deviceSince[d] = null;
    }
  };
  for (const e of events) {
    switch (e.kind) {
      case 'join':
        t.joinCount++;
        openSince ??= e.at;
        break;
      case 'leave':
        if (openSince === null) break;
        closeDevices(e.at);
        t.connections.push({ start: openSince, end: e.at, reason: e.reason });
        openSince = null;
        break;
      case 'camera_on':
      case 'camera_off':
        device('camera', e.kind === 'camera_on', e.at);
        break;
      case 'mic_on':
      case 'mic_off':
        device('mic', e.kind === 'mic_on', e.at);
        break;
      case 'screen_on':
      case 'screen_off':
        device('screen', e.kind === 'screen_on', e.at);
        break;
      case 'hand_raised':
        t.handRaises++;
        break;
      case 'chat_message':
        t.chatMessages++;
        break;
    }
  }
  if (openSince !== null) {
    closeDevices(horizon);
    t.connections.push({ start: openSince, end: horizon, reason: null });
  }
  return t;
}

/** Total presence: connections plus the bridgeable gaps between them. */
function presentMs(connections: readonly Connection[], graceMs: number): number {
  let total = 0;
  connections.forEach((c, i) => {
    total += c.end - c.start;
    const next = connections[i + 1];
    const bridgeable = c.reason === 'disconnected' || c.reason === 'left';
    if (next && bridgeable && next.start - c.end <= graceMs) total += next.start - c.end;
  });
  return total;
}

function rowFor(student: AttendanceRosterEntry, t: Tally, input: AttendanceInput, quiz: QuizAnswerCount | undefined): AttendanceRow {
  const { lesson, now } = input;
  const graceMs = input.options?.reconnectGraceMs ?? 60_000;
  const lateAfterMs = input.options?.lateAfterMs ?? 5 * 60_000;
  const earlyMs = input.options?.earlyLeaveBeforeMs ?? 5 * 60_000;
  const first = t.connections[0];
  const last = t.connections[t.connections.length - 1];
  const stillConnected = last !== undefined && last.reason === null;
  const presentNow = stillConnected && lesson.endedAt === null;
  let lastLeaveAt: number | null = null;
  let lastLeaveReason: LeaveReason | null = null;
  if (last && !presentNow) {
    lastLeaveAt = last.end;
    lastLeaveReason = last.reason ?? 'lesson_ended';
  }
  const end = lesson.endedAt === null ? lesson.scheduledEnd : Math.min(lesson.scheduledEnd, lesson.endedAt);
  const decided = lesson.endedAt !== null || now >= end - earlyMs;
  return {
    userId: student.userId,
    code: student.code,
    displayName: student.displayName,
    attended: first !== undefined,
    presentNow,
    firstJoinAt: first?.start ?? null,
    lastLeaveAt,
    lastLeaveReason,
    presentMs: presentMs(t.connections, graceMs),
    cameraOnMs: t.deviceMs.camera,
    micOnMs: t.deviceMs.mic,
    screenOnMs: t.deviceMs.screen,
    handRaises: t.handRaises,
    chatMessages: t.chatMessages,
    quizAnswers: quiz?.answers ?? 0,
    quizCorrect: quiz?.correct ?? 0,
    joinCount: t.joinCount,
    late: first !== undefined && first.start > lesson.scheduledStart + lateAfterMs,
    leftEarly: lastLeaveAt !== null && decided && lastLeaveAt < end - earlyMs,
  };
}
