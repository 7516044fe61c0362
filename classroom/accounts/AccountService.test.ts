import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock, NotAuthenticatedError, NotAuthorizedError, RateLimitedError, ValidationError } from '../../platform/index.js';
import { hasher, openTestStorage, PASSWORD, seedWorld, type TestStorage, type World } from '../__fixtures__/world.js';
import { AccountService } from './AccountService.js';
import { Argon2PasswordHasher, type PasswordHasher } from './passwords.js';
import { requireFullSession, SessionService } from './SessionService.js';

const MIN = 60_000;
const HOUR = 60 * MIN;

let t: TestStorage;
let clock: ManualClock;
let world: World;
let sessions: SessionService;
let accounts: AccountService;
const origin = { ip: '203.0.113.7', userAgent: 'Chrome/130 Android' };

beforeEach(async () => {
  t = await openTestStorage();
  clock = new ManualClock();
  world = await seedWorld(t.storage, clock);
  sessions = new SessionService(t.storage, clock);
  accounts = new AccountService(t.storage, { clock, hasher, sessions });
});
afterEach(() => t.dispose());

const kinds = async (userId: string) => (await t.storage.authEvents.forUser(userId)).map((e) => [e.kind, e.detail]).reverse();

describe('AccountService.login', () => {
  it('logs in by ID code or by username (any case) and records the login', async () => {
    const byCode = await accounts.login({ login: ' 079100000001 ', password: PASSWORD, ...origin });
    expect(byCode.account.id).toBe('u_teacher');
    expect(byCode.account).not.toHaveProperty('passwordHash');
    const byName = await accounts.login({ login: 'QuanTri', password: PASSWORD, ...origin });
    expect(byName.account.role).toBe('admin');
    expect((await sessions.resolve(byName.token)).account.id).toBe('u_admin');
    const [event] = await t.storage.authEvents.forUser('u_teacher');
    expect(event).toMatchObject({ kind: 'login_succeeded', login: '079100000001', ip: origin.ip, userAgent: origin.userAgent });
  });

  it('answers a wrong password, an unknown code and a disabled account alike, and records why', async () => {
    const attempts = [
      accounts.login({ login: '079100000001', password: 'wrong-password', ...origin }),
      accounts.login({ login: '0799999999', password: PASSWORD, ...origin }),
    ];
    await t.storage.accounts.updateProfile('u_student', { disabled: true }, clock.now());
    attempts.push(accounts.login({ login: '0791000101', password: PASSWORD, ...origin }));
    const errors = await Promise.all(attempts.map((p) => p.catch((e: unknown) => e)));
    for (const e of errors) expect(e).toEqual(new NotAuthenticatedError('Wrong ID code, username or password'));
    expect(await kinds('u_teacher')).toEqual([['login_failed', 'bad_password']]);
    expect(await kinds('u_student')).toEqual([['login_failed', 'disabled']]);
    const unknown = (await t.storage.authEvents.forSchool('sch_1')).length;
    expect(unknown).toBe(2); // the unknown login has no school
  });

  it('refuses empty or absurd input before touching the database', async () => {
    await expect(accounts.login({ login: '  ', password: PASSWORD, ...origin })).rejects.toBeInstanceOf(ValidationError);
    await expect(accounts.login({ login: 'quantri', password: '', ...origin })).rejects.toBeInstanceOf(ValidationError);
  });

  it('locks an account for a minute after 5 failures in 15 minutes, then for 2 minutes, even with the right password', async () => {
    const fail = () => accounts.login({ login: '0791000101', password: 'nope-nope', ...origin }).catch((e: unknown) => e);
    for (let i = 0; i < 5; i++) expect(await fail()).toBeInstanceOf(NotAuthenticatedError);
    const locked = await accounts.login({ login: '0791000101', password: PASSWORD, ...origin }).catch((e: unknown) => e);
    expect(locked).toBeInstanceOf(RateLimitedError);
    expect((locked as RateLimitedError).retryAfterSeconds).toBe(60);
    clock.advance(MIN);
    for (let i = 0; i < 5; i++) await fail();
    clock.advance(MIN);
    expect(await accounts.login({ login: '0791000101', password: PASSWORD, ...origin }).catch((e: unknown) => e)).toBeInstanceOf(RateLimitedError);
    clock.advance(MIN);
    expect((await accounts.login({ login: '0791000101', password: PASSWORD, ...origin })).account.id).toBe('u_student');
    await t.storage.authEvents.flush();
    const events = await kinds('u_student');
    // The refusals are merged into one record with their count (AuthEventLog.recordRefusal).
    expect(events.filter(([k]) => k === 'login_locked').map(([, d]) => d?.split(';')[0])).toEqual(['refused:2']);
    expect(events.filter(([, d]) => d === 'bad_password;locked')).toHaveLength(2);
  });

  it('the lock of one account leaves classmates behind the same IP alone', async () => {
    for (let i = 0; i < 5; i++) await accounts.login({ login: '0791000101', password: 'nope-nope', ...origin }).catch(() => undefined);
    expect((await accounts.login({ login: '0791000102', password: PASSWORD, ...origin })).account.id).toBe('u_student2');
  });

  it('locks an IP after 50 failures in 15 minutes, whichever logins it tries', async () => {
    for (let i = 0; i < 50; i++) {
      await accounts.login({ login: `07900000${String(i).padStart(2, '0')}`, password: 'guess-guess', ...origin }).catch(() => undefined);
    }
    const fromThatIp = await accounts.login({ login: 'quantri', password: PASSWORD, ...origin }).catch((e: unknown) => e);
    expect(fromThatIp).toBeInstanceOf(RateLimitedError);
    expect((await accounts.login({ login: 'quantri', password: PASSWORD, ip: '198.51.100.1' })).account.id).toBe('u_admin');
  });

  it('upgrades a hash made with older parameters at the next successful login', async () => {
    const stronger = new AccountService(t.storage, { clock, hasher: new Argon2PasswordHasher({ memoryCost: 2048, timeCost: 1, parallelism: 1 }), sessions });
    await stronger.login({ login: 'quantri', password: PASSWORD, ...origin });
    expect((await t.storage.accounts.get('u_admin'))?.passwordHash).toContain('m=2048,');
  });
});

