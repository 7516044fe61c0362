import type { AuthEvent, PersonalDataAccess } from '../accounts/index.js';
import { ACCESS_COLUMNS, AUTH_COLUMNS, toAccess, toAuthEvent } from '../accounts/index.js';
import type { StoredParticipationEvent } from '../attendance/index.js';
import { EVENT_COLUMNS, toEvent } from '../attendance/index.js';
import type { Queryable, SqlParam } from '../store/index.js';
import { atomically, placeholderList } from '../store/index.js';
import type { ErasedCounts, PersonalDataStore } from './PrivacyTypes.js';

const NOTHING_ERASED: ErasedCounts = {
  account: 0,
  classMembership: 0,
  parentLinks: 0,
  sessions: 0,
  loginThrottle: 0,
  attendanceEvents: 0,
  authEvents: 0,
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
      const loginThrottle = await tx.run("DELETE FROM login_throttle WHERE scope = 'account' AND key = ?", [studentId]);
      const attendanceEvents = await tx.run('DELETE FROM attendance_events WHERE user_id = ?', [studentId]);
      const authEvents = await tx.run(`DELETE FROM auth_events WHERE ${m.where}`, m.params);
      const account = await tx.run('DELETE FROM users WHERE id = ?', [studentId]);
      return {
        account: account.changes,
        classMembership: classMembership.changes,
        parentLinks: parentLinks.changes,
        sessions: sessions.changes,
        loginThrottle: loginThrottle.changes,
        attendanceEvents: attendanceEvents.changes,
        authEvents: authEvents.changes,
      };
    });
  }
}
