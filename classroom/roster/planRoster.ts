/**
 * Checks every parsed row (shape, then against the database) and decides what applying the
 * file would do to each: create, update or leave unchanged. Pure apart from the reads.
 */
import type { Account } from '../accounts/index.js';
import { checkIdCode, type IdCodeProblem } from '../school/index.js';
import { checkPersonName, nameKey } from '../school/index.js';
import type { SchoolClass, Subject } from '../school/index.js';
import type { StoreSet } from '../store/index.js';
import type { ParsedRoster, ParsedRow } from './parseRosterCsv.js';
import type { RosterColumn, RosterIssue, RosterKind, RosterRowPlan } from './RosterTypes.js';

export interface RowChange {
  plan: RosterRowPlan;
  /** Set for updates and unchanged rows. */
  existing?: Account;
  classId?: string;
  assignments?: { classId: string; subjectId: string }[];
}

export interface RosterPlan {
  changes: RowChange[];
  issues: RosterIssue[];
}

const ID_MESSAGES: Record<IdCodeProblem, [RosterIssue['code'], string]> = {
  EMPTY: ['ID_CODE_EMPTY', 'The ID code is empty'],
  NOT_DIGITS: ['ID_CODE_NOT_DIGITS', 'An ID code has only digits'],
  WRONG_LENGTH: ['ID_CODE_WRONG_LENGTH', 'An ID code has 10 to 12 digits'],
  SPREADSHEET_NUMBER: ['ID_CODE_SPREADSHEET_NUMBER', 'The spreadsheet turned the code into a number: format the column as Text and export again'],
};

interface Lookups {
  classes: Map<string, SchoolClass>;
  subjects: Map<string, Subject>;
}

type ValidRow = { line: number; code: string; displayName: string; classId?: string; className?: string; assignments?: { classId: string; subjectId: string; className: string; subjectName: string }[] };

export async function planRoster(parsed: ParsedRoster, kind: RosterKind, schoolId: string, stores: StoreSet): Promise<RosterPlan> {
  const issues: RosterIssue[] = [...parsed.issues];
  const lookups: Lookups = {
    classes: new Map((await stores.schools.listClasses(schoolId)).map((c) => [nameKey(c.name), c])),
    subjects: new Map((await stores.schools.listSubjects(schoolId)).map((s) => [nameKey(s.name), s])),
  };
  const header = (c: RosterColumn) => parsed.headers[c] ?? c;
  const valid: ValidRow[] = [];
  const firstLineOf = new Map<string, number>();
  for (const row of parsed.rows) {
    // Duplicates are found on the code alone, even when other cells of the row are wrong.
    const code = checkIdCode(row.cells.code ?? '');
    const first = code.ok ? firstLineOf.get(code.value) : undefined;
    if (code.ok && first !== undefined) {
      issues.push({ line: row.line, column: header('code'), code: 'DUPLICATE_IN_FILE', message: `ID code ${code.value} is already on line ${first}` });
      continue;
    }
    if (code.ok) firstLineOf.set(code.value, row.line);
    const v = checkRow(row, kind, lookups, header, issues);
    if (v) valid.push(v);
  }
  const existing = new Map((await stores.accounts.findByCodes(valid.map((v) => v.code))).map((a) => [a.code ?? '', a]));
  const changes: RowChange[] = [];
  for (const v of valid) {
    const change = await planRow(v, kind, schoolId, existing.get(v.code), stores, header, issues);
    if (change) changes.push(change);
  }
  issues.sort((a, b) => a.line - b.line);
  return { changes, issues };
}

function checkRow(row: ParsedRow, kind: RosterKind, lookups: Lookups, header: (c: RosterColumn) => string, issues: RosterIssue[]): ValidRow | undefined {
  const before = issues.length;
  const code = checkIdCode(row.cells.code ?? '');
  if (!code.ok) {
    const [issueCode, message] = ID_MESSAGES[code.reason];
    issues.push({ line: row.line, column: header('code'), code: issueCode, message: `${message} (found "${(row.cells.code ?? '').trim()}")` });
  }
  const name = checkPersonName(row.cells.name ?? '');
  if (!name.ok) {
    const text = { EMPTY: 'The name is empty', TOO_LONG: 'The name is longer than 100 characters', INVALID_CHARACTERS: 'A name has only letters, spaces, apostrophes, dots and hyphens' };
    issues.push({ line: row.line, column: header('name'), code: `NAME_${name.reason}`, message: text[name.reason] });
  }
  const out: Partial<ValidRow> = {};
  if (kind === 'students') {
    const raw = (row.cells.class ?? '').trim();
    const cls = lookups.classes.get(nameKey(raw));
    if (raw === '') issues.push({ line: row.line, column: header('class'), code: 'CLASS_EMPTY', message: 'The class is empty' });
    else if (!cls) issues.push({ line: row.line, column: header('class'), code: 'CLASS_UNKNOWN', message: `There is no class "${raw}" in this school` });
    else Object.assign(out, { classId: cls.id, className: cls.name });
  } else if (row.cells.assignments !== undefined) {
    out.assignments = parseAssignments(row, lookups, header('assignments'), issues);
  }
  if (issues.length > before || !code.ok || !name.ok) return undefined;
  return { line: row.line, code: code.value, displayName: name.value, ...out };
}

