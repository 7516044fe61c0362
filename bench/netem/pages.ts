/**
 * The bench's pages: a timed join (from opening the link to hearing the teacher), when the
 * lesson's screen and the teacher's video came after it, a leave by "Rời lớp", and the teacher's
 * participant id.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { TestBrowser } from '../../testkit/chromium.js';
import { pageSteps } from '../../testkit/pageSteps.js';
import { readWaterfall, type Waterfall } from './waterfall.js';

type Stats = Array<{ participantId: string; kind: string; packetsReceived: number; totalSamplesReceived?: number }>;
type VideoStats = Array<{ participantId: string; kind: string; source: string; framesDecoded?: number; firstFrameAt?: number }>;

export const log = (msg: string) => process.stderr.write(`[netem] ${msg}\n`);

/**
 * Opens the join link, joins, and resolves with ms until the teacher's audio plays. In a fresh
 * context (a student opening the app for the first time: nothing cached), or in `context`, one
 * that has already been through a lesson (a returning student: the hashed scripts are in the
 * HTTP cache, immutable, and only the HTML is revalidated: signaling/http/staticFiles.ts).
 */
export async function timedJoin(browser: TestBrowser, url: string, teacherId: string, phone = true, context?: BrowserContext): Promise<{ ms: number; startedAt: number; page: Page; waterfall: Waterfall }> {
  const page = context ? await context.newPage() : (await browser.newUser({ phone })).page;
  const started = Date.now();
  // The click comes as soon as "Vào lớp" can be clicked, as a student's would: not after the
  // page's load event (goto's default), which a page answered from the cache reaches later than
  // its join page (the media library's preload counts for it).
  await page.goto(url, { waitUntil: 'commit' });
  await page.getByTestId('join-button').click({ timeout: 60_000 });
  // Polled from here: page.waitForFunction does not await an async predicate (its Promise is
  // truthy), which made the first runs stop right after the click instead of at the first sound.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const heard = await page.evaluate(async (id) => {
      const hook = (globalThis as unknown as { __classroom?: { mediaStats(): Promise<Stats> } }).__classroom;
      const rows = hook ? await hook.mediaStats() : [];
      return rows.some((r) => r.participantId === id && r.kind === 'audio' && (r.totalSamplesReceived ?? r.packetsReceived) > 0);
    }, teacherId);
    if (heard) break;
    if (Date.now() > deadline) throw new Error('the teacher was not heard within 60 s');
    await new Promise((r) => setTimeout(r, 50));
  }
  const heard = Date.now();
  return { ms: heard - started, startedAt: started, page, waterfall: await readWaterfall(page, started, heard) };
}

/**
 * After the first sound (`--first-video`): ms from opening the link until the lesson's screen
 * shows ("Rời lớp" can be seen) and until the teacher's camera is decoded (its first frame, dated
 * by the page's stats: client/media/stats.ts firstFrameAt), each NaN when not within 30 s.
 */
export async function timedScreenAndVideo(page: Page, startedAt: number, teacherId: string): Promise<{ screenMs: number; videoMs: number; steps: string }> {
  const deadline = Date.now() + 30_000;
  let screenMs = Number.NaN;
  let videoMs = Number.NaN;
  while ((Number.isNaN(screenMs) || Number.isNaN(videoMs)) && Date.now() < deadline) {
    if (Number.isNaN(screenMs) && (await page.getByTestId('leave-button').isVisible().catch(() => false))) screenMs = Date.now() - startedAt;
    if (Number.isNaN(videoMs)) {
      const first = await page.evaluate(async (id) => {
        const hook = (globalThis as unknown as { __classroom?: { mediaStats(): Promise<VideoStats> } }).__classroom;
        const row = (hook ? await hook.mediaStats() : []).find((r) => r.participantId === id && r.kind === 'video' && r.source === 'camera' && (r.framesDecoded ?? 0) > 0);
        return row ? (row.firstFrameAt ?? Date.now()) : null;
      }, teacherId);
      if (first !== null) videoMs = first - startedAt;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  // The page's own marks (client/util/timeline.ts) from the first sound on: where the seconds to the video went.
  const marks = await pageSteps(page).catch(() => []);
  const steps = marks
    .filter((m) => m.at - startedAt <= (Number.isNaN(videoMs) ? Number.POSITIVE_INFINITY : videoMs + 1000))
    .map((m) => `${m.name} ${Math.round(m.at - startedAt)}`)
    .join(', ');
  return { screenMs, videoMs, steps };
}

/**
 * Leaves by "Rời lớp" (a page only closed stays a participant for the grace period) and closes
 * the context, or only the page with `keepContext` (its cache kept for a returning join).
 */
export async function leave(page: Page, keepContext = false): Promise<void> {
  await page
    .getByTestId('leave-button')
    .click({ timeout: 10_000 })
    .catch((err: unknown) => log(`could not press "Rời lớp" (${String(err)}): closing the page`));
  await page.getByTestId('final-screen').waitFor({ timeout: 10_000 }).catch(() => undefined);
  if (keepContext) await page.close();
  else await page.context().close();
}

/** Joins `url` on `page` and resolves with the participant id. */
export async function joinAs(page: Page, url: string): Promise<string> {
  await page.goto(url);
  await page.getByTestId('join-button').click({ timeout: 30_000 });
  const id = await page.waitForFunction(() => (globalThis as unknown as { __classroom?: { state(): { selfId: string } } }).__classroom?.state().selfId || null, undefined, { timeout: 30_000 });
  return (await id.jsonValue()) as string;
}

export function layerOf(width: number): string {
  if (width === 0) return 'none';
  return width <= 240 ? 'low' : width <= 480 ? 'medium' : 'high';
}
