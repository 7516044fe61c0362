import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { joinUrl, mintJoinToken, randomSecret } from './token.js';

const SECRET = 'bench-secret-0123456789abcdef-0123456789';

describe('mintJoinToken', () => {
  const grant = { lessonId: 'demo', userId: 'bench-student-7', name: 'Học sinh 7', role: 'student' as const };

  it('is base64url(JSON payload) "." base64url(HMAC-SHA256 of the payload part)', () => {
    const token = mintJoinToken(SECRET, grant, 1_000, 60_000);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    const [body, sig] = token.split('.') as [string, string];
    expect(sig).toBe(createHmac('sha256', SECRET).update(body).digest('base64url'));
    expect(JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))).toEqual({ purpose: 'join', exp: 61_000, ...grant });
  });

  it('does not verify with another secret', () => {
    const [body, sig] = mintJoinToken(SECRET, grant).split('.') as [string, string];
    expect(createHmac('sha256', `${SECRET}-other`).update(body).digest('base64url')).not.toBe(sig);
  });

  it('refuses a secret the server would refuse', () => {
    expect(() => mintJoinToken('short', grant)).toThrow(/32/);
  });

  it('puts the token in the fragment of the lesson link', () => {
    expect(joinUrl('http://127.0.0.1:8080/', 'demo', 'abc.def')).toBe('http://127.0.0.1:8080/lesson/demo#t=abc.def');
  });

  it('makes random secrets long enough for the server', () => {
    const s = randomSecret();
    expect(s.length).toBeGreaterThanOrEqual(32);
    expect(randomSecret()).not.toBe(s);
  });
});
