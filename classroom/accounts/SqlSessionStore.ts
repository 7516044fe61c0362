import type { Queryable, Row } from '../store/index.js';
import { flag, optionalNumber, optionalString } from '../store/index.js';
import type { SessionRecord, SessionStore } from './AccountTypes.js';

const COLUMNS = 'token_hash, user_id, created_at, expires_at, last_seen_at, password_change_only, ip, user_agent, revoked_at';

export class SqlSessionStore implements SessionStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async create(s: SessionRecord): Promise<void> {
    await this.#q.run(`INSERT INTO sessions (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
      s.tokenHash,
      s.userId,
      s.createdAt,
      s.expiresAt,
      s.lastSeenAt,
      s.passwordChangeOnly,
      s.ip,
      s.userAgent,
      s.revokedAt,
    ]);
  }

  async get(tokenHash: string): Promise<SessionRecord | undefined> {
    const r = await this.#q.one(`SELECT ${COLUMNS} FROM sessions WHERE token_hash = ?`, [tokenHash]);
    return r && toSession(r);
  }

  async touch(tokenHash: string, lastSeenAt: number, expiresAt: number): Promise<void> {
    await this.#q.run('UPDATE sessions SET last_seen_at = ?, expires_at = ? WHERE token_hash = ? AND revoked_at IS NULL', [lastSeenAt, expiresAt, tokenHash]);
  }

  async markPasswordChanged(tokenHash: string): Promise<void> {
    await this.#q.run('UPDATE sessions SET password_change_only = 0 WHERE token_hash = ?', [tokenHash]);
  }

  async revoke(tokenHash: string, at: number): Promise<boolean> {
    const r = await this.#q.run('UPDATE sessions SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL AND expires_at > ?', [at, tokenHash, at]);
    return r.changes > 0;
  }

  async revokeAllForUser(userId: string, at: number, exceptTokenHash?: string): Promise<number> {
    const r = await this.#q.run(
      'UPDATE sessions SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ? AND token_hash <> ?',
      [at, userId, at, exceptTokenHash ?? ''],
    );
    return r.changes;
  }

  async purgeEnded(before: number): Promise<number> {
    const r = await this.#q.run('DELETE FROM sessions WHERE expires_at < ? OR revoked_at < ?', [before, before]);
    return r.changes;
  }
}

function toSession(r: Row): SessionRecord {
  return {
    tokenHash: String(r.token_hash),
    userId: String(r.user_id),
    createdAt: Number(r.created_at),
    expiresAt: Number(r.expires_at),
    lastSeenAt: Number(r.last_seen_at),
    passwordChangeOnly: flag(r.password_change_only),
    ip: optionalString(r.ip),
    userAgent: optionalString(r.user_agent),
    revokedAt: optionalNumber(r.revoked_at),
  };
}
