import { describe, expect, it } from 'vitest';
import { NotAuthenticatedError } from './errors.js';
import { signToken, verifyToken } from './signedToken.js';

const secret = 'test-secret-0123456789abcdef';
const now = 1_800_000_000_000;

describe('signed tokens', () => {
  it('verifyToken() returns the payload of a genuine, unexpired token', () => {
    const t = signToken({ exp: now + 60_000, purpose: 'join', lesson: 'l1' }, secret);
    expect(verifyToken(t, secret, 'join', now)).toMatchObject({ lesson: 'l1', purpose: 'join' });
  });

  it('verifyToken() refuses an expired token with a message a user understands', () => {
    const t = signToken({ exp: now - 1, purpose: 'join' }, secret);
    expect(() => verifyToken(t, secret, 'join', now)).toThrow(/expired/);
  });

  it('verifyToken() refuses a token whose payload was changed', () => {
    const t = signToken({ exp: now + 60_000, purpose: 'join', role: 'student' }, secret);
    const [, sig] = t.split('.');
    const forged = `${Buffer.from(JSON.stringify({ exp: now + 60_000, purpose: 'join', role: 'teacher' })).toString('base64url')}.${sig}`;
    expect(() => verifyToken(forged, secret, 'join', now)).toThrow(NotAuthenticatedError);
  });

  it('verifyToken() refuses a token signed with another secret or minted for another purpose', () => {
    const t = signToken({ exp: now + 60_000, purpose: 'join' }, 'other-secret');
    expect(() => verifyToken(t, secret, 'join', now)).toThrow(NotAuthenticatedError);
    const r = signToken({ exp: now + 60_000, purpose: 'resume' }, secret);
    expect(() => verifyToken(r, secret, 'join', now)).toThrow(NotAuthenticatedError);
  });

  it.each(['', 'abc', 'a.b.c', '.x', 'x'.repeat(5000), '%%%.###'])('verifyToken() refuses garbage %#', (garbage) => {
    expect(() => verifyToken(garbage, secret, 'join', now)).toThrow(NotAuthenticatedError);
  });
});
