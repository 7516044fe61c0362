/**
 * The results seam (classroom/assessment ResultsTypes.ts) over quizzes and exams: what the
 * gradebook, a student's progress page and the teacher's statistics read. Authorization is the
 * caller's; `releasedOnly` hides what a student may not see yet.
 */
import type { AssessmentResults, AssessmentSummary, AttemptResult, QuestionStatistics, ResultsRange } from '../assessment/index.js';
import { ExamCore, isReleased } from './ExamCore.js';
import type { Attempt, Exam } from './ExamTypes.js';
import { gradeAttempt, maxPointsOf } from './paper.js';
import { questionStatistics } from './statistics.js';

export class ExamResults implements AssessmentResults {
  readonly #core: ExamCore;

  constructor(core: ExamCore) {
    this.#core = core;
  }

  async attemptsOfStudent(studentId: string, range: ResultsRange, options: { releasedOnly: boolean; withItems?: boolean }): Promise<AttemptResult[]> {
    const now = this.#core.clock.now();
    const out: AttemptResult[] = [];
    const exams = new Map<string, Exam>();
    for (const a of await this.#core.storage.exams.attemptsOfStudent(studentId, range)) {
      const exam = exams.get(a.examId) ?? (await this.#core.exam(a.examId));
      exams.set(exam.id, exam);
      if (options.releasedOnly && (a.status === 'in_progress' || !isReleased(exam, now))) continue;
      out.push(await this.#result(exam, a, options.withItems === true));
    }
    return out;
  }

  async resultsOfClass(classId: string, subjectId: string, range: ResultsRange): Promise<{ assessments: AssessmentSummary[]; attempts: AttemptResult[] }> {
    const exams = (await this.#core.storage.exams.examsOfClasses([classId])).filter((e) => e.subjectId === subjectId && e.opensAt >= range.from && e.opensAt < range.to);
    const attempts: AttemptResult[] = [];
    for (const e of exams) for (const a of await this.#core.storage.exams.attemptsOf(e.id)) attempts.push(await this.#result(e, a, false));
    return { assessments: exams.map(summaryOf), attempts };
  }

  async resultsOfAssessment(assessmentId: string, options: { withItems?: boolean } = {}): Promise<{ assessment: AssessmentSummary; attempts: AttemptResult[] } | undefined> {
    const exam = await this.#core.storage.exams.getExam(assessmentId);
    if (!exam) return undefined;
    const attempts: AttemptResult[] = [];
    for (const a of await this.#core.storage.exams.attemptsOf(exam.id)) attempts.push(await this.#result(exam, a, options.withItems === true));
    return { assessment: summaryOf(exam), attempts };
  }

  async questionStatistics(assessmentId: string): Promise<QuestionStatistics[]> {
    const found = await this.resultsOfAssessment(assessmentId, { withItems: true });
    if (!found) return [];
    const exam = await this.#core.exam(assessmentId);
    const versions = await this.#core.versionsOf(exam);
    const kinds = new Map(exam.questions.map((q) => [q.questionId, versions.get(`${q.questionId}@${q.version}`)!.body.kind]));
    return questionStatistics(exam, kinds, found.attempts.filter((a) => a.status !== 'in_progress'));
  }

  async #result(exam: Exam, a: Attempt, withItems: boolean): Promise<AttemptResult> {
    const base: AttemptResult = {
      attemptId: a.id,
      assessmentId: exam.id,
      studentId: a.studentId,
      status: a.status === 'in_progress' ? 'in_progress' : a.result && a.result.points !== null ? 'graded' : a.status,
      startedAt: a.startedAt,
      finishedAt: a.finishedAt,
      paperSeed: a.seed,
      points: a.result?.points ?? null,
      maxPoints: a.result?.maxPoints ?? maxPointsOf(exam),
      score10: a.result?.score10 ?? null,
      feedback: a.feedback,
    };
    if (!withItems) return base;
    const versions = await this.#core.versionsOf(exam);
    const graded = gradeAttempt(exam, versions, a.seed, await this.#core.storage.exams.answersOf(a.id), await this.#core.storage.exams.manualGradesOf(a.id));
    return { ...base, items: graded.items };
  }
}

export function summaryOf(e: Exam): AssessmentSummary {
  return {
    assessmentId: e.id,
    mode: e.mode,
    title: e.title,
    schoolId: e.schoolId,
    classId: e.classId,
    subjectId: e.subjectId,
    teacherId: e.teacherId,
    lessonId: e.lessonId,
    opensAt: e.opensAt,
    closesAt: e.closesAt,
    releasedAt: e.releasedAt ?? (e.releasePolicy === 'immediately' ? e.opensAt : e.releasePolicy === 'after_close' ? e.closesAt : null),
    scheme: e.scheme,
    maxPoints: maxPointsOf(e),
    assessmentType: e.mode === 'exam' ? 'periodic' : 'ongoing',
  };
}
