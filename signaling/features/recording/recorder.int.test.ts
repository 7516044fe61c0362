/**
 * The recorder on the real mediasoup engine: a mediasoup-client publisher on wrtc, taps
 * (PlainTransport, comedia off, RTCP muxed) into real ffmpeg processes writing Matroska, read
 * back with ffprobe. Covers: a stream recorded without transcoding with wall-clock timestamps, a
 * stream that stops and comes back (new segment), a media worker restart (new segment), a
 * recorder process that dies (recording fails, file playable), a full disk.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../platform/index.js';
import { LessonRecording, probeSegment, type RecordedSegment, type RecordingFailure } from '../../../recorder/index.js';
import type { MediaRoom } from '../../../sfu/index.js';
import { waitFor } from '../../../testkit/mediaSources.js';
import { alive, startTestMediasoupEngine, type TestMediasoupEngine } from '../../../testkit/mediasoupEngine.js';
import { TransportPeer } from '../../../testkit/transportPeer.js';
import { recordableRoom } from './recordableRoom.js';

const dirs: string[] = [];
const peers: TransportPeer[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'rec-int-'));
  dirs.push(d);
  return d;
}

async function roomWithTeacher(t: TestMediasoupEngine, id: string): Promise<{ room: MediaRoom; teacher: TransportPeer }> {
  const room = await t.engine.createRoom(id);
  const teacher = new TransportPeer(room, 'teacher');
  peers.push(teacher);
  await teacher.publish({ width: 320, height: 240, fps: 15 });
  return { room, teacher };
}

/** ffmpeg processes writing into `directory` (segment writers and writers started ahead). */
function recorderPids(directory: string): string[] {
  try {
    return execFileSync('pgrep', ['-f', '--', `-y ${directory}/`], { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
  } catch {
    return []; // pgrep exits 1 when none
  }
}

function codecsOf(file: string): string {
  return execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name', '-of', 'csv=p=0', file], { encoding: 'utf8' }).trim();
}

describe('recorder on the mediasoup engine', () => {
  let t: TestMediasoupEngine;

  beforeAll(async () => {
    t = await startTestMediasoupEngine();
  });

  afterAll(async () => {
    for (const p of peers) p.close();
    const pids = t?.pids() ?? [];
    await t?.dispose();
    expect(alive(pids)).toEqual([]);
    for (const d of dirs) if (!process.env.KEEP_REC) rmSync(d, { recursive: true, force: true });
  });

  it('records camera and microphone as copied VP8 and Opus with wall-clock times; a stream that stops and returns gets a new segment', async () => {
    const { room, teacher } = await roomWithTeacher(t, 'rec-basic');
    const directory = tempDir();
    const before = Date.now() / 1000;
    const rec = await LessonRecording.start({ id: 'r1', directory, room: recordableRoom(t.engine, room.id, 100), select: () => true }, silentLogger());
    await waitFor('two segments', () => (rec.segments().length === 2 || undefined), 10_000);
    await new Promise((r) => setTimeout(r, 3000));
    const unpublishedAt = Date.now();
    await teacher.unpublish('camera');
    await waitFor('camera segment ended', () => (rec.segments().find((s) => s.label === 'camera')?.endedAt || undefined), 10_000);
    // Meanwhile a writer per kind was started ahead (LessonRecording's Spare; with the microphone's
    // writer, three ffmpeg): the returning
    // camera goes straight to the video one, named before its stream was known.
    await waitFor('writers started ahead', () => (recorderPids(directory).length === 3 || undefined), 10_000);
    await teacher.publish({ audio: false, width: 320, height: 240, fps: 15 });
    await waitFor('a second camera segment', () => (rec.segments().filter((s) => s.label === 'camera').length === 2 || undefined), 10_000);
    expect(rec.segments().filter((s) => s.label === 'camera')[1]!.file).toMatch(/^\d{4}-video\.mkv$/);
    await new Promise((r) => setTimeout(r, 2500));
    const segments = await rec.stop();
    expect(await rec.stop()).toEqual(segments);
    expect(recorderPids(directory)).toEqual([]); // the spares too
    expect(segments.map((s) => `${s.label}/${s.kind}`).sort()).toEqual(['camera/video', 'camera/video', 'microphone/audio']);
    for (const s of segments) {
      expect(s.endedAt).toBeGreaterThan(s.startedAt);
      expect(s.bytes).toBeGreaterThan(1000);
      const file = join(directory, s.file);
      expect(codecsOf(file)).toBe(s.kind === 'audio' ? 'opus' : 'vp8');
      const probed = await probeSegment(file);
      expect(probed).toBeDefined();
      // Receive-time stamps: the file says when it was recorded, on the wall clock.
      expect(probed!.startSec).toBeGreaterThan(before);
      expect(probed!.startSec).toBeLessThan(s.endedAt! / 1000);
      expect(probed!.durationSec).toBeGreaterThan(1.5);
      // The camera ended by its unpublish is whole to within the muxer's open cluster (250 ms):
      // it once lost its first second (the key frame went out before ffmpeg listened) and its last
      // (the open cluster, when ffmpeg was killed waiting for packets).
      if (s === segments.find((x) => x.label === 'camera')) expect(probed!.durationSec).toBeGreaterThan((unpublishedAt - s.startedAt) / 1000 - 0.6);
      if (s.kind === 'video') expect([probed!.width, probed!.height]).toEqual([320, 240]);
    }
    await room.close();
  });

  it('a media worker restart ends the segments; the streams published again are recorded in new ones', async () => {
    const { room, teacher } = await roomWithTeacher(t, 'rec-restart');
    const directory = tempDir();
    const rec = await LessonRecording.start({ id: 'r2', directory, room: recordableRoom(t.engine, room.id, 100), select: (s) => s.kind === 'video' }, silentLogger());
    await waitFor('camera segment', () => (rec.segments().length === 1 || undefined), 10_000);
    await new Promise((r) => setTimeout(r, 3500));
    const resets = new Promise<void>((resolve) => room.once('reset', () => resolve()));
    process.kill(Object.values(t.engine.instancePids())[0]!, 'SIGKILL');
    await resets;
    await waitFor('first segment ended', () => (rec.segments()[0]?.endedAt || undefined), 10_000);
    teacher.close();
    const again = new TransportPeer(room, 'teacher');
    peers.push(again);
    await again.publish({ audio: false, width: 320, height: 240, fps: 15 });
    await waitFor('a new segment after the restart', () => (rec.segments().length === 2 || undefined), 15_000);
    await new Promise((r) => setTimeout(r, 3000));
    const segments = await rec.stop();
    for (const s of segments) expect((await probeSegment(join(directory, s.file)))?.durationSec).toBeGreaterThan(1);
    await room.close();
  });

  it('a recorder process that dies stops the recording ("recorder_died"); what it wrote plays', async () => {
    const { room } = await roomWithTeacher(t, 'rec-died');
    const directory = tempDir();
    const rec = await LessonRecording.start({ id: 'r3', directory, room: recordableRoom(t.engine, room.id, 100), select: (s) => s.kind === 'video' }, silentLogger());
    const failed = new Promise<RecordingFailure>((resolve) => rec.once('failed', (reason) => resolve(reason)));
    await waitFor('camera segment', () => (rec.segments().length === 1 || undefined), 10_000);
    await new Promise((r) => setTimeout(r, 3500));
    const pid = Number(execFileSync('pgrep', ['-f', '--', `-y ${join(directory, rec.segments()[0]!.file)}`], { encoding: 'utf8' }).trim().split('\n')[0]);
    process.kill(pid, 'SIGKILL');
    expect(await failed).toBe('recorder_died');
    expect(rec.closed).toBe(true);
    const seg: RecordedSegment = rec.segments()[0]!;
    expect(seg.endedAt).toBeDefined();
    const probed = await probeSegment(join(directory, seg.file));
    expect(probed?.durationSec).toBeGreaterThan(1.5);
    await room.close();
  });

  it('refuses to start without free space, and stops ("disk_full") when the disk fills', async () => {
    const { room } = await roomWithTeacher(t, 'rec-disk');
    const directory = tempDir();
    await expect(
      LessonRecording.start({ id: 'r4', directory, room: recordableRoom(t.engine, room.id, 100), select: () => true, minFreeBytes: Number.MAX_SAFE_INTEGER }, silentLogger()),
    ).rejects.toMatchObject({ reason: 'disk_full' });
    // A real small file system (root in tests and CI): it fills within seconds of video.
    const mount = tempDir();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=400k', 'tmpfs', mount]);
    try {
      const rec = await LessonRecording.start({ id: 'r5', directory: mount, room: recordableRoom(t.engine, room.id, 100), select: () => true, minFreeBytes: 200_000, diskCheckMs: 200 }, silentLogger());
      const reason = await new Promise<RecordingFailure>((resolve) => rec.once('failed', (r) => resolve(r)));
      expect(reason).toBe('disk_full');
      for (const s of rec.segments()) expect(await probeSegment(join(mount, s.file))).toBeDefined();
    } finally {
      execFileSync('umount', ['-l', mount]);
    }
    await room.close();
  });
});
