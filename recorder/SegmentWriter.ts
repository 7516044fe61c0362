/**
 * One recorder process: ffmpeg reads one tap's plain RTP from a loopback UDP port (described by
 * an SDP file) and copies it, without transcoding, into a Matroska file.
 *
 * Why these flags:
 * - `-localaddr 127.0.0.1`: ffmpeg's SDP demuxer binds every address by default; nobody outside
 *   the host may inject packets into a recording.
 * - `-use_wallclock_as_timestamps 1` with `-copyts`: each packet is stamped with its receive time
 *   (epoch µs) and the file keeps it, so segments of different streams and processes line up on
 *   one clock (the post-processing reads `start_time`); no RTCP bookkeeping across processes.
 * - `-cluster_time_limit 250 -flush_packets 1`: the muxer closes a cluster every 250 ms and
 *   writes it at once, and the segment's size is "unknown" until the end: a killed process (or
 *   a crashed server) leaves a file that plays up to the last cluster written. The open cluster
 *   lives only in ffmpeg's memory, so its length is what a stop without packets loses: at 1 s
 *   the end of every unpublished camera lost ~1 s.
 * - started through `setpriv --pdeathsig KILL` (diesWithParent): when the server dies however it
 *   dies, the kernel ends ffmpeg too. A polite TERM is not enough: the media worker dies with the server, so no
 *   packet comes any more, and ffmpeg blocked in its read only notes one signal (see
 *   SECOND_SIGINT_MS) — it stayed for ever, holding its ports and its file. KILL loses at most
 *   the open 250 ms cluster, which a crash loses anyway.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TypedEmitter, sleep, type Logger } from '../platform/index.js';
import type { TapDescription } from './RecorderTypes.js';
import { diesWithParent } from './diesWithParent.js';
import { tapSdp } from './sdp.js';

/**
 * ffmpeg finishes its file on SIGINT while packets arrive. Blocked waiting for a packet that
 * never comes (the stream was unpublished, or paused) it only notes the first SIGINT; a second
 * one interrupts the read, and it exits at once, without the trailer (index and duration) but
 * with everything else written, the same file a crash leaves. SIGKILL is the last resort.
 */
const SECOND_SIGINT_MS = 400;
const STOP_GRACE_MS = 2000;

export interface SegmentWriterEvents {
  [event: string]: unknown[];
  /** The process exited without being asked to; `diskFull` when it said so. */
  died: [detail: string, diskFull: boolean];
}

/**
 * Ports handed out lately (port → when): between freePortPair and ffmpeg's bind the pair is free
 * again, and writers now start concurrently (a spare beside a new stream's writer, LessonRecording):
 * a second caller given the same pair would see the first one's ffmpeg bound and think its own
 * listened. Kept for longer than a loaded box takes to start ffmpeg.
 */
const handedOut = new Map<number, number>();
const HANDED_OUT_MS = 30_000;

/** Two consecutive free loopback UDP ports (ffmpeg also binds port + 1 for RTCP, even with rtcp-mux). */
export async function freePortPair(): Promise<number> {
  const now = Date.now();
  for (const [p, at] of handedOut) if (now - at > HANDED_OUT_MS) handedOut.delete(p);
  for (let attempt = 0; attempt < 20; attempt++) {
    const a = createSocket('udp4');
    const port = await new Promise<number>((resolve, reject) => {
      a.once('error', reject);
      a.bind(0, '127.0.0.1', () => resolve(a.address().port));
    });
    const b = createSocket('udp4');
    const ok = port % 2 === 0 && port < 65535 && (await new Promise<boolean>((resolve) => {
      b.once('error', () => resolve(false));
      b.bind(port + 1, '127.0.0.1', () => resolve(true));
    }));
    a.close();
    b.close();
    if (ok && !handedOut.has(port)) {
      handedOut.set(port, now);
      return port;
    }
  }
  throw new Error('no free UDP port pair for the recorder');
}

/** True once some process has a UDP socket bound on 127.0.0.1:`port` (Linux /proc/net/udp). */
async function bound(port: number): Promise<boolean> {
  const table = await readFile('/proc/net/udp', 'utf8').catch(() => '');
  const needle = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return table.split('\n').some((line) => line.trim().split(/\s+/)[1] === needle);
}

