/**
 * "Is node X still alive?" asked over the bus, for a fast failover (docs/cluster.md "A node
 * dies"). A node record outlives a crash by up to `nodeTtlMs`; when a client comes back saying
 * it could not reach the owner of its lesson, the node it reached probes the owner and, if no
 * answer comes, withdraws the owner's record at once instead of waiting for the TTL. A node
 * wrongly withdrawn (alive but slow) re-announces on its next heartbeat and is told of the rooms
 * it lost (`roomsLost`), the same path as a node that stalled.
 *
 * Pings and pongs are signed (HMAC, the cluster's shared secret) and expire after a few seconds:
 * whoever can publish on the Redis bus without the secret cannot make a node answer for another
 * or fake the liveness of a dead one. Unsigned, forged, expired or oversized messages are dropped
 * and counted.
 */
import { newId, NotAuthenticatedError, signToken, silentLogger, verifyToken, type Clock, type Logger, systemClock } from '../platform/index.js';
import type { MessageBus, Unsubscribe } from './ClusterTypes.js';

export interface NodeProbeOptions {
  bus: MessageBus;
  /** This node's cluster id (the one it announces). */
  nodeId: string;
  /** Shared by every node of the deployment; at least 32 characters. */
  secret: string;
  /** How long a signed ping or pong stays valid. Default 5000 ms. */
  messageTtlMs?: number;
  clock?: Clock;
  logger?: Logger;
}

const PING = 'cluster-ping';
const PONG = 'cluster-pong';
/** A signed message is ~200 bytes; anything much bigger is not ours. */
const MAX_MESSAGE_BYTES = 2048;

/** The bus channel a node listens on for probes addressed to it. */
export function probeChannel(nodeId: string): string {
  return `probe.${nodeId}`;
}

export class NodeProbe {
  readonly #options: NodeProbeOptions;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #ttlMs: number;
  /** Probes waiting for their pong, by nonce. */
  readonly #waiting = new Map<string, { target: string; resolve: (alive: boolean) => void; timer: NodeJS.Timeout }>();
  #unsubscribe: Unsubscribe | undefined;
  #rejected = 0;
  #closed = false;

  constructor(options: NodeProbeOptions) {
    if (options.secret.length < 32) throw new Error('NodeProbe needs a secret of at least 32 characters');
    this.#options = options;
    this.#clock = options.clock ?? systemClock;
    this.#logger = (options.logger ?? silentLogger()).child({ module: 'probe' });
    this.#ttlMs = options.messageTtlMs ?? 5_000;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Messages dropped because they were unsigned, forged, expired, oversized or misaddressed. */
  get rejected(): number {
    return this.#rejected;
  }

  /** Starts answering probes addressed to this node. */
  async start(): Promise<void> {
    const unsubscribe = await this.#options.bus.subscribe(probeChannel(this.#options.nodeId), (payload) => this.#received(payload));
    if (this.#closed) {
      await unsubscribe();
      return;
    }
    this.#unsubscribe = unsubscribe;
  }

  /**
   * Resolves true when `target` answers within `timeoutMs`, false otherwise. No subscriber on
   * its channel (the bus says so at once) is a false without waiting.
   */
  async probe(target: string, timeoutMs = 1_000): Promise<boolean> {
    if (this.#closed) return false;
    if (target === this.#options.nodeId) return true;
    const nonce = newId();
    const answered = new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => this.#settle(nonce, false), timeoutMs);
      this.#waiting.set(nonce, { target, resolve, timer });
    });
    const ping = this.#sign(PING, nonce);
    try {
      const listeners = await this.#options.bus.publish(probeChannel(target), ping);
      if (listeners === 0) this.#settle(nonce, false);
    } catch (error) {
      // The bus itself is down: say nothing about the target (a false would evict a live node).
      this.#logger.warn({ err: error, target }, 'could not send a probe');
      this.#settle(nonce, true);
    }
    return answered;
  }

  /** Stops answering; pending probes resolve false. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const nonce of [...this.#waiting.keys()]) this.#settle(nonce, false);
    await this.#unsubscribe?.();
  }

  #sign(purpose: string, nonce: string): Uint8Array {
    const token = signToken({ purpose, exp: this.#clock.now() + this.#ttlMs, from: this.#options.nodeId, nonce }, this.#options.secret);
    return new TextEncoder().encode(token);
  }

  #received(payload: Uint8Array): void {
    if (this.#closed) return;
    const message = this.#verify(payload);
    if (!message) return;
    if (message.purpose === PING) {
      this.#options.bus.publish(probeChannel(message.from), this.#sign(PONG, message.nonce)).catch((err: unknown) => this.#logger.warn({ err }, 'could not answer a probe'));
      return;
    }
    // A pong counts only from the node that was asked.
    if (this.#waiting.get(message.nonce)?.target === message.from) this.#settle(message.nonce, true);
  }

  #verify(payload: Uint8Array): { purpose: string; from: string; nonce: string } | undefined {
    if (payload.byteLength > MAX_MESSAGE_BYTES) return this.#reject('oversized');
    const token = Buffer.from(payload).toString('utf8');
    for (const purpose of [PING, PONG]) {
      try {
        const p = verifyToken(token, this.#options.secret, purpose, this.#clock.now());
        if (typeof p.from !== 'string' || typeof p.nonce !== 'string') return this.#reject('malformed');
        return { purpose, from: p.from, nonce: p.nonce };
      } catch (error) {
        if (!(error instanceof NotAuthenticatedError)) throw error;
      }
    }
    return this.#reject('bad signature or expired');
  }

  #reject(why: string): undefined {
    this.#rejected++;
    this.#logger.warn({ why }, 'dropped a probe message');
    return undefined;
  }

  #settle(nonce: string, alive: boolean): void {
    const w = this.#waiting.get(nonce);
    if (!w) return;
    this.#waiting.delete(nonce);
    clearTimeout(w.timer);
    w.resolve(alive);
  }
}
