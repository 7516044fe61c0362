/**
 * A student's own results (R14), and their child's for a parent (R20), read-only: the gradebook
 * cells and averages of every subject, the returned assignment grades with feedback (the
 * progress chart's points), and released quiz/exam scores through the ResultSource seam.
 */
import { NotFoundError, type Clock } from '../../platform/index.js';
import { assertCan, type Actor } from '../authz/index.js';
import { NameLookup } from '../school/index.js';
import type { Storage } from '../store/index.js';
import { slotsFor, termAverage, termVerdict, yearAverage, type SubjectAssessmentMode, type Slot, type Verdict } from './circular22.js';
import type { GradebookEntry } from './GradebookTypes.js';
import { DEFAULT_ASSESSMENT, schoolYearRange } from './GradebookService.js';
import { NO_RESULTS, type ResultSource, type StudentResultScore } from './ResultSource.js';

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
  quizzes: StudentResultScore[];
}

export class StudentResults {
  readonly #storage: Storage;
  readonly #results: ResultSource;

  constructor(storage: Storage, deps: { clock: Clock; results?: ResultSource }) {
    this.#storage = storage;
    this.#results = deps.results ?? NO_RESULTS;
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
    const quizzes = await this.#results.releasedScoresOf(studentId, range);
    const subjectIds = [...new Set([...entries.map((e) => e.subjectId), ...assignments.flatMap((a) => (a ? [a.subjectId] : [])), ...quizzes.map((q) => q.subjectId)])];
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
