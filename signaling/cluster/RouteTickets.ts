/**
 * Route tickets (docs/cluster.md "Routing"): a signed note "this client was sent to / joined on
 * node N for lesson L". Handed out with every JoinResponse and Redirect, sent back by the client
 * on its next join. When a client comes back through the balancer with a ticket naming the
 * lesson's owner, the owner may be dead (the client lost it): the node it reached probes the
 * owner and takes the lesson over at once instead of waiting for the owner's record to expire.
 * The signature (the link secret, which every node of a deployment shares) means only the
 * cluster's own notes can start that; a forged, altered or expired ticket is ignored.
 */
import { NotAuthenticatedError, signToken, verifyToken, type Clock } from '../../platform/index.js';

const PURPOSE = 'route';

/** The name the balancer routes `?node=<name>` to: the configured node id (cluster ids add a per-process suffix). */
export function routeName(clusterNodeId: string): string {
  const dot = clusterNodeId.lastIndexOf('.');
  return dot > 0 ? clusterNodeId.slice(0, dot) : clusterNodeId;
}

export class RouteTickets {
  readonly #secret: string;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  #rejected = 0;

  /** `ttlMs`: how long a ticket names a node usefully (the longest a client stays connected). */
  constructor(secret: string, clock: Clock, ttlMs: number) {
    this.#secret = secret;
    this.#clock = clock;
    this.#ttlMs = ttlMs;
  }

  /** Tickets ignored because they were forged, altered, expired or for another lesson. */
  get rejected(): number {
    return this.#rejected;
  }

  mint(lessonId: string, nodeId: string): string {
    return signToken({ purpose: PURPOSE, exp: this.#clock.now() + this.#ttlMs, lessonId, node: nodeId }, this.#secret);
  }

  /** The cluster node id a genuine ticket of `lessonId` names; undefined for '' and for anything else. */
  nodeOf(ticket: string, lessonId: string): string | undefined {
    if (!ticket) return undefined;
    try {
      const p = verifyToken(ticket, this.#secret, PURPOSE, this.#clock.now());
      if (p.lessonId === lessonId && typeof p.node === 'string') return p.node;
    } catch (error) {
      if (!(error instanceof NotAuthenticatedError)) throw error;
    }
    this.#rejected++;
    return undefined;
  }
}