describe('first login', () => {
  it('an account with a generated password may only change it, then gets a full session and loses its other sessions', async () => {
    await t.storage.accounts.setPassword('u_student', await hasher.hash('abcd2345ef'), true, clock.now());
    const other = await accounts.login({ login: '0791000101', password: 'abcd2345ef', ...origin });
    const first = await accounts.login({ login: '0791000101', password: 'abcd2345ef', ...origin });
    expect(first.mustChangePassword).toBe(true);
    const resolved = await sessions.resolve(first.token);
    expect(() => requireFullSession(resolved)).toThrow(NotAuthorizedError);

    const change = { token: first.token, currentPassword: 'abcd2345ef', ...origin };
    await expect(accounts.changePassword({ ...change, newPassword: '0791000101' })).rejects.toMatchObject({ details: { reason: 'SAME_AS_LOGIN' } });
    await expect(accounts.changePassword({ ...change, newPassword: 'abcd2345ef' })).rejects.toMatchObject({ details: { reason: 'SAME_AS_OLD' } });
    await expect(accounts.changePassword({ ...change, currentPassword: 'wrong', newPassword: 'hoa sen trong đầm' })).rejects.toBeInstanceOf(NotAuthenticatedError);
    await accounts.changePassword({ ...change, newPassword: 'hoa sen trong đầm' });

    const after = await sessions.resolve(first.token);
    expect(after.passwordChangeOnly).toBe(false);
    expect(() => requireFullSession(after)).not.toThrow();
    await expect(sessions.resolve(other.token)).rejects.toBeInstanceOf(NotAuthenticatedError);
    expect((await accounts.login({ login: '0791000101', password: 'hoa sen trong đầm', ...origin })).mustChangePassword).toBe(false);
    expect((await kinds('u_student')).map(([k]) => k)).toEqual(['login_succeeded', 'login_succeeded', 'password_changed', 'login_succeeded']);
  });

  it('a first-login session that is not used to change the password ends after 15 minutes', async () => {
    await t.storage.accounts.setPassword('u_student', await hasher.hash('abcd2345ef'), true, clock.now());
    const first = await accounts.login({ login: '0791000101', password: 'abcd2345ef', ...origin });
    clock.advance(15 * MIN);
    await expect(sessions.resolve(first.token)).rejects.toBeInstanceOf(NotAuthenticatedError);
  });
});

