/**
 * R21 in real Chromium, through the admin page: the school admin downloads a student's data as
 * a JSON file, erases the student after typing their ID code, and sees both acts in the
 * security log; the erased student's own session is over.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../testkit/apiClient.js';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { useSession } from './lessonPage.js';

let server: TestServer;
let browser: TestBrowser;
let world: SchoolWorld;
let admin: Page;
let studentApi: ApiClient;

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false }, http: { publicUrl: 'http://127.0.0.1' } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  browser = await launchChromium();
  studentApi = await signedIn(server.httpUrl, world.studentsA[0]!);
  const u = await browser.newUser();
  admin = u.page;
  await useSession(u.context, server.httpUrl, (await signedIn(server.httpUrl, world.admin)).cookie);
  await admin.goto(`${server.httpUrl}/admin`);
  await admin.getByTestId('admin-accounts').waitFor({ timeout: 20_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("a student's personal data on the admin page", () => {
  const student = () => world.studentsA[0]!;
  const row = () => admin.locator(`[data-testid="account-row"][data-user-id="${student().userId}"]`);

  it('downloads the student’s data as a JSON file', async () => {
    await row().waitFor({ timeout: 10_000 });
    const [download] = await Promise.all([admin.waitForEvent('download'), row().getByTestId('student-export').click()]);
    expect(download.suggestedFilename()).toBe(`du-lieu-hoc-sinh_${student().login}.json`);
    const data = JSON.parse(await readFile((await download.path())!, 'utf8')) as { student: { displayName: string }; class: { name: string } };
    expect(data.student.displayName).toBe(student().displayName);
    expect(data.class.name).toBe('8A');
  });

  it('erases the student after the ID code is typed; the student is signed out for good', async () => {
    await row().getByTestId('student-erase').click();
    await row().getByTestId('student-erase-code').fill('000000000000');
    await row().getByTestId('student-erase-confirm').click();
    await row().getByTestId('student-erase-error').waitFor({ timeout: 5000 });
    expect((await studentApi.get('/api/me')).status).toBe(200);

    await row().getByTestId('student-erase-code').fill(student().login);
    await row().getByTestId('student-erase-confirm').click();
    await admin.getByTestId('student-erased').waitFor({ timeout: 10_000 });
    expect(await row().count()).toBe(0);
    expect((await studentApi.get('/api/me')).status).toBe(401);
  });

  it('shows the export and the erasure in the security log', async () => {
    await admin.getByTestId('audit-log').selectOption('access');
    const erased = admin.locator('[data-testid="audit-entry"][data-action="delete"]');
    await erased.waitFor({ timeout: 10_000 });
    expect(await erased.textContent()).toContain('(đã xóa)');
    expect(await admin.locator('[data-testid="audit-entry"][data-action="export"]').count()).toBe(1);
  });
});
