/**
 * An in-memory `AssessmentResults` (classroom/assessment ResultsTypes.ts) over lists of
 * assessments and attempts, answering as the quiz/exam feature's implementation does. It lets the
 * gradebook's ResultSource seam be tested before (and independently of) that feature's store.
 */
import type { AssessmentResults, AssessmentSummary, AttemptResult } from '../assessment/index.js';

export function assessmentOf(id: string, over: Partial<AssessmentSummary> = {}): AssessmentSummary {
  return {
    assessmentId: id, mode: 'quiz', title: `Kiểm tra ${id}`, schoolId: 'sch_1', classId: 'cls_10a1', subjectId: 'sub_toan', teacherId: 'u_teacher',
    lessonId: null, opensAt: 0, closesAt: null, releasedAt: 0, scheme: {} as AssessmentSummary['scheme'], maxPoints: 10, assessmentType: 'ongoing', ...over,
  };
}

export function attemptOf(assessmentId: string, studentId: string, score10: number | null, over: Partial<AttemptResult> = {}): AttemptResult {
  return {
    attemptId: `${assessmentId}_${studentId}_${score10}`, assessmentId, studentId, status: score10 === null ? 'submitted' : 'graded', startedAt: 1, finishedAt: 2,
    paperSeed: 'seed', points: score10, maxPoints: 10, score10, feedback: '', ...over,
  };
}

export class MemoryAssessmentResults implements AssessmentResults {
  constructor(
    readonly assessments: AssessmentSummary[],
    readonly attempts: AttemptResult[],
    readonly now: () => number,
  ) {}

  #released(a: AssessmentSummary | undefined): boolean {
    return a !== undefined && a.releasedAt !== null && a.releasedAt <= this.now();
  }

  async attemptsOfStudent(studentId: string, range: { from: number; to: number }, options: { releasedOnly: boolean }): Promise<AttemptResult[]> {
    return this.attempts.filter((t) => {
      if (t.studentId !== studentId || t.startedAt < range.from || t.startedAt >= range.to) return false;
      return !options.releasedOnly || (t.status !== 'in_progress' && this.#released(this.assessments.find((a) => a.assessmentId === t.assessmentId)));
    });
  }

  async resultsOfClass(classId: string, subjectId: string, range: { from: number; to: number }) {
    const assessments = this.assessments.filter((a) => a.classId === classId && a.subjectId === subjectId && (a.opensAt ?? 0) >= range.from && (a.opensAt ?? 0) < range.to);
    return { assessments, attempts: this.attempts.filter((t) => assessments.some((a) => a.assessmentId === t.assessmentId)) };
  }

  async resultsOfAssessment(assessmentId: string) {
    const assessment = this.assessments.find((a) => a.assessmentId === assessmentId);
    return assessment && { assessment, attempts: this.attempts.filter((t) => t.assessmentId === assessmentId) };
  }

  async questionStatistics() {
    return [];
  }
}
