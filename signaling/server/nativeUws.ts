/**
 * Loads uWebSockets.js and proves it is the native binary. The npm package we use silently
 * falls back to a slow pure-JS implementation when the binary cannot load; a classroom server
 * on the fallback would fail under load, so we refuse to start instead.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);

export type Uws = typeof import('uWebSockets.js');

export function loadNativeUws(): Uws {
  if (/^(1|true)$/i.test(process.env.UWS_USE_FALLBACK ?? '')) {
    throw new Error('UWS_USE_FALLBACK is set: refusing to run on the JavaScript fallback of uWebSockets.js');
  }
  const pkgDir = dirname(require.resolve('uWebSockets.js/package.json'));
  const binary = join(pkgDir, 'binaries', `uws_${process.platform}_${process.arch}_${process.versions.modules}.node`);
  let native: unknown;
  try {
    native = require(binary);
  } catch (cause) {
    throw new Error(
      `uWebSockets.js has no native binary for this platform (${binary}): ${(cause as Error).message}. ` +
        'Use Node 20 on linux-x64/arm64 (or darwin), or install a matching uWebSockets.js build.',
      { cause },
    );
  }
  const loaded = require('uWebSockets.js') as Uws;
  if (loaded !== native) throw new Error('uWebSockets.js loaded its JavaScript fallback instead of the native binary');
  return loaded;
}
