import { describe, expect, it } from 'vitest';
import { buildReport, periodsOf } from './figures.js';
import type { AssignmentFacts, LessonFacts, SchoolStructure } from './StatisticsTypes.js';

const MIN = 60_000;
const H = 60 * MIN;
const NOW = 100 * H;

const structure: SchoolStructure = {
  grades: [
    { id: 'g11', name: 'Khối 11', level: 11 },
    { id: 'g10', name: 'Khối 10', level: 10 },
  ],
  classes: [
    { id: 'c10a2', gradeId: 'g10', name: '10A2', size: 20 },
    { id: 'c10a1', gradeId: 'g10', name: '10A1', size: 30 },
    { id: 'c11a1', gradeId: 'g11', name: '11A1', size: 0 },
  ],
  subjects: [
    { id: 'toan', name: 'Toán' },
    { id: 'ly', name: 'Vật lý' },
  ],
  teachers: [
    { id: 't1', name: 'Nguyễn Văn Bình' },
    { id: 't2', name: 'Trần Thị An' },
  ],
};

function lesson(id: string, over: Partial<LessonFacts>): LessonFacts {
  return {
    lessonId: id,
    classId: 'c10a1',
    subjectId: 'toan',
    teacherId: 't1',
    scheduledStart: 10 * H,
    scheduledEnd: 10 * H + 45 * MIN,
    startedAt: 10 * H,
    endedAt: 10 * H + 45 * MIN,
    cancelledAt: null,
    attended: 0,
    late: 0,
    leftEarly: 0,
    ...over,
  };
}

function assignment(id: string, over: Partial<AssignmentFacts>): AssignmentFacts {
  return { assignmentId: id, classId: 'c10a1', subjectId: 'toan', teacherId: 't1', dueAt: 20 * H, assigned: 0, handedIn: 0, graded: 0, scoreTenthsSum: 0, ...over };
}

const lessons: LessonFacts[] = [
  lesson('held45', { attended: 27, late: 2, leftEarly: 1 }),
  lesson('held90', { subjectId: 'ly', teacherId: 't2', scheduledEnd: 10 * H + 90 * MIN, endedAt: 11 * H + 30 * MIN, attended: 30 }),
  lesson('cancelled', { classId: 'c10a2', startedAt: null, endedAt: null, cancelledAt: 9 * H }),
  lesson('missed', { classId: 'c10a2', startedAt: null, endedAt: null }),
  lesson('future', { classId: 'c10a2', scheduledStart: NOW + H, scheduledEnd: NOW + 2 * H, startedAt: null, endedAt: null }),
];

const assignments: AssignmentFacts[] = [
  assignment('a1', { assigned: 30, handedIn: 24, graded: 20, scoreTenthsSum: 1500 }),
  assignment('a2', { classId: 'c10a2', assigned: 20, handedIn: 20, graded: 2, scoreTenthsSum: 190 }),
];

const school = { kind: 'school', schoolId: 's' } as const;

describe('periodsOf', () => {
  it('counts periods of 45 minutes from the scheduled length, at least one', () => {
    const of = (minutes: number) => periodsOf({ scheduledStart: 0, scheduledEnd: minutes * MIN });
    expect([of(45), of(90), of(40), of(10), of(135), of(60)]).toEqual([1, 2, 1, 1, 3, 1]);
    expect(periodsOf({ scheduledStart: 0, scheduledEnd: 80 * MIN }, 40)).toBe(2);
  });
});

