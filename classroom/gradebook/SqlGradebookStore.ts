import type { Queryable, Row } from '../store/index.js';
import { optionalNumber, optionalString } from '../store/index.js';
import type { Slot, Verdict } from './circular22.js';
import type { GradebookEntry, GradebookKey, GradebookStore, ScoreChange, SubjectAssessment, Term } from './GradebookTypes.js';

const E_COLUMNS = 'class_id, subject_id, school_year, term, student_id, slot, score_tenths, verdict, source, revision, updated_by, updated_at';
const C_COLUMNS = 'at, actor_id, school_id, kind, class_id, subject_id, student_id, ref, old_value, new_value, source';

function toEntry(r: Row): GradebookEntry {
  return {
    classId: String(r.class_id),
    subjectId: String(r.subject_id),
    schoolYear: String(r.school_year),
    term: Number(r.term) as Term,
    studentId: String(r.student_id),
    slot: r.slot as Slot,
    scoreTenths: optionalNumber(r.score_tenths),
    verdict: (optionalString(r.verdict) as Verdict | null) ?? null,
    source: String(r.source),
    revision: Number(r.revision),
    updatedBy: String(r.updated_by),
    updatedAt: Number(r.updated_at),
  };
}

function toChange(r: Row): ScoreChange {
  return {
    at: Number(r.at),
    actorId: String(r.actor_id),
    schoolId: String(r.school_id),
    kind: r.kind as ScoreChange['kind'],
    classId: String(r.class_id),
    subjectId: String(r.subject_id),
    studentId: String(r.student_id),
    ref: String(r.ref),
    oldValue: optionalString(r.old_value),
    newValue: optionalString(r.new_value),
    source: String(r.source),
  };
}

export class SqlGradebookStore implements GradebookStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async settingsOf(schoolId: string, subjectId: string): Promise<SubjectAssessment | undefined> {
    const r = await this.#q.one('SELECT school_id, subject_id, mode, regular_count FROM gradebook_settings WHERE school_id = ? AND subject_id = ?', [schoolId, subjectId]);
    return r && { schoolId: String(r.school_id), subjectId: String(r.subject_id), mode: r.mode as SubjectAssessment['mode'], regularCount: Number(r.regular_count) };
  }

  async saveSettings(s: SubjectAssessment): Promise<void> {
    await this.#q.run(
      `INSERT INTO gradebook_settings (school_id, subject_id, mode, regular_count) VALUES (?, ?, ?, ?)
       ON CONFLICT (school_id, subject_id) DO UPDATE SET mode = excluded.mode, regular_count = excluded.regular_count`,
      [s.schoolId, s.subjectId, s.mode, s.regularCount],
    );
  }

  async entriesOf(classId: string, subjectId: string, schoolYear: string): Promise<GradebookEntry[]> {
    const rows = await this.#q.all(`SELECT ${E_COLUMNS} FROM gradebook_entries WHERE class_id = ? AND subject_id = ? AND school_year = ? ORDER BY student_id, term, slot`, [classId, subjectId, schoolYear]);
    return rows.map(toEntry);
  }

  async entriesOfStudent(studentId: string, schoolYear: string): Promise<GradebookEntry[]> {
    const rows = await this.#q.all(`SELECT ${E_COLUMNS} FROM gradebook_entries WHERE student_id = ? AND school_year = ? ORDER BY subject_id, term, slot`, [studentId, schoolYear]);
    return rows.map(toEntry);
  }

  async getEntry(k: GradebookKey, studentId: string, slot: Slot): Promise<GradebookEntry | undefined> {
    const r = await this.#q.one(
      `SELECT ${E_COLUMNS} FROM gradebook_entries WHERE class_id = ? AND subject_id = ? AND school_year = ? AND term = ? AND student_id = ? AND slot = ?`,
      [k.classId, k.subjectId, k.schoolYear, k.term, studentId, slot],
    );
    return r && toEntry(r);
  }

  async saveEntry(e: GradebookEntry, expectedRevision: number): Promise<boolean> {
    if (expectedRevision === 0) {
      const { changes } = await this.#q.run(
        `INSERT INTO gradebook_entries (${E_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (class_id, subject_id, school_year, term, student_id, slot) DO NOTHING`,
        [e.classId, e.subjectId, e.schoolYear, e.term, e.studentId, e.slot, e.scoreTenths, e.verdict, e.source, e.revision, e.updatedBy, e.updatedAt],
      );
      return changes === 1;
    }
    const { changes } = await this.#q.run(
      `UPDATE gradebook_entries SET score_tenths = ?, verdict = ?, source = ?, revision = ?, updated_by = ?, updated_at = ?
       WHERE class_id = ? AND subject_id = ? AND school_year = ? AND term = ? AND student_id = ? AND slot = ? AND revision = ?`,
      [e.scoreTenths, e.verdict, e.source, e.revision, e.updatedBy, e.updatedAt, e.classId, e.subjectId, e.schoolYear, e.term, e.studentId, e.slot, expectedRevision],
    );
    return changes === 1;
  }

  async recordChange(c: ScoreChange): Promise<void> {
    await this.#q.run(`INSERT INTO score_changes (${C_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      c.at, c.actorId, c.schoolId, c.kind, c.classId, c.subjectId, c.studentId, c.ref, c.oldValue, c.newValue, c.source,
    ]);
  }

  async changesOf(f: { classId: string; subjectId: string; studentId?: string; kind?: ScoreChange['kind']; limit?: number }): Promise<ScoreChange[]> {
    const where = ['class_id = ?', 'subject_id = ?'];
    const params: (string | number)[] = [f.classId, f.subjectId];
    if (f.studentId) {
      where.push('student_id = ?');
      params.push(f.studentId);
    }
    if (f.kind) {
      where.push('kind = ?');
      params.push(f.kind);
    }
    params.push(f.limit ?? 500);
    const rows = await this.#q.all(`SELECT ${C_COLUMNS} FROM score_changes WHERE ${where.join(' AND ')} ORDER BY at DESC, id DESC LIMIT ?`, params);
    return rows.map(toChange);
  }
}
