import type { NodeInfo } from './ClusterTypes.js';

/**
 * The node a new room should go to: the least loaded active node, by participants, then
 * rooms, then id (so that every node picks the same one from the same list). Draining nodes
 * are never chosen. Undefined when no node is active.
 *
 * Typical use, on the node a client reached for a room nobody owns:
 * `const target = pickNodeForNewRoom(await nodes.listNodes())`, then `rooms.claimRoom(roomId,
 * target.id)`, and send the client to the owner it returns (which may be a node that won a
 * concurrent claim).
 */
export function pickNodeForNewRoom(nodes: readonly NodeInfo[]): NodeInfo | undefined {
  let best: NodeInfo | undefined;
  for (const node of nodes) {
    if (node.state !== 'active') continue;
    if (!best || lessLoaded(node, best)) best = node;
  }
  return best;
}

function lessLoaded(a: NodeInfo, b: NodeInfo): boolean {
  if (a.load.participants !== b.load.participants) return a.load.participants < b.load.participants;
  if (a.load.rooms !== b.load.rooms) return a.load.rooms < b.load.rooms;
  return a.id < b.id;
}
