/**
 * Quiz and exam scores as the gradebook and a student's results read them (R14, R15): the one
 * narrow interface between issue 8 and the assessment feature (issue 7). The gradebook depends on
 * `ResultSource` only, never on the exam store; `resultSourceFrom` adapts the assessment
 * feature's `AssessmentResults` (classroom/assessment ResultsTypes.ts), which its quiz/exam module
 * implements. Until one is passed to the services, `NO_RESULTS`: no quiz or exam exists.
 *
 * Only RELEASED results come out of here (the teacher released them and the release time has
 * come), and only finished attempts with a score: a gradebook cell is visible to the student and
 * their parents, so a score put there before its release would leak it. Authorization is the
 * caller's, as for `AssessmentResults`.
 */
import type { Clock } from '../../platform/index.js';
import type { AssessmentMode, AssessmentResults, AssessmentSummary, AttemptResult } from '../assessment/index.js';
import { MAX_TENTHS, roundHalfUp } from './scores.js';

export interface ResultsPeriod {
  /** Inclusive, ms since the epoch. */
  from: number;
  /** Exclusive. */
  to: number;
}

/** A quiz or exam a gradebook column may be filled from. */
export interface ResultItem {
  assessmentId: string;
  mode: AssessmentMode;
  title: string;
  classId: string;
  subjectId: string;
  releasedAt: number;
}

/** One released score of a student, as their results page lists it. */
export interface StudentResultScore {
  assessmentId: string;
  title: string;
  subjectId: string;
  /** On the 10-point scale, as the assessment feature gives it (up to 2 decimals). */
  score10: number;
  finishedAt: number;
}

export interface ResultSource {
  /** Released quizzes and exams of a class + subject opened in the period (the "fill from" list). */
  assessmentsOf(classId: string, subjectId: string, period: ResultsPeriod): Promise<ResultItem[]>;
  /**
   * Each student's score of one released assessment, in tenths (their best attempt, rounded half
   * up to one decimal as Circular 22 rounds); undefined when it does not exist or is not released.
   */
  scoresOf(assessmentId: string): Promise<{ item: ResultItem; tenths: Map<string, number> } | undefined>;
  /** A student's released scores in the period, oldest first (their results, their parents'). */
  releasedScoresOf(studentId: string, period: ResultsPeriod): Promise<StudentResultScore[]>;
}

export const NO_RESULTS: ResultSource = {
  assessmentsOf: async () => [],
  scoresOf: async () => undefined,
  releasedScoresOf: async () => [],
};

/** 7.25 → 73, 7.24 → 72, 10 → 100 (from hundredths, exactly; never above 10). */
export function score10ToTenths(score10: number): number {
  const hundredths = Math.max(0, Math.round(score10 * 100));
  return Math.min(MAX_TENTHS, roundHalfUp(hundredths, 10));
}

/** The adapter over the assessment feature's results seam. */
export function resultSourceFrom(results: AssessmentResults, clock: Clock): ResultSource {
  const released = (a: AssessmentSummary) => a.releasedAt !== null && a.releasedAt <= clock.now();
  const itemOf = (a: AssessmentSummary): ResultItem => ({
    assessmentId: a.assessmentId, mode: a.mode, title: a.title, classId: a.classId, subjectId: a.subjectId, releasedAt: a.releasedAt ?? 0,
  });
  const scored = (t: AttemptResult): t is AttemptResult & { score10: number; finishedAt: number } => t.status !== 'in_progress' && t.score10 !== null && t.finishedAt !== null;
  return {
    assessmentsOf: async (classId, subjectId, period) => {
      const { assessments } = await results.resultsOfClass(classId, subjectId, period);
      return assessments.filter(released).map(itemOf).sort((a, b) => a.releasedAt - b.releasedAt);
    },
    scoresOf: async (assessmentId) => {
      const found = await results.resultsOfAssessment(assessmentId);
      if (!found || !released(found.assessment)) return undefined;
      const tenths = new Map<string, number>();
      for (const t of found.attempts.filter(scored)) {
        const score = score10ToTenths(t.score10);
        if (score > (tenths.get(t.studentId) ?? -1)) tenths.set(t.studentId, score);
      }
      return { item: itemOf(found.assessment), tenths };
    },
    releasedScoresOf: async (studentId, period) => {
      const attempts = (await results.attemptsOfStudent(studentId, period, { releasedOnly: true })).filter(scored);
      const summaries = new Map<string, AssessmentSummary | undefined>();
      const out: StudentResultScore[] = [];
      for (const t of attempts) {
        if (!summaries.has(t.assessmentId)) summaries.set(t.assessmentId, (await results.resultsOfAssessment(t.assessmentId))?.assessment);
        const a = summaries.get(t.assessmentId);
        // Released-only is asked of the implementation; checked again here, as the cell would be.
        if (a && released(a)) out.push({ assessmentId: t.assessmentId, title: a.title, subjectId: a.subjectId, score10: t.score10, finishedAt: t.finishedAt });
      }
      return out.sort((a, b) => a.finishedAt - b.finishedAt);
    },
  };
}