/** "10A1:Toán; 10A2:Toán" (";", "," or new lines between pairs, ":" inside a pair). */
function parseAssignments(row: ParsedRow, lookups: Lookups, column: string, issues: RosterIssue[]): ValidRow['assignments'] {
  const out: NonNullable<ValidRow['assignments']> = [];
  for (const item of (row.cells.assignments ?? '').split(/[;,\n]/)) {
    if (item.trim() === '') continue;
    const at = item.indexOf(':');
    const className = at === -1 ? '' : item.slice(0, at).trim();
    const subjectName = at === -1 ? '' : item.slice(at + 1).trim();
    if (className === '' || subjectName === '') {
      issues.push({ line: row.line, column, code: 'ASSIGNMENT_INVALID', message: `"${item.trim()}" is not "class:subject" (e.g. "10A1:Toán")` });
      continue;
    }
    const cls = lookups.classes.get(nameKey(className));
    const subject = lookups.subjects.get(nameKey(subjectName));
    if (!cls) issues.push({ line: row.line, column, code: 'CLASS_UNKNOWN', message: `There is no class "${className}" in this school` });
    if (!subject) issues.push({ line: row.line, column, code: 'SUBJECT_UNKNOWN', message: `There is no subject "${subjectName}" in this school` });
    if (cls && subject && !out.some((a) => a.classId === cls.id && a.subjectId === subject.id)) {
      out.push({ classId: cls.id, subjectId: subject.id, className: cls.name, subjectName: subject.name });
    }
  }
  return out;
}

async function planRow(
  v: ValidRow,
  kind: RosterKind,
  schoolId: string,
  existing: Account | undefined,
  stores: StoreSet,
  header: (c: RosterColumn) => string,
  issues: RosterIssue[],
): Promise<RowChange | undefined> {
  const role = kind === 'students' ? 'student' : 'teacher';
  if (existing && existing.schoolId !== schoolId) {
    issues.push({ line: v.line, column: header('code'), code: 'CODE_IN_OTHER_SCHOOL', message: `ID code ${v.code} belongs to an account of another school` });
    return undefined;
  }
  if (existing && existing.role !== role) {
    issues.push({ line: v.line, column: header('code'), code: 'CODE_USED_BY_OTHER_ROLE', message: `ID code ${v.code} is already used by a ${existing.role} account` });
    return undefined;
  }
  const plan: RosterRowPlan = { line: v.line, code: v.code, displayName: v.displayName, action: 'create' };
  if (v.className !== undefined) plan.className = v.className;
  if (v.assignments) plan.assignments = v.assignments.map(({ className, subjectName }) => ({ className, subjectName }));
  const change: RowChange = { plan };
  if (v.classId !== undefined) change.classId = v.classId;
  if (v.assignments) change.assignments = v.assignments.map(({ classId, subjectId }) => ({ classId, subjectId }));
  if (!existing) return change;
  change.existing = existing;
  let same = existing.displayName === v.displayName;
  if (kind === 'students') same &&= (await stores.schools.classOfStudent(existing.id)) === v.classId;
  else if (change.assignments) same &&= sameAssignments(await stores.schools.assignmentsOfTeacher(existing.id), change.assignments);
  plan.action = same ? 'unchanged' : 'update';
  return change;
}

function sameAssignments(a: readonly { classId: string; subjectId: string }[], b: readonly { classId: string; subjectId: string }[]): boolean {
  const key = (x: { classId: string; subjectId: string }) => `${x.classId}\u0000${x.subjectId}`;
  const left = new Set(a.map(key));
  return left.size === b.length && b.every((x) => left.has(key(x)));
}
