import {
  ROSTER_ISSUE_CODES,
  type CreatedAccount,
  type Lesson,
  type LessonStatus,
  type Me,
  type RosterIssue,
  type RosterPreview,
  type RosterResult,
  type RosterRowPlan,
  type SchoolStructure,
  type TeachingAssignment,
  type TimetableEntry,
  type User,
  type UserRole,
} from './apiTypes.js';

/**
 * JSON answers of the HTTP API -> the client's types. A field of the wrong type throws
 * (`ApiShapeError`), so that a server and client out of step fail loudly at the edge instead
 * of showing `undefined` somewhere; unknown extra fields are ignored (the API may grow).
 */
export class ApiShapeError extends Error {
  override readonly name = 'ApiShapeError';
}

type Obj = Record<string, unknown>;

function obj(value: unknown, what: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ApiShapeError(`${what}: not an object`);
  return value as Obj;
}

function str(o: Obj, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new ApiShapeError(`${key}: not a string`);
  return v;
}

function strOrNull(o: Obj, key: string): string | null {
  const v = o[key];
  if (v === null || v === undefined) return null;
  if (typeof v !== 'string') throw new ApiShapeError(`${key}: not a string`);
  return v;
}

function num(o: Obj, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new ApiShapeError(`${key}: not a number`);
  return v;
}

function numOrNull(o: Obj, key: string): number | null {
  const v = o[key];
  return v === null || v === undefined ? null : num(o, key);
}

function bool(o: Obj, key: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') throw new ApiShapeError(`${key}: not a boolean`);
  return v;
}

function arr(o: Obj, key: string): unknown[] {
  const v = o[key];
  if (!Array.isArray(v)) throw new ApiShapeError(`${key}: not a list`);
  return v;
}

function oneOf<T extends string>(o: Obj, key: string, values: readonly T[]): T {
  const v = str(o, key);
  if (!(values as readonly string[]).includes(v)) throw new ApiShapeError(`${key}: unknown value ${v}`);
  return v as T;
}

const ROLES: readonly UserRole[] = ['admin', 'teacher', 'student', 'parent'];
const STATUSES: readonly LessonStatus[] = ['scheduled', 'live', 'ended', 'cancelled'];

export function parseUser(value: unknown): User {
  const o = obj(value, 'user');
  return {
    id: str(o, 'id'),
    role: oneOf(o, 'role', ROLES),
    displayName: str(o, 'displayName'),
    code: strOrNull(o, 'code'),
    username: strOrNull(o, 'username'),
    schoolId: str(o, 'schoolId'),
    schoolName: typeof o['schoolName'] === 'string' ? o['schoolName'] : '',
    className: strOrNull(o, 'className'),
    archive: o['archive'] === true,
  };
}

export function parseMe(value: unknown): Me {
  const o = obj(value, 'me');
  return { user: parseUser(o['user']), mustChangePassword: bool(o, 'mustChangePassword') };
}

export function parseLesson(value: unknown): Lesson {
  const o = obj(value, 'lesson');
  return {
    id: str(o, 'id'),
    title: str(o, 'title'),
    classId: str(o, 'classId'),
    subjectId: str(o, 'subjectId'),
    teacherId: str(o, 'teacherId'),
    scheduledStart: num(o, 'scheduledStart'),
    scheduledEnd: num(o, 'scheduledEnd'),
    startedAt: numOrNull(o, 'startedAt'),
    endedAt: numOrNull(o, 'endedAt'),
    status: oneOf(o, 'status', STATUSES),
    hasPassword: bool(o, 'hasPassword'),
  };
}

export function parseTimetableEntry(value: unknown): TimetableEntry {
  const o = obj(value, 'entry');
  return {
    lesson: parseLesson(o['lesson']),
    className: str(o, 'className'),
    subjectName: str(o, 'subjectName'),
    teacherName: str(o, 'teacherName'),
    canJoin: bool(o, 'canJoin'),
    canManage: bool(o, 'canManage'),
  };
}

export function parseTimetable(value: unknown): TimetableEntry[] {
  return arr(obj(value, 'timetable'), 'entries').map(parseTimetableEntry);
}

