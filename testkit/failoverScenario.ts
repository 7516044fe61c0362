/**
 * Issue 10's real test, shared by e2e/failover.e2e.test.ts and bench:failover: N nodes behind
 * nginx (round-robin), a Chromium teacher and students joining through the balancer, the
 * lesson's owner SIGKILLed mid-lesson, then the time until every page decodes video again (a
 * camera of a participant that is new since the kill: the lesson restarted on another node)
 * and the attendance facts that were lost (each person must have join, leave, join).
 */
import { appendFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { launchChromium, type TestBrowser } from './chromium.js';
import { startNodeCluster, type NodeCluster } from './nodeCluster.js';
import { TestClient } from './wsClient.js';

export interface FailoverResult {
  nodes: number;
  students: number;
  mediaBackP50Ms: number;
  mediaBackMaxMs: number;
  lostAttendanceEvents: number;
}

/** A person of the lesson's class, as the scenario opens their page. */
export interface FailoverPerson {
  userId: string;
  name: string;
  role: 'teacher' | 'student';
}

/** What a hook of the scenario gets: the pages (teacher first, then the students), and a way to open one more. */
export interface FailoverStage {
  pages: readonly Page[];
  people: readonly FailoverPerson[];
  /** Students of the class who have no page yet (the world has `extraStudents` of them). */
  others: readonly FailoverPerson[];
  /** Opens a page for `person` through the balancer and joins the lesson. */
  open(person: FailoverPerson): Promise<Page>;
  /** For `afterBack`: when the owner was killed, and when each page (same order) decoded video again (ms epoch). */
  killedAt?: number;
  backAt?: readonly number[];
  /** When the scenario's poll of each page's stats saw that video (ms epoch; `backAt` is when it was decoded). */
  seenAt?: readonly number[];
}

export interface FailoverOptions {
  nodes: number;
  students: number;
  /** Students of the class without a page, for `afterBack` to join late. Default 0. */
  extraStudents?: number;
  /** Runs once every page decodes video, just before the owner is killed. */
  beforeKill?(stage: FailoverStage): Promise<void>;
  /** Called right after the owner was SIGKILLed (ms epoch), e.g. to start measuring the box's CPU. */
  onKill?(killedAt: number): void;
  /**
   * Runs when some page did not decode video again in time, before the scenario fails: `backAt`
   * holds NaN for those pages (bench:failover prints where they got to).
   */
  onIncomplete?(stage: FailoverStage): Promise<void>;
  /** Runs once every page decodes video again after the kill (before the attendance check). */
  afterBack?(stage: FailoverStage): Promise<void>;
  /** Runs on each new page before it loads the lesson (e.g. a saved setting in localStorage). */
  preparePage?(page: Page, person: FailoverPerson): Promise<void>;
  /** More Chromium flags (e.g. `--renderer-process-limit=2`). */
  chromiumArgs?: string[];
  /** Another Chromium executable (e.g. a wrapper that runs it under `nice`, bench:failover --pages-nice). */
  chromiumPath?: string;
  /** How long each page has to decode video again after the kill. Default 30 s. */
  mediaBackTimeoutMs?: number;
  log?(line: string): void;
}

interface VideoStat {
  participantId: string;
  kind: string;
  source: string;
  framesDecoded?: number;
  firstFrameAt?: number;
}

/**
 * Counts the page's requests for a camera or microphone (getUserMedia), with when (ms since the
 * epoch): after a failover the page must send the tracks it has, not ask for the devices again.
 */
export function countDeviceRequests(): void {
  const g = globalThis as unknown as { __deviceRequests: number[]; navigator: { mediaDevices?: { getUserMedia(c: unknown): Promise<unknown> } } };
  g.__deviceRequests = [];
  const devices = g.navigator.mediaDevices;
  if (!devices) return;
  const original = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints: unknown) => {
    g.__deviceRequests.push(performance.timeOrigin + performance.now());
    return original(constraints);
  };
}

export function deviceRequests(page: Page): Promise<number[]> {
  return page.evaluate(() => (globalThis as unknown as { __deviceRequests?: number[] }).__deviceRequests ?? []);
}

function videoStats(page: Page): Promise<VideoStat[]> {
  return page.evaluate(() => (globalThis as unknown as { __classroom: { mediaStats(): Promise<VideoStat[]> } }).__classroom.mediaStats());
}

/** When a page decoded video again (ms epoch): by its stats' own clock, and when this poll saw it. */
interface Back {
  decodedAt: number;
  seenAt: number;
}

/**
 * Polls until `page` decodes camera video of a participant not in `before`. The time is the first
 * frame's, dated by the stats themselves (`firstFrameAt`, never earlier than the real moment):
 * on a starved page the getStats call that sees the frames can answer seconds after them, and
 * that was the bench's delay, not the page's. A date outside (kill, seen] is not believed.
 */
