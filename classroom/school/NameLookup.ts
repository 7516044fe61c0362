import type { AccountStore } from '../accounts/index.js';
import type { SchoolDirectory } from './SchoolTypes.js';

/**
 * The display names of classes, subjects and people, each loaded once: a list of lessons or log
 * entries names the same few again and again. Make one per request (names change; the cache
 * must not outlive the answer). Unknown ids (deleted, erased) give null.
 */
export class NameLookup {
  readonly #schools: SchoolDirectory;
  readonly #accounts: AccountStore;
  readonly #cache = new Map<string, Promise<string | null>>();

  constructor(stores: { schools: SchoolDirectory; accounts: AccountStore }) {
    this.#schools = stores.schools;
    this.#accounts = stores.accounts;
  }

  className(classId: string): Promise<string | null> {
    return this.#once(`c:${classId}`, async () => (await this.#schools.getClass(classId))?.name);
  }

  subjectName(subjectId: string): Promise<string | null> {
    return this.#once(`s:${subjectId}`, async () => (await this.#schools.getSubject(subjectId))?.name);
  }

  userName(userId: string): Promise<string | null> {
    return this.#once(`u:${userId}`, async () => (await this.#accounts.get(userId))?.displayName);
  }

  /** Caches the promise, so that concurrent lookups of one id share one query. */
  #once(key: string, load: () => Promise<string | undefined>): Promise<string | null> {
    let name = this.#cache.get(key);
    if (!name) {
      name = load().then((n) => n ?? null);
      this.#cache.set(key, name);
    }
    return name;
  }
}
