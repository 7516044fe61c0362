/**
 * The teacher's gradebook of a class + subject + term (R15) and what students and parents see
 * of it (R14, R20). Cells are typed one by one (optimistic revision, like grades), filled from
 * assignment grades and released quiz/exam scores (one, the best, or the average of several: the
 * quizzes and exams come through the ResultSource seam), or imported (gradebookFiles.ts).
 * Every change is recorded in the score log.
 */
import { ConflictError, NotFoundError, ValidationError, type Clock } from '../../platform/index.js';
import { assertCan, type Actor, type ClassSubjectRef } from '../authz/index.js';
import type { RosterEntry } from '../school/index.js';
import type { Storage, StoreSet } from '../store/index.js';
import { REGULAR_SLOTS, slotsFor, termAverage, termVerdict, yearAverage, type SubjectAssessmentMode, type Slot, type Verdict } from './circular22.js';
import type { GradebookEntry, GradebookKey, ScoreChange, SubjectAssessment } from './GradebookTypes.js';
import { NO_RESULTS, type ResultSource } from './ResultSource.js';
import { formatScore, parseScore, roundHalfUp } from './scores.js';

export const DEFAULT_ASSESSMENT: Omit<SubjectAssessment, 'schoolId' | 'subjectId'> = { mode: 'score', regularCount: 3 };

export interface GradebookRow {
  student: RosterEntry;
  cells: Partial<Record<Slot, GradebookEntry>>;
  /** Score subjects: ĐTBmhk of this term (tenths) and, in term II, of term I and ĐTBmcn. */
  termAverage: number | null;
  termIAverage: number | null;
  yearAverage: number | null;
  /** Comment subjects. */
  termVerdict: Verdict | null;
}

export interface GradebookView {
  key: GradebookKey;
  assessment: SubjectAssessment;
  slots: Slot[];
  rows: GradebookRow[];
}

export type Combine = 'single' | 'best' | 'average';

/** "Đạt" / "Chưa đạt" (and their short forms) → verdict; throws for anything else. */
export function parseVerdict(text: string): Verdict {
  const t = text.normalize('NFC').trim().toLowerCase();
  if (['đạt', 'đ', 'dat', 'd', 'pass'].includes(t)) return 'pass';
  if (['chưa đạt', 'cđ', 'chua dat', 'cd', 'fail'].includes(t)) return 'fail';
  throw new ValidationError(`"${text.slice(0, 20)}" is not a verdict: write Đạt or Chưa đạt`, { details: { reason: 'verdict_format' } });
}

export function formatVerdict(v: Verdict | null): string {
  return v === null ? '' : v === 'pass' ? 'Đạt' : 'Chưa đạt';
}

/** A cell as text ("7,5", "Đạt", ""), for the change log and files. */
export function cellText(e: Pick<GradebookEntry, 'scoreTenths' | 'verdict'> | undefined): string {
  if (!e) return '';
  return e.verdict !== null ? formatVerdict(e.verdict) : formatScore(e.scoreTenths);
}

/** The school year of a moment: it starts in August ("2026-2027" from Aug 2026 to Jul 2027), UTC+7. */
export function schoolYearOf(ms: number): string {
  const d = new Date(ms + 7 * 3_600_000);
  const y = d.getUTCFullYear();
  return d.getUTCMonth() >= 7 ? `${y}-${y + 1}` : `${y - 1}-${y}`;
}

/** First and last moment of a school year ("2026-2027": 1 Aug 2026 to 31 Jul 2027, UTC+7). */
export function schoolYearRange(schoolYear: string): { from: number; to: number } {
  const start = Number(schoolYear.slice(0, 4));
  return { from: Date.UTC(start, 7, 1) - 7 * 3_600_000, to: Date.UTC(start + 1, 7, 1) - 7 * 3_600_000 };
}

export function checkKey(key: GradebookKey): void {
  const m = /^(\d{4})-(\d{4})$/.exec(key.schoolYear);
  if (!m || Number(m[2]) !== Number(m[1]) + 1) throw new ValidationError('A school year is written 2026-2027', { details: { reason: 'school_year' } });
  if (key.term !== 1 && key.term !== 2) throw new ValidationError('The term is 1 or 2', { details: { reason: 'term' } });
}

export class GradebookService {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #results: ResultSource;

