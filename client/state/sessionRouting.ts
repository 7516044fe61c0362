/**
 * Where a lesson's socket connects on a cluster (docs/cluster.md "Routing"): through the balancer,
 * or straight to the node a redirect named; the route ticket naming the node last joined or
 * redirected to (sent with every join, so a node that answers after a failover knows whom we
 * lost); and a cap on redirects followed in a row, past which the cluster is moving the lesson
 * and the page backs off.
 */
import { log } from '../util/log.js';
import type { RedirectError, Socket } from '../net/index.js';

/** Redirects followed in a row without a join; more means the cluster is moving the lesson: back off. */
const MAX_REDIRECTS = 3;

/** The signaling URL of node `node` behind the same address (the balancer routes `?node=`). */
export function nodeUrl(base: string, node: string): string {
  const url = new URL(base);
  url.searchParams.set('node', node);
  return url.toString();
}

export class SessionRoute {
  /** ws(s)://host/ws: the balancer. */
  readonly #balancerUrl: string;
  readonly #socket: Pick<Socket, 'setUrl' | 'reconnectNow'>;
  readonly #closed: () => boolean;
  #ticket = '';
  #redirects = 0;

  constructor(balancerUrl: string, socket: Pick<Socket, 'setUrl' | 'reconnectNow'>, closed: () => boolean) {
    this.#balancerUrl = balancerUrl;
    this.#socket = socket;
    this.#closed = closed;
  }

  /** Names the node last joined or redirected to ('' before the first answer). */
  get ticket(): string {
    return this.#ticket;
  }

  /** A join succeeded on a node that gave us `ticket`. */
  joined(ticket: string): void {
    this.#redirects = 0;
    this.#ticket = ticket;
  }

  /**
   * The connection was lost: the next one goes through the balancer, since the node we were on
   * may be gone; whichever node answers sends us on to the lesson's owner.
   */
  backToBalancer(): void {
    this.#socket.setUrl(this.#balancerUrl);
  }

  /** The lesson runs on another node: reconnect there at once (a few times in a row at most). */
  follow(redirect: RedirectError): void {
    this.#ticket = redirect.ticket;
    if (++this.#redirects > MAX_REDIRECTS) {
      log.warn('redirected too often; retrying through the balancer later');
      this.#redirects = 0;
      this.#socket.setUrl(this.#balancerUrl);
      setTimeout(() => !this.#closed() && this.#socket.reconnectNow(), 2000);
      return;
    }
    this.#socket.setUrl(nodeUrl(this.#balancerUrl, redirect.node));
    this.#socket.reconnectNow();
  }
}
