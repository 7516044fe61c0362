import { ValidationError, newId, type Clock } from '../../platform/index.js';
import { generateInitialPassword, type Account, type PasswordHasher } from '../accounts/index.js';
import { assertCan, ownSchool, type Actor } from '../authz/index.js';
import { checkIdCode, checkPersonName } from '../school/index.js';
import type { Storage, StoreSet } from '../store/index.js';
import { parseParentCsv, type ParsedParents } from './parseParentCsv.js';
import type { ParentImportPreview, ParentImportResult, ParentIssue, ParentRowPlan } from './ParentTypes.js';

export interface ParentImportOptions {
  clock: Clock;
  hasher: PasswordHasher;
  /** Largest file. Default 1 MiB. */
  maxBytes?: number;
  /** Most rows. Default 3000 (a large school's parents). */
  maxRows?: number;
}

/** A login name; never all digits (sign-in reads a number as an ID code). */
const USERNAME_RE = /^(?!\d+$)[a-z0-9][a-z0-9._-]{2,39}$/;
const MAX_CHILDREN = 10;
const HASH_BATCH = 4;

interface RowChange {
  plan: ParentRowPlan;
  /** The existing parent account (action link / unchanged). */
  existingId: string | null;
  /** Ids of the children to link (all of them for a new account, the missing ones for link). */
  linkIds: string[];
}

/**
 * Parent accounts from a CSV file (R20): the admin previews the file, sees every problem by line
 * and column (as the roster import shows them), and applies it only when there is none; all rows
 * are written in one transaction. A row whose login name is already a parent of the school links
 * the children that parent lacks (a second file for a second child just works).
 */
export class ParentImport {
  readonly #storage: Storage;
  readonly #clock: Clock;
  readonly #hasher: PasswordHasher;
  readonly #maxBytes: number;
  readonly #maxRows: number;

  constructor(storage: Storage, options: ParentImportOptions) {
    this.#storage = storage;
    this.#clock = options.clock;
    this.#hasher = options.hasher;
    this.#maxBytes = options.maxBytes ?? 1024 * 1024;
    this.#maxRows = options.maxRows ?? 3000;
  }

