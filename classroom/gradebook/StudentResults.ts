/**
 * A student's own results (R14), and their child's for a parent (R20), read-only: the gradebook
 * cells and averages of every subject, the returned assignment grades with feedback (the
 * progress chart's points), and quiz/exam results through the assessment seam.
 */
import { NotFoundError, type Clock } from '../../platform/index.js';
import type { AssessmentResults } from '../assessment/index.js';
import { assertCan, type Actor } from '../authz/index.js';
import { NameLookup } from '../school/index.js';
import type { Storage } from '../store/index.js';
import { slotsFor, termAverage, termVerdict, yearAverage, type SubjectAssessmentMode, type Slot, type Verdict } from './circular22.js';
import type { GradebookEntry } from './GradebookTypes.js';
import { DEFAULT_ASSESSMENT } from './GradebookService.js';

/**
 * Released quiz and exam scores of a student: what the results page needs from the assessment
 * feature (issue 7). `quizResultsFrom` adapts its `AssessmentResults` interface (types only on
 * main so far: no quiz or exam feature implements it yet); until one is passed, none.
 */
export interface QuizResultsSeam {
  releasedScoresOf(studentId: string, range: { from: number; to: number }): Promise<Array<{ assessmentId: string; title: string; subjectId: string; score10: number; finishedAt: number }>>;
}

export const NO_QUIZ_RESULTS: QuizResultsSeam = { releasedScoresOf: async () => [] };

/** The seam over the assessment feature's results: released, finished attempts with a score. */
export function quizResultsFrom(results: AssessmentResults): QuizResultsSeam {
  return {
    releasedScoresOf: async (studentId, range) => {
      const attempts = await results.attemptsOfStudent(studentId, range, { releasedOnly: true });
      const out: Awaited<ReturnType<QuizResultsSeam['releasedScoresOf']>> = [];
      for (const a of attempts) {
        if (a.score10 === null || a.finishedAt === null) continue;
        const summary = (await results.resultsOfAssessment(a.assessmentId))?.assessment;
        if (summary) out.push({ assessmentId: a.assessmentId, title: summary.title, subjectId: summary.subjectId, score10: a.score10, finishedAt: a.finishedAt });
      }
      return out;
    },
  };
}

export interface SubjectResult {
  subjectId: string;
  subjectName: string;
  mode: SubjectAssessmentMode;
  slots: Slot[];
  terms: Record<1 | 2, { cells: Partial<Record<Slot, { scoreTenths: number | null; verdict: Verdict | null }>>; average: number | null; verdict: Verdict | null }>;
  yearAverage: number | null;
  yearVerdict: Verdict | null;
}

export interface StudentResultsView {
  student: { id: string; displayName: string; className: string | null };
  schoolYear: string;
  subjects: SubjectResult[];
  assignments: Array<{ assignmentId: string; title: string; subjectId: string; subjectName: string; dueAt: number; scoreTenths: number | null; feedback: string; returnedAt: number }>;
  quizzes: Array<{ assessmentId: string; title: string; subjectId: string; score10: number; finishedAt: number }>;
}

/** First and last moment of a school year ("2026-2027": 1 Aug 2026 to 31 Jul 2027, UTC+7). */
export function schoolYearRange(schoolYear: string): { from: number; to: number } {
  const start = Number(schoolYear.slice(0, 4));
  return { from: Date.UTC(start, 7, 1) - 7 * 3_600_000, to: Date.UTC(start + 1, 7, 1) - 7 * 3_600_000 };
}

export class StudentResults {
  readonly #storage: Storage;
  readonly #quizzes: QuizResultsSeam;

  constructor(storage: Storage, deps: { clock: Clock; quizzes?: QuizResultsSeam }) {
    this.#storage = storage;
    this.#quizzes = deps.quizzes ?? NO_QUIZ_RESULTS;
  }

  async of(actor: Actor, studentId: string, schoolYear: string): Promise<StudentResultsView> {
    const student = await this.#storage.accounts.get(studentId);
    if (!student || student.role !== 'student') throw new NotFoundError('No such student');
    const classId = (await this.#storage.schools.classOfStudent(studentId)) ?? null;
    assertCan(actor, 'student.readRecord', { kind: 'student', schoolId: student.schoolId, studentId, classId });
    const names = new NameLookup(this.#storage);
    const range = schoolYearRange(schoolYear);
    const entries = await this.#storage.gradebook.entriesOfStudent(studentId, schoolYear);
    const grades = (await this.#storage.assignments.returnedGradesOf(studentId)).filter((g) => g.returnedAt! >= range.from && g.returnedAt! < range.to);
    const assignments = await Promise.all(
      grades.map(async (g) => {
        const a = await this.#storage.assignments.get(g.assignmentId);
        return a && { assignmentId: a.id, title: a.title, subjectId: a.subjectId, subjectName: (await names.subjectName(a.subjectId)) ?? '', dueAt: a.dueAt, scoreTenths: g.scoreTenths, feedback: g.feedback, returnedAt: g.returnedAt! };
      }),
    );
    const quizzes = await this.#quizzes.releasedScoresOf(studentId, range);
    const subjectIds = [...new Set([...entries.map((e) => e.subjectId), ...assignments.flatMap((a) => (a ? [a.subjectId] : []))])];
    const subjects = await Promise.all(subjectIds.map((id) => this.#subject(student.schoolId, id, entries.filter((e) => e.subjectId === id), names)));
    return {
      student: { id: studentId, displayName: student.displayName, className: classId ? await names.className(classId) : null },
      schoolYear,
      subjects: subjects.sort((a, b) => a.subjectName.localeCompare(b.subjectName, 'vi')),
      assignments: assignments.filter((a): a is NonNullable<typeof a> => a !== undefined).sort((a, b) => a.returnedAt - b.returnedAt),
      quizzes,
    };
  }

  async #subject(schoolId: string, subjectId: string, entries: GradebookEntry[], names: NameLookup): Promise<SubjectResult> {
    const assessment = (await this.#storage.gradebook.settingsOf(schoolId, subjectId)) ?? { schoolId, subjectId, ...DEFAULT_ASSESSMENT };
    const slots = slotsFor(assessment.regularCount);
    const term = (t: 1 | 2) => {
      const cells = Object.fromEntries(entries.filter((e) => e.term === t).map((e) => [e.slot, { scoreTenths: e.scoreTenths, verdict: e.verdict }])) as SubjectResult['terms'][1]['cells'];
      const tx = slots.filter((s) => s.startsWith('tx'));
      return {
        cells,
        average: assessment.mode === 'score' ? termAverage(tx.map((s) => cells[s]?.scoreTenths ?? null), cells.gk?.scoreTenths ?? null, cells.ck?.scoreTenths ?? null, assessment.regularCount) : null,
        verdict: assessment.mode === 'comment' ? termVerdict(tx.map((s) => cells[s]?.verdict ?? null), cells.gk?.verdict ?? null, cells.ck?.verdict ?? null, assessment.regularCount) : null,
      };
    };
    const terms = { 1: term(1), 2: term(2) };
    return {
      subjectId,
      subjectName: (await names.subjectName(subjectId)) ?? '',
      mode: assessment.mode,
      slots,
      terms,
      yearAverage: assessment.mode === 'score' ? yearAverage(terms[1].average, terms[2].average) : null,
      yearVerdict: assessment.mode === 'comment' ? terms[2].verdict : null,
    };
  }
}
