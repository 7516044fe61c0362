import type { Queryable, Row } from '../store/index.js';
import { flag, optionalNumber, optionalString, placeholderList, uniqueAs } from '../store/index.js';
import type { Account, AccountStore, Role } from './AccountTypes.js';

const COLUMNS =
  'id, school_id, role, code, username, display_name, password_hash, must_change_password, disabled, created_at, updated_at, password_changed_at';

export class SqlAccountStore implements AccountStore {
  readonly #q: Queryable;

  constructor(q: Queryable) {
    this.#q = q;
  }

  async create(a: Account): Promise<void> {
    await uniqueAs('An account with this ID code or username already exists', () =>
      this.#q.run(`INSERT INTO users (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
        a.id,
        a.schoolId,
        a.role,
        a.code,
        a.username?.toLowerCase() ?? null,
        a.displayName,
        a.passwordHash,
        a.mustChangePassword,
        a.disabled,
        a.createdAt,
        a.updatedAt,
        a.passwordChangedAt,
      ]),
    );
  }

  async get(id: string): Promise<Account | undefined> {
    const r = await this.#q.one(`SELECT ${COLUMNS} FROM users WHERE id = ?`, [id]);
    return r && toAccount(r);
  }

  async findByCode(code: string): Promise<Account | undefined> {
    const r = await this.#q.one(`SELECT ${COLUMNS} FROM users WHERE code = ?`, [code]);
    return r && toAccount(r);
  }

  async findByUsername(username: string): Promise<Account | undefined> {
    const r = await this.#q.one(`SELECT ${COLUMNS} FROM users WHERE username = ?`, [username.toLowerCase()]);
    return r && toAccount(r);
  }

  async findByCodes(codes: readonly string[]): Promise<Account[]> {
    const out: Account[] = [];
    // Chunks keep each statement well under both engines' parameter limits.
    for (let i = 0; i < codes.length; i += 500) {
      const chunk = codes.slice(i, i + 500);
      const rows = await this.#q.all(`SELECT ${COLUMNS} FROM users WHERE code IN (${placeholderList(chunk.length)})`, chunk);
      out.push(...rows.map(toAccount));
    }
    return out;
  }

  async listBySchool(schoolId: string, role?: Role): Promise<Account[]> {
    const rows = role
      ? await this.#q.all(`SELECT ${COLUMNS} FROM users WHERE school_id = ? AND role = ? ORDER BY display_name, id`, [schoolId, role])
      : await this.#q.all(`SELECT ${COLUMNS} FROM users WHERE school_id = ? ORDER BY role, display_name, id`, [schoolId]);
    return rows.map(toAccount);
  }

  async updateProfile(id: string, change: { displayName?: string; disabled?: boolean }, at: number): Promise<void> {
    await this.#q.run(
      'UPDATE users SET display_name = COALESCE(?, display_name), disabled = COALESCE(?, disabled), updated_at = ? WHERE id = ?',
      [change.displayName ?? null, change.disabled === undefined ? null : change.disabled ? 1 : 0, at, id],
    );
  }

  async setPassword(id: string, passwordHash: string, mustChangePassword: boolean, at: number): Promise<void> {
    await this.#q.run('UPDATE users SET password_hash = ?, must_change_password = ?, password_changed_at = ?, updated_at = ? WHERE id = ?', [
      passwordHash,
      mustChangePassword ? 1 : 0,
      at,
      at,
      id,
    ]);
  }
}

function toAccount(r: Row): Account {
  return {
    id: String(r.id),
    schoolId: String(r.school_id),
    role: String(r.role) as Role,
    code: optionalString(r.code),
    username: optionalString(r.username),
    displayName: String(r.display_name),
    passwordHash: String(r.password_hash),
    mustChangePassword: flag(r.must_change_password),
    disabled: flag(r.disabled),
    createdAt: Number(r.created_at),
    updatedAt: Number(r.updated_at),
    passwordChangedAt: optionalNumber(r.password_changed_at),
  };
}
