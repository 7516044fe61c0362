import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, NotAuthorizedError, ValidationError } from '../../platform/index.js';
import { hasher, openTestStorage, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import { AccountService } from '../accounts/index.js';
import { SessionService } from '../accounts/index.js';
import type { Actor } from '../authz/index.js';
import { RosterImport } from './RosterImport.js';
import type { RosterIssue } from './RosterTypes.js';

const fixture = (name: string) => readFileSync(new URL(`./__fixtures__/${name}`, import.meta.url));

let t: TestStorage;
let clock: ManualClock;
let world: World;
let admin: Actor;
let roster: RosterImport;

beforeEach(async () => {
  t = await openTestStorage();
  clock = new ManualClock();
  world = await seedWorld(t.storage, clock);
  admin = await world.actor('admin');
  roster = new RosterImport(t.storage, { clock, hasher });
});
afterEach(() => t.dispose());

const brief = (issues: RosterIssue[]) => issues.map((i) => [i.line, i.column, i.code]);

describe('roster import: students', () => {
  it('imports an Excel "CSV UTF-8" file (BOM, CRLF, Vietnamese headers, quoted commas) and returns first passwords once', async () => {
    const preview = await roster.preview(admin, fixture('students-excel.csv'), 'students');
    expect(preview.issues).toEqual([]);
    expect(preview.ignoredColumns).toEqual(['Ghi chú']);
    expect(preview.rows.map((r) => [r.line, r.code, r.displayName, r.className, r.action])).toEqual([
      [2, '0791000301', 'Nguyễn Thị Ánh', '10A1', 'create'],
      [3, '0791000302', 'Trần Văn Bảo', '10A1', 'create'],
      [4, '079100000303', 'Lê Hoàng Yến', '10A2', 'create'],
    ]);
    expect(await t.storage.accounts.findByCode('0791000301')).toBeUndefined();

    const result = await roster.apply(admin, fixture('students-excel.csv'), 'students');
    expect(result.created.map((c) => c.code)).toEqual(['0791000301', '0791000302', '079100000303']);
    expect((await t.storage.schools.rosterOfClass(world.classB)).map((r) => r.displayName)).toContain('Lê Hoàng Yến');
    const created = result.created[0];
    const stored = await t.storage.accounts.findByCode('0791000301');
    expect(stored).toMatchObject({ role: 'student', mustChangePassword: true, schoolId: 'sch_1' });
    expect(stored?.passwordHash).not.toContain(created?.initialPassword);

    const sessions = new SessionService(t.storage, clock);
    const login = await new AccountService(t.storage, { clock, hasher, sessions }).login({ login: '0791000301', password: created?.initialPassword ?? '', ip: null });
    expect(login.mustChangePassword).toBe(true);
    const [audit] = await t.storage.personalDataAudit.forActor('u_admin');
    expect(audit).toMatchObject({ action: 'import', resource: 'roster:students', detail: 'created=3 updated=0 unchanged=0' });
  });

  it('stores decomposed (NFD) names in NFC, from a file without BOM and with LF line ends', async () => {
    await roster.apply(admin, fixture('students-nfd.csv'), 'students');
    const a = await t.storage.accounts.findByCode('0791000401');
    expect(a?.displayName).toBe('Phạm Quỳnh Hương'.normalize('NFC'));
    expect(a?.displayName).not.toBe('Phạm Quỳnh Hương'.normalize('NFD'));
  });

  it('a re-import updates names and classes, leaves the rest, and creates no duplicate', async () => {
    await roster.apply(admin, fixture('students-excel.csv'), 'students');
    const before = await t.storage.accounts.findByCode('0791000301');
    const preview = await roster.preview(admin, fixture('students-excel-reimport.csv'), 'students');
    expect(preview.rows.map((r) => r.action)).toEqual(['update', 'update', 'unchanged']);
    const result = await roster.apply(admin, fixture('students-excel-reimport.csv'), 'students');
    expect(result).toMatchObject({ created: [], updated: 2, unchanged: 1 });
    const after = await t.storage.accounts.findByCode('0791000301');
    expect(after).toMatchObject({ id: before?.id, displayName: 'Nguyễn Thị Ngọc Ánh', passwordHash: before?.passwordHash });
    expect(await t.storage.schools.classOfStudent((await t.storage.accounts.findByCode('0791000302'))?.id ?? '')).toBe(world.classB);
    expect((await t.storage.accounts.listBySchool('sch_1', 'student')).length).toBe(3 + 3);
    const again = await roster.apply(admin, fixture('students-excel-reimport.csv'), 'students');
    expect(again).toMatchObject({ created: [], updated: 0, unchanged: 3 });
  });

  it('reports every broken row by line, column and reason, and imports nothing', async () => {
    const preview = await roster.preview(admin, fixture('students-errors.csv'), 'students');
    expect(preview.ok).toBe(false);
    expect(brief(preview.issues)).toEqual([
      [3, 'Mã định danh', 'ID_CODE_NOT_DIGITS'],
      [4, 'Mã định danh', 'ID_CODE_WRONG_LENGTH'],
      [5, 'Mã định danh', 'ID_CODE_SPREADSHEET_NUMBER'],
      [6, 'Họ và tên', 'NAME_EMPTY'],
      [7, 'Lớp', 'CLASS_UNKNOWN'],
      [8, 'Mã định danh', 'DUPLICATE_IN_FILE'],
      [9, null, 'WRONG_FIELD_COUNT'],
      [10, 'Mã định danh', 'CODE_USED_BY_OTHER_ROLE'],
      [11, 'Họ và tên', 'NAME_INVALID_CHARACTERS'],
      [11, 'Lớp', 'CLASS_EMPTY'],
    ]);
    expect(preview.issues.find((i) => i.code === 'DUPLICATE_IN_FILE')?.message).toContain('line 2');
    const error = await roster.apply(admin, fixture('students-errors.csv'), 'students').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).details?.issues).toEqual(preview.issues);
    expect(await t.storage.accounts.findByCode('0791000501')).toBeUndefined();
  });

  it('names the missing columns of a file with the wrong headers', async () => {
    const preview = await roster.preview(admin, fixture('students-bad-header.csv'), 'students');
    expect(brief(preview.issues)).toEqual([
      [1, 'ho_va_ten', 'MISSING_COLUMN'],
      [1, 'lop', 'MISSING_COLUMN'],
    ]);
    expect(preview.ignoredColumns).toEqual(['Tên học sinh']);
  });

  it('refuses a file that is not UTF-8 with a hint, instead of storing mojibake', async () => {
    const preview = await roster.preview(admin, fixture('students-cp1258.csv'), 'students');
    expect(brief(preview.issues)).toEqual([[0, null, 'FILE_NOT_UTF8']]);
  });

  it('counts lines right across blank lines and a quoted line break', async () => {
    const preview = await roster.preview(admin, fixture('students-multiline.csv'), 'students');
    expect(brief(preview.issues)).toEqual([[6, 'ho_ten', 'NAME_EMPTY']]);
    expect(preview.rows.map((r) => [r.line, r.displayName])).toEqual([[3, 'Nguyễn Văn Tám']]);
  });

  it('refuses a code that belongs to another school', async () => {
    await t.storage.accounts.create({ ...world.accounts.studentB, id: 'u_far', schoolId: world.otherSchoolId, code: '0791000401' });
    const preview = await roster.preview(admin, fixture('students-nfd.csv'), 'students');
    expect(brief(preview.issues)).toEqual([[2, 'ma_dinh_danh', 'CODE_IN_OTHER_SCHOOL']]);
  });

  it('reports CSV syntax errors, empty files and oversized files', async () => {
    expect(brief((await roster.preview(admin, 'ma_dinh_danh,ho_ten,lop\n0791000901,"Ng,10A1\n', 'students')).issues)).toEqual([[2, null, 'CSV_SYNTAX']]);
    expect(brief((await roster.preview(admin, '', 'students')).issues)).toEqual([[1, null, 'NO_ROWS']]);
    expect(brief((await roster.preview(admin, 'ma_dinh_danh,ho_ten,lop\n', 'students')).issues)).toEqual([[2, null, 'NO_ROWS']]);
    const small = new RosterImport(t.storage, { clock, hasher }, { maxRows: 1 });
    expect(brief((await small.preview(admin, fixture('students-nfd.csv'), 'students')).issues)).toEqual([[1, null, 'FILE_TOO_LARGE']]);
  });

  it('only a school admin may import', async () => {
    await expect(roster.preview(await world.actor('teacher'), fixture('students-nfd.csv'), 'students')).rejects.toBeInstanceOf(NotAuthorizedError);
  });
});