export function ffmpegArgs(sdpPath: string, outPath: string): string[] {
  return [
    '-hide_banner', '-nostdin', '-loglevel', 'warning',
    '-protocol_whitelist', 'file,udp,rtp',
    '-localaddr', '127.0.0.1',
    // ffmpeg's SDP input gives up after 10 s without a packet (a muted microphone, a stream not
    // started yet): a recorder must wait as long as the lesson lasts.
    '-listen_timeout', '1000000',
    '-use_wallclock_as_timestamps', '1',
    '-i', sdpPath,
    '-map', '0', '-c', 'copy', '-copyts',
    '-f', 'matroska', '-cluster_time_limit', '250', '-cluster_size_limit', '2000000', '-flush_packets', '1',
    '-y', outPath,
  ];
}

export class SegmentWriter extends TypedEmitter<SegmentWriterEvents> {
  readonly path: string;
  readonly #sdpPath: string;
  readonly #child: ChildProcess;
  readonly #exited: Promise<void>;
  #stopping = false;
  #stderr: string[] = [];

  private constructor(path: string, sdpPath: string, child: ChildProcess, log: Logger) {
    super((event, error) => log.error({ err: error, event }, 'recorder listener threw'));
    this.path = path;
    this.#sdpPath = sdpPath;
    this.#child = child;
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      this.#stderr.push(...chunk.split('\n').filter(Boolean));
      if (this.#stderr.length > 30) this.#stderr = this.#stderr.slice(-30);
    });
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        resolve();
        if (this.#stopping) return;
        const text = this.#stderr.join('\n');
        const detail = `ffmpeg exited (${signal ?? `code ${code}`}): ${text.slice(-400)}`;
        this.safeEmit('died', detail, /no space left/i.test(text));
      });
    });
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  /**
   * Starts ffmpeg listening on `port` (and port + 1, from freePortPair) for what `tap` sends, and
   * resolves once it listens. Rejects when ffmpeg exits before (a missing binary, the port taken).
   */
  static async start(args: { ffmpegPath: string; directory: string; name: string; port: number; tap: TapDescription; log: Logger }): Promise<SegmentWriter> {
    const port = args.port;
    const sdpPath = join(args.directory, `${args.name}.sdp`);
    const outPath = join(args.directory, `${args.name}.mkv`);
    await writeFile(sdpPath, tapSdp(args.tap, port));
    const argv = [args.ffmpegPath, ...ffmpegArgs(sdpPath, outPath)];
    const command = diesWithParent(argv);
    const child = spawn(command[0]!, command.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
    const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
    const writer = new SegmentWriter(outPath, sdpPath, child, args.log);
    const deadline = Date.now() + 5000;
    while (!(await bound(port))) {
      const failed = await Promise.race([spawnError, sleep(25).then(() => undefined)]);
      if (failed || child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
        writer.#stopping = true;
        child.kill('SIGKILL');
        throw new Error(`the recorder process did not start: ${failed?.message ?? writer.#stderr.join(' ').slice(-300)}`);
      }
    }
    return writer;
  }

  /**
   * Ends a writer that was never given packets (a writer started ahead, LessonRecording): ffmpeg
   * opens its output only once its input has packets, so there is no file to finish — KILL at
   * once (a SIGINT waits 0.4 s, SECOND_SIGINT_MS) and remove its SDP.
   */
  async discard(): Promise<void> {
    this.#stopping = true;
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      this.#child.kill('SIGKILL');
      await this.#exited;
    }
    await rm(this.#sdpPath, { force: true }).catch(() => undefined);
    if (((await stat(this.path).catch(() => undefined))?.size ?? 0) === 0) await rm(this.path, { force: true }).catch(() => undefined);
  }

  /** Asks ffmpeg to finish its file (SIGINT, a second one if it waits for packets, SIGKILL last); resolves with the file size. */
  async stop(): Promise<number> {
    this.#stopping = true;
    if (this.#child.exitCode === null && this.#child.signalCode === null) {
      this.#child.kill('SIGINT');
      const again = setTimeout(() => this.#child.kill('SIGINT'), SECOND_SIGINT_MS);
      const timer = setTimeout(() => this.#child.kill('SIGKILL'), STOP_GRACE_MS);
      await this.#exited;
      clearTimeout(again);
      clearTimeout(timer);
    }
    return (await stat(this.path).catch(() => undefined))?.size ?? 0;
  }
}
