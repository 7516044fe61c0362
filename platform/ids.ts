import { randomBytes } from 'node:crypto';

/** A random, URL-safe identifier: 128 bits, with an optional readable prefix ("ptc_..."). */
export function newId(prefix?: string): string {
  const id = randomBytes(16).toString('base64url');
  return prefix ? `${prefix}_${id}` : id;
}

/** A random secret of `bytes` bytes, base64url. */
export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