export function parseTeaching(value: unknown): TeachingAssignment[] {
  return arr(obj(value, 'teaching'), 'assignments').map((a) => {
    const o = obj(a, 'assignment');
    return { classId: str(o, 'classId'), className: str(o, 'className'), subjectId: str(o, 'subjectId'), subjectName: str(o, 'subjectName') };
  });
}

export function parseSchool(value: unknown): SchoolStructure {
  const o = obj(value, 'school');
  const school = o['school'] === null || o['school'] === undefined ? null : obj(o['school'], 'school');
  return {
    schoolName: school && typeof school['name'] === 'string' ? school['name'] : '',
    grades: arr(o, 'grades').map((g) => {
      const x = obj(g, 'grade');
      return { id: str(x, 'id'), name: str(x, 'name'), level: num(x, 'level') };
    }),
    classes: arr(o, 'classes').map((c) => {
      const x = obj(c, 'class');
      return { id: str(x, 'id'), name: str(x, 'name'), gradeId: str(x, 'gradeId'), studentCount: num(x, 'studentCount') };
    }),
    subjects: arr(o, 'subjects').map((s) => {
      const x = obj(s, 'subject');
      return { id: str(x, 'id'), name: str(x, 'name') };
    }),
  };
}

function parseIssue(value: unknown): RosterIssue {
  const o = obj(value, 'issue');
  const code = str(o, 'code');
  const known = (ROSTER_ISSUE_CODES as readonly string[]).includes(code);
  return {
    line: num(o, 'line'),
    column: strOrNull(o, 'column'),
    code: known ? (code as RosterIssue['code']) : 'UNKNOWN',
    message: typeof o['message'] === 'string' ? o['message'] : code,
  };
}

function parseRow(value: unknown): RosterRowPlan {
  const o = obj(value, 'row');
  const assignments = Array.isArray(o['assignments'])
    ? o['assignments'].map((a) => {
        const x = obj(a, 'assignment');
        return { className: str(x, 'className'), subjectName: str(x, 'subjectName') };
      })
    : [];
  return {
    line: num(o, 'line'),
    code: str(o, 'code'),
    displayName: str(o, 'displayName'),
    action: oneOf(o, 'action', ['create', 'update', 'unchanged'] as const),
    className: strOrNull(o, 'className'),
    assignments,
  };
}

export function parseRosterPreview(value: unknown): RosterPreview {
  const o = obj(value, 'preview');
  const counts = obj(o['counts'], 'counts');
  return {
    kind: oneOf(o, 'kind', ['students', 'teachers'] as const),
    rows: arr(o, 'rows').map(parseRow),
    issues: arr(o, 'issues').map(parseIssue),
    ignoredColumns: arr(o, 'ignoredColumns').filter((c): c is string => typeof c === 'string'),
    counts: { create: num(counts, 'create'), update: num(counts, 'update'), unchanged: num(counts, 'unchanged') },
    ok: bool(o, 'ok'),
  };
}

export function parseCreatedAccount(value: unknown): CreatedAccount {
  const o = obj(value, 'account');
  return {
    userId: str(o, 'userId'),
    code: strOrNull(o, 'code'),
    username: strOrNull(o, 'username'),
    displayName: str(o, 'displayName'),
    initialPassword: str(o, 'initialPassword'),
  };
}

export function parseRosterResult(value: unknown): RosterResult {
  const o = obj(value, 'result');
  return {
    kind: oneOf(o, 'kind', ['students', 'teachers'] as const),
    created: arr(o, 'created').map(parseCreatedAccount),
    updated: num(o, 'updated'),
    unchanged: num(o, 'unchanged'),
  };
}

/** The issues of a refused apply (`details.issues`), when the server sent roster issues. */
export function parseIssues(value: unknown): RosterIssue[] {
  if (!Array.isArray(value)) return [];
  const out: RosterIssue[] = [];
  for (const v of value) {
    try {
      out.push(parseIssue(v));
    } catch {
      // field issues of a JSON body have another shape; they are not roster issues
    }
  }
  return out;
}

export function parseAccounts(value: unknown): User[] {
  return arr(obj(value, 'accounts'), 'accounts').map(parseUser);
}

export function parseString(value: unknown, key: string): string {
  return str(obj(value, key), key);
}

export { obj as parseObject };
