/**
 * The statistics tables as pure functions of the facts the store aggregated (R15). Every figure
 * of a group is a sum of its lessons' and assignments' facts, and the rates are computed last,
 * from the sums: a class's attendance rate weighs each lesson by its students, and a subject's
 * average score is the mean of all its returned scores, not a mean of class means.
 */
import { compareVietnameseNames } from '../school/index.js';
import type { AssignmentFacts, Figures, GroupBy, LessonFacts, MaterialApprovalFacts, MaterialUseFacts, QuestionFacts, SchoolStructure, StatisticsReport, StatisticsRow, StatisticsScope } from './StatisticsTypes.js';

/** One period (tiết) of Vietnamese secondary schools. */
export const PERIOD_MINUTES = 45;

/**
 * The periods a lesson counts for, from its scheduled length: a 45-minute lesson is one period, a
 * double lesson of 90 minutes two; at least one. An overrun does not count extra periods.
 */
export function periodsOf(l: Pick<LessonFacts, 'scheduledStart' | 'scheduledEnd'>, periodMinutes = PERIOD_MINUTES): number {
  return Math.max(1, Math.round((l.scheduledEnd - l.scheduledStart) / (periodMinutes * 60_000)));
}

/** Held: the live room opened and the lesson was not cancelled (a cancelled lesson never counts). */
export function isHeld(l: Pick<LessonFacts, 'startedAt' | 'cancelledAt'>): boolean {
  return l.startedAt !== null && l.cancelledAt === null;
}

export function emptyFigures(): Figures {
  return {
    lessonsScheduled: 0,
    lessonsHeld: 0,
    lessonsCancelled: 0,
    lessonsMissed: 0,
    periodsTaught: 0,
    expected: 0,
    attended: 0,
    absences: 0,
    late: 0,
    leftEarly: 0,
    attendanceRate: null,
    assignments: 0,
    assigned: 0,
    handedIn: 0,
    handInRate: null,
    graded: 0,
    averageScoreTenths: null,
    materialsApproved: 0,
    materialsUsed: 0,
    materialOpenings: 0,
    questionsAnsweredLive: 0,
    questionsAnsweredAsync: 0,
    questionsAnswered: 0,
  };
}

/** Sums kept beside the figures while folding; the score sum never leaves this module. */
interface Tally {
  figures: Figures;
  scoreTenthsSum: number;
}

function addLesson(t: Tally, l: LessonFacts, classSize: number, now: number, periodMinutes: number): void {
  const f = t.figures;
  if (l.cancelledAt !== null) {
    f.lessonsCancelled++;
    return;
  }
  f.lessonsScheduled++;
  if (!isHeld(l)) {
    if (l.scheduledEnd <= now) f.lessonsMissed++;
    return;
  }
  f.lessonsHeld++;
  f.periodsTaught += periodsOf(l, periodMinutes);
  // A student counted as attended is on today's roster (the store joins on it), so attended
  // never exceeds the class size; the guard keeps absences >= 0 if the roster shrank mid-query.
  const attended = Math.min(l.attended, classSize);
  f.expected += classSize;
  f.attended += attended;
  f.absences += classSize - attended;
  f.late += l.late;
  f.leftEarly += l.leftEarly;
}

function addAssignment(t: Tally, a: AssignmentFacts): void {
  const f = t.figures;
  f.assignments++;
  f.assigned += a.assigned;
  f.handedIn += Math.min(a.handedIn, a.assigned);
  f.graded += a.graded;
  t.scoreTenthsSum += a.scoreTenthsSum;
}

function addUse(t: Tally, u: MaterialUseFacts): void {
  if (u.students === 0) return;
  t.figures.materialsUsed++;
  t.figures.materialOpenings += u.students;
}

function addQuestions(t: Tally, q: QuestionFacts): void {
  t.figures.questionsAnsweredLive += q.live;
  t.figures.questionsAnsweredAsync += q.async;
  t.figures.questionsAnswered += q.live + q.async;
}

function finish(t: Tally): Figures {
  const f = { ...t.figures };
  f.attendanceRate = f.expected === 0 ? null : f.attended / f.expected;
  f.handInRate = f.assigned === 0 ? null : f.handedIn / f.assigned;
  f.averageScoreTenths = f.graded === 0 ? null : Math.round(t.scoreTenthsSum / f.graded);
  return f;
}

