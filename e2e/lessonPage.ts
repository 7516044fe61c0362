/**
 * Driving the real client page of a lesson in Chromium: join through the UI, read what the page
 * decodes through its read-only debug hook (window.__classroom).
 */
import type { Page } from 'playwright-core';
import { classroom } from '../proto/index.js';
import { describePage } from '../testkit/chromium.js';

/** Whether `participantId`'s camera tile shows "speaking" on `page` within `timeoutMs` (talk is intermittent: seen once is enough). */
export async function waitSpeakingTile(page: Page, participantId: string, timeoutMs = 15_000): Promise<void> {
  await page.waitForSelector(`[data-testid="tile"][data-participant-id="${participantId}"][data-source="camera"][data-speaking="true"]`, { state: 'attached', timeout: timeoutMs });
}

export interface TrackStats {
  participantId: string;
  source: string;
  kind: string;
  packetsReceived: number;
  framesDecoded?: number;
  frameWidth?: number;
}

/** Opens a join link, waits for the join page, clicks "Vào lớp", waits until in the lesson. */
export async function joinThroughUi(page: Page, url: string): Promise<string> {
  await page.goto(url);
  await page.getByTestId('join-button').click({ timeout: 20_000 });
  const selfId = await waitForSelfId(page);
  // In the lesson, its screen (a chunk of its own) shows the leave button; if it never does, say what the page shows instead.
  try {
    await page.getByTestId('leave-button').first().waitFor({ state: 'attached', timeout: 30_000 });
  } catch {
    throw new Error(`joined as ${selfId}, but the lesson's screen did not show:\n${await describePage(page)}`);
  }
  return selfId;
}

/**
 * Waits until the page is in the lesson: joined (its participant id, phase live) and the lesson's
 * screen shown. The screen is a chunk of its own that loads once the receive transport is
 * connected (at most 4 s after the join, client/app/LessonRoute.tsx), so a test that looked for
 * a control right after the id raced the screen's arrival.
 */
export async function waitForSelfId(page: Page, timeoutMs = 20_000): Promise<string> {
  const handle = await page.waitForFunction(
    () => {
      const s = (window as unknown as { __classroom?: { state(): { selfId: string | null; connection: { phase: string } } } }).__classroom?.state();
      return s && s.selfId && s.connection.phase === 'live' ? s.selfId : null;
    },
    undefined,
    { timeout: timeoutMs, polling: 100 },
  );
  const selfId = (await handle.jsonValue()) as string;
  await page.getByTestId('lesson-view').first().waitFor({ state: 'attached', timeout: timeoutMs });
  return selfId;
}

export function mediaStats(page: Page): Promise<TrackStats[]> {
  return page.evaluate(() => (window as unknown as { __classroom: { mediaStats(): Promise<TrackStats[]> } }).__classroom.mediaStats());
}

export function participantIds(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    (window as unknown as { __classroom: { state(): { participants: Array<{ id: string }> } } }).__classroom.state().participants.map((p) => p.id),
  );
}

/** Waits until the page has decoded more video frames of `participantId` than `after`. */
export async function waitDecoding(page: Page, participantId: string, timeoutMs = 20_000, after = 0): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = (await mediaStats(page)).find((t) => t.participantId === participantId && t.kind === 'video' && t.source === 'camera');
    if (s && (s.framesDecoded ?? 0) > after) return s.framesDecoded ?? 0;
    if (Date.now() > deadline) throw new Error(`no video of ${participantId} decoded (stats: ${JSON.stringify(s)})`);
    await page.waitForTimeout(200);
  }
}

/**
 * Waits until the decoded frame count of `participantId`'s camera grows between two samples:
 * proof of a live media path (a dead connection's counters stop).
 */
export async function waitDecodingProgress(page: Page, participantId: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const frames = async () =>
    (await mediaStats(page)).find((t) => t.participantId === participantId && t.kind === 'video' && t.source === 'camera')?.framesDecoded ?? -1;
  let last = await frames();
  for (;;) {
    await page.waitForTimeout(300);
    const now = await frames();
    if (last >= 0 && now > last) return;
    last = now;
    if (Date.now() > deadline) throw new Error(`video of ${participantId} is not decoding (frames ${now})`);
  }
}

