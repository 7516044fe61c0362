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
 * The node a full owner places its next peer on: the least loaded live, active node other than
 * itself and those it has just seen fail or refuse (by participants served, then rooms, then id,
 * so that two owners pick alike from the same list). Undefined when there is none: the peer stays
 * on the owner (over its limits, as one node did before edges existed).
 */
export function chooseEdge(nodes: readonly NodeInfo[], self: string, avoid: ReadonlySet<string>): string | undefined {
  let best: NodeInfo | undefined;
  for (const n of nodes) {
    if (n.id === self || n.state !== 'active' || avoid.has(n.id)) continue;
    if (!best || n.load.participants < best.load.participants || (n.load.participants === best.load.participants && (n.load.rooms < best.load.rooms || (n.load.rooms === best.load.rooms && n.id < best.id)))) best = n;
  }
  return best?.id;
}
