import { ValidationError, newId, type Clock } from '../../platform/index.js';
import type { Account } from '../accounts/index.js';
import { generateInitialPassword, type PasswordHasher } from '../accounts/index.js';
import type { Actor } from '../authz/index.js';
import { ownSchool } from '../authz/index.js';
import { assertCan } from '../authz/index.js';
import type { Storage, StoreSet } from '../store/index.js';
import { parseRosterCsv, type ParsedRoster } from './parseRosterCsv.js';
import { planRoster, type RowChange } from './planRoster.js';
import type { CreatedAccount, RosterImportOptions, RosterImportResult, RosterKind, RosterPreview } from './RosterTypes.js';

export interface RosterImportDeps {
  clock: Clock;
  hasher: PasswordHasher;
}

/** Parallel hashes: enough to keep libuv's 4 threads busy without holding memory for thousands. */
const HASH_BATCH = 8;

/**
 * Student and teacher rosters from CSV (R18). `preview` reports, row by row, what is wrong and
 * what would change; `apply` does the same checks again inside one transaction and writes
 * everything or nothing. Re-importing a file updates names, classes and assignments and
 * creates no duplicates (the ID code is the key).
 */
export class RosterImport {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #hasher: PasswordHasher;
  readonly #maxBytes: number;
  readonly #maxRows: number;

  constructor(storage: Storage, deps: RosterImportDeps, options: RosterImportOptions = {}) {
    this.#storage = storage;
    this.#clock = deps.clock;
    this.#hasher = deps.hasher;
    this.#maxBytes = options.maxBytes ?? 2 * 1024 * 1024;
    this.#maxRows = options.maxRows ?? 5000;
  }

  /** What `apply` would do with this file, and every problem in it. Writes nothing. */
  async preview(actor: Actor, file: string | Uint8Array, kind: RosterKind): Promise<RosterPreview> {
    assertCan(actor, 'roster.import', ownSchool(actor));
    checkKind(kind);
    const parsed = this.#parse(file, kind);
    const plan = await planRoster(parsed, kind, actor.schoolId, this.#storage);
    const rows = plan.changes.map((c) => c.plan);
    const counts = { create: 0, update: 0, unchanged: 0 };
    for (const r of rows) counts[r.action]++;
    return { kind, rows, issues: plan.issues, ignoredColumns: parsed.ignoredColumns, counts, ok: plan.issues.length === 0 };
  }

  /**
   * Applies the file: all rows or none. Throws ValidationError (details.issues: the row-by-row
   * report) when the file has any problem. New accounts get a generated password, returned
   * here once, and must change it at first login.
   */
  async apply(actor: Actor, file: string | Uint8Array, kind: RosterKind, origin: { ip: string | null } = { ip: null }): Promise<RosterImportResult> {
    assertCan(actor, 'roster.import', ownSchool(actor));
    checkKind(kind);
    const parsed = this.#parse(file, kind);
    const outside = await planRoster(parsed, kind, actor.schoolId, this.#storage);
    if (outside.issues.length > 0) throw rosterError(outside.issues);
    // Argon2 is slow on purpose: hash before the transaction so that it is held for writes only.
    const prepared = await this.#preparePasswords(outside.changes.filter((c) => c.plan.action === 'create').map((c) => c.plan.code));
    return this.#storage.transaction(async (tx) => {
      const plan = await planRoster(parsed, kind, actor.schoolId, tx);
      if (plan.issues.length > 0) throw rosterError(plan.issues);
      const result: RosterImportResult = { kind, created: [], updated: 0, unchanged: 0 };
      const now = this.#clock.now();
      for (const change of plan.changes) {
        if (change.plan.action === 'unchanged') result.unchanged++;
        else if (change.existing) {
          await this.#update(tx, change, now);
          result.updated++;
        } else {
          const password = prepared.get(change.plan.code) ?? (await this.#preparePasswords([change.plan.code])).get(change.plan.code);
          result.created.push(await this.#create(tx, kind, actor.schoolId, change, password as Prepared, now));
        }
      }
      await tx.personalDataAudit.record({
        at: now,
        actorId: actor.userId,
        schoolId: actor.schoolId,
        action: 'import',
        subjectUserId: null,
        resource: `roster:${kind}`,
        ip: origin.ip,
        detail: `created=${result.created.length} updated=${result.updated} unchanged=${result.unchanged}`,
      });
      return result;
    });
  }

  #parse(file: string | Uint8Array, kind: RosterKind): ParsedRoster {
    const bytes = typeof file === 'string' ? Buffer.byteLength(file) : file.byteLength;
    const fail = (code: 'FILE_TOO_LARGE' | 'FILE_NOT_UTF8', message: string): ParsedRoster => ({
      rows: [],
      headers: {},
      ignoredColumns: [],
      issues: [{ line: 0, column: null, code, message }],
    });
    if (bytes > this.#maxBytes) return fail('FILE_TOO_LARGE', `The file is larger than ${this.#maxBytes} bytes`);
    let text: string;
    try {
      text = typeof file === 'string' ? file : new TextDecoder('utf-8', { fatal: true }).decode(file);
    } catch {
      return fail('FILE_NOT_UTF8', 'The file is not UTF-8: in Excel use "Save as: CSV UTF-8 (Comma delimited)"');
    }
    return parseRosterCsv(text, kind, this.#maxRows);
  }

  async #preparePasswords(codes: readonly string[]): Promise<Map<string, Prepared>> {
    const out = new Map<string, Prepared>();
    for (let i = 0; i < codes.length; i += HASH_BATCH) {
      await Promise.all(
        codes.slice(i, i + HASH_BATCH).map(async (code) => {
          const initialPassword = generateInitialPassword();
          out.set(code, { initialPassword, hash: await this.#hasher.hash(initialPassword) });
        }),
      );
    }
    return out;
  }

  async #create(tx: StoreSet, kind: RosterKind, schoolId: string, change: RowChange, password: Prepared, now: number): Promise<CreatedAccount> {
    const account: Account = {
      id: newId('usr'),
      schoolId,
      role: kind === 'students' ? 'student' : 'teacher',
      code: change.plan.code,
      username: null,
      displayName: change.plan.displayName,
      passwordHash: password.hash,
      mustChangePassword: true,
      disabled: false,
      createdAt: now,
      updatedAt: now,
      passwordChangedAt: null,
    };
    await tx.accounts.create(account);
    await this.#placeInSchool(tx, account.id, change);
    return { userId: account.id, code: change.plan.code, username: null, displayName: account.displayName, initialPassword: password.initialPassword };
  }

  async #update(tx: StoreSet, change: RowChange, now: number): Promise<void> {
    const existing = change.existing as Account;
    if (existing.displayName !== change.plan.displayName) await tx.accounts.updateProfile(existing.id, { displayName: change.plan.displayName }, now);
    await this.#placeInSchool(tx, existing.id, change);
  }

  async #placeInSchool(tx: StoreSet, userId: string, change: RowChange): Promise<void> {
    if (change.classId !== undefined) await tx.schools.enrol(userId, change.classId);
    if (change.assignments) await tx.schools.replaceAssignments(userId, change.assignments);
  }
}

interface Prepared {
  initialPassword: string;
  hash: string;
}

function checkKind(kind: RosterKind): void {
  if (kind !== 'students' && kind !== 'teachers') throw new ValidationError('A roster is "students" or "teachers"');
}

function rosterError(issues: RosterPreview['issues']): ValidationError {
  return new ValidationError(`The file has ${issues.length} problem(s); nothing was imported`, { details: { issues } });
}