/** Waits until audio packets of `participantId` arrive. */
export async function waitAudio(page: Page, participantId: string, timeoutMs = 20_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = (await mediaStats(page)).find((t) => t.participantId === participantId && t.kind === 'audio');
    if (s && s.packetsReceived > 20) return s.packetsReceived;
    if (Date.now() > deadline) throw new Error(`no audio of ${participantId} (stats: ${JSON.stringify(s)})`);
    await page.waitForTimeout(200);
  }
}

/** Calls `onReset` for every MediaReset push the page receives from the server. */
export function countMediaResets(page: Page, onReset: () => void): void {
  page.on('websocket', (ws) => {
    ws.on('framereceived', (frame) => {
      if (typeof frame.payload === 'string') return;
      try {
        if (classroom.v1.ServerMessage.decode(new Uint8Array(frame.payload)).mediaReset) onReset();
      } catch {
        // not a protocol frame
      }
    });
  });
}

/** Gives a browser context the session cookie of an API client that signed in. */
export async function useSession(context: import('playwright-core').BrowserContext, baseUrl: string, cookieHeader: string): Promise<void> {
  const [name, value] = cookieHeader.split('=', 2) as [string, string];
  await context.addCookies([{ name, value, url: baseUrl }]);
}

/** The page's state through the read-only debug hook. */
export function pageState<T = Record<string, unknown>>(page: Page): Promise<T> {
  return page.evaluate(() => (window as unknown as { __classroom: { state(): unknown } }).__classroom.state()) as Promise<T>;
}

/** Sets a join-page device toggle to `on` or `off`. */
export async function setJoinToggle(page: Page, testId: 'join-mic-toggle' | 'join-camera-toggle', want: 'on' | 'off'): Promise<void> {
  const toggle = page.getByTestId(testId);
  await toggle.waitFor();
  if ((await toggle.getAttribute('data-state')) !== want) await toggle.click();
  await expectAttribute(page, testId, 'data-state', want);
}

async function expectAttribute(page: Page, testId: string, name: string, value: string): Promise<void> {
  await page.waitForFunction(
    ([id, n, v]) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute(n as string) === v,
    [testId, name, value],
    { timeout: 5000 },
  );
}

/** Packets received from `participantId`'s microphone during `ms`. */
export async function audioPacketsDuring(page: Page, participantId: string, ms: number): Promise<number> {
  const count = async () => (await mediaStats(page)).find((t) => t.participantId === participantId && t.kind === 'audio')?.packetsReceived ?? 0;
  const before = await count();
  await page.waitForTimeout(ms);
  return (await count()) - before;
}

/** Audio packets received from `participantId` on the page, one number per row (a join's first sound and the page's own consumer are two). */
export async function audioPacketRows(page: Page, participantId: string): Promise<number[]> {
  return (await mediaStats(page)).filter((r) => r.participantId === participantId && r.kind === 'audio').map((r) => r.packetsReceived);
}

type RequestKind = 'join' | 'firstSound' | 'firstSoundConnect' | 'firstSoundClose';

/** Counts the requests of these kinds the page sends on its WebSockets, read from the frames (the counts grow as the page goes on). */
export function countSentRequests<K extends RequestKind>(page: Page, kinds: readonly K[]): Record<K, number> {
  const counts = Object.fromEntries(kinds.map((k) => [k, 0])) as Record<K, number>;
  page.on('websocket', (ws) => {
    ws.on('framesent', (frame) => {
      if (typeof frame.payload === 'string') return;
      try {
        const message = classroom.v1.ClientMessage.decode(new Uint8Array(frame.payload));
        for (const kind of kinds) if (message[kind]) counts[kind]++;
      } catch {
        // not a protocol frame
      }
    });
  });
  return counts;
}
