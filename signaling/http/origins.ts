/**
 * Which page origins may act with a user's cookie (issue 13.2): for state-changing HTTP
 * requests and for the WebSocket upgrade (browsers send `Origin` with both, and a WebSocket is
 * not covered by CORS: without this check a page of a sibling host or another port of the
 * school's server could open the lesson socket as the signed-in teacher).
 *
 * An origin is compared whole: scheme, host and port (RFC 6454). With `http.publicUrl` set the
 * allowed origins are its origin and `http.allowedOrigins`; without it (development, a single
 * address) the request's own Host with the server's scheme (https when it terminates TLS).
 * A request without `Origin` is not from a browser page and passes; it still needs credentials.
 */

export interface OriginPolicyOptions {
  /** The configured public URL; its origin is allowed. */
  publicUrl?: string;
  /** More origins allowed (e.g. a second name of the school's server). */
  allowedOrigins: readonly string[];
  /** True when this server terminates TLS itself (its own scheme is https). */
  tls: boolean;
}

export class OriginPolicy {
  readonly #allowed: ReadonlySet<string> | undefined;
  readonly #scheme: 'http:' | 'https:';

  constructor(options: OriginPolicyOptions) {
    const listed = [options.publicUrl, ...options.allowedOrigins].filter((o): o is string => Boolean(o));
    this.#allowed = listed.length > 0 ? new Set(listed.map((o) => normalize(o) ?? '')) : undefined;
    this.#scheme = options.tls ? 'https:' : 'http:';
  }

  /** `origin`: the Origin header ('' when absent); `host`: the Host header. */
  allows(origin: string, host: string): boolean {
    if (!origin) return true;
    const o = normalize(origin);
    if (!o) return false;
    if (this.#allowed) return this.#allowed.has(o);
    return host !== '' && o === normalize(`${this.#scheme}//${host}`);
  }
}

/** scheme://host[:port] in canonical form (lower case, default port dropped); undefined for 'null' or garbage. */
function normalize(origin: string): string | undefined {
  try {
    const u = new URL(origin);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return undefined;
    return u.origin;
  } catch {
    return undefined;
  }
}