describe('roster import: teachers', () => {
  it('imports teachers with their assignments (";" delimiter, quoted lists) and reports unknown classes and subjects', async () => {
    const preview = await roster.preview(admin, fixture('teachers.csv'), 'teachers');
    expect(brief(preview.issues)).toEqual([
      [4, 'Phân công giảng dạy', 'SUBJECT_UNKNOWN'],
      [4, 'Phân công giảng dạy', 'CLASS_UNKNOWN'],
    ]);
    await t.storage.schools.addSubject({ id: 'sub_hoa', schoolId: 'sch_1', name: 'Hóa học' });
    await t.storage.schools.addClass({ id: 'cls_10a3', schoolId: 'sch_1', gradeId: world.gradeId, name: '10A3' });
    const result = await roster.apply(admin, fixture('teachers.csv'), 'teachers');
    expect(result.created).toHaveLength(3);
    const thu = await t.storage.accounts.findByCode('079200000001');
    expect(thu?.role).toBe('teacher');
    expect((await t.storage.schools.assignmentsOfTeacher(thu?.id ?? '')).map((a) => `${a.classId}/${a.subjectId}`).sort()).toEqual([
      `${world.classA}/${world.math}`,
      `${world.classB}/${world.math}`,
    ]);
    expect((await roster.apply(admin, fixture('teachers.csv'), 'teachers')).unchanged).toBe(3);
  });

  it('refuses a student code in a teacher roster', async () => {
    const preview = await roster.preview(admin, 'Mã định danh,Họ và tên\n0791000101,Lê Văn Cường\n', 'teachers');
    expect(brief(preview.issues)).toEqual([[2, 'Mã định danh', 'CODE_USED_BY_OTHER_ROLE']]);
  });
});
