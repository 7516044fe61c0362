/**
 * Issue 3 end to end, in real Chromium through the real client: signing in with an ID code and
 * the first-login password change, the lobby (admit, deny with a reason), the teacher muting a
 * student (the audio stops), removal for good, a breakout round of 2 groups of 2, and the
 * attendance CSV after the lesson, with plausible durations and the absent student.
 */
import { parse } from 'csv-parse/sync';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../testkit/apiClient.js';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { WORLD_PASSWORD, buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { audioPacketsDuring, pageState, setJoinToggle, useSession, waitForSelfId } from './lessonPage.js';

describe('accounts, lobby and supervision in real browsers', () => {
  let server: TestServer;
  let browser: TestBrowser;
  let world: SchoolWorld;
  let teacherApi: ApiClient;
  let teacher: Page;
  const student: Page[] = [];
  const studentId: string[] = [];
  const contexts: BrowserContext[] = [];
  const lessonUrl = () => `${server.httpUrl}/lesson/${world.lessonA.id}`;
  const STUDENTS = 7; // s0..s5 come (s1 is denied, s2 removed); s6 never comes

  beforeAll(async () => {
    server = await startTestServer({ demo: { enabled: false }, http: { publicUrl: 'http://127.0.0.1' }, });
    world = await buildSchoolWorld(server.services, { studentsInA: STUDENTS });
    browser = await launchChromium();
    teacherApi = await signedIn(server.httpUrl, world.teacherA);
    const t = await browser.newUser();
    teacher = t.page;
    await useSession(t.context, server.httpUrl, teacherApi.cookie);
    await teacher.goto(lessonUrl());
    await teacher.getByTestId('join-button').click({ timeout: 20_000 });
    await waitForSelfId(teacher);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  /** A student on a phone-sized page, signed in through the API, at the join page of the lesson. */
  async function studentAtJoinPage(i: number, mic: 'on' | 'off'): Promise<Page> {
    const u = await browser.newUser({ phone: i % 2 === 0 });
    contexts.push(u.context);
    await useSession(u.context, server.httpUrl, (await signedIn(server.httpUrl, world.studentsA[i]!)).cookie);
    await u.page.goto(lessonUrl());
    await setJoinToggle(u.page, 'join-camera-toggle', i === 0 ? 'on' : 'off');
    await setJoinToggle(u.page, 'join-mic-toggle', mic);
    return u.page;
  }

  /** One side panel is open at a time: open `name`'s if it is not. */
  async function openPanel(name: 'lobby' | 'participants' | 'attendance' | 'breakout'): Promise<void> {
    if (await teacher.getByTestId(`${name}-panel`).isVisible()) return;
    await teacher.getByTestId(`${name}-toggle`).click();
    await teacher.getByTestId(`${name}-panel`).waitFor({ timeout: 5000 });
  }

  async function lobbyEntryId(name: string): Promise<string> {
    await openPanel('lobby');
    const entry = teacher.getByTestId('lobby-entry').filter({ hasText: name });
    await entry.waitFor({ timeout: 10_000 });
    return (await entry.getAttribute('data-participant-id')) ?? '';
  }

  async function admitFromLobby(page: Page, name: string): Promise<string> {
    await page.getByTestId('waiting-screen').waitFor({ timeout: 15_000 });
    const id = await lobbyEntryId(name);
    await teacher.getByTestId('lobby-entry').filter({ hasText: name }).getByTestId('lobby-admit').click();
    await waitForSelfId(page);
    return id;
  }

  const nameOf = (i: number) => world.studentsA[i]!.displayName;

  it('a student signs in with the ID code, changes the first password, and finds the lesson in the timetable', async () => {
    const u = await browser.newUser({ phone: true });
    contexts.push(u.context);
    const page = u.page;
    await page.goto(`${server.httpUrl}/login`);
    await page.getByTestId('login-login').fill(world.studentsA[0]!.login);
    await page.getByTestId('login-password').fill(world.studentsA[0]!.initialPassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('password-new').waitFor({ timeout: 10_000 });
    if (await page.getByTestId('password-current').isVisible()) await page.getByTestId('password-current').fill(world.studentsA[0]!.initialPassword);
    await page.getByTestId('password-new').fill(WORLD_PASSWORD);
    await page.getByTestId('password-confirm').fill(WORLD_PASSWORD);
    await page.getByTestId('password-submit').click();
    const entry = page.locator(`[data-testid="timetable-entry"][data-lesson-id="${world.lessonA.id}"]`);
    await entry.waitFor({ timeout: 10_000 });
    await entry.getByTestId('timetable-join').click();
    await setJoinToggle(page, 'join-camera-toggle', 'on');
    await setJoinToggle(page, 'join-mic-toggle', 'on');
    await page.getByTestId('join-button').click();
    await page.getByTestId('waiting-screen').waitFor({ timeout: 15_000 });
    student[0] = page;
  });

  it('waits in the lobby until the teacher admits them', async () => {
    expect(await pageState<{ admission: string }>(student[0]!).then((s) => s.admission)).toBe('waiting');
    studentId[0] = await admitFromLobby(student[0]!, nameOf(0));
    expect(await pageState<{ admission: string }>(student[0]!).then((s) => s.admission)).toBe('admitted');
  });

  it('a denied student sees the reason', async () => {
    const page = await studentAtJoinPage(1, 'off');
    await page.getByTestId('join-button').click();
    await page.getByTestId('waiting-screen').waitFor({ timeout: 15_000 });
    await lobbyEntryId(nameOf(1));
    await teacher.getByTestId('lobby-entry').filter({ hasText: nameOf(1) }).getByTestId('lobby-deny').click();
    await teacher.getByTestId('deny-reason').fill('Em vào nhầm tiết, hãy chờ tiết sau');
    await teacher.getByTestId('deny-confirm').click();
    const final = page.getByTestId('final-screen');
    await final.waitFor({ timeout: 10_000 });
    expect(await final.getAttribute('data-reason')).toBe('denied');
    expect(await final.innerText()).toContain('Em vào nhầm tiết, hãy chờ tiết sau');
    student[1] = page;
  });

  it("the teacher mutes a student and the student's audio stops", async () => {
    const id = studentId[0]!;
    await expect.poll(() => audioPacketsDuring(teacher, id, 1000), { timeout: 15_000 }).toBeGreaterThan(20);
    await openPanel('participants');
    const row = teacher.locator(`[data-testid="participant-row"][data-participant-id="${id}"]`);
    await row.getByTestId('participant-mute').click();
    await expect.poll(() => student[0]!.getByTestId('mic-toggle').getAttribute('data-state'), { timeout: 5000 }).toBe('off');
    await teacher.waitForTimeout(500);
    expect(await audioPacketsDuring(teacher, id, 1500)).toBe(0);
  });

  it('a removed student cannot come back', async () => {
    const page = await studentAtJoinPage(2, 'off');
    await page.getByTestId('join-button').click();
    const id = await admitFromLobby(page, nameOf(2));
    await openPanel('participants');
    const row = teacher.locator(`[data-testid="participant-row"][data-participant-id="${id}"]`);
    await row.getByTestId('participant-remove').click();
    await teacher.getByTestId('remove-reason').fill('Không giữ trật tự');
    await teacher.getByTestId('remove-confirm').click();
    const final = page.getByTestId('final-screen');
    await final.waitFor({ timeout: 10_000 });
    expect(await final.getAttribute('data-reason')).toBe('removed');
    await page.goto(lessonUrl());
    await page.getByTestId('join-button').click();
    await page.getByTestId('final-screen').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('final-screen').getAttribute('data-reason')).toBe('forbidden');
  });

  it('a breakout round with 2 groups of 2, then everyone back in the main room', async () => {
    for (const i of [3, 4, 5]) {
      student[i] = await studentAtJoinPage(i, 'off');
      await student[i]!.getByTestId('join-button').click();
      studentId[i] = await admitFromLobby(student[i]!, nameOf(i));
    }
    await openPanel('breakout');
    await teacher.getByTestId('breakout-count').fill('2');
    await teacher.getByTestId('breakout-start').click();
    const groupOf: string[] = [];
    for (const i of [0, 3, 4, 5]) {
      const banner = student[i]!.getByTestId('breakout-banner');
      await banner.waitFor({ timeout: 10_000 });
      groupOf.push((await banner.getAttribute('data-group-id')) ?? '');
    }
    const sizes = Object.values(groupOf.reduce<Record<string, number>>((acc, g) => ({ ...acc, [g]: (acc[g] ?? 0) + 1 }), {}));
    expect(sizes).toEqual([2, 2]);
    // Each student now sees only the members of their own group.
    const s0 = await pageState<{ breakout: { myGroupId: string; groups: Array<{ id: string; participantIds: string[] }> } }>(student[0]!);
    expect(s0.breakout.groups.find((g) => g.id === s0.breakout.myGroupId)?.participantIds).toContain(studentId[0]);
    // Separate media rooms: s0's camera reaches the partner in its group, not the other group.
    const others = [3, 4, 5].map((i, k) => ({ page: student[i]!, group: groupOf[k + 1] }));
    const partner = others.find((o) => o.group === groupOf[0])!;
    const stranger = others.find((o) => o.group !== groupOf[0])!;
    const receivesS0 = async (page: Page) =>
      (await pageState<{ remoteTracks: Array<{ participantId: string; source: string }> }>(page)).remoteTracks.some(
        (t) => t.participantId === studentId[0] && t.source === 'camera',
      );
    await expect.poll(() => receivesS0(partner.page), { timeout: 10_000 }).toBe(true);
    expect(await receivesS0(stranger.page)).toBe(false);
    await teacher.getByTestId('breakout-end').click();
    for (const i of [0, 3, 4, 5]) {
      await expect.poll(() => student[i]!.getByTestId('breakout-banner').count(), { timeout: 10_000 }).toBe(0);
      await expect.poll(async () => (await pageState<{ breakout: { active: boolean } }>(student[i]!)).breakout.active, { timeout: 5000 }).toBe(false);
    }
  });

  it('after the lesson, the attendance CSV lists each student with plausible durations and the absent one', async () => {
    await openPanel('attendance');
    const absentRow = teacher.locator(`[data-testid="attendance-row"][data-user-id="${world.studentsA[6]!.userId}"]`);
    await absentRow.waitFor({ timeout: 15_000 });
    expect(await absentRow.getAttribute('data-attended')).toBe('false');
    const startedAt = Date.now() - 60 * 60_000;
    await teacher.getByTestId('end-lesson-button').click();
    await teacher.getByTestId('end-lesson-confirm').click();
    await student[0]!.getByTestId('final-screen').waitFor({ timeout: 10_000 });
    const csv = await teacherApi.get(`/api/lessons/${world.lessonA.id}/attendance.csv`);
    expect(csv.status).toBe(200);
    const rows = parse(csv.bytes, { bom: true, columns: true }) as Array<Record<string, string>>;
    const byCode = new Map(rows.map((r) => [r['Mã định danh']?.replace(/^="|"$/g, ''), r]));
    const seconds = (hms: string | undefined) => (hms ?? '').split(':').reduce((acc, x) => acc * 60 + Number(x), 0);
    const lessonSeconds = (Date.now() - startedAt) / 1000;
    for (const i of [0, 3, 4, 5]) {
      const r = byCode.get(world.studentsA[i]!.login);
      expect(r?.['Có mặt'], `student ${i}`).toBe('Có');
      expect(seconds(r?.['Thời gian có mặt'])).toBeGreaterThan(1);
      expect(seconds(r?.['Thời gian có mặt'])).toBeLessThan(lessonSeconds);
      expect(r?.['Lý do rời']).toBe('Buổi học kết thúc');
    }
    expect(seconds(byCode.get(world.studentsA[0]!.login)?.['Thời gian bật micro'])).toBeGreaterThan(0);
    expect(byCode.get(world.studentsA[2]!.login)?.['Lý do rời']).toBe('Bị mời ra');
    expect(byCode.get(world.studentsA[1]!.login)?.['Có mặt']).toBe('Vắng'); // denied at the door
    expect(byCode.get(world.studentsA[6]!.login)?.['Có mặt']).toBe('Vắng'); // never came
    expect(rows).toHaveLength(STUDENTS);
  });
});
