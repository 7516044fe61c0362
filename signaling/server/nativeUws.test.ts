import { afterEach, describe, expect, it } from 'vitest';
import { loadNativeUws } from './nativeUws.js';

describe('loadNativeUws', () => {
  const saved = process.env.UWS_USE_FALLBACK;
  afterEach(() => {
    if (saved === undefined) delete process.env.UWS_USE_FALLBACK;
    else process.env.UWS_USE_FALLBACK = saved;
  });

  it('loads the native binary of uWebSockets.js on this platform', () => {
    const uws = loadNativeUws();
    expect(typeof uws.App).toBe('function');
    expect(typeof uws.LIBUS_LISTEN_EXCLUSIVE_PORT).toBe('number');
  });

  it('refuses to run on the JavaScript fallback, with a message that says why', () => {
    process.env.UWS_USE_FALLBACK = '1';
    expect(() => loadNativeUws()).toThrow(/refusing to run on the JavaScript fallback/);
  });
});
