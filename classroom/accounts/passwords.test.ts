import { describe, expect, it } from 'vitest';
import { Argon2PasswordHasher, checkNewPassword, DEFAULT_ARGON2, generateInitialPassword, TEST_ARGON2 } from './passwords.js';

describe('passwords', () => {
  it('hashes with argon2id at the default parameters, and verifies', async () => {
    const hasher = new Argon2PasswordHasher();
    const hash = await hasher.hash('Học sinh chăm ngoan');
    expect(hash.startsWith(`$argon2id$v=19$m=${DEFAULT_ARGON2.memoryCost},t=2,p=1$`)).toBe(true);
    expect(await hasher.verify(hash, 'Học sinh chăm ngoan')).toBe(true);
    expect(await hasher.verify(hash, 'hoc sinh cham ngoan')).toBe(false);
    expect(hasher.needsRehash(hash)).toBe(false);
    expect(new Argon2PasswordHasher(TEST_ARGON2).needsRehash(hash)).toBe(true);
  });

  it('a password typed with combining marks (NFD) verifies against one typed precomposed (NFC)', async () => {
    const hasher = new Argon2PasswordHasher(TEST_ARGON2);
    const hash = await hasher.hash('Mật khẩu của tôi'.normalize('NFC'));
    expect(await hasher.verify(hash, 'Mật khẩu của tôi'.normalize('NFD'))).toBe(true);
  });

  it('a malformed stored hash verifies nothing instead of throwing', async () => {
    expect(await new Argon2PasswordHasher(TEST_ARGON2).verify('not-a-hash', 'x')).toBe(false);
  });

  it.each([
    ['short', 'TOO_SHORT'],
    ['x'.repeat(129), 'TOO_LONG'],
    ['079206001234', 'SAME_AS_LOGIN'],
    ['12345678', 'TOO_COMMON'],
    ['aaaaaaaaaa', 'TOO_COMMON'],
    ['Matkhau123', 'TOO_COMMON'],
    ['con mèo trèo cây cau', null],
  ])('checkNewPassword(%j) is %s', (pw, problem) => {
    expect(checkNewPassword(pw, { logins: ['079206001234', null] })).toBe(problem);
  });

  it('generated first passwords are 10 unambiguous characters and differ', () => {
    const a = generateInitialPassword();
    expect(a).toMatch(/^[a-hjkmnp-z2-9]{10}$/);
    expect(new Set(Array.from({ length: 50 }, () => generateInitialPassword())).size).toBe(50);
  });
});
