/**
 * A server crash in the middle of a recording (issue 9): the real server as a child process, a
 * publishing teacher bot (camera + microphone over WebRTC), 8 s of recording, SIGKILL, then the
 * server started again on the same data folder and blob store. Nothing may be lost or left
 * hanging: the recorder processes die with the server (no orphan ffmpeg keeps a port and a file
 * open), the segments on disk play up to the crash, the recording is listed as interrupted and
 * ended at the crash (not "recording" for ever, not ended at the restart), and the job queue
 * makes its MP4 after the restart.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage } from '../../../classroom/index.js';
import { DiskBlobStore, systemClock } from '../../../platform/index.js';
import type { recordingsHttp } from '../../../proto/http/index.js';
import { probeFile, probeSegment } from '../../../recorder/index.js';
import { childServer, type ChildServer } from '../../../testkit/childServer.js';
import { LessonBot, waitFor } from '../../../testkit/lessonBot.js';
import { aliveRunning } from '../../../testkit/mediasoupEngine.js';
import { buildSchoolWorld, signedIn, type SchoolWorld } from '../../../testkit/schoolWorld.js';
import { JoinLinks } from '../../auth/JoinLinks.js';
import { createServices } from '../../services.js';

const LINK_SECRET = 'recording-crash-test-link-secret-0123456789';
const RECORD_MS = 8000;
let dataDir: string;
let server: ChildServer;
let world: SchoolWorld;
let bot: LessonBot | undefined;
const links = new JoinLinks(LINK_SECRET, systemClock, 3_600_000);

/** Pids of the running processes named `comm` whose parent is `ppid` (from /proc). */
function childrenOf(ppid: number, comm: string): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // pid (comm) state ppid ...: comm may hold spaces, so split after its closing parenthesis.
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (name === comm && state !== 'Z' && Number(parent) === ppid) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'classroom-rec-crash-'));
  const storage = await openStorage({ sqlite: { dataDir } });
  const blobs = await DiskBlobStore.open({ dir: join(dataDir, 'blobs') });
  world = await buildSchoolWorld(createServices(storage, systemClock, { reconnectGraceMs: 60_000, blobs }), { studentsInA: 1 });
  await storage.close();
  server = await childServer({ dataDir, auth: { linkSecret: LINK_SECRET }, recording: { jobConcurrency: 1, minFreeMb: 1 } });
  await server.start();
}, 120_000);

afterAll(async () => {
  bot?.close();
  await server?.stop();
  if (dataDir && !process.env.KEEP_REC) rmSync(dataDir, { recursive: true, force: true });
});

describe('a server SIGKILLed while recording', () => {
  it('leaves no recorder process behind, segments that play to the crash, and after the restart an interrupted recording ended at the crash whose MP4 gets made', async () => {
    bot = await LessonBot.join(server.wsUrl, links.mint({ lessonId: world.lessonA.id, userId: world.teacherA.userId, name: 'Cô Hà', role: 'teacher' }), { publish: true });
    const askedAt = Date.now();
    expect((await bot.client.request({ startRecording: {} })).body).toBe('ack');
    await new Promise((r) => setTimeout(r, RECORD_MS));
    const writers = childrenOf(server.pid!, 'ffmpeg');
    // Camera and microphone, and (once those are recorded) a writer started ahead of each kind
    // (LessonRecording's Spare): those must end with the server too.
    expect(writers.length).toBeGreaterThanOrEqual(2);
    expect(writers.length).toBeLessThanOrEqual(4);

    const killedAt = Date.now();
    await server.crash();
    bot.close();
    bot = undefined;
    // The kernel ends the recorder processes with the server (no orphan keeps a port and a file open).
    await waitFor('the recorder processes to end with the server', () => aliveRunning('ffmpeg', writers).length === 0 || undefined, 5000).catch(() => undefined);
    expect(aliveRunning('ffmpeg', writers)).toEqual([]);

    // What is on disk plays up to the crash (within a second), before any recovery touched it.
    const recordingsDir = join(dataDir, 'recordings');
    const [recId, ...others] = readdirSync(recordingsDir).filter((f) => f.startsWith('rec'));
    expect(others).toEqual([]);
    const files = readdirSync(join(recordingsDir, recId!)).filter((f) => f.endsWith('.mkv'));
    expect(files.map((f) => f.replace(/^\d+-/, '').replace(/-.*$/, '')).sort()).toEqual(['audio', 'video']);
    for (const f of files) {
      const probed = await probeSegment(join(recordingsDir, recId!, f));
      expect(probed, f).toBeDefined();
      expect(probed!.startSec + probed!.durationSec, f).toBeGreaterThan(killedAt / 1000 - 1);
    }

    // Restarted a few seconds later: the recording ends at the crash, not at the restart.
    await new Promise((r) => setTimeout(r, Math.max(0, killedAt + 4000 - Date.now())));
    await server.start();
    const teacher = await signedIn(server.httpUrl, world.teacherA);
    const status = await teacher.get<recordingsHttp.RecordingStatusJson>(`/api/lessons/${world.lessonA.id}/recording-status`);
    expect(status.json.recording).toBe(false);
    const list = async () => (await teacher.get<recordingsHttp.RecordingListJson>(`/api/lessons/${world.lessonA.id}/recordings`)).json.recordings;
    const [listed] = await list();
    expect(listed).toMatchObject({ id: recId, state: 'failed', failure: 'interrupted' });
    expect(Math.abs(listed!.stoppedAt! - killedAt)).toBeLessThan(1500);

    const made = await waitFor('the MP4 made after the restart', async () => {
      const [r] = await list();
      if (r?.job?.state === 'failed') throw new Error(`job failed: ${r.job.error}`);
      return r?.ready ? r : undefined;
    }, 180_000);
    expect(made.job).toMatchObject({ state: 'done', attempts: 1 });
    const media = await teacher.get<recordingsHttp.MediaUrlJson>(`/api/recordings/${recId}/media`);
    const mp4 = join(dataDir, 'crash.mp4');
    writeFileSync(mp4, (await teacher.get(media.json.url)).bytes);
    const probed = await probeFile(mp4);
    expect(probed.streams.map((s) => s.type).filter((t) => t === 'audio' || t === 'video').sort()).toEqual(['audio', 'video']);
    // From the start of the recording to the crash, within a second.
    expect(probed.durationSec).toBeGreaterThan((killedAt - askedAt) / 1000 - 1);
    expect(probed.durationSec).toBeLessThan((killedAt - askedAt) / 1000 + 1);
  }, 300_000);
});
