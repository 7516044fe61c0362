import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../platform/index.js';
import { attendanceTable } from './attendanceTable.js';
import type { AttendanceLessonTimes, LeaveReason, ParticipationEvent, ParticipationKind } from './AttendanceTypes.js';

const MIN = 60_000;
const T0 = Date.UTC(2026, 8, 7, 0, 0, 0); // 07:00 in Vietnam

/** Events written as a lesson unfolds: `at(minutes)` moves a ManualClock, events take its time. */
class Timeline {
  readonly clock = new ManualClock(T0);
  readonly events: ParticipationEvent[] = [];
  at(minutes: number): this {
    this.clock.set(T0 + minutes * MIN);
    return this;
  }
  e(userId: string, kind: Exclude<ParticipationKind, 'leave'>): this {
    this.events.push({ lessonId: 'les_1', userId, kind, at: this.clock.now() });
    return this;
  }
  leave(userId: string, reason: LeaveReason): this {
    this.events.push({ lessonId: 'les_1', userId, kind: 'leave', reason, at: this.clock.now() });
    return this;
  }
}

const roster = [
  { userId: 'an', code: '0791000001', displayName: 'Nguyễn Văn An' },
  { userId: 'binh', code: '0791000002', displayName: 'Trần Thị Bình' },
  { userId: 'cuong', code: '0791000003', displayName: 'Lê Văn Cường' },
  { userId: 'dung', code: '0791000004', displayName: 'Phạm Văn Dũng' },
];
const scheduled: AttendanceLessonTimes = { scheduledStart: T0, scheduledEnd: T0 + 45 * MIN, startedAt: T0, endedAt: null };

function endedLesson(): Timeline {
  const t = new Timeline();
  t.at(0).e('an', 'join').e('dung', 'join').e('teacher', 'join');
  t.at(1).e('dung', 'mic_on'); // off only by the removal, 4 min later
  t.at(2).e('an', 'camera_on').e('an', 'hand_raised');
  t.at(5).leave('dung', 'removed');
  t.at(5 + 1 / 3).e('dung', 'join'); // removed, back 20 s later: the gap is not bridged
  t.at(8).e('binh', 'join');
  t.at(10).leave('an', 'disconnected');
  t.at(10.5).e('an', 'join'); // reconnected within the grace period: continuous
  t.at(11).e('an', 'camera_on');
  t.at(12).e('an', 'chat_message').e('an', 'chat_message').e('binh', 'chat_message');
  t.at(20).e('an', 'camera_off').leave('binh', 'left');
  t.at(25).e('binh', 'join').e('binh', 'camera_on'); // back after 5 min: not bridged
  t.at(30).e('an', 'mic_on').e('an', 'hand_raised').leave('binh', 'left');
  t.at(31).e('an', 'mic_off');
  t.at(44).leave('dung', 'disconnected');
  t.at(45).leave('teacher', 'lesson_ended');
  t.at(50).e('an', 'chat_message'); // after the end: ignored
  return t;
}

