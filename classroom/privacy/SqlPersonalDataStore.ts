import type { AuthEvent, PersonalDataAccess } from '../accounts/index.js';
import { ACCESS_COLUMNS, AUTH_COLUMNS, toAccess, toAuthEvent } from '../accounts/index.js';
import type { StoredParticipationEvent } from '../attendance/index.js';
import { EVENT_COLUMNS, toEvent } from '../attendance/index.js';
import type { Queryable, SqlParam } from '../store/index.js';
import { atomically, placeholderList } from '../store/index.js';
import { flag, optionalNumber, optionalString } from '../store/index.js';
import type { ErasedCounts, PersonalDataStore, StudentSchoolWork } from './PrivacyTypes.js';

const NOTHING_ERASED: ErasedCounts = {
  account: 0,
  classMembership: 0,
  parentLinks: 0,
  sessions: 0,
  loginThrottle: 0,
  attendanceEvents: 0,
  liveQuizAnswers: 0,
  authEvents: 0,
  submissions: 0,
  uploads: 0,
  grades: 0,
  gradebookEntries: 0,
  scoreChanges: 0,
  liveRoomDecisions: 0,
  recordedChat: 0,
  examAttempts: 0,
};

/** The auth events of a user: recorded with their id, or with one of their logins typed. */
function authEventsMatch(userId: string, logins: readonly string[]): { where: string; params: SqlParam[] } {
  if (logins.length === 0) return { where: 'user_id = ?', params: [userId] };
  return { where: `(user_id = ? OR login IN (${placeholderList(logins.length)}))`, params: [userId, ...logins] };
}

