import { describe, expect, it } from 'vitest';
import { isOurJanus, pickFreePort } from './processes.js';

describe('process helpers', () => {
  it('isOurJanus() matches only a Janus started with our config folder', () => {
    expect(isOurJanus(['/usr/bin/janus', '-F', '/run/sfu/janus-0', '-C', '/run/sfu/janus-0/janus.jcfg'], '/run/sfu/janus-0')).toBe(true);
    expect(isOurJanus(['/usr/bin/janus', '-F', '/run/sfu/janus-01'], '/run/sfu/janus-0')).toBe(false);
    expect(isOurJanus(['/usr/bin/janus', '-C', '/run/sfu/janus-0/janus.jcfg'], '/run/sfu/janus-0')).toBe(false);
    expect(isOurJanus(['/bin/sleep', '100', '/run/sfu/janus-0'], '/run/sfu/janus-0')).toBe(false);
  });

  it('pickFreePort() returns a usable port', async () => {
    const port = await pickFreePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65536);
  });
});