describe('sessions', () => {
  it('end after 2 idle hours, are extended by use, and never outlive 12 hours', async () => {
    const { token } = await accounts.login({ login: 'quantri', password: PASSWORD, ...origin });
    for (let i = 0; i < 11; i++) {
      clock.advance(HOUR);
      await sessions.resolve(token);
    }
    clock.advance(HOUR - 1);
    expect((await sessions.resolve(token)).expiresAt).toBe(clock.now() + 1);
    clock.advance(1);
    await expect(sessions.resolve(token)).rejects.toBeInstanceOf(NotAuthenticatedError);

    const idle = await accounts.login({ login: 'quantri', password: PASSWORD, ...origin });
    clock.advance(2 * HOUR);
    await expect(sessions.resolve(idle.token)).rejects.toBeInstanceOf(NotAuthenticatedError);
  });

  it('logout ends the session, is recorded once, and is idempotent', async () => {
    const { token } = await accounts.login({ login: '079100000001', password: PASSWORD, ...origin });
    await sessions.logout(token, origin);
    await sessions.logout(token, origin);
    await sessions.logout('garbage', origin);
    await expect(sessions.resolve(token)).rejects.toBeInstanceOf(NotAuthenticatedError);
    expect((await kinds('u_teacher')).map(([k]) => k)).toEqual(['login_succeeded', 'logout']);
  });

  it('stores only a hash of the token, and rejects malformed tokens without a lookup', async () => {
    const { token } = await accounts.login({ login: 'quantri', password: PASSWORD, ...origin });
    const rows = await t.storage.db.all<{ token_hash: string }>('SELECT token_hash FROM sessions');
    expect(rows.map((r) => r.token_hash)).not.toContain(token);
    await expect(sessions.resolve(`${token}x`)).rejects.toBeInstanceOf(NotAuthenticatedError);
  });

  it('a disabled account loses its sessions', async () => {
    const { token } = await accounts.login({ login: '0791000101', password: PASSWORD, ...origin });
    await accounts.setDisabled(await world.actor('admin'), 'u_student', true);
    await expect(sessions.resolve(token)).rejects.toBeInstanceOf(NotAuthenticatedError);
  });
});

describe('password reset', () => {
  it('only an admin of the school resets a password; the new one is temporary and old sessions end', async () => {
    const { token } = await accounts.login({ login: '0791000101', password: PASSWORD, ...origin });
    await expect(accounts.resetPassword(await world.actor('teacher'), 'u_student', origin)).rejects.toBeInstanceOf(NotAuthorizedError);
    const { initialPassword } = await accounts.resetPassword(await world.actor('admin'), 'u_student', origin);
    await expect(sessions.resolve(token)).rejects.toBeInstanceOf(NotAuthenticatedError);
    const again = await accounts.login({ login: '0791000101', password: initialPassword, ...origin });
    expect(again.mustChangePassword).toBe(true);
    expect((await kinds('u_student')).map(([k]) => k)).toContain('password_reset');
  });
});

