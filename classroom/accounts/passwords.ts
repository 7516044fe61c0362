/**
 * Password hashing (argon2id), the password rules, and generated first passwords.
 *
 * Parameters: m = 19 MiB, t = 2, p = 1, the OWASP Password Storage Cheat Sheet's first argon2id
 * choice. Why not RFC 9106's 64 MiB: a whole class logs in in the same minute at the start of
 * a lesson, on a 2-core server; at 19 MiB a verify takes ~10-15 ms of one core (measured on the
 * CI machine) and four concurrent ones (libuv's pool) hold 76 MiB, which keeps a login wave of
 * 45 students under a second without starving the media, while each guess still costs an
 * attacker 19 MiB of memory. Hashes carry their parameters, so raising them later only needs a
 * new setting: `needsRehash` tells the login to upgrade a hash once the password is known.
 */
import { randomInt } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** Algorithm.Argon2id: an ambient const enum, which verbatimModuleSyntax cannot inline. */
const ARGON2ID = 2 as Algorithm;

export interface Argon2Params {
  /** KiB. Default 19456 (19 MiB). */
  memoryCost: number;
  /** Passes. Default 2. */
  timeCost: number;
  /** Lanes. Default 1. */
  parallelism: number;
}

export const DEFAULT_ARGON2: Argon2Params = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
/** For tests only: the cheapest parameters argon2 accepts. */
export const TEST_ARGON2: Argon2Params = { memoryCost: 1024, timeCost: 1, parallelism: 1 };

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a malformed hash (never throws for those). */
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** True when the hash was made with other parameters than the current ones. */
  needsRehash(passwordHash: string): boolean;
}

export class Argon2PasswordHasher implements PasswordHasher {
  readonly #params: Argon2Params;
  readonly #marker: string;

  constructor(params: Argon2Params = DEFAULT_ARGON2) {
    this.#params = params;
    this.#marker = `$argon2id$v=19$m=${params.memoryCost},t=${params.timeCost},p=${params.parallelism}$`;
  }

  hash(password: string): Promise<string> {
    return hash(normalizePassword(password), { algorithm: ARGON2ID, ...this.#params });
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    try {
      return await verify(passwordHash, normalizePassword(password));
    } catch {
      return false;
    }
  }

  needsRehash(passwordHash: string): boolean {
    return !passwordHash.startsWith(this.#marker);
  }
}

/**
 * Vietnamese keyboards (Telex, VNI) may produce a letter precomposed on one device and as base
 * + combining marks on another; the same typed password must verify on both (NIST SP 800-63B
 * 5.1.1.2 asks for normalization too).
 */
export function normalizePassword(password: string): string {
  return password.normalize('NFC');
}

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 128;

export type PasswordProblem = 'TOO_SHORT' | 'TOO_LONG' | 'SAME_AS_LOGIN' | 'TOO_COMMON' | 'SAME_AS_OLD';

const COMMON = new Set([
  '12345678', '123456789', '1234567890', '87654321', '11111111', '00000000', '88888888', '66666666',
  'password', 'password1', 'matkhau', 'matkhau1', 'matkhau123', 'abc12345', 'abcd1234', 'qwertyui',
  'qwerty123', 'iloveyou', 'hocsinh1', 'giaovien', 'vietnam1', 'anhyeuem', 'emyeuanh',
]);

/**
 * The rules for a password a person chooses (NIST SP 800-63B: length, not a known-bad value;
 * no composition rules, which only produce "Matkhau@1"): 8 to 128 characters, not the login
 * name or ID code, not a very common password, not the current one.
 */
export function checkNewPassword(password: string, context: { logins: readonly (string | null)[]; currentMatches?: boolean }): PasswordProblem | null {
  const pw = normalizePassword(password);
  const length = [...pw].length;
  if (length < MIN_PASSWORD_LENGTH) return 'TOO_SHORT';
  if (length > MAX_PASSWORD_LENGTH) return 'TOO_LONG';
  const lower = pw.toLowerCase();
  if (context.logins.some((l) => l !== null && l.toLowerCase() === lower)) return 'SAME_AS_LOGIN';
  if (COMMON.has(lower) || /^(.)\1+$/u.test(pw)) return 'TOO_COMMON';
  if (context.currentMatches) return 'SAME_AS_OLD';
  return null;
}

/** No 0/O, 1/l/I: the password is read off paper and typed on a phone. */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * A first password for an imported or reset account: 10 characters from 31 (about 49 bits),
 * ample for a one-time secret that login throttling protects and that must be changed at the
 * first login.
 */
export function generateInitialPassword(length = 10): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}