describe('buildReport', () => {
  const report = buildReport({ scope: school, from: 0, to: 200 * H, now: NOW, lessons, assignments, structure });

  it('counts held lessons and their periods per teacher; a cancelled lesson counts for nothing', () => {
    const t = Object.fromEntries(report.tables.teacher.map((r) => [r.id, r.figures]));
    expect(t.t1).toMatchObject({ lessonsScheduled: 3, lessonsHeld: 1, lessonsCancelled: 1, lessonsMissed: 1, periodsTaught: 1 });
    expect(t.t2).toMatchObject({ lessonsScheduled: 1, lessonsHeld: 1, lessonsCancelled: 0, periodsTaught: 2 });
    expect(report.total).toMatchObject({ lessonsHeld: 2, periodsTaught: 3, lessonsCancelled: 1, lessonsMissed: 1, lessonsScheduled: 4 });
  });

  it('attendance weighs each held lesson by its class size; absences are the students who never joined', () => {
    expect(report.total).toMatchObject({ expected: 60, attended: 57, absences: 3, late: 2, leftEarly: 1 });
    expect(report.total.attendanceRate).toBeCloseTo(0.95);
    const c = Object.fromEntries(report.tables.class.map((r) => [r.id, r.figures]));
    expect(c.c10a2).toMatchObject({ expected: 0, attendanceRate: null, lessonsMissed: 1 });
  });

  it('averages every returned score of the group, not the means of its assignments', () => {
    const toan = report.tables.subject.find((r) => r.id === 'toan')!.figures;
    expect(toan).toMatchObject({ assignments: 2, assigned: 50, handedIn: 44, graded: 22, averageScoreTenths: 77 });
    expect(toan.handInRate).toBeCloseTo(0.88);
    expect(report.tables.subject.find((r) => r.id === 'ly')!.figures).toMatchObject({ assignments: 0, handInRate: null, averageScoreTenths: null });
  });

  it('lists every grade, class, subject and teacher of the school in reading order, zeros included', () => {
    expect(report.tables.grade.map((r) => r.name)).toEqual(['Khối 10', 'Khối 11']);
    expect(report.tables.class.map((r) => r.name)).toEqual(['10A1', '10A2', '11A1']);
    // Vietnamese order: by given name ("An" before "Bình").
    expect(report.tables.teacher.map((r) => r.name)).toEqual(['Trần Thị An', 'Nguyễn Văn Bình']);
    expect(report.tables.grade[1]!.figures).toMatchObject({ lessonsScheduled: 0, periodsTaught: 0, attendanceRate: null });
    expect(report.tables.grade[0]!.figures).toMatchObject({ lessonsHeld: 2, periodsTaught: 3, expected: 60 });
  });

  it('a teacher’s report lists only the groups they taught', () => {
    const own = buildReport({
      scope: { kind: 'teacher', schoolId: 's', teacherId: 't2' },
      from: 0,
      to: 200 * H,
      now: NOW,
      lessons: lessons.filter((l) => l.teacherId === 't2'),
      assignments: [],
      structure,
    });
    expect(own.tables.teacher.map((r) => r.id)).toEqual(['t2']);
    expect(own.tables.class.map((r) => r.id)).toEqual(['c10a1']);
    expect(own.tables.subject.map((r) => r.id)).toEqual(['ly']);
    expect(own.total.periodsTaught).toBe(2);
  });

  it('never reports more attended than the class holds, nor more handed in than given', () => {
    const r = buildReport({
      scope: school,
      from: 0,
      to: 200 * H,
      now: NOW,
      lessons: [lesson('x', { classId: 'c10a2', attended: 25 })],
      assignments: [assignment('y', { assigned: 3, handedIn: 5 })],
      structure,
    });
    expect(r.total).toMatchObject({ expected: 20, attended: 20, absences: 0, assigned: 3, handedIn: 3, handInRate: 1 });
  });

  it('counts materials approved per grade, subject and owner (never per class), and materials used per class with their openings', () => {
    const r = buildReport({
      scope: school,
      from: 0,
      to: 200 * H,
      now: NOW,
      lessons: [],
      assignments: [],
      materials: {
        approved: [
          { materialId: 'm1', subjectId: 'toan', gradeId: 'g10', ownerId: 't1', approvals: 2 },
          { materialId: 'm2', subjectId: 'ly', gradeId: 'g11', ownerId: 't2', approvals: 1 },
        ],
        used: [
          { materialId: 'm1', classId: 'c10a1', subjectId: 'toan', ownerId: 't1', students: 12 },
          { materialId: 'm1', classId: 'c10a2', subjectId: 'toan', ownerId: 't1', students: 5 },
          { materialId: 'm2', classId: 'c10a1', subjectId: 'ly', ownerId: 't2', students: 0 },
        ],
      },
      structure,
    });
    expect(r.total).toMatchObject({ materialsApproved: 3, materialsUsed: 2, materialOpenings: 17 });
    const of = (by: 'grade' | 'class' | 'subject' | 'teacher', id: string) => r.tables[by].find((x) => x.id === id)!.figures;
    expect(of('grade', 'g10')).toMatchObject({ materialsApproved: 2, materialsUsed: 2, materialOpenings: 17 });
    expect(of('grade', 'g11')).toMatchObject({ materialsApproved: 1, materialsUsed: 0 });
    expect(of('class', 'c10a1')).toMatchObject({ materialsApproved: 0, materialsUsed: 1, materialOpenings: 12 });
    expect(of('subject', 'ly')).toMatchObject({ materialsApproved: 1, materialsUsed: 0 });
    expect(of('teacher', 't1')).toMatchObject({ materialsApproved: 2, materialsUsed: 2, materialOpenings: 17 });
  });

  it('adds questions answered, live and between lessons, to the class, subject, grade and teacher that answered them', () => {
    const r = buildReport({
      scope: school,
      from: 0,
      to: 200 * H,
      now: NOW,
      lessons: [],
      assignments: [],
      questions: [
        { classId: 'c10a1', subjectId: 'toan', teacherId: 't1', live: 3, async: 2 },
        { classId: 'c10a2', subjectId: 'toan', teacherId: 't1', live: 0, async: 1 },
        { classId: 'c10a1', subjectId: 'ly', teacherId: 't2', live: 4, async: 0 },
      ],
      structure,
    });
    expect(r.total).toMatchObject({ questionsAnsweredLive: 7, questionsAnsweredAsync: 3, questionsAnswered: 10 });
    const of = (by: 'grade' | 'class' | 'subject' | 'teacher', id: string) => r.tables[by].find((x) => x.id === id)!.figures;
    expect(of('class', 'c10a1')).toMatchObject({ questionsAnsweredLive: 7, questionsAnsweredAsync: 2, questionsAnswered: 9 });
    expect(of('subject', 'toan')).toMatchObject({ questionsAnswered: 6 });
    expect(of('teacher', 't2')).toMatchObject({ questionsAnsweredLive: 4, questionsAnsweredAsync: 0 });
    expect(of('grade', 'g10')).toMatchObject({ questionsAnswered: 10 });
  });
});
