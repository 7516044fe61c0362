import { defineConfig } from 'vite';

/**
 * The browser client. Run from the repository root:
 *   npm run build:client   -> dist/client/ (served by the signaling server)
 *   npx vite --config client/vite.config.ts   (dev server; /ws is proxied to CLASSROOM_SERVER,
 *   default http://localhost:8080)
 * JSX goes through Vite's own Oxc transform (automatic runtime, Preact) instead of
 * @preact/preset-vite, which is not a dependency.
 */
const clientDir = decodeURIComponent(new URL('.', import.meta.url).pathname);
const serverUrl = globalThis.process?.env?.['CLASSROOM_SERVER'] ?? 'http://localhost:8080';

export default defineConfig({
  root: clientDir,
  // Absolute asset URLs: the app is served at /lesson/<id> as well as at /.
  base: '/',
  publicDir: false,
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: `${clientDir}../dist/client`,
    emptyOutDir: true,
    sourcemap: true,
    // One small app: a single JS chunk loads faster on a weak 3G link than several round trips.
    assetsInlineLimit: 4096,
  },
  server: {
    proxy: {
      '/ws': { target: serverUrl, ws: true, changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      '/ws': { target: serverUrl, ws: true, changeOrigin: true },
    },
  },
});