/** The real (cheap) hasher, counting the verifications it ran: what a guesser gets checked. */
class CountingHasher implements PasswordHasher {
  verifies = 0;
  readonly #inner = hasher;
  hash(password: string): Promise<string> {
    return this.#inner.hash(password);
  }
  verify(passwordHash: string, password: string): Promise<boolean> {
    this.verifies++;
    return this.#inner.verify(passwordHash, password);
  }
  needsRehash(passwordHash: string): boolean {
    return this.#inner.needsRehash(passwordHash);
  }
}

describe('concurrent bursts (issue 13.1): every attempt is counted before its password is checked', () => {
  let counting: CountingHasher;
  let guarded: AccountService;
  beforeEach(() => {
    counting = new CountingHasher();
    guarded = new AccountService(t.storage, { clock, hasher: counting, sessions });
  });
  const outcome = (p: Promise<unknown>) =>
    p.then(
      () => 'ok',
      (e: unknown) => (e instanceof RateLimitedError ? 'locked' : e instanceof NotAuthenticatedError ? 'wrong' : String(e)),
    );

  it('40 wrong passwords and then the right one, all at once from one IP: at most 5 checked, the right one is refused too', async () => {
    const burst = Array.from({ length: 40 }, () => outcome(guarded.login({ login: '0791000101', password: 'nope-nope', ...origin })));
    burst.push(outcome(guarded.login({ login: '0791000101', password: PASSWORD, ...origin })));
    const results = await Promise.all(burst);
    expect(counting.verifies).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r === 'wrong')).toHaveLength(5);
    expect(results.at(-1)).toBe('locked');
    expect(results.filter((r) => r === 'locked')).toHaveLength(36);
  });

  it('499 concurrent wrong passwords for one account: at most 5 checked', async () => {
    const results = await Promise.all(Array.from({ length: 499 }, () => outcome(guarded.login({ login: '0791000101', password: 'nope-nope', ...origin }))));
    expect(counting.verifies).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r !== 'locked').length).toBeLessThanOrEqual(5);
  });

  it('500 concurrent unknown codes from one IP: at most 50 checked', async () => {
    const results = await Promise.all(
      Array.from({ length: 500 }, (_, i) => outcome(guarded.login({ login: `0799${String(i).padStart(6, '0')}`, password: 'guess-guess', ...origin }))),
    );
    expect(counting.verifies).toBeLessThanOrEqual(50);
    expect(results.filter((r) => r === 'wrong').length).toBeLessThanOrEqual(50);
    expect(results.filter((r) => r === 'locked').length).toBeGreaterThanOrEqual(450);
  });

  it('a password change under a burst of wrong current passwords: at most 5 checked', async () => {
    const { token } = await guarded.login({ login: '0791000101', password: PASSWORD, ...origin });
    counting.verifies = 0;
    const results = await Promise.all(
      Array.from({ length: 30 }, () => outcome(guarded.changePassword({ token, currentPassword: 'nope-nope', newPassword: 'hoa sen trong đầm', ...origin }))),
    );
    expect(counting.verifies).toBeLessThanOrEqual(5);
    expect(results.filter((r) => r === 'locked').length).toBeGreaterThanOrEqual(25);
  });

  it('a successful login is not counted against its IP: a classroom behind one address keeps its budget', async () => {
    for (let i = 0; i < 49; i++) await guarded.login({ login: `0799${String(i).padStart(6, '0')}`, password: 'guess-guess', ...origin }).catch(() => undefined);
    await guarded.login({ login: '0791000102', password: PASSWORD, ...origin });
    // The 50th failure is still allowed to be checked (and locks the IP).
    expect(await outcome(guarded.login({ login: '0799999999', password: 'guess-guess', ...origin }))).toBe('wrong');
    expect(await outcome(guarded.login({ login: '0791000101', password: PASSWORD, ...origin }))).toBe('locked');
  });
});
