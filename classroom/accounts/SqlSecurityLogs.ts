import type { Queryable, Row, SqlParam } from '../store/index.js';
import { optionalString } from '../store/index.js';
import type { AuthEvent, AuthEventKind, AuthEventLog, LogQuery, PersonalDataAccess, PersonalDataAction, PersonalDataAuditLog } from './AccountTypes.js';

export const AUTH_COLUMNS = 'at, kind, user_id, school_id, login, ip, user_agent, detail';
export const ACCESS_COLUMNS = 'at, actor_id, school_id, action, subject_user_id, resource, ip, detail';

/** WHERE/ORDER/LIMIT of a log read, newest first. `column` is trusted (never user input). */
function window(column: string, value: string, query: LogQuery = {}): { sql: string; params: SqlParam[] } {
  const limit = Math.max(1, Math.min(1000, Math.trunc(query.limit ?? 100)));
  return {
    sql: `WHERE ${column} = ? AND at >= ? AND at < ? ORDER BY at DESC, id DESC LIMIT ${limit}`,
    params: [value, query.since ?? 0, query.until ?? Number.MAX_SAFE_INTEGER],
  };
}

export class SqlAuthEventLog implements AuthEventLog {
  readonly #q: Queryable;
  readonly #pending = new Set<Promise<void>>();

  constructor(q: Queryable) {
    this.#q = q;
  }

  /** Unmerged here (a transaction's log): written at once, awaited by `flush`. */
  recordRefusal(e: AuthEvent): void {
    const write: Promise<void> = this.record({ ...e, detail: `refused:1;until:${e.at}` }).finally(() => this.#pending.delete(write));
    this.#pending.add(write);
  }

  async flush(): Promise<void> {
    await Promise.all(this.#pending);
  }

  async record(e: AuthEvent): Promise<void> {
    await this.#q.run(`INSERT INTO auth_events (${AUTH_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
      e.at,
      e.kind,
      e.userId,
      e.schoolId,
      e.login === null ? null : e.login.slice(0, 100),
      e.ip,
      e.userAgent === null ? null : e.userAgent.slice(0, 300),
      e.detail,
    ]);
  }

  forUser(userId: string, query?: LogQuery): Promise<AuthEvent[]> {
    return this.#read('user_id', userId, query);
  }

  forSchool(schoolId: string, query?: LogQuery): Promise<AuthEvent[]> {
    return this.#read('school_id', schoolId, query);
  }

  async #read(column: string, value: string, query?: LogQuery): Promise<AuthEvent[]> {
    const w = window(column, value, query);
    const rows = await this.#q.all(`SELECT ${AUTH_COLUMNS} FROM auth_events ${w.sql}`, w.params);
    return rows.map(toAuthEvent);
  }
}

export class SqlPersonalDataAuditLog implements PersonalDataAuditLog {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async record(a: PersonalDataAccess): Promise<void> {
    await this.#q.run(`INSERT INTO personal_data_access (${ACCESS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`, [
      a.at,
      a.actorId,
      a.schoolId,
      a.action,
      a.subjectUserId,
      a.resource.slice(0, 300),
      a.ip,
      a.detail,
    ]);
  }

  forSubject(userId: string, query?: LogQuery): Promise<PersonalDataAccess[]> {
    return this.#read('subject_user_id', userId, query);
  }

  forActor(actorId: string, query?: LogQuery): Promise<PersonalDataAccess[]> {
    return this.#read('actor_id', actorId, query);
  }

  forSchool(schoolId: string, query?: LogQuery): Promise<PersonalDataAccess[]> {
    return this.#read('school_id', schoolId, query);
  }

  async #read(column: string, value: string, query?: LogQuery): Promise<PersonalDataAccess[]> {
    const w = window(column, value, query);
    const rows = await this.#q.all(`SELECT ${ACCESS_COLUMNS} FROM personal_data_access ${w.sql}`, w.params);
    return rows.map(toAccess);
  }
}

export function toAuthEvent(r: Row): AuthEvent {
  return {
    at: Number(r.at),
    kind: String(r.kind) as AuthEventKind,
    userId: optionalString(r.user_id),
    schoolId: optionalString(r.school_id),
    login: optionalString(r.login),
    ip: optionalString(r.ip),
    userAgent: optionalString(r.user_agent),
    detail: optionalString(r.detail),
  };
}

export function toAccess(r: Row): PersonalDataAccess {
  return {
    at: Number(r.at),
    actorId: String(r.actor_id),
    schoolId: String(r.school_id),
    action: String(r.action) as PersonalDataAction,
    subjectUserId: optionalString(r.subject_user_id),
    resource: String(r.resource),
    ip: optionalString(r.ip),
    detail: optionalString(r.detail),
  };
}
