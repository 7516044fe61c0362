import { describe, expect, it } from 'vitest';
import { OriginPolicy } from './origins.js';

describe('OriginPolicy (issue 13.2)', () => {
  it('with a public URL (behind a TLS proxy): its origin, the listed ones and the own host under its scheme; scheme, host and port compared', () => {
    const p = new OriginPolicy({ publicUrl: 'https://lophoc.truong.edu.vn/', allowedOrigins: ['https://hoc.truong.edu.vn:8443'], tls: false });
    const host = 'lophoc.truong.edu.vn';
    expect(p.allows('https://lophoc.truong.edu.vn', host)).toBe(true);
    expect(p.allows('HTTPS://LOPHOC.truong.edu.vn:443', host)).toBe(true);
    expect(p.allows('https://hoc.truong.edu.vn:8443', host)).toBe(true);
    expect(p.allows('https://lophoc.truong.edu.vn', '10.0.0.5:8080')).toBe(true);
    expect(p.allows('https://10.0.0.5:8080', '10.0.0.5:8080')).toBe(true);
    for (const origin of ['http://lophoc.truong.edu.vn', 'https://lophoc.truong.edu.vn:8443', 'https://evil.lophoc.truong.edu.vn', 'https://truong.edu.vn', 'null', 'garbage']) {
      expect(p.allows(origin, host), origin).toBe(false);
    }
    expect(p.allows('http://10.0.0.5:8080', '10.0.0.5:8080')).toBe(false);
  });

  it("without a public URL: the request's own host, with the server's scheme", () => {
    const plain = new OriginPolicy({ allowedOrigins: [], tls: false });
    expect(plain.allows('http://10.0.0.5:8080', '10.0.0.5:8080')).toBe(true);
    expect(plain.allows('https://10.0.0.5:8080', '10.0.0.5:8080')).toBe(false);
    expect(plain.allows('http://10.0.0.5:8081', '10.0.0.5:8080')).toBe(false);
    expect(plain.allows('http://10.0.0.5:8080', '')).toBe(false);
    const tls = new OriginPolicy({ allowedOrigins: [], tls: true });
    expect(tls.allows('https://lophoc.local', 'lophoc.local')).toBe(true);
    expect(tls.allows('https://lophoc.local', 'lophoc.local:443')).toBe(true);
    expect(tls.allows('http://lophoc.local', 'lophoc.local')).toBe(false);
  });

  it('a request without Origin (not a browser) is let through: it still needs its credentials', () => {
    expect(new OriginPolicy({ publicUrl: 'https://lophoc.truong.edu.vn', allowedOrigins: [], tls: true }).allows('', 'x')).toBe(true);
  });
});
