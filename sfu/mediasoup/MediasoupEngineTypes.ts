/**
 * Options of the mediasoup-backed media engine, with their defaults (conventions §1, §13). The
 * app's config schema (parsed once in main.ts) fills these; nothing here reads the environment
 * (the worker binary's default, MEDIASOUP_WORKER_BIN else the build cache, is found by
 * MediasoupEngine.start() through workerForEngine()).
 */
import { isIP } from 'node:net';
import { availableParallelism, networkInterfaces } from 'node:os';
import { ValidationError } from '../../platform/index.js';
import type { RestartBackoffOptions } from '../backoff.js';
import type { MediaRoomEvents } from '../MediaEngineTypes.js';

/** A mediasoup room's events: a media room's, and what the node pipes need of it. */
export interface MediasoupRoomEvents extends MediaRoomEvents {
  /**
   * `peerId`'s subscriptions were set (what the room's peers want may have changed). An edge's
   * pipe asks its owner at once for a stream wanted now and not piped in yet (EdgePipe), instead of
   * at its next tick.
   */
  subscriptionsChanged: [peerId: string];
}

export type MediasoupLogLevel = 'debug' | 'warn' | 'error' | 'none';

export interface MediasoupTalkingOptions {
  /**
   * Average volume (dBov, -127 = silence, 0 = loudest) over one interval above which a
   * publisher counts as talking (AudioLevelObserver `threshold`). Default -50.
   */
  thresholdDb?: number;
  /** How often talking is decided, in ms (AudioLevelObserver `interval`). Default 1000. */
  intervalMs?: number;
}