  constructor(storage: Storage, deps: { clock: Clock; results?: ResultSource }) {
    this.#storage = storage;
    this.#clock = deps.clock;
    this.#results = deps.results ?? NO_RESULTS;
  }

  /** Released quizzes and exams of a class + subject in a school year, to fill a column from. */
  async assessmentsFor(actor: Actor, key: GradebookKey) {
    const ref = await this.#ref(key);
    assertCan(actor, 'gradebook.read', ref);
    return this.#results.assessmentsOf(key.classId, key.subjectId, schoolYearRange(key.schoolYear));
  }

  async #ref(key: GradebookKey): Promise<ClassSubjectRef> {
    checkKey(key);
    const cls = await this.#storage.schools.getClass(key.classId);
    const subject = await this.#storage.schools.getSubject(key.subjectId);
    if (!cls || !subject || subject.schoolId !== cls.schoolId) throw new NotFoundError('No such class or subject');
    return { kind: 'class_subject', schoolId: cls.schoolId, classId: cls.id, subjectId: subject.id };
  }

  async assessmentOf(schoolId: string, subjectId: string): Promise<SubjectAssessment> {
    return (await this.#storage.gradebook.settingsOf(schoolId, subjectId)) ?? { schoolId, subjectId, ...DEFAULT_ASSESSMENT };
  }

  /** How a subject is assessed (the admin): by score with 1–6 regular assessments, or by comment. */
  async configure(actor: Actor, input: { subjectId: string; mode: SubjectAssessmentMode; regularCount: number }): Promise<SubjectAssessment> {
    assertCan(actor, 'gradebook.configure', { kind: 'school', schoolId: actor.schoolId });
    const subject = await this.#storage.schools.getSubject(input.subjectId);
    if (!subject || subject.schoolId !== actor.schoolId) throw new NotFoundError('No such subject');
    if (!Number.isInteger(input.regularCount) || input.regularCount < 1 || input.regularCount > REGULAR_SLOTS.length) {
      throw new ValidationError('Between 1 and 6 regular assessments', { details: { reason: 'regular_count' } });
    }
    const s: SubjectAssessment = { schoolId: actor.schoolId, subjectId: subject.id, mode: input.mode, regularCount: input.regularCount };
    await this.#storage.gradebook.saveSettings(s);
    return s;
  }

  /** How each subject of the admin's school is assessed (defaults where not configured yet). */
  async settingsOfSchool(actor: Actor): Promise<Array<SubjectAssessment & { subjectName: string }>> {
    assertCan(actor, 'gradebook.configure', { kind: 'school', schoolId: actor.schoolId });
    const subjects = await this.#storage.schools.listSubjects(actor.schoolId);
    return Promise.all(subjects.map(async (s) => ({ ...(await this.assessmentOf(actor.schoolId, s.id)), subjectName: s.name })));
  }

  /** Throws unless `actor` may change this gradebook (checked before reading an import file). */
  async assertCanEdit(actor: Actor, key: GradebookKey): Promise<void> {
    assertCan(actor, 'gradebook.edit', await this.#ref(key));
  }

  /** The gradebook with its averages (teachers of the class + subject, the admin). */
  async view(actor: Actor, key: GradebookKey): Promise<GradebookView> {
    const ref = await this.#ref(key);
    assertCan(actor, 'gradebook.read', ref);
    return this.#view(ref, key);
  }

  async #view(ref: ClassSubjectRef, key: GradebookKey): Promise<GradebookView> {
    const assessment = await this.assessmentOf(ref.schoolId, key.subjectId);
    const slots = slotsFor(assessment.regularCount);
    const [roster, entries] = await Promise.all([this.#storage.schools.rosterOfClass(key.classId), this.#storage.gradebook.entriesOf(key.classId, key.subjectId, key.schoolYear)]);
    const rows = roster.map((student) => {
      const mine = entries.filter((e) => e.studentId === student.userId);
      const termCells = (term: number) => Object.fromEntries(mine.filter((e) => e.term === term).map((e) => [e.slot, e])) as Partial<Record<Slot, GradebookEntry>>;
      const avg = (cells: Partial<Record<Slot, GradebookEntry>>) =>
        termAverage(slots.filter((s) => s.startsWith('tx')).map((s) => cells[s]?.scoreTenths ?? null), cells.gk?.scoreTenths ?? null, cells.ck?.scoreTenths ?? null, assessment.regularCount);
      const cells = termCells(key.term);
      const termI = avg(termCells(1));
      const current = avg(cells);
      return {
        student,
        cells,
        termAverage: assessment.mode === 'score' ? current : null,
        termIAverage: assessment.mode === 'score' && key.term === 2 ? termI : null,
        yearAverage: assessment.mode === 'score' && key.term === 2 ? yearAverage(termI, current) : null,
        termVerdict:
          assessment.mode === 'comment'
            ? termVerdict(slots.filter((s) => s.startsWith('tx')).map((s) => cells[s]?.verdict ?? null), cells.gk?.verdict ?? null, cells.ck?.verdict ?? null, assessment.regularCount)
            : null,
      };
    });
    return { key, assessment, slots, rows };
  }

  /**
   * Types one cell: a score ("7,5") for a score subject, Đạt / Chưa đạt for a comment subject,
   * null or "" to clear it. CONFLICT (reason "stale", with the stored cell) when someone changed
   * it since `expectedRevision`.
   */
  async setCell(actor: Actor, key: GradebookKey, input: { studentId: string; slot: Slot; value: string | number | null; expectedRevision: number }): Promise<GradebookEntry> {
    const ref = await this.#ref(key);
    assertCan(actor, 'gradebook.edit', ref);
    const value = await this.#parseCell(ref, key, input.studentId, input.slot, input.value);
    return this.#storage.transaction(async (tx) => {
      const current = await tx.gradebook.getEntry(key, input.studentId, input.slot);
      if ((current?.revision ?? 0) !== input.expectedRevision) {
        throw new ConflictError('Someone else changed this score: see theirs before saving yours', 'CONFLICT', { details: { reason: 'stale', current: current ?? null } });
      }
      const saved = await this.#write(tx, actor, ref, key, input.studentId, input.slot, value, current, 'manual');
      if (!saved) throw new ConflictError('Someone else changed this score', 'CONFLICT', { details: { reason: 'stale', current: null } });
      return saved;
    });
  }

  async #parseCell(ref: ClassSubjectRef, key: GradebookKey, studentId: string, slot: Slot, raw: string | number | null) {
    const assessment = await this.assessmentOf(ref.schoolId, key.subjectId);
    if (!slotsFor(assessment.regularCount).includes(slot)) throw new ValidationError(`This subject has no column ${slot}`, { details: { reason: 'slot' } });
    const roster = await this.#storage.schools.rosterOfClass(key.classId);
    if (!roster.some((r) => r.userId === studentId)) throw new NotFoundError('No such student in this class');
    const empty = raw === null || (typeof raw === 'string' && raw.trim() === '');
    const value: Pick<GradebookEntry, 'scoreTenths' | 'verdict'> = empty
      ? { scoreTenths: null, verdict: null }
      : assessment.mode === 'score'
        ? { scoreTenths: parseScore(raw), verdict: null }
        : { scoreTenths: null, verdict: parseVerdict(String(raw)) };
    return value;
  }

  /** Writes a cell and its change record inside `tx`; undefined when the revision moved meanwhile. */
  async #write(tx: StoreSet, actor: Actor, ref: ClassSubjectRef, key: GradebookKey, studentId: string, slot: Slot, value: Pick<GradebookEntry, 'scoreTenths' | 'verdict'>, current: GradebookEntry | undefined, source: string): Promise<GradebookEntry | undefined> {
    const now = this.#clock.now();
    const entry: GradebookEntry = { ...key, studentId, slot, ...value, source, revision: (current?.revision ?? 0) + 1, updatedBy: actor.userId, updatedAt: now };
    if (current && cellText(current) === cellText(entry)) return current;
    if (!(await tx.gradebook.saveEntry(entry, current?.revision ?? 0))) return undefined;
    const change: ScoreChange = {
      at: now, actorId: actor.userId, schoolId: ref.schoolId, kind: 'gradebook', classId: key.classId, subjectId: key.subjectId, studentId,
      ref: `${key.schoolYear}/${key.term}/${slot}`, oldValue: current ? cellText(current) : null, newValue: cellText(entry), source,
    };
    await tx.gradebook.recordChange(change);
    return entry;
  }

  /**
   * Fills a column from returned assignment grades and released quiz/exam scores: one source's
   * score, or the best or the average (rounded half up to one decimal) of several. Students with
   * no score in them are left as they are. Resolves with how many cells changed.
   */
  async fillColumn(actor: Actor, key: GradebookKey, input: { slot: Slot; assignmentIds: readonly string[]; assessmentIds?: readonly string[]; combine: Combine }): Promise<{ changed: number }> {
    const ref = await this.#ref(key);
    assertCan(actor, 'gradebook.edit', ref);
    const ids = [...new Set(input.assignmentIds)];
    const quizIds = [...new Set(input.assessmentIds ?? [])];
    const count = ids.length + quizIds.length;
    if (count === 0 || (input.combine === 'single' && count !== 1)) throw new ValidationError('Choose one assignment or quiz, or several to combine', { details: { reason: 'sources' } });
    const assessment = await this.assessmentOf(ref.schoolId, key.subjectId);
    if (assessment.mode !== 'score') throw new ValidationError('A subject assessed by comment takes no scores', { details: { reason: 'mode' } });
    if (!slotsFor(assessment.regularCount).includes(input.slot)) throw new ValidationError(`This subject has no column ${input.slot}`, { details: { reason: 'slot' } });
    const scores = new Map<string, number[]>();
    const add = (studentId: string, tenths: number) => scores.set(studentId, [...(scores.get(studentId) ?? []), tenths]);
    for (const id of ids) {
      const a = await this.#storage.assignments.get(id);
      if (!a || a.classId !== key.classId || a.subjectId !== key.subjectId) throw new NotFoundError('No such assignment in this class and subject');
      for (const g of await this.#storage.assignments.gradesOf(id)) if (g.returnedAt !== null && g.scoreTenths !== null) add(g.studentId, g.scoreTenths);
    }
    for (const id of quizIds) {
      const found = await this.#results.scoresOf(id);
      // Unreleased or of another class/subject: the same answer as unknown, nothing is revealed.
      if (!found || found.item.classId !== key.classId || found.item.subjectId !== key.subjectId) throw new NotFoundError('No released quiz or exam with this id in this class and subject');
      for (const [studentId, tenths] of found.tenths) add(studentId, tenths);
    }
    const source = [...(ids.length ? [`assignment:${ids.join(',')}`] : []), ...(quizIds.length ? [`quiz:${quizIds.join(',')}`] : [])].join(';');
    const roster = new Set((await this.#storage.schools.rosterOfClass(key.classId)).map((r) => r.userId));
    return this.#storage.transaction(async (tx) => {
      let changed = 0;
      for (const [studentId, list] of scores) {
        if (!roster.has(studentId)) continue;
        const value = input.combine === 'best' ? Math.max(...list) : input.combine === 'average' ? roundHalfUp(list.reduce((a, b) => a + b, 0), list.length) : list[0]!;
        const current = await tx.gradebook.getEntry(key, studentId, input.slot);
        if (current?.scoreTenths === value) continue;
        if (await this.#write(tx, actor, ref, key, studentId, input.slot, { scoreTenths: value, verdict: null }, current, source)) changed++;
      }
      return { changed };
    });
  }

  /** Applies already-validated cells in one transaction (an import): all or nothing. */
  async applyCells(actor: Actor, key: GradebookKey, cells: ReadonlyArray<{ studentId: string; slot: Slot; value: Pick<GradebookEntry, 'scoreTenths' | 'verdict'> }>, source: string): Promise<{ changed: number }> {
    const ref = await this.#ref(key);
    assertCan(actor, 'gradebook.edit', ref);
    return this.#storage.transaction(async (tx) => {
      let changed = 0;
      for (const c of cells) {
        const current = await tx.gradebook.getEntry(key, c.studentId, c.slot);
        if (cellText(current) === cellText({ ...c.value })) continue;
        if (!(await this.#write(tx, actor, ref, key, c.studentId, c.slot, c.value, current, source))) throw new ConflictError('A score changed during the import: try again');
        changed++;
      }
      return { changed };
    });
  }

  /** The change log of a class + subject (newest first), for its teachers and the admin. */
  async history(actor: Actor, key: Omit<GradebookKey, 'term' | 'schoolYear'>, studentId?: string): Promise<ScoreChange[]> {
    const ref = await this.#ref({ ...key, schoolYear: '2000-2001', term: 1 });
    assertCan(actor, 'gradebook.read', ref);
    return this.#storage.gradebook.changesOf({ classId: key.classId, subjectId: key.subjectId, ...(studentId ? { studentId } : {}), limit: 1000 });
  }
}
