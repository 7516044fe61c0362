/** The security logs and a student's erasure, as the admin page reads them (R3, R21). */
import { ApiShapeError, parseObject as obj } from './apiParse.js';

export type AuditLogName = 'logins' | 'access';

export interface LoginLogEntry {
  at: number;
  /** login_succeeded, login_failed, login_locked, logout, password_changed... */
  kind: string;
  userName: string | null;
  /** What was typed as login. */
  login: string | null;
  ip: string | null;
  detail: string | null;
}

export interface AccessLogEntry {
  at: number;
  /** view, export, create, update, delete, import. */
  action: string;
  actorName: string | null;
  subjectUserId: string | null;
  /** Null when the person is unknown or their data was erased. */
  subjectName: string | null;
  resource: string;
  ip: string | null;
}

export type AuditPage = { log: 'logins'; entries: LoginLogEntry[] } | { log: 'access'; entries: AccessLogEntry[] };

type Obj = Record<string, unknown>;

function text(o: Obj, key: string, nullable: true): string | null;
function text(o: Obj, key: string, nullable?: false): string;
function text(o: Obj, key: string, nullable = false): string | null {
  const v = o[key];
  if (nullable && (v === null || v === undefined)) return null;
  if (typeof v !== 'string') throw new ApiShapeError(`${key}: not a string`);
  return v;
}

function time(o: Obj): number {
  const v = o['at'];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ApiShapeError('at: not a number');
  return v;
}

function entries(o: Obj): Obj[] {
  const v = o['entries'];
  if (!Array.isArray(v)) throw new ApiShapeError('entries: not a list');
  return v.map((e) => obj(e, 'entry'));
}

export function parseAuditPage(value: unknown): AuditPage {
  const o = obj(value, 'audit');
  const log = text(o, 'log');
  if (log === 'logins') {
    return {
      log,
      entries: entries(o).map((e) => ({
        at: time(e),
        kind: text(e, 'kind'),
        userName: text(e, 'userName', true),
        login: text(e, 'login', true),
        ip: text(e, 'ip', true),
        detail: text(e, 'detail', true),
      })),
    };
  }
  if (log === 'access') {
    return {
      log,
      entries: entries(o).map((e) => ({
        at: time(e),
        action: text(e, 'action'),
        actorName: text(e, 'actorName', true),
        subjectUserId: text(e, 'subjectUserId', true),
        subjectName: text(e, 'subjectName', true),
        resource: text(e, 'resource'),
        ip: text(e, 'ip', true),
      })),
    };
  }
  throw new ApiShapeError(`log: unknown value ${log}`);
}

/** The answer of an erasure: rows removed per kind of record. */
export function parseErasure(value: unknown): Record<string, number> {
  const erased = obj(obj(value, 'erasure')['erased'], 'erased');
  for (const [k, v] of Object.entries(erased)) if (typeof v !== 'number') throw new ApiShapeError(`${k}: not a number`);
  return erased as Record<string, number>;
}