export interface MediasoupEngineOptions {
  /**
   * Path of the mediasoup-worker binary (built by `npm run media:build`, see docs/sfu.md).
   * Default: `MEDIASOUP_WORKER_BIN`, else the project's build cache.
   */
  workerBin?: string;
  /**
   * Without `workerBin`: `auto` takes the cached worker linked with the OpenSSL libsrtp2 when
   * there is one (else the one on the system libsrtp2); `system` takes only the one on the
   * system libsrtp2 (`npm run media:build -- --system-srtp-worker` builds it), for comparisons.
   * Default `auto`.
   */
  srtpLibrary?: 'auto' | 'system';
  /** Number of mediasoup workers (one process, one core each). Default `os.availableParallelism()`. */
  workers?: number;
  /**
   * Local IP address the WebRtcServers listen on. Default "0.0.0.0" (every IPv4 interface);
   * then `announcedAddress` (or the host's first non-internal IPv4 address) goes in candidates.
   */
  listenIp?: string;
  /**
   * Address put in the ICE candidates: the public IP (or DNS name) of a server behind 1:1 NAT.
   * Default: `listenIp` when it names one interface, else the host's first non-internal IPv4.
   */
  announcedAddress?: string;
  /**
   * Media port of worker 0; worker n uses `port + n`, for UDP and for TCP (ICE-TCP, passive):
   * open `port`..`port + workers - 1` in both protocols in the firewall. Default 40000.
   */
  port?: number;
  /**
   * Most video+audio bitrate a peer may send (its send transport's `setMaxIncomingBitrate`,
   * enforced through REMB/transport-cc feedback): all simulcast layers and the screen together.
   * Default 2_000_000 bit/s.
   */
  maxIncomingBitrateBps?: number;
  /**
   * Bandwidth estimate a receive transport starts from before feedback arrives (mediasoup picks
   * the simulcast layers of new consumers within it). Default 300_000 bit/s: a new consumer of a
   * camera starts at a low layer, whose key frame crosses a weak link in a fraction of a second,
   * and the estimate climbs from there on a good one (docs/sfu.md; it was 1 Mbit/s, whose top
   * layer's key frame took 0.5-2 s on 400 kbit/s: bench:netem --first-video on).
   */
  initialOutgoingBitrateBps?: number;
  /**
   * Offer transport-wide congestion control (the transport-cc header extension and feedback)
   * to peers; without it libwebrtc falls back to REMB. Default true (see docs/sfu.md).
   */
  transportWideCc?: boolean;
  /** How `talking` events are decided. Defaults in MediasoupTalkingOptions. */
  talking?: MediasoupTalkingOptions;
  /** How often the dominant speaker is re-evaluated (ActiveSpeakerObserver `interval`), in ms. Default 300. */
  activeSpeakerIntervalMs?: number;
  /**
   * SO_SNDBUF and SO_RCVBUF of each worker's media sockets (its WebRtcServer's one UDP socket
   * carries every peer's media, and TCP), in bytes. The kernel caps the value at
   * net.core.wmem_max / net.core.rmem_max (Debian: 212992): a deployer raises those for it to take
   * effect (docs/sfu.md "Socket buffers"; the engine logs a warning when they are lower). A larger
   * receive buffer keeps the publishers' packets that arrive while the worker sends a keyframe to
   * hundreds of students. 0 = the kernel's default (net.core.[rw]mem_default). Default 4 MiB.
   */
  socketBufferBytes?: number;
  /** Log level of the worker processes (their lines go to the engine's logger). Default "warn". */
  workerLogLevel?: MediasoupLogLevel;
  /**
   * How long a call on a room whose worker died waits for the room to be re-created before it
   * fails with an UnavailableError. Default 10000 ms.
   */
  recreateWaitMs?: number;
  /** How long start-up waits for the workers to serve. Default 15000 ms. */
  startTimeoutMs?: number;
  /** How long close() waits for a worker process to exit before it SIGKILLs it. Default 3000 ms. */
  stopTimeoutMs?: number;
  /**
   * Consumers (streams forwarded to peers, over every room) a worker carries before a room whose
   * origin is on it places new peers on other workers (the cascade; with one worker, nothing to
   * spill onto). A peer counts at least the streams it wants. Default 600 (about 300 students
   * receiving a teacher's camera and voice; docs/bench.md has the measured fan-out of one worker).
   */
  workerCapacity?: number;
  /**
   * Share of one core (measured from the worker's getResourceUsage) above which a worker counts
   * as full for the same decision, whatever its consumer count. Default 0.85.
   */
  workerCpuLimit?: number;
  /** How often each worker's CPU is sampled for placement, in ms. Default 2000. */
  loadSampleMs?: number;
  /** Restart policy of a worker that died. Defaults in RestartBackoffOptions (200 ms doubling to 5 s). */
  restartBackoff?: RestartBackoffOptions;
}

/** Every option with its default applied. */
export type ResolvedMediasoupOptions = Required<Omit<MediasoupEngineOptions, 'restartBackoff' | 'talking'>> & {
  restartBackoff: Required<RestartBackoffOptions>;
  talking: Required<MediasoupTalkingOptions>;
};

function integer(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ValidationError(`sfu option ${name} must be an integer in [${min}, ${max}]`);
  }
  return value;
}

function fraction(name: string, value: number): number {
  if (typeof value !== 'number' || !(value > 0 && value <= 64)) throw new ValidationError(`sfu option ${name} must be a number in (0, 64]`);
  return value;
}

/** Default of `socketBufferBytes`: 4 MiB (issue 14; docs/sfu.md "Socket buffers"). */
export const DEFAULT_SOCKET_BUFFER_BYTES = 4 * 1024 * 1024;

const LOG_LEVELS: readonly MediasoupLogLevel[] = ['debug', 'warn', 'error', 'none'];

/** The host's first non-internal IPv4 address, if any (what a browser on the LAN can reach). */
export function firstExternalIpv4(): string | undefined {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return undefined;
}

function isWildcard(ip: string): boolean {
  return ip === '0.0.0.0' || ip === '::';
}

