/** Roster import through the HTTP API as the admin page uses it (R18): preview, apply, re-import. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../testkit/apiClient.js';
import { buildSchoolWorld, signedIn } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';

let server: TestServer;
let admin: ApiClient;

interface Preview {
  ok: boolean;
  issues: Array<{ line: number; column: string | null; code: string }>;
  counts: Record<string, number>;
}
interface Applied {
  created: Array<{ code: string; displayName: string; initialPassword: string }>;
  updated: number;
  unchanged: number;
}

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false } });
  const world = await buildSchoolWorld(server.services);
  admin = await signedIn(server.httpUrl, world.admin);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

const BOM = '\uFEFF';

describe('roster import over HTTP', () => {
  it('a broken file gets a row-by-row report (line, column, reason) and imports nothing', async () => {
    const csv = `${BOM}Mã định danh;Họ và tên;Lớp\r\n079300000001;Nguyễn Thị Hoa;8A\r\n7.93E+11;Lê Văn Tùng;8A\r\n079300000003;;8A\r\n079300000001;Trùng Mã;8A\r\n079300000005;Đinh Công Tráng;9Z\r\n`;
    const preview = await admin.post<Preview>('/api/admin/roster/preview?kind=students', csv);
    expect(preview.status).toBe(200);
    expect(preview.json.ok).toBe(false);
    const issues = preview.json.issues.map((i) => [i.line, i.column, i.code]);
    expect(issues).toEqual(
      expect.arrayContaining([
        [3, 'Mã định danh', 'ID_CODE_SPREADSHEET_NUMBER'],
        [4, 'Họ và tên', 'NAME_EMPTY'],
        [5, 'Mã định danh', 'DUPLICATE_IN_FILE'],
        [6, 'Lớp', 'CLASS_UNKNOWN'],
      ]),
    );
    const apply = await admin.post<{ error: { details: { issues: unknown[] } } }>('/api/admin/roster/apply?kind=students', csv);
    expect(apply.status).toBe(400);
    expect(apply.json.error.details.issues.length).toBe(preview.json.issues.length);
    const accounts = await admin.get<{ accounts: Array<{ code: string }> }>('/api/admin/accounts?role=student');
    expect(accounts.json.accounts.some((a) => a.code === '079300000001')).toBe(false);
  });

  it('a good file creates accounts with one-time passwords; importing it again duplicates nothing', async () => {
    const csv = 'Mã định danh,Họ và tên,Lớp\n079300000011,Nguyễn Thị Hoa,8A\n079300000012,"Trần Văn Bảo",8B\n';
    const first = await admin.post<Applied>('/api/admin/roster/apply?kind=students', csv);
    expect(first.status).toBe(200);
    expect(first.json.created.map((c) => [c.code, c.displayName])).toEqual([
      ['079300000011', 'Nguyễn Thị Hoa'],
      ["079300000012", "Trần Văn Bảo"],
    ]);
    expect(first.json.created.every((c) => c.initialPassword.length >= 8)).toBe(true);
    const again = await admin.post<Applied>('/api/admin/roster/apply?kind=students', csv.replace('Nguyễn Thị Hoa', 'Nguyễn Thị Hòa'));
    expect(again.json).toMatchObject({ created: [], updated: 1, unchanged: 1 });
    const accounts = await admin.get<{ accounts: Array<{ code: string; displayName: string }> }>('/api/admin/accounts?role=student');
    expect(accounts.json.accounts.filter((a) => a.code === '079300000011').map((a) => a.displayName)).toEqual(['Nguyễn Thị Hòa']);
  });

  it('refuses a file that is not UTF-8 and a body over 2 MiB', async () => {
    const latin1 = Buffer.from('Mã định danh,Họ và tên,Lớp\n079300000021,Nguy\xe9n,8A\n', 'latin1');
    const bad = await admin.post<Preview>('/api/admin/roster/preview?kind=students', latin1);
    expect(bad.json.issues.map((i) => i.code)).toContain('FILE_NOT_UTF8');
    const huge = await admin.post('/api/admin/roster/preview?kind=students', Buffer.alloc(2 * 1024 * 1024 + 10, 0x41));
    expect(huge.status).toBe(413);
  });
});
