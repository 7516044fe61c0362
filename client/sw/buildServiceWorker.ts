/**
 * Vite plugin: bundles client/sw/serviceWorker.ts into `sw.js` at the root of the build (a
 * service worker controls the paths under its own, so it must be served from `/`, and under a
 * fixed name, which the browser re-fetches to find a new version). One classic script without
 * imports, made by esbuild (already the server's bundler), added to the bundle so that the
 * build's precompression covers it too.
 */
import { build } from 'esbuild';
import type { Plugin } from 'vite';

const ENTRY = decodeURIComponent(new URL('./serviceWorker.ts', import.meta.url).pathname);

export function buildServiceWorker(): Plugin {
  return {
    name: 'lophoc-service-worker',
    apply: 'build',
    async generateBundle() {
      const result = await build({ entryPoints: [ENTRY], bundle: true, write: false, format: 'iife', target: 'es2022', minify: true, legalComments: 'none', logLevel: 'warning' });
      const code = result.outputFiles[0]?.text;
      if (!code) throw new Error('esbuild gave no output for the service worker');
      this.emitFile({ type: 'asset', fileName: 'sw.js', source: code });
    },
  };
}
