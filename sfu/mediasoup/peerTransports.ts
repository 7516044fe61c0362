/**
 * Making a peer's transports for RoomOnWorker.connectPeer: both directions, or one when the other
 * side is on another node (docs/cluster.md "One lesson over several nodes"). All or none: one
 * that fails closes those already made.
 */
import type { types } from 'mediasoup';
import type { TransportDirection, TransportOptions } from '../TransportNegotiationTypes.js';
import { transportOptions } from './ortcMapping.js';

export type PeerTransports = Partial<Record<TransportDirection, types.WebRtcTransport>>;

export async function createPeerTransports(only: TransportDirection | undefined, create: (direction: TransportDirection) => Promise<types.WebRtcTransport>): Promise<PeerTransports> {
  const made: PeerTransports = {};
  try {
    for (const direction of only ? [only] : (['send', 'recv'] as const)) made[direction] = await create(direction);
    return made;
  } catch (err) {
    closePeerTransports(made);
    throw err;
  }
}

export function closePeerTransports(made: PeerTransports): void {
  made.send?.close();
  made.recv?.close();
}

/** What the client is told of the transports made. */
export function peerTransportOptions(made: PeerTransports): Partial<Record<TransportDirection, TransportOptions>> {
  return { ...(made.send ? { send: transportOptions(made.send, 'send') } : {}), ...(made.recv ? { recv: transportOptions(made.recv, 'recv') } : {}) };
}
