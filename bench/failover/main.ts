/**
 * npm run bench:failover -- [--nodes 3] [--students 10] [--teacher-only] [--renderer-limit N] [--pages-cpu-shares N]
 * N nodes behind nginx, a Chromium teacher and students through the balancer, the lesson's owner
 * SIGKILLed; prints {"nodes","students","mediaBackP50Ms","mediaBackMaxMs","lostAttendanceEvents"}
 * on stdout, and on stderr where the seconds went: each page's steps after the kill (its
 * `lophoc:*` marks and the new owner's answers to it, timeline.ts) and whose CPU the window used
 * (the pages' or the nodes', cpu.ts).
 * Experiments on the pages' share of the box: `--teacher-only` (students keep "show only the
 * teacher": they decode one video, not every classmate's), `--renderer-limit N` (Chromium puts
 * the pages into at most N renderer processes), `--pages-cpu-shares N` (every Chromium process in a
 * cgroup of its own with cpu.shares N against 1024 for the rest: the nodes and workers get a core
 * when they need one, as when the pages run on the students' own devices; the pages still share
 * the 2 cores among themselves. Not `nice`: Chromium, as root, resets its processes' nice values).
 * Every Chromium page shares this machine's cores with the nodes: say so with the figure.
 */
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { runFailover, type FailoverStage } from '../../testkit/failoverScenario.js';
import { pageSteps } from '../../testkit/pageSteps.js';
import { CpuWindow, formatCpu } from './cpu.js';
import { formatTimeline, mainThreadLag, pageTimeline, parseServerAnswer, parseServerTrace, type ServerAnswer, type ServerTrace, type StepMark } from './timeline.js';

const { values } = parseArgs({
  options: {
    nodes: { type: 'string', default: '3' },
    students: { type: 'string', default: '10' },
    'teacher-only': { type: 'boolean', default: false },
    'renderer-limit': { type: 'string', default: '0' },
    'pages-cpu-shares': { type: 'string', default: '0' },
  },
});
const nodes = Number(values.nodes);
const students = Number(values.students);
const rendererLimit = Number(values['renderer-limit']);
if (!Number.isInteger(nodes) || nodes < 2 || nodes > 9) throw new Error('--nodes: 2 to 9');
if (!Number.isInteger(students) || students < 1 || students > 50) throw new Error('--students: 1 to 50');
const pagesShares = Number(values['pages-cpu-shares']);
if (!Number.isInteger(rendererLimit) || rendererLimit < 0 || rendererLimit > 50) throw new Error('--renderer-limit: 1 to 50 (0: Chromium decides)');
if (!Number.isInteger(pagesShares) || pagesShares < 0 || pagesShares === 1 || pagesShares > 1024) throw new Error('--pages-cpu-shares: 2 to 1024 (0: the pages compete like everything else)');
const log = (line: string) => process.stderr.write(`[failover] ${line}\n`);
const flags = `${values['teacher-only'] ? ' --teacher-only' : ''}${rendererLimit ? ` --renderer-limit ${rendererLimit}` : ''}${pagesShares ? ` --pages-cpu-shares ${pagesShares}` : ''}`;
log(`command: npm run bench:failover -- --nodes ${nodes} --students ${students}${flags}; CPU: ${cpus()[0]?.model ?? '?'} x${cpus().length}`);

// The nodes' answers with their timings (debug level) go to a file of our own unless one is named.
const dir = mkdtempSync(join(tmpdir(), 'bench-failover-'));
process.env.FAILOVER_SERVER_LOG ??= join(dir, 'nodes.log');
process.env.TEST_LOG_LEVEL ??= 'debug';
const serverLog = process.env.FAILOVER_SERVER_LOG;

/**
 * A Chromium that runs in a cgroup (v1 cpu controller) with the given cpu.shares: every process it
 * starts stays in it whatever priorities Chromium sets for its threads.
 */
function chromiumWithShares(shares: number): { path: string; remove: () => void } {
  const group = `/sys/fs/cgroup/cpu/lophoc-bench-pages-${process.pid}`;
  mkdirSync(group);
  writeFileSync(join(group, 'cpu.shares'), String(shares));
  const path = join(dir, 'chromium-in-cgroup.sh');
  writeFileSync(path, `#!/bin/sh\necho $$ > ${group}/cgroup.procs\nexec ${process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'} "$@"\n`);
  chmodSync(path, 0o755);
  return { path, remove: () => rmdirSync(group) };
}
const pagesGroup = pagesShares ? chromiumWithShares(pagesShares) : null;

