/**
 * Options of the Janus-backed media engine, with their defaults (conventions §1, §13). The
 * app's config schema (parsed once in main.ts) fills these; nothing here reads the environment.
 */
import { availableParallelism } from 'node:os';
import { ValidationError } from '../platform/index.js';
import type { RestartBackoffOptions } from './backoff.js';

export type { RestartBackoffOptions };

/** An inclusive range of UDP ports, [min, max]. */
export type PortRange = readonly [min: number, max: number];

export interface TalkingDetectionOptions {
  /**
   * Average audio level (dBov, 0 = loudest, 127 = silence) under which a publisher counts as
   * talking. Default 25 (Janus's default).
   */
  levelThreshold?: number;
  /** Number of audio packets (20 ms each) the average is taken over. Default 50 (1 s). */
  packets?: number;
}

export interface JanusMediaEngineOptions {
  /**
   * Folder for everything the engine writes: one `janus-<n>/` subfolder per instance with the
   * generated configs, the Janus log and a pid file. Created if missing. Two engines must never
   * share it (at start-up the engine kills Janus processes left there by a previous run).
   * Required.
   */
  runtimeDir: string;
  /** Path of the Janus binary. Default "/usr/bin/janus" (Debian package). */
  janusBinary?: string;
  /**
   * Folder that holds Janus's `plugins/`, `transports/`, `events/` and `loggers/` folders.
   * Default "/usr/lib/x86_64-linux-gnu/janus" (Debian package on amd64).
   */
  janusLibDir?: string;
  /** Number of Janus processes. Default `os.availableParallelism()` (one per core). */
  instances?: number;
  /**
   * `event_loops` of each Janus process: media of all its handles is served by this many
   * threads instead of one thread per handle (measured: ~2x packets per CPU-second). Default 1.
   */
  eventLoops?: number;
  /**
   * UDP ports for media, [min, max], split into equal slices, one per instance (Janus uses one
   * port per PeerConnection with BUNDLE and rtcp-mux). Default [20000, 40000].
   */
  rtpPortRange?: PortRange;
  /**
   * Interfaces or addresses (partial match) Janus gathers ICE candidates on (`ice_enforce_list`),
   * as a list or a comma-separated string, e.g. "eth0". Default: every interface. Note: Janus
   * 1.1.2 skips loopback when the host has another interface, so "127.0.0.1" then matches
   * nothing and Janus gathers on every interface (see docs/sfu.md).
   */
  iceEnforceList?: string | readonly string[];
  /** Interfaces or addresses Janus never gathers on (`ice_ignore_list`). Default "vmnet". */
  iceIgnoreList?: string | readonly string[];
  /**
   * Public IPv4 address put in Janus's host candidates (`nat_1_1_mapping`), for a server behind a
   * 1:1 NAT (cloud VMs). Default none.
   */
  publicIp?: string;
  /** With `publicIp`, keep the private host candidates as well (`keep_private_host`). Default false. */
  keepPrivateHost?: boolean;
  /** STUN server Janus uses to learn its public address, "host:port". Default none. */
  stunServer?: string;
  /**
   * Offer ICE-TCP candidates too (`ice_tcp`, which Janus supports only with `ice_lite`), for
   * networks that block UDP. Default false.
   */
  iceTcp?: boolean;
  /**
   * Video bitrate cap sent to every publisher through REMB (room `bitrate`); the sum of all its
   * simulcast layers and screen share stays under it. Default 2_000_000 bit/s.
   */
  roomBitrateBps?: number;
  /**
   * Negotiate transport-wide congestion control with publishers (room `transport_wide_cc_ext`).
   * Default false: see docs/sfu.md (with it, a busy SFU box made Chrome back off to 640x360;
   * the REMB cap alone kept the publisher steady).
   */
  transportWideCc?: boolean;
  /** Most publishers (peers sending media) per room. Default 200. */
  maxPublishersPerRoom?: number;
  /** How `talking` events are decided. Defaults in TalkingDetectionOptions. */
  talking?: TalkingDetectionOptions;
  /** Janus `session_timeout` in seconds (janode keeps sessions alive every 15 s). Default 60. */
  sessionTimeoutSeconds?: number;
  /** Janus `no_media_timer` in seconds. Default 2. */
  noMediaTimerSeconds?: number;
  /** Janus log level written to `janus-<n>/janus.log` (0-7). Default 4 (info). */
  janusLogLevel?: number;
  /** Bound on every request to Janus. Default 10000 ms. */
  requestTimeoutMs?: number;
  /**
   * How long a call on a room whose instance died waits for the room to be re-created before it
   * fails with an UnavailableError. Default 10000 ms.
   */
  recreateWaitMs?: number;
  /** How long start-up waits for the instances to serve. Default 15000 ms. */
  startTimeoutMs?: number;
  /** How long close() waits after SIGTERM before it SIGKILLs a Janus process. Default 3000 ms. */
  stopTimeoutMs?: number;
  /**
   * Start Janus through `setpriv --pdeathsig KILL` (util-linux), so that a Janus process dies
   * with the server even when the server is SIGKILLed or crashes. Ignored where setpriv is
   * missing; stale processes are then killed at the next start (pid files). Default true.
   */
  killWithServer?: boolean;
  /** Restart policy of a Janus process that stopped. Defaults in RestartBackoffOptions. */
  restartBackoff?: RestartBackoffOptions;
  /**
   * SRTP library of the Janus processes: `auto` uses the project's OpenSSL build of libsrtp2 when
   * `npm run media:build` put it in the cache (through LD_LIBRARY_PATH of Janus processes only),
   * else the system one; `system` always uses the system one. Default `auto`.
   */
  srtpLibrary?: 'auto' | 'system';
}