  async preview(actor: Actor, file: string | Uint8Array): Promise<ParentImportPreview> {
    assertCan(actor, 'account.manage', ownSchool(actor));
    const parsed = this.#parse(file);
    const plan = await planParents(parsed, actor.schoolId, this.#storage);
    return { rows: plan.changes.map((c) => c.plan), issues: plan.issues, ok: plan.issues.length === 0 };
  }

  async apply(actor: Actor, file: string | Uint8Array, origin: { ip: string | null } = { ip: null }): Promise<ParentImportResult> {
    assertCan(actor, 'account.manage', ownSchool(actor));
    const parsed = this.#parse(file);
    const outside = await planParents(parsed, actor.schoolId, this.#storage);
    if (outside.issues.length > 0) throw importError(outside.issues);
    // Argon2 is slow on purpose: hash before the transaction, which then holds for writes only.
    const passwords = await this.#passwords(outside.changes.filter((c) => c.plan.action === 'create').map((c) => c.plan.username));
    return this.#storage.transaction(async (tx) => {
      const plan = await planParents(parsed, actor.schoolId, tx);
      if (plan.issues.length > 0) throw importError(plan.issues);
      const now = this.#clock.now();
      const result: ParentImportResult = { created: [], linked: 0, unchanged: 0 };
      for (const c of plan.changes) {
        if (c.plan.action === 'unchanged') {
          result.unchanged++;
          continue;
        }
        let parentId = c.existingId;
        if (parentId === null) {
          const pw = passwords.get(c.plan.username) ?? (await this.#passwords([c.plan.username])).get(c.plan.username)!;
          const account: Account = {
            id: newId('usr'), schoolId: actor.schoolId, role: 'parent', code: null, username: c.plan.username, displayName: c.plan.displayName,
            passwordHash: pw.hash, mustChangePassword: true, disabled: false, createdAt: now, updatedAt: now, passwordChangedAt: null,
          };
          await tx.accounts.create(account);
          parentId = account.id;
          result.created.push({ userId: account.id, username: c.plan.username, displayName: c.plan.displayName, initialPassword: pw.initialPassword });
        } else {
          result.linked++;
        }
        for (const childId of c.linkIds) await tx.schools.linkParent(parentId, childId);
      }
      await tx.personalDataAudit.record({
        at: now, actorId: actor.userId, schoolId: actor.schoolId, action: 'import', subjectUserId: null, resource: 'roster:parents', ip: origin.ip,
        detail: `created=${result.created.length} linked=${result.linked} unchanged=${result.unchanged}`,
      });
      return result;
    });
  }

  #parse(file: string | Uint8Array): ParsedParents {
    const bytes = typeof file === 'string' ? Buffer.byteLength(file) : file.byteLength;
    const fail = (code: 'FILE_TOO_LARGE' | 'FILE_NOT_UTF8', message: string): ParsedParents => ({ rows: [], headers: {}, issues: [{ line: 0, column: null, code, message }] });
    if (bytes > this.#maxBytes) return fail('FILE_TOO_LARGE', `The file is larger than ${this.#maxBytes} bytes`);
    let text: string;
    try {
      text = typeof file === 'string' ? file : new TextDecoder('utf-8', { fatal: true }).decode(file);
    } catch {
      return fail('FILE_NOT_UTF8', 'The file is not UTF-8: in Excel use "Save as: CSV UTF-8 (Comma delimited)"');
    }
    return parseParentCsv(text, this.#maxRows);
  }

  async #passwords(usernames: readonly string[]): Promise<Map<string, { initialPassword: string; hash: string }>> {
    const out = new Map<string, { initialPassword: string; hash: string }>();
    for (let i = 0; i < usernames.length; i += HASH_BATCH) {
      await Promise.all(
        usernames.slice(i, i + HASH_BATCH).map(async (u) => {
          const initialPassword = generateInitialPassword();
          out.set(u, { initialPassword, hash: await this.#hasher.hash(initialPassword) });
        }),
      );
    }
    return out;
  }
}

function importError(issues: readonly ParentIssue[]): ValidationError {
  return new ValidationError(`The file has ${issues.length} problem(s); nothing was imported`, { details: { issues } });
}

/** Every row checked against the file and the stored accounts; what apply() would do with each. */
async function planParents(parsed: ParsedParents, schoolId: string, stores: Pick<StoreSet, 'accounts' | 'schools'>): Promise<{ changes: RowChange[]; issues: ParentIssue[] }> {
  const issues = [...parsed.issues];
  const col = (c: 'name' | 'username' | 'children') => parsed.headers[c] ?? c;
  const allCodes = new Set<string>();
  const rowCodes = parsed.rows.map((r) => r.cells.children.split(/[\s;|,]+/).filter(Boolean));
  for (const codes of rowCodes) {
    for (const c of codes) {
      const checked = checkIdCode(c);
      if (checked.ok) allCodes.add(checked.value);
    }
  }
  const students = new Map((await stores.accounts.findByCodes([...allCodes])).filter((a) => a.role === 'student' && a.schoolId === schoolId).map((a) => [a.code!, a.id]));
  const seen = new Map<string, number>();
  const changes: RowChange[] = [];
  for (const [i, row] of parsed.rows.entries()) {
    const rowIssues: ParentIssue[] = [];
    const issue = (column: string | null, code: ParentIssue['code'], message: string) => rowIssues.push({ line: row.line, column, code, message });
    const name = checkPersonName(row.cells.name);
    if (!name.ok) issue(col('name'), 'NAME_INVALID', `Invalid name (${name.reason})`);
    const username = row.cells.username.toLowerCase();
    if (!USERNAME_RE.test(username)) issue(col('username'), 'USERNAME_INVALID', 'A login name is 3 to 40 characters: a-z, 0-9, ".", "_" or "-", not only digits');
    else if (seen.has(username)) issue(col('username'), 'DUPLICATE_IN_FILE', `"${username}" is also on line ${seen.get(username)}`);
    else seen.set(username, row.line);
    const codes = rowCodes[i]!;
    if (codes.length === 0) issue(col('children'), 'CHILDREN_EMPTY', "No child's ID code");
    if (codes.length > MAX_CHILDREN) issue(col('children'), 'TOO_MANY_CHILDREN', `At most ${MAX_CHILDREN} children per parent`);
    const childIds: string[] = [];
    for (const code of codes) {
      const checked = checkIdCode(code);
      if (!checked.ok) issue(col('children'), 'CHILD_CODE_INVALID', `"${code}" is not an ID code (${checked.reason})`);
      else if (!students.has(checked.value)) issue(col('children'), 'CHILD_NOT_FOUND', `No student with ID code ${checked.value} in this school`);
      else childIds.push(students.get(checked.value)!);
    }
    let existingId: string | null = null;
    let linkIds = [...new Set(childIds)];
    if (USERNAME_RE.test(username)) {
      const existing = await stores.accounts.findByUsername(username);
      if (existing && (existing.role !== 'parent' || existing.schoolId !== schoolId)) issue(col('username'), 'USERNAME_TAKEN', `"${username}" is already used by another account`);
      else if (existing) {
        existingId = existing.id;
        const have = new Set(await stores.schools.childrenOf(existing.id));
        linkIds = linkIds.filter((id) => !have.has(id));
      }
    }
    issues.push(...rowIssues);
    if (rowIssues.length > 0 || !name.ok) continue;
    const action = existingId === null ? 'create' : linkIds.length > 0 ? 'link' : 'unchanged';
    changes.push({ plan: { line: row.line, username, displayName: name.value, childCodes: codes, action }, existingId, linkIds });
  }
  // In file order, as a person fixes them (the parser's whole-row issues come first otherwise).
  return { changes, issues: issues.sort((a, b) => a.line - b.line) };
}