describe('attendanceTable', () => {
  it('computes presence, devices, counts and flags for an ended lesson, and lists the absent', () => {
    const t = endedLesson();
    const table = attendanceTable({ lesson: { ...scheduled, endedAt: T0 + 45 * MIN }, roster, events: t.events, now: T0 + 60 * MIN });
    const [an, binh, cuong, dung] = table.rows;
    expect(an).toEqual({
      ...roster[0],
      attended: true,
      presentNow: false,
      firstJoinAt: T0,
      lastLeaveAt: T0 + 45 * MIN,
      lastLeaveReason: 'lesson_ended',
      presentMs: 45 * MIN, // the 30 s reconnection gap counts
      cameraOnMs: 8 * MIN + 9 * MIN, // not during the gap: devices restart off on a new connection
      micOnMs: 1 * MIN,
      screenOnMs: 0,
      handRaises: 2,
      chatMessages: 2,
      quizAnswers: 0,
      quizCorrect: 0,
      joinCount: 2,
      late: false,
      leftEarly: false,
    });
    expect(binh).toMatchObject({ firstJoinAt: T0 + 8 * MIN, presentMs: 12 * MIN + 5 * MIN, cameraOnMs: 5 * MIN, late: true, leftEarly: true, lastLeaveReason: 'left', joinCount: 2 });
    expect(cuong).toMatchObject({ attended: false, firstJoinAt: null, lastLeaveAt: null, presentMs: 0, late: false, leftEarly: false });
    expect(dung).toMatchObject({ presentMs: 5 * MIN + (44 - 5 - 1 / 3) * MIN, micOnMs: 4 * MIN, lastLeaveReason: 'disconnected', leftEarly: false });
    expect(table.absent).toEqual(['cuong']);
    expect(table.notOnRoster).toEqual(['teacher']);
  });

  it('while the lesson runs: open connections count up to now, and "left early" waits until near the end', () => {
    const t = endedLesson();
    const live = (minutes: number) =>
      attendanceTable({ lesson: scheduled, roster, events: t.events.filter((e) => e.at <= T0 + minutes * MIN), now: T0 + minutes * MIN });
    const at22 = live(22);
    expect(at22.rows[0]).toMatchObject({ presentNow: true, lastLeaveAt: null, presentMs: 22 * MIN, cameraOnMs: 8 * MIN + 9 * MIN });
    expect(at22.rows[1]).toMatchObject({ presentNow: false, lastLeaveAt: T0 + 20 * MIN, leftEarly: false });
    const at41 = live(41);
    expect(at41.rows[1]).toMatchObject({ presentNow: false, leftEarly: true });
    expect(at41.rows[0]?.presentNow).toBe(true);
  });

  it('measures "left early" against the actual end when the lesson ended before its schedule', () => {
    const t = new Timeline();
    t.at(0).e('an', 'join').e('binh', 'join');
    t.at(20).leave('an', 'left');
    t.at(28).leave('binh', 'left');
    const table = attendanceTable({ lesson: { ...scheduled, endedAt: T0 + 30 * MIN }, roster, events: t.events, now: T0 + 40 * MIN });
    expect(table.rows.map((r) => r.leftEarly)).toEqual([true, false, false, false]);
  });

  it('a second tab counts as a join but not as double presence; a stray leave is ignored', () => {
    const t = new Timeline();
    t.at(0).leave('an', 'left').e('an', 'join');
    t.at(1).e('an', 'join');
    t.at(10).leave('an', 'left');
    const table = attendanceTable({ lesson: { ...scheduled, endedAt: T0 + 45 * MIN }, roster, events: t.events, now: T0 + 45 * MIN });
    expect(table.rows[0]).toMatchObject({ joinCount: 2, presentMs: 10 * MIN, lastLeaveAt: T0 + 10 * MIN });
  });

  it('honours custom grace and thresholds', () => {
    const t = new Timeline();
    t.at(3).e('an', 'join');
    t.at(10).leave('an', 'disconnected');
    t.at(12).e('an', 'join');
    t.at(38).leave('an', 'left');
    const options = { reconnectGraceMs: 3 * MIN, lateAfterMs: 2 * MIN, earlyLeaveBeforeMs: 10 * MIN };
    const [an] = attendanceTable({ lesson: { ...scheduled, endedAt: T0 + 45 * MIN }, roster, events: t.events, now: T0 + 45 * MIN, options }).rows;
    expect(an).toMatchObject({ presentMs: 35 * MIN, late: true, leftEarly: false });
  });
});

describe('attendanceTable and the live quiz', () => {
  it('shows each student\'s live quiz answers and right answers (R8); none for a student who gave none', () => {
    const t = new Timeline().at(0).e('an', 'join').e('binh', 'join');
    const table = attendanceTable({ lesson: scheduled, roster, events: t.events, now: T0 + 10 * MIN, quiz: [{ userId: 'an', answers: 3, correct: 2 }] });
    expect(table.rows.map((r) => [r.userId, r.quizAnswers, r.quizCorrect])).toEqual([
      ['an', 3, 2],
      ['binh', 0, 0],
      ['cuong', 0, 0],
      ['dung', 0, 0],
    ]);
  });
});