/** Every option with its default applied. */
export type ResolvedJanusOptions = Required<
  Omit<JanusMediaEngineOptions, 'rtpPortRange' | 'iceEnforceList' | 'iceIgnoreList' | 'publicIp' | 'stunServer' | 'restartBackoff' | 'talking'>
> & {
  rtpPortRange: { min: number; max: number };
  iceEnforceList: string[];
  iceIgnoreList: string[];
  publicIp: string | undefined;
  stunServer: { host: string; port: number } | undefined;
  restartBackoff: Required<RestartBackoffOptions>;
  talking: Required<TalkingDetectionOptions>;
};

function positiveInt(name: string, value: number, min = 1): number {
  if (!Number.isInteger(value) || value < min) throw new ValidationError(`sfu option ${name} must be an integer >= ${min}`);
  return value;
}

function inRange(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new ValidationError(`sfu option ${name} must be an integer in [${min}, ${max}]`);
  return value;
}

function list(value: string | readonly string[] | undefined, fallback: readonly string[]): string[] {
  if (value === undefined) return [...fallback];
  const items = typeof value === 'string' ? value.split(',') : [...value];
  return items.map((s) => s.trim()).filter((s) => s.length > 0);
}

function parseStun(value: string | undefined): { host: string; port: number } | undefined {
  if (value === undefined || value === '') return undefined;
  const m = /^([^:\s"]+):(\d{1,5})$/.exec(value);
  if (!m) throw new ValidationError('sfu option stunServer must look like "host:port"');
  return { host: m[1] as string, port: positiveInt('stunServer port', Number(m[2])) };
}

function srtpLibrary(value: string | undefined): 'auto' | 'system' {
  if (value === undefined || value === 'auto' || value === 'system') return value ?? 'auto';
  throw new ValidationError('sfu option srtpLibrary must be "auto" or "system"');
}

/** Applies the defaults and checks the values; throws a ValidationError naming the bad option. */
export function resolveJanusOptions(o: JanusMediaEngineOptions): ResolvedJanusOptions {
  if (!o.runtimeDir) throw new ValidationError('sfu option runtimeDir is required');
  const [min, max] = o.rtpPortRange ?? [20000, 40000];
  const range = { min, max };
  positiveInt('rtpPortRange.min', range.min, 1024);
  if (!Number.isInteger(range.max) || range.max > 65535 || range.max <= range.min) {
    throw new ValidationError('sfu option rtpPortRange.max must be an integer in (min, 65535]');
  }
  const noQuotes = (name: string, s: string) => {
    if (/["\\\n]/.test(s)) throw new ValidationError(`sfu option ${name} contains a forbidden character`);
    return s;
  };
  const b = o.restartBackoff ?? {};
  const t = o.talking ?? {};
  return {
    runtimeDir: o.runtimeDir,
    janusBinary: o.janusBinary ?? '/usr/bin/janus',
    janusLibDir: noQuotes('janusLibDir', o.janusLibDir ?? '/usr/lib/x86_64-linux-gnu/janus'),
    instances: positiveInt('instances', o.instances ?? availableParallelism()),
    eventLoops: positiveInt('eventLoops', o.eventLoops ?? 1),
    rtpPortRange: range,
    iceEnforceList: list(o.iceEnforceList, []).map((s) => noQuotes('iceEnforceList', s)),
    iceIgnoreList: list(o.iceIgnoreList, ['vmnet']).map((s) => noQuotes('iceIgnoreList', s)),
    publicIp: o.publicIp === undefined || o.publicIp === '' ? undefined : noQuotes('publicIp', o.publicIp),
    keepPrivateHost: o.keepPrivateHost ?? false,
    stunServer: parseStun(o.stunServer),
    iceTcp: o.iceTcp ?? false,
    roomBitrateBps: positiveInt('roomBitrateBps', o.roomBitrateBps ?? 2_000_000, 64_000),
    transportWideCc: o.transportWideCc ?? false,
    maxPublishersPerRoom: positiveInt('maxPublishersPerRoom', o.maxPublishersPerRoom ?? 200),
    talking: {
      levelThreshold: inRange('talking.levelThreshold', t.levelThreshold ?? 25, 0, 127),
      packets: positiveInt('talking.packets', t.packets ?? 50),
    },
    sessionTimeoutSeconds: positiveInt('sessionTimeoutSeconds', o.sessionTimeoutSeconds ?? 60, 20),
    noMediaTimerSeconds: positiveInt('noMediaTimerSeconds', o.noMediaTimerSeconds ?? 2),
    janusLogLevel: inRange('janusLogLevel', o.janusLogLevel ?? 4, 0, 7),
    requestTimeoutMs: positiveInt('requestTimeoutMs', o.requestTimeoutMs ?? 10_000),
    recreateWaitMs: positiveInt('recreateWaitMs', o.recreateWaitMs ?? 10_000),
    startTimeoutMs: positiveInt('startTimeoutMs', o.startTimeoutMs ?? 15_000),
    stopTimeoutMs: positiveInt('stopTimeoutMs', o.stopTimeoutMs ?? 3_000),
    killWithServer: o.killWithServer ?? true,
    srtpLibrary: srtpLibrary(o.srtpLibrary),
    restartBackoff: {
      initialMs: positiveInt('restartBackoff.initialMs', b.initialMs ?? 200),
      maxMs: positiveInt('restartBackoff.maxMs', b.maxMs ?? 5_000),
      factor: b.factor ?? 2,
      stableAfterMs: positiveInt('restartBackoff.stableAfterMs', b.stableAfterMs ?? 30_000),
    },
  };
}
