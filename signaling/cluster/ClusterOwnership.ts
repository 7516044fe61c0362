/**
 * Lesson ownership through the cluster's room directory: one node hosts a lesson at a time
 * (docs/cluster.md). A draining node takes no lesson: it places a free one on an active node.
 * A client's hint that it lost the owner makes this node probe the owner and, when it does not
 * answer, withdraw it so that the lesson moves now rather than when the owner's record expires.
 */
import { pickNodeForNewRoom, type Cluster, type NodeProbe } from '../../cluster/index.js';
import { ConflictError, type Logger } from '../../platform/index.js';
import type { ClaimHint, LessonOwnership, Ownership } from '../liveRoom/LessonHubs.js';
import { routeName } from './RouteTickets.js';

export interface ClusterOwnershipDeps {
  cluster: Cluster;
  /** This node's cluster id. */
  nodeId: string;
  probe: NodeProbe;
  /** True once the node drains (SIGTERM): it stops taking lessons. */
  draining(): boolean;
  logger: Logger;
  /** How long a probed owner has to answer. Default 1000 ms. */
  probeTimeoutMs?: number;
  /** How long to wait for a draining owner to release a lesson. Default 3000 ms. */
  drainWaitMs?: number;
  /** Announces this node again now (its heartbeat), e.g. after Redis restarted empty. */
  reannounce?(): Promise<void>;
}

export class ClusterOwnership implements LessonOwnership {
  readonly #deps: ClusterOwnershipDeps;

  constructor(deps: ClusterOwnershipDeps) {
    this.#deps = deps;
  }

  get nodeId(): string {
    return this.#deps.nodeId;
  }

  async claim(lessonId: string, hint: ClaimHint = {}): Promise<Ownership> {
    const { cluster, nodeId } = this.#deps;
    let owner = await cluster.rooms.nodeForRoom(lessonId);
    if (owner && owner !== nodeId && (owner === hint.lostOwner || (await this.#missedHeartbeat(owner))) && !(await this.#deps.probe.probe(owner, this.#deps.probeTimeoutMs ?? 1_000))) {
      // The client lost its owner and the owner does not answer: a crash. Its record would
      // live on for up to nodeTtlMs; withdrawing it frees its lessons now. If it was only
      // slow, its next heartbeat re-announces it and reports the lessons it lost.
      this.#deps.logger.warn({ lessonId, owner }, 'owner of a lesson does not answer a probe: withdrawing it');
      await cluster.nodes.withdraw(owner);
      owner = undefined;
    }
    if (owner && owner !== nodeId) owner = await this.#unlessDraining(lessonId, owner);
    if (!owner && this.#deps.draining()) {
      const target = pickNodeForNewRoom((await cluster.nodes.listNodes()).filter((n) => n.id !== nodeId));
      if (target) owner = await cluster.rooms.claimRoom(lessonId, target.id);
    }
    if (!owner || owner === nodeId) owner = await this.#claimForMe(lessonId);
    if (owner === nodeId) return { mine: true };
    return { mine: false, ownerId: owner, route: routeName(owner) };
  }

  /**
   * Claims for this node. Redis restarted empty forgets every node and lease until each node's
   * next heartbeat (a third of the TTLs): a join meanwhile is refused as "not announced". The
   * node announces itself at once, then gives the other nodes one heartbeat to put their leases
   * back before it takes a lesson that looks free (it may be live on its owner: taking it would
   * move the whole class). A join on a node that had already re-announced is not held back: if
   * it takes a live lesson, the owner's next renewal finds it taken and closes its room
   * (roomsLost), and the pages reconnect to the new owner.
   */
  async #claimForMe(lessonId: string): Promise<string> {
    const { cluster, nodeId } = this.#deps;
    try {
      return await cluster.rooms.claimRoom(lessonId, nodeId);
    } catch (err) {
      if (!(err instanceof ConflictError) || !this.#deps.reannounce) throw err;
      this.#deps.logger.info({ lessonId }, 'this node is not in the cluster directory (Redis restarted?): announcing it again');
      await this.#deps.reannounce();
      const beatMs = Math.min(cluster.timing.nodeTtlMs, cluster.timing.leaseTtlMs) / 3;
      await new Promise((r) => setTimeout(r, beatMs + 250));
      return cluster.rooms.claimRoom(lessonId, nodeId);
    }
  }

  /**
   * A draining owner closes its connections (4503) first and releases its lessons as each room
   * closes, so a page that comes straight back through the balancer may still find the lesson
   * leased to it, and a redirect there meets a closed listener. Wait, briefly, for the release;
   * returns the owner after it (undefined: the lesson is free).
   */
  async #unlessDraining(lessonId: string, owner: string): Promise<string | undefined> {
    const { cluster } = this.#deps;
    if ((await cluster.nodes.getNode(owner))?.state !== 'draining') return owner;
    const deadline = Date.now() + (this.#deps.drainWaitMs ?? 3_000);
    let current: string | undefined = owner;
    while (current === owner && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      current = await cluster.rooms.nodeForRoom(lessonId);
    }
    return current;
  }

  /**
   * The owner's last heartbeat is more than 1.5 intervals old (by this node's clock: a skew only
   * costs a probe that a live node answers). Covers a client that brings no ticket.
   */
  async #missedHeartbeat(owner: string): Promise<boolean> {
    const { cluster } = this.#deps;
    const info = await cluster.nodes.getNode(owner);
    const intervalMs = Math.min(cluster.timing.nodeTtlMs, cluster.timing.leaseTtlMs) / 3;
    return info !== undefined && Date.now() - info.lastHeartbeat > 1.5 * intervalMs;
  }

  async release(lessonId: string): Promise<void> {
    await this.#deps.cluster.rooms.releaseRoom(lessonId, this.#deps.nodeId);
  }
}