const selfId = (page: Page): Promise<string> => page.evaluate(() => (globalThis as unknown as { __classroom: { state(): { selfId: string } } }).__classroom.state().selfId);

/**
 * How starved each page's main thread is: a 100 ms timer that notes how late it fires (a page
 * whose main thread waits for the CPU handles the socket, the answers and the media set-up late).
 */
function lagProbe(): void {
  const lags: Array<[number, number]> = [];
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    lags.push([performance.timeOrigin + now, Math.max(0, now - last - 100)]);
    if (lags.length > 5000) lags.shift();
    last = now;
  }, 100);
  (globalThis as unknown as { __lags: typeof lags }).__lags = lags;
}
const lags = (page: Page): Promise<Array<[number, number]>> => page.evaluate(() => (globalThis as unknown as { __lags?: Array<[number, number]> }).__lags ?? []);

const cpu = new CpuWindow();
const result = await runFailover({
  nodes,
  students,
  log,
  ...(rendererLimit ? { chromiumArgs: [`--renderer-process-limit=${rendererLimit}`] } : {}),
  ...(pagesGroup ? { chromiumPath: pagesGroup.path } : {}),
  async preparePage(page, person) {
    await page.addInitScript(lagProbe);
    if (values['teacher-only'] && person.role === 'student') {
      await page.addInitScript(() => (globalThis as unknown as { localStorage: { setItem(k: string, v: string): void } }).localStorage.setItem('classroom.teacherOnly', '1'));
    }
  },
  onKill: () => cpu.start(),
  onIncomplete: report,
  afterBack: report,
});
process.stdout.write(`${JSON.stringify(result)}\n`);
try {
  pagesGroup?.remove();
} catch (error) {
  log(`the pages' cgroup was left (a Chromium process still in it?): ${String(error)}`);
}
if (serverLog.startsWith(dir)) rmSync(dir, { recursive: true, force: true });
process.exit(0);

/** Where each page's seconds went after the kill (a page that never came back: up to now). */
async function report({ pages, people, killedAt, backAt, seenAt }: FailoverStage): Promise<void> {
  const window = cpu.stop();
  if (window) log(formatCpu(window, cpus().length));
  if (killedAt === undefined || !backAt) return;
  const answers: ServerAnswer[] = [];
  const traces: ServerTrace[] = [];
  for (const line of readFileSync(serverLog, 'utf8').split('\n')) {
    const a = parseServerAnswer(line);
    if (a) answers.push(a);
    const t = a ? null : parseServerTrace(line);
    if (t) traces.push(t);
  }
  // Joins answered without a participant: redirects to the lesson's new owner (or refusals).
  for (const a of answers) if (a.request === 'join' && !a.participantId && a.at >= killedAt) log(`${((a.at - killedAt) / 1000).toFixed(2)} s ${a.node} answered a join with ${a.answer} (queued ${a.waitedMs} ms, ran ${a.ranMs} ms)`);
  const now = Date.now();
  const ids = await Promise.all(pages.map((page) => selfId(page).catch(() => '')));
  // The traces name streams by their publisher's participant id: say whose page it is instead.
  const named = (what: string) => ids.reduce((w, id, i) => (id ? w.replaceAll(`${id}/`, `${people[i]?.role === 'teacher' ? 'teacher' : `student ${i}`}/`) : w), what);
  for (const [i, page] of pages.entries()) {
    const id = ids[i] ?? '';
    const [pageMarks, pageLags] = await Promise.all([pageSteps(page).catch((): StepMark[] => []), lags(page).catch(() => [])]);
    const back = backAt[i] ?? Number.NaN;
    const label = `${people[i]?.role ?? '?'} ${people[i]?.name ?? i} (${mainThreadLag(pageLags, killedAt, Number.isNaN(back) ? now : back)})`;
    const mine = traces.filter((t) => t.peer === id).map((t) => ({ ...t, what: named(t.what) }));
    log(formatTimeline(pageTimeline(label, killedAt, back, pageMarks, answers.filter((a) => a.participantId === id), mine, seenAt?.[i])));
  }
}