export interface ReportInput {
  scope: StatisticsScope;
  from: number;
  to: number;
  now: number;
  lessons: readonly LessonFacts[];
  assignments: readonly AssignmentFacts[];
  /** Default none (a school without the materials library). */
  materials?: { approved: readonly MaterialApprovalFacts[]; used: readonly MaterialUseFacts[] };
  /** Default none. */
  questions?: readonly QuestionFacts[];
  structure: SchoolStructure;
  /** Default PERIOD_MINUTES. */
  periodMinutes?: number;
}

type Keyed = Pick<LessonFacts, 'classId' | 'subjectId' | 'teacherId'>;

/**
 * The report: a total and one table per grouping. For the whole school every grade, class,
 * subject and teacher gets a row, with zeros where nothing happened (a class without online
 * lessons is what a principal looks for); a teacher's report lists only what they taught.
 */
export function buildReport(input: ReportInput): StatisticsReport {
  const periodMinutes = input.periodMinutes ?? PERIOD_MINUTES;
  const classes = new Map(input.structure.classes.map((c) => [c.id, c]));
  const keyOf: Record<GroupBy, (x: Keyed) => string> = {
    grade: (x) => classes.get(x.classId)?.gradeId ?? '',
    class: (x) => x.classId,
    subject: (x) => x.subjectId,
    teacher: (x) => x.teacherId,
  };
  const total: Tally = { figures: emptyFigures(), scoreTenthsSum: 0 };
  const groups: Record<GroupBy, Map<string, Tally>> = { grade: new Map(), class: new Map(), subject: new Map(), teacher: new Map() };
  const tallyOf = (by: GroupBy, x: Keyed): Tally => {
    const key = keyOf[by](x);
    let t = groups[by].get(key);
    if (!t) groups[by].set(key, (t = { figures: emptyFigures(), scoreTenthsSum: 0 }));
    return t;
  };
  for (const l of input.lessons) {
    const size = classes.get(l.classId)?.size ?? 0;
    addLesson(total, l, size, input.now, periodMinutes);
    for (const by of ['grade', 'class', 'subject', 'teacher'] as const) addLesson(tallyOf(by, l), l, size, input.now, periodMinutes);
  }
  for (const a of input.assignments) {
    addAssignment(total, a);
    for (const by of ['grade', 'class', 'subject', 'teacher'] as const) addAssignment(tallyOf(by, a), a);
  }
  for (const u of input.materials?.used ?? []) {
    const keyed = { classId: u.classId, subjectId: u.subjectId, teacherId: u.ownerId };
    addUse(total, u);
    for (const by of ['grade', 'class', 'subject', 'teacher'] as const) addUse(tallyOf(by, keyed), u);
  }
  for (const q of input.questions ?? []) {
    addQuestions(total, q);
    for (const by of ['grade', 'class', 'subject', 'teacher'] as const) addQuestions(tallyOf(by, q), q);
  }
  // An approval belongs to a grade, a subject and a teacher, never to a class.
  for (const a of input.materials?.approved ?? []) {
    total.figures.materialsApproved += a.approvals;
    for (const [by, key] of [['grade', a.gradeId], ['subject', a.subjectId], ['teacher', a.ownerId]] as const) {
      let t = groups[by].get(key);
      if (!t) groups[by].set(key, (t = { figures: emptyFigures(), scoreTenthsSum: 0 }));
      t.figures.materialsApproved += a.approvals;
    }
  }
  const everyRow = input.scope.kind === 'school';
  const s = input.structure;
  const table = (by: GroupBy, named: ReadonlyArray<{ id: string; name: string }>): StatisticsRow[] => {
    const names = new Map(named.map((n) => [n.id, n.name]));
    const ids = everyRow ? [...new Set([...named.map((n) => n.id), ...groups[by].keys()])] : [...groups[by].keys()];
    return ids.map((id) => {
      const t = groups[by].get(id);
      return { id, name: names.get(id) ?? id, figures: t ? finish(t) : finish({ figures: emptyFigures(), scoreTenthsSum: 0 }) };
    });
  };
  const byName = (a: StatisticsRow, b: StatisticsRow) => a.name.localeCompare(b.name, 'vi', { numeric: true });
  const levels = new Map(s.grades.map((g) => [g.id, g.level]));
  return {
    from: input.from,
    to: input.to,
    scope: input.scope,
    total: finish(total),
    tables: {
      grade: table('grade', s.grades).sort((a, b) => (levels.get(a.id) ?? 99) - (levels.get(b.id) ?? 99) || byName(a, b)),
      class: table('class', s.classes).sort(byName),
      subject: table('subject', s.subjects).sort(byName),
      teacher: table('teacher', s.teachers).sort((a, b) => compareVietnameseNames(a.name, b.name)),
    },
    generatedAt: input.now,
  };
}
