/**
 * The gradebook (sổ điểm) of Circular 22/2021 (R14, R15): per class, subject, school year and
 * term, each student's regular (ĐĐGtx), mid-term (ĐĐGgk) and end-of-term (ĐĐGck) assessments,
 * as scores in tenths or, for comment-assessed subjects, Đạt / Chưa đạt. Every change of a
 * cell, and of an assignment's grade, is recorded (who, when, old, new).
 */
import type { SubjectAssessmentMode, Slot, Verdict } from './circular22.js';

export type Term = 1 | 2;

/** One gradebook: a class, a subject, a school year ("2026-2027") and a term. */
export interface GradebookKey {
  classId: string;
  subjectId: string;
  schoolYear: string;
  term: Term;
}

/** How the school assesses a subject (default: by score, 3 regular assessments). */
export interface SubjectAssessment {
  schoolId: string;
  subjectId: string;
  mode: SubjectAssessmentMode;
  /** ĐĐGtx per term (1–6; the Circular's 2/3/4 by periods a year: regularCountForPeriods). */
  regularCount: number;
}

export interface GradebookEntry extends GradebookKey {
  studentId: string;
  slot: Slot;
  scoreTenths: number | null;
  verdict: Verdict | null;
  /** "manual", "import", "assignment:<id>[,<id>…]", "quiz:<id>[,<id>…]", or both joined by ";". */
  source: string;
  /** Optimistic concurrency, as for grades. */
  revision: number;
  updatedBy: string;
  updatedAt: number;
}

/** A change of a grade or a gradebook cell. */
export interface ScoreChange {
  at: number;
  actorId: string;
  schoolId: string;
  kind: 'grade' | 'gradebook';
  classId: string;
  subjectId: string;
  studentId: string;
  /** The assignment id, or `<schoolYear>/<term>/<slot>` for a gradebook cell. */
  ref: string;
  /** As shown ("7,5", "Đạt", "" for empty); null when there was nothing before. */
  oldValue: string | null;
  newValue: string | null;
  source: string;
}

export interface GradebookStore {
  settingsOf(schoolId: string, subjectId: string): Promise<SubjectAssessment | undefined>;
  saveSettings(s: SubjectAssessment): Promise<void>;
  /** Entries of a class + subject + year, both terms (the year average needs both). */
  entriesOf(classId: string, subjectId: string, schoolYear: string): Promise<GradebookEntry[]>;
  /** Entries of one student in a school year, every subject. */
  entriesOfStudent(studentId: string, schoolYear: string): Promise<GradebookEntry[]>;
  getEntry(key: GradebookKey, studentId: string, slot: Slot): Promise<GradebookEntry | undefined>;
  /** Writes when the stored revision is `expectedRevision` (0: none stored); false otherwise. */
  saveEntry(e: GradebookEntry, expectedRevision: number): Promise<boolean>;
  recordChange(c: ScoreChange): Promise<void>;
  /** Newest first. */
  changesOf(filter: { classId: string; subjectId: string; studentId?: string; kind?: ScoreChange['kind']; limit?: number }): Promise<ScoreChange[]>;
}
