/**
 * The archive of teaching records (R17) in real Chromium, on the admin page: the admin builds a
 * bundle of class 8A for a period and downloads the zip, whose files match its manifest; then
 * sets the school's retention, sees the dry run of what would be deleted, and confirms it.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import yauzl from 'yauzl';
import { launchChromium, type TestBrowser } from '../testkit/chromium.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../testkit/schoolWorld.js';
import { startTestServer, type TestServer } from '../testkit/testServer.js';
import { useSession } from './lessonPage.js';

const DAY = 86_400_000;
let server: TestServer;
let browser: TestBrowser;
let world: SchoolWorld;
let admin: Page;

beforeAll(async () => {
  server = await startTestServer({ demo: { enabled: false }, http: { publicUrl: 'http://127.0.0.1' } });
  world = await buildSchoolWorld(server.services, { studentsInA: 2 });
  browser = await launchChromium();
  const u = await browser.newUser();
  admin = u.page;
  await useSession(u.context, server.httpUrl, (await signedIn(server.httpUrl, world.admin)).cookie);
  await admin.goto(`${server.httpUrl}/admin`);
  await admin.getByTestId('archive-bundles').waitFor({ timeout: 20_000 });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

function zipEntries(zip: Buffer): Promise<Map<string, Buffer>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(zip, { lazyEntries: true }, (err, file) => {
      if (err || !file) return reject(err ?? new Error('no zip'));
      const out = new Map<string, Buffer>();
      file.on('entry', (entry: yauzl.Entry) =>
        file.openReadStream(entry, (e, stream) => (e || !stream ? reject(e) : buffer(stream).then((b) => (out.set(entry.fileName, b), file.readEntry()), reject))),
      );
      file.on('end', () => resolve(out));
      file.readEntry();
    });
  });
}

describe('the archive on the admin page', () => {
  it('builds a bundle of a class and downloads it; every file matches the manifest', async () => {
    const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
    await admin.getByTestId('archive-class').selectOption({ label: '8A' });
    await admin.getByTestId('archive-from').fill(today);
    await admin.getByTestId('archive-to').fill(today);
    await admin.getByTestId('archive-label').fill('Học kì I');
    await admin.getByTestId('archive-build').click();
    const done = admin.locator('[data-testid="archive-bundle"][data-state="done"]');
    await done.waitFor({ timeout: 30_000 });
    expect(await done.textContent()).toContain('Học kì I');
    const [download] = await Promise.all([admin.waitForEvent('download'), done.getByTestId('archive-download').click()]);
    expect(download.suggestedFilename()).toMatch(/^luu-tru_8A_.*\.zip$/);
    const files = await zipEntries(await readFile((await download.path())!));
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8')) as { files: Array<{ path: string; sha256: string }> };
    expect(manifest.files.map((f) => f.path)).toContain('buoi-hoc.csv');
    for (const f of manifest.files) expect(createHash('sha256').update(files.get(f.path)!).digest('hex'), f.path).toBe(f.sha256);
    expect(files.get('buoi-hoc.csv')!.toString('utf8')).toContain(world.lessonA.title);
  });

  it('sets the retention, shows the dry run, and deletes what it showed on confirmation', async () => {
    const old = Date.now() - 90 * DAY;
    const blob = await server.services.blobs.put(Readable.from([Buffer.from('mp4')]), { area: 'recordings', maxBytes: 1024, contentType: 'video/mp4' });
    await server.services.storage.recordings.createRecording({
      id: 'rec_old', lessonId: world.lessonA.id, startedBy: world.teacherA.userId, state: 'stopped', failure: null, directory: 'rec_old',
      startedAt: old, stoppedAt: old + 60_000, published: false, hold: false, videoBlob: blob.key, durationMs: 60_000,
    });
    await admin.getByTestId('retention-recordings').fill('30');
    await admin.getByTestId('retention-lesson-data').fill('365');
    await admin.getByTestId('retention-save').click();
    await admin.getByTestId('retention-message').waitFor({ timeout: 10_000 });
    await admin.getByTestId('retention-preview').click();
    const plan = admin.getByTestId('retention-plan');
    await plan.waitFor({ timeout: 10_000 });
    expect(await plan.textContent()).toContain('Sẽ xoá 1 video ghi hình');
    expect(await server.services.storage.recordings.recording('rec_old')).toBeDefined();
    await admin.getByTestId('retention-confirm').click();
    await admin.locator('[data-testid="retention-message"]', { hasText: 'Đã xoá 1 video' }).waitFor({ timeout: 10_000 });
    expect(await server.services.storage.recordings.recording('rec_old')).toBeUndefined();
    expect(await server.services.blobs.stat(blob.key)).toBeUndefined();
  });
});
