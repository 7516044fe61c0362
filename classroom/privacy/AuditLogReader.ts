import type { Clock } from '../../platform/index.js';
import type { AuthEvent, LogQuery, PersonalDataAccess } from '../accounts/index.js';
import type { Actor } from '../authz/index.js';
import { ownSchool } from '../authz/index.js';
import { assertCan } from '../authz/index.js';
import { NameLookup } from '../school/index.js';
import type { Storage } from '../store/index.js';

export type AuditLogName = 'logins' | 'access';

export interface AuditQuery extends LogQuery {
  log: AuditLogName;
  /** Only the entries about this user (the subject of an access, the user of a login). */
  userId?: string;
}

/** A log entry with the people it names resolved to display names (null: unknown or erased). */
export type NamedLoginEntry = AuthEvent & { userName: string | null };
export type NamedAccessEntry = PersonalDataAccess & { actorName: string | null; subjectName: string | null };

export type AuditPage = { log: 'logins'; entries: NamedLoginEntry[] } | { log: 'access'; entries: NamedAccessEntry[] };

/**
 * The school admin's view of the two security logs (R3 logins, R21 accesses to personal data),
 * newest first. Reading them is itself an access to personal data (IP addresses, who looked at
 * whom), so each read is recorded too.
 */
export class AuditLogReader {
  readonly #storage: Storage;
  readonly #clock: Clock;

  constructor(storage: Storage, deps: { clock: Clock }) {
    this.#storage = storage;
    this.#clock = deps.clock;
  }

  async read(actor: Actor, query: AuditQuery, origin: { ip: string | null }): Promise<AuditPage> {
    assertCan(actor, 'audit.read', ownSchool(actor));
    const page = await this.#page(actor, query);
    await this.#storage.personalDataAudit.record({
      at: this.#clock.now(),
      actorId: actor.userId,
      schoolId: actor.schoolId,
      action: 'view',
      subjectUserId: query.userId ?? null,
      resource: `audit:${query.log}`,
      ip: origin.ip,
      detail: `${page.entries.length} entries`,
    });
    return page;
  }

  async #page(actor: Actor, query: AuditQuery): Promise<AuditPage> {
    const { userId, log, ...window } = query;
    const logs = this.#storage;
    const names = new NameLookup(this.#storage);
    if (log === 'logins') {
      const events = userId ? await logs.authEvents.forUser(userId, window) : await logs.authEvents.forSchool(actor.schoolId, window);
      // forUser is not scoped to a school: keep the admin to their own.
      const mine = events.filter((e) => e.schoolId === actor.schoolId);
      return { log, entries: await Promise.all(mine.map(async (e) => ({ ...e, userName: await nameOf(names, e.userId) }))) };
    }
    const accesses = userId ? await logs.personalDataAudit.forSubject(userId, window) : await logs.personalDataAudit.forSchool(actor.schoolId, window);
    const mine = accesses.filter((a) => a.schoolId === actor.schoolId);
    return {
      log,
      entries: await Promise.all(mine.map(async (a) => ({ ...a, actorName: await nameOf(names, a.actorId), subjectName: await nameOf(names, a.subjectUserId) }))),
    };
  }
}

function nameOf(names: NameLookup, id: string | null): Promise<string | null> {
  return id === null ? Promise.resolve(null) : names.userName(id);
}
