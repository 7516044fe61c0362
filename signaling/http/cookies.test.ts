import { describe, expect, it } from 'vitest';
import { parseCookies, sessionCookie } from './cookies.js';

describe('cookies', () => {
  it('parses a Cookie header and ignores malformed parts', () => {
    const c = parseCookies('a=1; lophoc_session=abc%2Bdef; bad; x=%E0%A4%A');
    expect(c.get('a')).toBe('1');
    expect(c.get('lophoc_session')).toBe('abc+def');
    expect(c.has('x')).toBe(false);
  });

  it('the session cookie is HttpOnly, SameSite and Secure over HTTPS', () => {
    const v = sessionCookie('tok', 3600, true);
    expect(v).toMatch(/HttpOnly/);
    expect(v).toMatch(/SameSite=Lax/);
    expect(v).toMatch(/Secure/);
    expect(sessionCookie('tok', 3600, false)).not.toMatch(/Secure/);
  });
});
