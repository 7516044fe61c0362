/**
 * The two ioredis connections of one node: `command` for every read and write, `subscriber`
 * for pub/sub only (a connection that has subscribed may only (un)subscribe).
 *
 * Reconnection (ioredis): a lost connection is retried forever, after min(50 ms × 2^(n-1),
 * maxReconnectDelayMs) plus up to 200 ms of jitter. Meanwhile commands wait in ioredis's
 * offline queue and fail with an UnavailableError once `commandTimeoutMs` has passed since
 * they were issued. The subscriber resubscribes to its channels by itself on reconnection
 * (`autoResubscribe`); messages published while it was away are lost (pub/sub stores nothing).
 * A Redis that restarts empty (no persistence) loses every node record and lease: nodes put
 * them back on their next heartbeat (announce, renewRooms), see docs/cluster.md.
 */
import { Redis, type RedisOptions } from 'ioredis';
import { AppError, UnavailableError, withTimeout, type Logger } from '../platform/index.js';
import type { ClusterOptions } from './ClusterTypes.js';

export interface RedisClusterOptions extends ClusterOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://` for TLS. Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** Prepended to every key and channel (keys.ts). Default `classroom:`. */
  keyPrefix?: string;
  /** Time allowed to connect at start (createRedisCluster rejects after it). Default 5000 ms. */
  connectTimeoutMs?: number;
  /** Time after which a command with no reply fails, queued ones included. Default 2000 ms. */
  commandTimeoutMs?: number;
  /** Ceiling of the reconnection backoff. Default 2000 ms. */
  maxReconnectDelayMs?: number;
  /** Time close() waits for QUIT before dropping the sockets. Default 1000 ms. */
  quitTimeoutMs?: number;
}

export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface ResolvedRedisOptions {
  url: string;
  connectTimeoutMs: number;
  commandTimeoutMs: number;
  maxReconnectDelayMs: number;
  quitTimeoutMs: number;
}

export function resolveRedisOptions(options: RedisClusterOptions): ResolvedRedisOptions {
  return {
    url: options.url ?? DEFAULT_REDIS_URL,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    commandTimeoutMs: options.commandTimeoutMs ?? 2_000,
    maxReconnectDelayMs: options.maxReconnectDelayMs ?? 2_000,
    quitTimeoutMs: options.quitTimeoutMs ?? 1_000,
  };
}

export class RedisConnections {
  readonly command: Redis;
  readonly subscriber: Redis;
  readonly #options: ResolvedRedisOptions;
  #closing: Promise<void> | undefined;

  private constructor(options: ResolvedRedisOptions, logger: Logger) {
    this.#options = options;
    this.command = this.#client('command', logger);
    this.subscriber = this.#client('subscriber', logger);
  }

  /** Opens both connections; rejects with an UnavailableError when Redis cannot be reached. */
  static async open(options: ResolvedRedisOptions, logger: Logger): Promise<RedisConnections> {
    const connections = new RedisConnections(options, logger);
    try {
      await withTimeout(
        Promise.all([connections.command.connect(), connections.subscriber.connect()]),
        options.connectTimeoutMs,
        'connecting to Redis',
      );
    } catch (error) {
      connections.#disconnectNow();
      throw new UnavailableError(`cannot connect to Redis at ${redactUrl(options.url)}`, { cause: error });
    }
    return connections;
  }

  /** QUITs both connections (pending replies arrive first), or drops them after quitTimeoutMs. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      try {
        await withTimeout(
          Promise.all([this.command.quit(), this.subscriber.quit()]),
          this.#options.quitTimeoutMs,
          'quitting Redis',
        );
      } catch {
        // Redis unreachable: nothing to say goodbye to.
      } finally {
        this.#disconnectNow();
      }
    })();
    return this.#closing;
  }

  #disconnectNow(): void {
    this.command.disconnect(false);
    this.subscriber.disconnect(false);
  }

  #client(role: 'command' | 'subscriber', logger: Logger): Redis {
    const maxDelay = this.#options.maxReconnectDelayMs;
    const options: RedisOptions = {
      lazyConnect: true,
      connectionName: `classroom-cluster-${role}`,
      connectTimeout: this.#options.connectTimeoutMs,
      commandTimeout: this.#options.commandTimeoutMs,
      // Queued commands fail by commandTimeout; this bound only matters if that is raised.
      maxRetriesPerRequest: 3,
      retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times - 1, 16), maxDelay) + Math.floor(Math.random() * 200),
      autoResubscribe: true,
    };
    const client = new Redis(this.#options.url, options);
    const log = logger.child({ redis: role });
    let lost = false;
    // Without an 'error' listener ioredis prints every failed reconnection to the console.
    client.on('error', (error: Error) => {
      if (!lost) log.warn({ err: error }, 'Redis connection error');
      lost = true;
    });
    client.on('reconnecting', (delay: number) => log.debug({ delay }, 'reconnecting to Redis'));
    client.on('ready', () => {
      if (lost) log.info('Redis connection restored');
      lost = false;
    });
    return client;
  }
}

/** The URL without its password, for logs and error messages. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(invalid URL)';
  }
}

/**
 * A failure of the store (connection lost, timeout, Redis error) becomes an UnavailableError:
 * a temporary inability (§6). Our own errors (validation, conflict) pass through.
 */
export function storeError(what: string, error: unknown): Error {
  if (error instanceof AppError) return error;
  return new UnavailableError(`cluster store: ${what} failed`, { cause: error });
}
