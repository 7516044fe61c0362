/**
 * Which page origins may act with a user's cookie (issue 13.2): for state-changing HTTP
 * requests and for the WebSocket upgrade (browsers send `Origin` with both, and a WebSocket is
 * not covered by CORS: without this check a page of a sibling host or another port of the
 * school's server could open the lesson socket as the signed-in teacher).
 *
 * An origin is compared whole: scheme, host and port (RFC 6454). Allowed: the origin of
 * `http.publicUrl`, the `http.allowedOrigins`, and the request's own origin: its Host with the
 * scheme the public uses (publicUrl's, else https when this server terminates TLS, else http).
 * The last is same-origin by definition (a page elsewhere sends its own origin, not our Host),
 * and covers a server reached under several names. A request without `Origin` is not from a
 * browser page and passes; it still needs credentials.
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
  readonly #allowed: ReadonlySet<string>;
  readonly #scheme: 'http:' | 'https:';

  constructor(options: OriginPolicyOptions) {
    const listed = [options.publicUrl, ...options.allowedOrigins].filter((o): o is string => Boolean(o));
    this.#allowed = new Set(listed.map((o) => normalize(o) ?? ''));
    const publicScheme = options.publicUrl ? new URL(options.publicUrl).protocol : undefined;
    this.#scheme = publicScheme === 'https:' || (publicScheme === undefined && options.tls) ? 'https:' : 'http:';
  }

  /** `origin`: the Origin header ('' when absent); `host`: the Host header. */
  allows(origin: string, host: string): boolean {
    if (!origin) return true;
    const o = normalize(origin);
    if (!o) return false;
    return this.#allowed.has(o) || (host !== '' && o === normalize(`${this.#scheme}//${host}`));
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
