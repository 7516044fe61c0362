/**
 * Short-lived TURN credentials, minted per join (the "TURN REST API" of
 * draft-uberti-behave-turn-rest, which coturn implements as `use-auth-secret`): the username is
 * `<expiry unix seconds>:<user id>` and the password base64(HMAC-SHA1(secret, username)). coturn
 * recomputes the password from the shared secret and refuses a username whose expiry has passed,
 * so a credential copied out of a page stops working by itself and the server stores nothing.
 */
import { createHmac } from 'node:crypto';
import type { IceServerConfig } from '../codec/messages.js';

export interface TurnOptions {
  /** The secret shared with coturn (`static-auth-secret`); at least 32 characters. */
  secret: string;
  /**
   * TURN URLs handed to browsers, e.g. `turn:turn.school.vn:3478?transport=udp`,
   * `turn:turn.school.vn:3478?transport=tcp`, `turns:turn.school.vn:443?transport=tcp`.
   */
  urls: readonly string[];
  /** Lifetime of a credential, seconds. A rejoin (reconnection) mints a new one. */
  ttlSeconds: number;
}

export interface TurnCredential {
  username: string;
  credential: string;
  expiresAtMs: number;
}

/** The credential coturn accepts for `userId` until `nowMs + ttl`. */
export function mintTurnCredential(secret: string, userId: string, nowMs: number, ttlSeconds: number): TurnCredential {
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  // A ':' in the user id would be read as part of the expiry by nobody, but keep the name plain.
  const username = `${expiry}:${userId.replace(/:/g, '_')}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential, expiresAtMs: expiry * 1000 };
}

/** The ICE servers of one join: the configured ones plus TURN with a fresh credential. */
export class TurnCredentials {
  readonly #options: TurnOptions;

  constructor(options: TurnOptions) {
    if (options.secret.length < 32) throw new Error('turn.secret must have at least 32 characters');
    if (options.urls.length === 0) throw new Error('turn.urls must list at least one TURN URL');
    this.#options = options;
  }

  iceServerFor(userId: string, nowMs: number): IceServerConfig {
    const { username, credential } = mintTurnCredential(this.#options.secret, userId, nowMs, this.#options.ttlSeconds);
    return { urls: [...this.#options.urls], username, credential };
  }
}