async function decodingNewVideo(page: Page, before: ReadonlySet<string>, killedAt: number, deadline: number, log?: (line: string) => void): Promise<Back> {
  let last = '';
  for (;;) {
    if (log) {
      const c = await page.evaluate(() => JSON.stringify((globalThis as unknown as { __classroom: { state(): { connection: unknown } } }).__classroom.state().connection)).catch(() => '?');
      if (c !== last) log(`${new Date().toISOString().slice(17, 23)} ${c}`);
      last = c;
    }
    const stats = await videoStats(page).catch(() => []);
    const fresh = stats.filter((s) => s.kind === 'video' && s.source === 'camera' && !before.has(s.participantId) && (s.framesDecoded ?? 0) > 0);
    if (fresh.length > 0) {
      const seenAt = Date.now();
      const dated = fresh.map((s) => s.firstFrameAt ?? Number.NaN).filter((at) => at > killedAt && at <= seenAt);
      return { decodedAt: dated.length > 0 ? Math.min(...dated) : seenAt, seenAt };
    }
    if (Date.now() > deadline) throw new Error(`a page did not decode video again (stats: ${JSON.stringify(stats)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The ids of the participants the page shows (itself included). */
function participantIds(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const state = (globalThis as unknown as { __classroom: { state(): { selfId: string; participants: Array<{ id: string }> } } }).__classroom.state();
    return [state.selfId, ...state.participants.map((p) => p.id)];
  });
}

async function decodingAny(page: Page, deadline: number): Promise<Set<string>> {
  for (;;) {
    const stats = await videoStats(page).catch(() => []);
    const decoding = stats.filter((s) => s.kind === 'video' && s.source === 'camera' && (s.framesDecoded ?? 0) > 0);
    if (decoding.length > 0) return new Set(stats.map((s) => s.participantId));
    if (Date.now() > deadline) throw new Error('a page never decoded video before the kill');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** The teacher lets everyone in without the lobby (a stored decision, so it holds on every node). */
async function autoAdmit(cluster: NodeCluster): Promise<void> {
  const w = cluster.world;
  const token = cluster.links.mint({ lessonId: w.lessonA.id, userId: w.teacherA.userId, name: w.teacherA.displayName, role: 'teacher' });
  let url = `${cluster.balancerUrl?.replace('http', 'ws')}/ws`;
  let ticket = '';
  for (let hop = 0; hop < 3; hop++) {
    const c = await TestClient.connect(url);
    const answer = await c.join({ joinToken: token, routeTicket: ticket });
    if (answer.body === 'redirect') {
      c.close();
      url = `${cluster.balancerUrl?.replace('http', 'ws')}/ws?node=${answer.redirect?.node ?? ''}`;
      ticket = answer.redirect?.ticket ?? '';
      continue;
    }
    if (answer.body !== 'join') throw new Error(`teacher join: ${answer.error?.message}`);
    await c.request({ updateSettings: { autoAdmit: true } });
    await c.request({ leave: {} });
    c.close();
    return;
  }
  throw new Error('redirected in circles');
}

/** join, leave, join per person, counted from the stored events: what is missing is lost. */
async function lostEvents(cluster: NodeCluster, userIds: string[], killedAt: number): Promise<number> {
  const events = await cluster.storage.attendance.eventsForLesson(cluster.world.lessonA.id);
  let lost = 0;
  for (const userId of userIds) {
    const mine = events.filter((e) => e.userId === userId && (e.kind === 'join' || e.kind === 'leave'));
    const firstJoin = mine.find((e) => e.kind === 'join' && e.at <= killedAt);
    const gap = mine.find((e) => e.kind === 'leave' && firstJoin && e.at >= firstJoin.at && e.at <= killedAt);
    const rejoin = mine.find((e) => e.kind === 'join' && e.at > killedAt);
    lost += (firstJoin ? 0 : 1) + (gap ? 0 : 1) + (rejoin ? 0 : 1);
  }
  return lost;
}

/** Opens one person's page through the balancer and clicks "Vào lớp". */
function pageOpener(browser: TestBrowser, cluster: NodeCluster, options: FailoverOptions, log: (line: string) => void) {
  const w = cluster.world;
  const base = cluster.balancerUrl ?? '';
  return async (p: FailoverPerson): Promise<Page> => {
    const { page } = await browser.newUser();
    await options.preparePage?.(page, p);
    // FAILOVER_DEBUG=1: the pages' own log lines, timed from the start, to see where time goes.
    if (process.env.FAILOVER_DEBUG) {
      await page.addInitScript(() => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('classroom.debug', '1'));
      page.on('console', (m) => log(`${new Date().toISOString().slice(17, 23)} ${p.role} ${p.name}: ${m.text().slice(0, 300)}`));
    }
    // 120 s: on a busy box (the lead's quiet run aside) seven pages load one after the other.
    await page.goto(cluster.links.url(base, { lessonId: w.lessonA.id, ...p }), { timeout: 120_000, waitUntil: 'domcontentloaded' });
    await page.getByTestId('join-button').click({ timeout: 120_000 });
    return page;
  };
}

/** Attendance events lost, once the leaves of the crashed presences had up to 6 s to be written (they are when the lesson opens elsewhere). */
async function settledLostEvents(cluster: NodeCluster, people: readonly FailoverPerson[], killedAt: number): Promise<number> {
  let lost = Infinity;
  for (let i = 0; i < 30 && lost > 0; i++) {
    lost = await lostEvents(cluster, people.map((p) => p.userId), killedAt);
    if (lost > 0) await new Promise((r) => setTimeout(r, 200));
  }
  return lost;
}

export async function runFailover(options: FailoverOptions): Promise<FailoverResult> {
  const log = options.log ?? (() => undefined);
  // FAILOVER_SERVER_LOG=<file>: every node's log lines go there (TEST_LOG_LEVEL=info for joins and moves).
  const serverLog = process.env.FAILOVER_SERVER_LOG;
  const onLogLine = serverLog ? (node: string, line: string) => appendFileSync(serverLog, `${node} ${line}\n`) : undefined;
  const cluster = await startNodeCluster({ nodes: options.nodes, studentsInA: options.students + (options.extraStudents ?? 0), balancer: true, ...(onLogLine ? { onLogLine } : {}) });
  let browser: TestBrowser | undefined;
  try {
    const w = cluster.world;
    const base = cluster.balancerUrl ?? '';
    log(`${options.nodes} nodes behind nginx at ${base}`);
    await autoAdmit(cluster);
    browser = await launchChromium({
      ...(options.chromiumArgs ? { extraArgs: options.chromiumArgs } : {}),
      ...(options.chromiumPath ? { executablePath: options.chromiumPath } : {}),
    });
    const asPerson = (s: { userId: string; displayName: string }): FailoverPerson => ({ userId: s.userId, name: s.displayName, role: 'student' });
    const people: FailoverPerson[] = [
      { userId: w.teacherA.userId, name: w.teacherA.displayName, role: 'teacher' as const },
      ...w.studentsA.slice(0, options.students).map(asPerson),
    ];
    const open = pageOpener(browser, cluster, options, log);
    const pages: Page[] = [];
    for (const p of people) pages.push(await open(p));
    const stage: FailoverStage = { pages, people, others: w.studentsA.slice(options.students).map(asPerson), open };
    const ready = Date.now() + 60_000;
    const decoding = await Promise.all(pages.map((page) => decodingAny(page, ready)));
    await options.beforeKill?.(stage);
    // Everyone a page knows before the kill is "old": a page that had not yet received a
    // camera of someone when it first decoded video still decodes that old consumer's last
    // frames after the kill, which counted as media back while the page was still reconnecting.
    const before = await Promise.all(pages.map(async (page, i) => new Set([...(decoding[i] ?? []), ...(await participantIds(page))])));
    const owner = await cluster.ownerOf(w.lessonA.id);
    const victim = owner ? cluster.nodes.get(owner) : undefined;
    if (!owner || !victim) throw new Error('nobody owns the lesson');
    log(`${new Date().toISOString().slice(17, 23)} every page decodes video; SIGKILL ${owner}`);
    const killedAt = Date.now();
    await victim.crash();
    options.onKill?.(killedAt);
    const deadline = killedAt + (options.mediaBackTimeoutMs ?? 30_000);
    const settled = await Promise.allSettled(
      pages.map((page, i) => decodingNewVideo(page, before[i] ?? new Set(), killedAt, deadline, process.env.FAILOVER_DEBUG ? (l) => log(`page ${i}: ${l}`) : undefined)),
    );
    const missing = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    const backAt = settled.map((s) => (s.status === 'fulfilled' ? s.value.decodedAt : Number.NaN));
    const seenAt = settled.map((s) => (s.status === 'fulfilled' ? s.value.seenAt : Number.NaN));
    if (missing) {
      await options.onIncomplete?.({ ...stage, killedAt, backAt, seenAt });
      throw missing.reason;
    }
    const back = backAt.map((t) => t - killedAt);
    log(`media back after ${back.join(', ')} ms (seen by the bench's poll after ${seenAt.map((t) => t - killedAt).join(', ')} ms); lesson now on ${await cluster.ownerOf(w.lessonA.id)}`);
    await options.afterBack?.({ ...stage, killedAt, backAt, seenAt });
    // The leave of the crashed presences is written when the lesson opens elsewhere; give the writes a moment.
    const lost = await settledLostEvents(cluster, people, killedAt);
    const sorted = [...back].sort((a, b) => a - b);
    return {
      nodes: options.nodes,
      students: options.students,
      mediaBackP50Ms: sorted[Math.floor((sorted.length - 1) / 2)] ?? 0,
      mediaBackMaxMs: sorted[sorted.length - 1] ?? 0,
      lostAttendanceEvents: lost,
    };
  } finally {
    await browser?.close();
    await cluster.stop();
  }
}
