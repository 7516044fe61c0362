/**
 * A node's life in the cluster (T4, T6): announce at start, heartbeat (announce with the
 * current load + renew the leases of hosted rooms) on a timer, `drain()` to stop receiving new
 * rooms while hosted ones finish, `close()` to withdraw, which frees the node's rooms at once.
 */
import { ClosedError, ConflictError, SerialQueue, silentLogger, TypedEmitter, type Logger } from '../platform/index.js';
import type { NodeInfo, NodeState } from './ClusterTypes.js';
import type { NodeMembershipEvents, NodeMembershipOptions } from './NodeMembershipTypes.js';

export class NodeMembership extends TypedEmitter<NodeMembershipEvents> {
  readonly #options: NodeMembershipOptions;
  readonly #intervalMs: number;
  readonly #logger: Logger;
  /** Heartbeats, drain and withdraw one at a time: a late heartbeat never follows withdraw. */
  readonly #queue: SerialQueue;
  #state: NodeState = 'active';
  #timer: NodeJS.Timeout | undefined;
  #started = false;
  #closed = false;
  #closing: Promise<void> | undefined;

  constructor(options: NodeMembershipOptions) {
    const logger = (options.logger ?? silentLogger()).child({ node: options.node.id });
    super((event, error) => logger.error({ err: error, event }, 'NodeMembership listener failed'));
    const { nodeTtlMs, leaseTtlMs } = options.cluster.timing;
    this.#options = options;
    this.#logger = logger;
    this.#intervalMs = options.heartbeatIntervalMs ?? Math.max(1, Math.floor(Math.min(nodeTtlMs, leaseTtlMs) / 3));
    this.#queue = new SerialQueue(`membership of ${options.node.id}`);
  }

  get closed(): boolean {
    return this.#closed;
  }

  get state(): NodeState {
    return this.#state;
  }

  get nodeId(): string {
    return this.#options.node.id;
  }

  /** Announces the node and starts the heartbeat timer. Rejects if the first announce fails. */
  async start(): Promise<NodeInfo> {
    if (this.#closed) throw new ClosedError('NodeMembership');
    if (this.#started) throw new ConflictError('NodeMembership already started');
    this.#started = true;
    const info = await this.#queue.push(() => this.#announce());
    if (!this.#closed) this.#schedule();
    return info;
  }

  /** One heartbeat now (also run by the timer). Failures are reported, never thrown. */
  heartbeat(): Promise<void> {
    return this.#queue.push(() => this.#beat()).catch(() => undefined);
  }

  /**
   * Marks the node draining: still listed, keeps and renews its rooms, never chosen for a new
   * room. Announced at once. Rejects if that announcement fails (the timer keeps trying).
   */
  async drain(): Promise<void> {
    if (this.#closed) throw new ClosedError('NodeMembership');
    this.#state = 'draining';
    await this.#queue.push(async () => {
      if (this.#closed) throw new ClosedError('NodeMembership');
      await this.#announce();
    });
  }

  /**
   * Stops the heartbeat and withdraws the node, freeing every room it owns for other nodes.
   * A failed withdraw is logged: the TTLs free everything anyway. Safe to call twice.
   */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#closed = true;
      clearTimeout(this.#timer);
      try {
        // Queued after any heartbeat in flight, which therefore cannot re-announce the node.
        await this.#queue.push(() => this.#options.cluster.nodes.withdraw(this.nodeId));
      } catch (error) {
        this.#logger.warn({ err: error }, 'withdraw failed; the node record and leases will expire');
      } finally {
        this.#queue.close();
      }
    })();
    return this.#closing;
  }

  #schedule(): void {
    this.#timer = setTimeout(() => {
      void this.heartbeat().then(() => {
        if (!this.#closed) this.#schedule();
      });
    }, this.#intervalMs);
    this.#timer.unref();
  }

  /** Precondition: runs on the queue, and not after withdraw (callers check `closed`). */
  #announce(): Promise<NodeInfo> {
    const { node, load } = this.#options;
    return this.#options.cluster.nodes.announce({ id: node.id, url: node.url, state: this.#state, load: load() });
  }

  async #beat(): Promise<void> {
    if (this.#closed) return;
    try {
      await this.#announce();
      if (this.#closed) return;
      const lost = await this.#options.cluster.rooms.renewRooms(this.nodeId, [...this.#options.hostedRooms()]);
      if (lost.length > 0 && !this.#closed) {
        this.#logger.warn({ rooms: lost }, 'rooms lost to another node');
        this.safeEmit('roomsLost', lost);
      }
    } catch (error) {
      if (this.#closed) return;
      this.#logger.warn({ err: error }, 'heartbeat failed');
      this.safeEmit('heartbeatFailed', error);
    }
  }
}