/** Applies the defaults and checks the values; throws a ValidationError naming the bad option. */
export function resolveMediasoupOptions(o: MediasoupEngineOptions, host: { externalIpv4?: () => string | undefined } = {}): ResolvedMediasoupOptions {
  const workers = integer('workers', o.workers ?? availableParallelism(), 1, 64);
  const listenIp = o.listenIp ?? '0.0.0.0';
  if (isIP(listenIp) === 0) throw new ValidationError('sfu option listenIp must be an IP address');
  const announced = o.announcedAddress === '' ? undefined : o.announcedAddress;
  if (announced !== undefined && !/^[A-Za-z0-9.:-]{1,253}$/.test(announced)) {
    throw new ValidationError('sfu option announcedAddress must be an IP address or a host name');
  }
  const announcedAddress = announced ?? (isWildcard(listenIp) ? (host.externalIpv4 ?? firstExternalIpv4)() : listenIp);
  if (announcedAddress === undefined) {
    throw new ValidationError('sfu option announcedAddress is required: the host has no external IPv4 address to put in ICE candidates');
  }
  const port = integer('port', o.port ?? 40000, 1024, 65535);
  if (port + workers - 1 > 65535) throw new ValidationError('sfu option port + workers - 1 must be at most 65535');
  const logLevel = o.workerLogLevel ?? 'warn';
  if (!LOG_LEVELS.includes(logLevel)) throw new ValidationError(`sfu option workerLogLevel must be one of ${LOG_LEVELS.join(', ')}`);
  const workerBin = o.workerBin;
  if (typeof workerBin !== 'string' || workerBin.length === 0) throw new ValidationError('sfu option workerBin must be a path (MediasoupEngine.start() finds the default)');
  const t = o.talking ?? {};
  const b = o.restartBackoff ?? {};
  const srtpLibrary = o.srtpLibrary ?? 'auto';
  if (srtpLibrary !== 'auto' && srtpLibrary !== 'system') throw new ValidationError('sfu option srtpLibrary must be "auto" or "system"');
  return {
    workerBin,
    srtpLibrary,
    workers,
    listenIp,
    announcedAddress,
    port,
    maxIncomingBitrateBps: integer('maxIncomingBitrateBps', o.maxIncomingBitrateBps ?? 2_000_000, 64_000),
    initialOutgoingBitrateBps: integer('initialOutgoingBitrateBps', o.initialOutgoingBitrateBps ?? 300_000, 100_000),
    transportWideCc: o.transportWideCc ?? true,
    talking: {
      thresholdDb: integer('talking.thresholdDb', t.thresholdDb ?? -50, -127, 0),
      intervalMs: integer('talking.intervalMs', t.intervalMs ?? 1_000, 100, 10_000),
    },
    activeSpeakerIntervalMs: integer('activeSpeakerIntervalMs', o.activeSpeakerIntervalMs ?? 300, 100, 10_000),
    workerLogLevel: logLevel,
    socketBufferBytes: integer('socketBufferBytes', o.socketBufferBytes ?? DEFAULT_SOCKET_BUFFER_BYTES, 0, 1 << 30),
    workerCapacity: integer('workerCapacity', o.workerCapacity ?? 600, 1),
    workerCpuLimit: fraction('workerCpuLimit', o.workerCpuLimit ?? 0.85),
    loadSampleMs: integer('loadSampleMs', o.loadSampleMs ?? 2_000, 100, 600_000),
    recreateWaitMs: integer('recreateWaitMs', o.recreateWaitMs ?? 10_000, 1),
    startTimeoutMs: integer('startTimeoutMs', o.startTimeoutMs ?? 15_000, 1),
    stopTimeoutMs: integer('stopTimeoutMs', o.stopTimeoutMs ?? 3_000, 1),
    restartBackoff: {
      initialMs: integer('restartBackoff.initialMs', b.initialMs ?? 200, 1),
      maxMs: integer('restartBackoff.maxMs', b.maxMs ?? 5_000, 1),
      factor: b.factor ?? 2,
      stableAfterMs: integer('restartBackoff.stableAfterMs', b.stableAfterMs ?? 30_000, 1),
    },
  };
}