export class SqlPersonalDataStore implements PersonalDataStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async attendanceOf(userId: string): Promise<StoredParticipationEvent[]> {
    const rows = await this.#q.all(`SELECT ${EVENT_COLUMNS} FROM attendance_events WHERE user_id = ? ORDER BY at, seq`, [userId]);
    return rows.map(toEvent);
  }

  async authEventsOf(userId: string, logins: readonly string[]): Promise<AuthEvent[]> {
    const m = authEventsMatch(userId, logins);
    const rows = await this.#q.all(`SELECT ${AUTH_COLUMNS} FROM auth_events WHERE ${m.where} ORDER BY at, id`, m.params);
    return rows.map(toAuthEvent);
  }

  async accessesAbout(userId: string): Promise<PersonalDataAccess[]> {
    const rows = await this.#q.all(`SELECT ${ACCESS_COLUMNS} FROM personal_data_access WHERE subject_user_id = ? ORDER BY at, id`, [userId]);
    return rows.map(toAccess);
  }

  eraseStudent(studentId: string, logins: readonly string[]): Promise<ErasedCounts> {
    return atomically(this.#q, async (tx) => {
      const student = await tx.one("SELECT id FROM users WHERE id = ? AND role = 'student'", [studentId]);
      if (!student) return { ...NOTHING_ERASED };
      const m = authEventsMatch(studentId, logins);
      // Children first: the foreign keys of class_students, parent_links and sessions point at users.
      const classMembership = await tx.run('DELETE FROM class_students WHERE student_id = ?', [studentId]);
      const parentLinks = await tx.run('DELETE FROM parent_links WHERE student_id = ?', [studentId]);
      const sessions = await tx.run('DELETE FROM sessions WHERE user_id = ?', [studentId]);
      // The account's own counter, and its lesson password counters ("<userId>:<lessonId>").
      const loginThrottle = await tx.run(
        "DELETE FROM login_throttle WHERE (scope = 'account' AND key = ?) OR (scope = 'lesson_password' AND substr(key, 1, length(?) + 1) = ? || ':')",
        [studentId, studentId, studentId],
      );
      const attendanceEvents = await tx.run('DELETE FROM attendance_events WHERE user_id = ?', [studentId]);
      // Their rows of the statistics' presence summaries, folded from those events (the lesson counts them no more).
      await tx.run('DELETE FROM lesson_presence WHERE user_id = ?', [studentId]);
      const liveQuizAnswers = await tx.run('DELETE FROM live_quiz_answers WHERE user_id = ?', [studentId]);
      // Their use of materials (R12): openings and reminders.
      await tx.run('DELETE FROM material_views WHERE student_id = ?', [studentId]);
      await tx.run('DELETE FROM material_reminders WHERE student_id = ?', [studentId]);
      // Their questions (with the answers under them), their answers, their notifications (R13).
      const asked = 'SELECT id FROM qa_questions WHERE author_id = ?';
      await tx.run(`DELETE FROM qa_notifications WHERE user_id = ? OR actor_id = ? OR question_id IN (${asked})`, [studentId, studentId, studentId]);
      await tx.run(`DELETE FROM qa_answers WHERE author_id = ? OR question_id IN (${asked})`, [studentId, studentId]);
      await tx.run('DELETE FROM qa_questions WHERE author_id = ?', [studentId]);
      const authEvents = await tx.run(`DELETE FROM auth_events WHERE ${m.where}`, m.params);
      const work = await eraseSchoolWork(tx, studentId);
      const liveRoomDecisions = await tx.run('DELETE FROM live_room_people WHERE user_id = ?', [studentId]);
      // What they wrote in the chat while lessons were recorded (kept with the recordings, issue 9).
      const recordedChat = await tx.run('DELETE FROM recording_chat WHERE user_id = ?', [studentId]);
      // Quizzes and exams: the attempts with their answers, grades and audit trail.
      const attempts = 'SELECT id FROM exam_attempts WHERE student_id = ?';
      await tx.run('DELETE FROM exam_events WHERE student_id = ?', [studentId]);
      await tx.run(`DELETE FROM exam_answers WHERE attempt_id IN (${attempts})`, [studentId]);
      await tx.run(`DELETE FROM exam_manual_grades WHERE attempt_id IN (${attempts})`, [studentId]);
      const examAttempts = await tx.run('DELETE FROM exam_attempts WHERE student_id = ?', [studentId]);
      const account = await tx.run('DELETE FROM users WHERE id = ?', [studentId]);
      return {
        account: account.changes,
        classMembership: classMembership.changes,
        parentLinks: parentLinks.changes,
        sessions: sessions.changes,
        loginThrottle: loginThrottle.changes,
        attendanceEvents: attendanceEvents.changes,
        liveQuizAnswers: liveQuizAnswers.changes,
        authEvents: authEvents.changes,
        ...work,
        liveRoomDecisions: liveRoomDecisions.changes,
        examAttempts: examAttempts.changes,
        recordedChat: recordedChat.changes,
      };
    });
  }

  async schoolWorkOf(studentId: string): Promise<StudentSchoolWork> {
    const subs = await this.#q.all(
      `SELECT s.id, s.assignment_id, a.title, s.version, s.text, s.submitted_at, s.late FROM submissions s JOIN assignments a ON a.id = s.assignment_id
       WHERE s.student_id = ? ORDER BY s.submitted_at, s.version`,
      [studentId],
    );
    const files = await this.#q.all(
      `SELECT f.submission_id, u.file_name, u.size, u.sha256, u.media_type FROM submission_files f JOIN submissions s ON s.id = f.submission_id JOIN uploads u ON u.id = f.upload_id
       WHERE s.student_id = ? ORDER BY f.submission_id, f.position`,
      [studentId],
    );
    const grades = await this.#q.all('SELECT assignment_id, score_tenths, feedback, returned_at, updated_at FROM assignment_grades WHERE student_id = ? ORDER BY updated_at', [studentId]);
    const cells = await this.#q.all(
      'SELECT class_id, subject_id, school_year, term, slot, score_tenths, verdict, updated_at FROM gradebook_entries WHERE student_id = ? ORDER BY school_year, subject_id, term, slot',
      [studentId],
    );
    return {
      submissions: subs.map((r) => ({
        assignmentId: String(r.assignment_id),
        assignmentTitle: String(r.title),
        version: Number(r.version),
        text: String(r.text),
        submittedAt: Number(r.submitted_at),
        late: flag(r.late),
        files: files
          .filter((f) => f.submission_id === r.id)
          .map((f) => ({ fileName: String(f.file_name), size: optionalNumber(f.size), sha256: optionalString(f.sha256), mediaType: optionalString(f.media_type) })),
      })),
      grades: grades.map((r) => ({ assignmentId: String(r.assignment_id), scoreTenths: optionalNumber(r.score_tenths), feedback: String(r.feedback), returnedAt: optionalNumber(r.returned_at), updatedAt: Number(r.updated_at) })),
      gradebook: cells.map((r) => ({
        classId: String(r.class_id),
        subjectId: String(r.subject_id),
        schoolYear: String(r.school_year),
        term: Number(r.term),
        slot: String(r.slot),
        scoreTenths: optionalNumber(r.score_tenths),
        verdict: optionalString(r.verdict),
        updatedAt: Number(r.updated_at),
      })),
    };
  }

  async blobKeysOf(studentId: string): Promise<string[]> {
    const rows = await this.#q.all<{ blob_key: string }>(
      `SELECT blob_key FROM uploads WHERE owner_id = ? AND blob_key IS NOT NULL
       UNION ALL SELECT photo_key AS blob_key FROM qa_questions WHERE author_id = ? AND photo_key IS NOT NULL ORDER BY blob_key`,
      [studentId, studentId],
    );
    return rows.map((r) => r.blob_key);
  }
}

/** The rows of a student's school work, children before parents (foreign keys). */
async function eraseSchoolWork(tx: Queryable, studentId: string): Promise<Pick<ErasedCounts, 'submissions' | 'uploads' | 'grades' | 'gradebookEntries' | 'scoreChanges'>> {
  await tx.run('DELETE FROM submission_files WHERE submission_id IN (SELECT id FROM submissions WHERE student_id = ?)', [studentId]);
  const submissions = await tx.run('DELETE FROM submissions WHERE student_id = ?', [studentId]);
  // Their files in other submissions cannot exist (a file belongs to its owner's submissions only).
  const uploads = await tx.run('DELETE FROM uploads WHERE owner_id = ?', [studentId]);
  const grades = await tx.run('DELETE FROM assignment_grades WHERE student_id = ?', [studentId]);
  await tx.run('DELETE FROM assignment_students WHERE student_id = ?', [studentId]);
  const gradebookEntries = await tx.run('DELETE FROM gradebook_entries WHERE student_id = ?', [studentId]);
  const scoreChanges = await tx.run('DELETE FROM score_changes WHERE student_id = ?', [studentId]);
  return { submissions: submissions.changes, uploads: uploads.changes, grades: grades.changes, gradebookEntries: gradebookEntries.changes, scoreChanges: scoreChanges.changes };
}
