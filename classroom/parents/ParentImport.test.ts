import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, NotAuthorizedError, ValidationError } from '../../platform/index.js';
import { hasher, openTestStorage, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import { ParentImport } from './ParentImport.js';
import type { ParentIssue } from './ParentTypes.js';

let ts: TestStorage;
let world: World;
let imports: ParentImport;

beforeEach(async () => {
  ts = await openTestStorage();
  const clock = new ManualClock(Date.UTC(2026, 8, 1));
  world = await seedWorld(ts.storage, clock);
  imports = new ParentImport(ts.storage, { clock, hasher });
});
afterEach(async () => {
  await ts.dispose();
});

// Children's codes of the world: u_student 0791000101, u_student2 0791000102, u_studentB 0791000201.
const GOOD = '\uFEFFHọ và tên;Tên đăng nhập;Mã định danh con\r\nTrần Thị Hoa;ph.hoa;0791000102 0791000201\r\n"Lê Văn Dũng";phuhuynh.cuong;0791000101|0791000102\r\n';

describe('ParentImport', () => {
  it('previews a spreadsheet file: new accounts, children linked to an existing parent', async () => {
    const p = await imports.preview(await world.actor('admin'), GOOD);
    expect(p.issues).toEqual([]);
    expect(p.ok).toBe(true);
    expect(p.rows).toEqual([
      { line: 2, username: 'ph.hoa', displayName: 'Trần Thị Hoa', childCodes: ['0791000102', '0791000201'], action: 'create' },
      { line: 3, username: 'phuhuynh.cuong', displayName: 'Lê Văn Dũng', childCodes: ['0791000101', '0791000102'], action: 'link' },
    ]);
  });

  it('applies it: the account signs in with its first password, each parent reaches exactly the children listed', async () => {
    const r = await imports.apply(await world.actor('admin'), Buffer.from(GOOD), { ip: '10.0.0.1' });
    expect(r.linked).toBe(1);
    expect(r.created.map((c) => c.username)).toEqual(['ph.hoa']);
    const hoa = await ts.storage.accounts.findByUsername('ph.hoa');
    expect(hoa).toMatchObject({ role: 'parent', schoolId: world.schoolId, mustChangePassword: true, displayName: 'Trần Thị Hoa' });
    expect(await hasher.verify(hoa!.passwordHash, r.created[0]!.initialPassword)).toBe(true);
    expect((await ts.storage.schools.childrenOf(hoa!.id)).sort()).toEqual(['u_student2', 'u_studentB']);
    expect((await ts.storage.schools.childrenOf('u_parent')).sort()).toEqual(['u_student', 'u_student2']);
    const audit = await ts.storage.personalDataAudit.forSchool(world.schoolId);
    expect(audit[0]).toMatchObject({ action: 'import', resource: 'roster:parents', ip: '10.0.0.1', detail: 'created=1 linked=1 unchanged=0' });
    // The same file again changes nothing.
    const again = await imports.apply(await world.actor('admin'), GOOD);
    expect(again).toEqual({ created: [], linked: 0, unchanged: 2 });
  });

  it('reports every bad row by line and column, and imports nothing while any remains', async () => {
    const file = [
      'Họ và tên,Tên đăng nhập,Mã định danh con',
      'Trần Thị Hoa,ph.hoa,0791000102',
      'Ng7uyễn Văn,ph.x,0791000101',
      'Phạm Văn Bố,PH.HOA,0791000101',
      'Vũ Thị Mẹ,quantri,0791000101',
      'Đỗ Văn Cha,123456,0791000101',
      'Hồ Thị Lan,ph.lan,7.91E+09 0799999999',
      'Mai Văn Tùng,ph.tung,',
      'Lý Văn Sơn,ph.son',
    ].join('\n');
    const admin = await world.actor('admin');
    const p = await imports.preview(admin, file);
    const codes = p.issues.map((i: ParentIssue) => [i.line, i.column, i.code]);
    expect(codes).toEqual([
      [3, 'Họ và tên', 'NAME_INVALID'],
      [4, 'Tên đăng nhập', 'DUPLICATE_IN_FILE'],
      [5, 'Tên đăng nhập', 'USERNAME_TAKEN'],
      [6, 'Tên đăng nhập', 'USERNAME_INVALID'],
      [7, 'Mã định danh con', 'CHILD_CODE_INVALID'],
      [7, 'Mã định danh con', 'CHILD_NOT_FOUND'],
      [8, 'Mã định danh con', 'CHILDREN_EMPTY'],
      [9, null, 'WRONG_FIELD_COUNT'],
    ]);
    expect(p.ok).toBe(false);
    expect(p.rows.map((r) => r.line)).toEqual([2]);
    await expect(imports.apply(admin, file)).rejects.toBeInstanceOf(ValidationError);
    expect(await ts.storage.accounts.findByUsername('ph.hoa')).toBeUndefined();
  });

  it('refuses a file that is not a parents’ list, not UTF-8 or too large, and anyone but the admin', async () => {
    const admin = await world.actor('admin');
    expect((await imports.preview(admin, 'Tên,Lớp\nA,10A1\n')).issues.map((i) => i.code)).toEqual(['MISSING_COLUMN', 'MISSING_COLUMN', 'MISSING_COLUMN']);
    expect((await imports.preview(admin, Buffer.from([0x48, 0xff, 0xfe, 0x0a]))).issues.map((i) => i.code)).toEqual(['FILE_NOT_UTF8']);
    expect((await imports.preview(admin, 'Họ và tên,Tên đăng nhập,Mã định danh con\n')).issues.map((i) => i.code)).toEqual(['NO_ROWS']);
    const small = new ParentImport(ts.storage, { clock: new ManualClock(0), hasher, maxBytes: 10 });
    expect((await small.preview(admin, GOOD)).issues.map((i) => i.code)).toEqual(['FILE_TOO_LARGE']);
    for (const who of ['teacher', 'parent', 'student'] as const) await expect(imports.preview(await world.actor(who), GOOD)).rejects.toBeInstanceOf(NotAuthorizedError);
  });
});
