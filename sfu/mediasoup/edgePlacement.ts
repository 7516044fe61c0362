/**
 * Where a lesson's overflow peers go (docs/cluster.md "One lesson over several nodes"): pure
 * choices, tested apart from the rooms that use them.
 */
import type { NodeInfo } from '../../cluster/index.js';
import { utilisation, type WorkerLimits, type WorkerLoad } from '../placement.js';

/**
 * Whether this node has no room left for another peer: every worker that is up is at or past its
 * limits (the same utilisation as the in-node cascade, placement.ts). A node with no worker up is
 * not "full": its rooms are waiting for a restart, and an edge would not be fed either. A peer
 * counts as at least one consumer even before it says what it wants: when a whole audience sets
 * up at once (every page coming back after its owner died), none has subscribed yet when the next
 * one is placed, and counting only subscriptions would keep them all on this node.
 */
export function nodeFull(workers: readonly WorkerLoad[], limits: WorkerLimits): boolean {
  const up = workers.filter((w) => w.up);
  return up.length > 0 && up.every((w) => utilisation({ ...w, consumers: Math.max(w.consumers, w.peers ?? 0) }, limits) >= 1);
}

/**
 * The nodes a full owner may place its next peer on, best first: live, active nodes other than
 * itself and those it has just seen fail or refuse, by participants served, then rooms, then id
 * (so that two owners rank alike from the same list). Empty when there is none: the peer stays on
 * the owner (over its limits, as one node did before edges existed). The owner offers the peer to
 * each in turn (firstTaker): a node full by now refuses, and the next may still have room.
 */
export function rankEdges(nodes: readonly NodeInfo[], self: string, avoid: ReadonlySet<string>): string[] {
  return nodes
    .filter((n) => n.id !== self && n.state === 'active' && !avoid.has(n.id))
    .sort((a, b) => a.load.participants - b.load.participants || a.load.rooms - b.load.rooms || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((n) => n.id);
}

/**
 * The peers this owner placed on each edge since that edge last announced its load. A node
 * announces at its heartbeat (~3 s), so the list read at a placement can be that old: without
 * these, every peer of a burst (a class joining at once, an audience coming back after a
 * failover) would see the same least loaded edge and go there until it refuses. A placement
 * counts from the moment it is chosen until the list shows an announcement newer than the one
 * seen then (that announcement was made after it, so it counts the peer itself), or until the
 * edge did not take the peer (`remove`).
 *
 * A heartbeat between reading the list and the edge admitting the peer (a bus round trip, against
 * a ~3 s period) can drop a placement before any announcement counted it; the next choice may then
 * pick that edge once too often, and a full edge refuses: the owner tries the next one.
 */
export class RecentPlacements {
  /** Each node's announcement (lastHeartbeat) in the last list read. */
  readonly #seen = new Map<string, number>();
  /** Per edge, the announcement seen when each peer not yet announced was placed there. */
  readonly #placed = new Map<string, number[]>();

  /** The nodes as announced, plus the peers placed on each since; placements an announcement now counts are forgotten. */
  adjust(nodes: readonly NodeInfo[]): NodeInfo[] {
    this.#seen.clear();
    for (const n of nodes) this.#seen.set(n.id, n.lastHeartbeat);
    for (const [edge, at] of this.#placed) {
      const announced = this.#seen.get(edge);
      const pending = announced === undefined ? [] : at.filter((seen) => seen >= announced);
      if (pending.length > 0) this.#placed.set(edge, pending);
      else this.#placed.delete(edge);
    }
    return nodes.map((n) => {
      const extra = this.#placed.get(n.id)?.length ?? 0;
      return extra === 0 ? n : { ...n, load: { ...n.load, participants: n.load.participants + extra } };
    });
  }

  /** A peer is being placed on `edge` (chosen from the last list adjusted). */
  add(edge: string): void {
    const seen = this.#seen.get(edge);
    if (seen === undefined) return; // not in the last list: nothing to correct
    this.#placed.set(edge, [...(this.#placed.get(edge) ?? []), seen]);
  }

  /** `edge` did not take a peer counted by add(). */
  remove(edge: string): void {
    const at = this.#placed.get(edge);
    if (!at) return;
    at.pop();
    if (at.length === 0) this.#placed.delete(edge);
  }

  /** Peers placed on `edge` that no announcement read since counts (tests, logs). */
  pending(edge: string): number {
    return this.#placed.get(edge)?.length ?? 0;
  }
}

/**
 * The edges an owner does not offer peers to for a while. One that failed, did not answer or died:
 * until `until`. One that refused because it was full: until then too, or sooner, once it
 * announces fewer participants than in its first announcement after the refusal (made while it
 * was full): someone left it, so it may take a peer again, where it used to stay avoided for the
 * whole 30 s however many left it meanwhile. A wrong guess costs one more refusal.
 */
export class EdgeAvoidance {
  readonly #edges = new Map<string, { until: number; full?: { seenAt: number; level?: number } }>();

  /** Avoid `edge` until `until`; `full`: it refused as full, `seenAt` being its announcement (lastHeartbeat) the owner had read then (0: none). */
  avoid(edge: string, until: number, full?: { seenAt: number }): void {
    this.#edges.set(edge, full ? { until, full: { seenAt: full.seenAt } } : { until });
  }

  /** The edges to avoid now, from the node list just read (its announcements may lift a full edge's avoidance). */
  current(nodes: readonly NodeInfo[], now: number): Set<string> {
    for (const [edge, entry] of this.#edges) {
      if (entry.until < now) {
        this.#edges.delete(edge);
        continue;
      }
      const full = entry.full;
      const n = full && nodes.find((node) => node.id === edge);
      if (!full || !n || n.lastHeartbeat <= full.seenAt) continue;
      if (full.level === undefined) {
        full.level = n.load.participants;
        full.seenAt = n.lastHeartbeat;
      } else if (n.load.participants < full.level) {
        this.#edges.delete(edge);
      } else {
        full.seenAt = n.lastHeartbeat;
      }
    }
    return new Set(this.#edges.keys());
  }
}

/**
 * Offers something to each candidate in turn, each at most once, until one takes it: `offer`
 * resolves (taken) or rejects (refused, failed, no answer). After a rejection `goOn` says whether
 * to try the next (false: the placement was superseded, e.g. the peer left or restarted). Resolves
 * undefined when nobody took it.
 */
export async function firstTaker<T>(candidates: readonly string[], offer: (candidate: string, index: number) => Promise<T>, goOn: (candidate: string, err: unknown) => boolean): Promise<{ candidate: string; value: T } | undefined> {
  const tried = new Set<string>();
  for (const candidate of candidates) {
    if (tried.has(candidate)) continue;
    const index = tried.size;
    tried.add(candidate);
    try {
      return { candidate, value: await offer(candidate, index) };
    } catch (err) {
      if (!goOn(candidate, err)) return undefined;
    }
  }
  return undefined;
}
