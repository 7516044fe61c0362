import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import { buildServiceWorker } from './sw/buildServiceWorker.js';
import { inlineJoinEntry } from './joinEntry/inlineJoinEntry.js';

/**
 * The browser client. Run from the repository root:
 *   npm run build:client   -> dist/client/ (served by the signaling server)
 *   npx vite --config client/vite.config.ts   (dev server; /ws and /api are proxied to
 *   CLASSROOM_SERVER, default http://localhost:8080)
 * JSX goes through Vite's own Oxc transform (automatic runtime, Preact) instead of
 * @preact/preset-vite, which is not a dependency.
 */
const clientDir = decodeURIComponent(new URL('.', import.meta.url).pathname);
const serverUrl = globalThis.process?.env?.['CLASSROOM_SERVER'] ?? 'http://localhost:8080';

/**
 * mediasoup-client is CommonJS, so the bundler cannot drop what the page never uses: Device.js
 * requires the React Native handler, and every logger goes through `debug`, which prints only
 * when localStorage.debug is set. The React Native handler is answered by a stub that refuses (a
 * browser never picks it: mediasoup-client chooses it only when navigator.product is
 * 'ReactNative'), `debug` by a silent logger (client/media/transport/silentDebug.js): ~6 kB
 * gzipped less on the way to the first sound (issue 10). The package index, which
 * handlers/sdp/RemoteSdp.js requires (`require("../../")`) only for the version it writes into the
 * SDP, is answered by that version alone: the index would bring the test FakeHandler, its fake
 * parameters and fake-mediastreamtrack (~6 kB gzipped). client/bundle.int.test.ts checks the three that are gone.
 */
const MEDIASOUP_DEVICE = decodeURIComponent(new URL('../node_modules/mediasoup-client/lib/Device.js', import.meta.url).pathname);
const NO_REACT_NATIVE = '\0lophoc:no-react-native';
const MEDIASOUP_VERSION = '\0lophoc:mediasoup-client-version';
const SILENT_DEBUG = decodeURIComponent(new URL('./media/transport/silentDebug.js', import.meta.url).pathname);
/**
 * protobufjs uses long.js for 64-bit fields when it finds it (3.4 kB gzipped in the entry chunk).
 * The code is generated with --force-number and the client's codec reads every 64-bit field
 * through `num()` (client/net/codecEnums.ts), which takes numbers: without long.js protobufjs
 * reads and writes them as numbers (our 64-bit fields are milliseconds, far below 2^53).
 */
const NO_LONG = '\0lophoc:no-long';
/**
 * The generated protobuf code (proto/gen/classroom.js, 257 kB minified: a quarter of the first
 * JS on a weak link) is replaced for the browser by the same namespace built from a field table
 * (proto/wire/browserRoot.ts, ~6 kB gzip); the server keeps the generated code. vitest.config.ts
 * does the same for the client tests, so they run the codec the browser runs.
 */
export const BROWSER_PROTO_ALIAS = {
  find: /^(\.\.?\/)+gen\/classroom\.js$/,
  replacement: decodeURIComponent(new URL('../proto/wire/browserRoot.ts', import.meta.url).pathname),
};
function trimMediasoupClient(): Plugin {
  return {
    name: 'lophoc-trim-libraries',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source === 'long' && importer?.includes('/node_modules/protobufjs/')) return NO_LONG;
      if (!importer?.includes('/node_modules/mediasoup-client/lib/')) return null;
      if (/\/handlers\/ReactNative106(\.js)?$/.test(source)) return NO_REACT_NATIVE;
      if (source === '../../' && importer.endsWith('/handlers/sdp/RemoteSdp.js')) return MEDIASOUP_VERSION;
      return null;
    },
    load(id) {
      if (id === NO_REACT_NATIVE) {
        return "export class ReactNative106 { static createFactory() { throw new Error('mediasoup-client: React Native is not part of this build'); } }";
      }
      if (id === NO_LONG) return 'export default null;';
      if (id === MEDIASOUP_VERSION) {
        const { version } = JSON.parse(readFileSync(new URL('../node_modules/mediasoup-client/package.json', import.meta.url), 'utf8')) as { version: string };
        return `export const version = ${JSON.stringify(version)};`;
      }
      return null;
    },
  };
}

/**
 * Every compressible file of the build also as `.br` (quality 11) and `.gz` (level 9), made once
 * here rather than by the server at start-up (brotli at its best is slow) or per request.
 * signaling/http/staticFiles.ts serves them to browsers that accept them: brotli is ~17 % smaller
 * than gzip on the entry chunk (browsers offer it over https). Source maps are left as they are.
 */
function precompress(): Plugin {
  return {
    name: 'lophoc-precompress',
    apply: 'build',
    // After writing, so that index.html (made by Vite's own plugin) is there too.
    writeBundle(options, bundle) {
      const dir = options.dir ?? `${clientDir}../dist/client`;
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|mjs|css|html|svg|json|txt)$/.test(fileName)) continue;
        const source = readFileSync(join(dir, fileName));
        if (source.length <= 512) continue;
        const br = brotliCompressSync(source, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: source.length } });
        writeFileSync(join(dir, `${fileName}.br`), br);
        writeFileSync(join(dir, `${fileName}.gz`), gzipSync(source, { level: 9 }));
      }
    },
  };
}

/**
 * The app's entry (client/main.tsx) and every module it imports statically, computed from the
 * module graph (until session 15 a list of patterns named what the app imports lazily instead).
 */
const APP_ENTRY = `${clientDir}main.tsx`;
const HTTP_SHAPES = /\/node_modules\/zod\/|\/proto\/http\//;
interface ModuleGraph {
  getModuleInfo: (id: string) => { importedIds: readonly string[] } | null;
}
let appModules: Set<string> | null = null;
function inAppStatically(id: string, graph: ModuleGraph): boolean {
  if (!appModules) {
    const seen = new Set<string>();
    const stack = [APP_ENTRY];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(graph.getModuleInfo(next)?.importedIds ?? []));
    }
    appModules = seen;
  }
  // index.html itself (the entry module that imports the app) and Vite's helpers go with the app too.
  // Not the HTTP shapes and zod: proto/index.ts re-exports them, so they are in the graph, but only
  // the lazily loaded pages use them (~7 kB gzip that would otherwise come before the join page).
  if (HTTP_SHAPES.test(id)) return false;
  return appModules.has(id) || id.endsWith('.html') || id.startsWith('\0vite/');
}

export default defineConfig({
  root: clientDir,
  plugins: [trimMediasoupClient(), inlineJoinEntry(), buildServiceWorker(), precompress()],
  // Absolute asset URLs: the app is served at /lesson/<id> as well as at /.
  base: '/',
  publicDir: false,
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  resolve: {
    // Bare imports go through the resolver before the plugin sees them: aliased here.
    alias: [
      BROWSER_PROTO_ALIAS,
      { find: /^mediasoup-client$/, replacement: MEDIASOUP_DEVICE },
      { find: /^debug$/, replacement: SILENT_DEBUG },
    ],
  },
  build: {
    outDir: `${clientDir}../dist/client`,
    emptyOutDir: true,
    sourcemap: true,
    // One small app: the code every user needs is one chunk (a single round trip on a weak 3G
    // link); only the teacher's and the administrator's pages are separate chunks, loaded on
    // first use, so that students' phones never download them.
    assetsInlineLimit: 4096,
    // Not the module preload polyfill (~0.4 kB gzip in the join entry): every browser the school's
    // phones run (Chrome, Safari 17+, Firefox 115+) preloads modules itself; without it a browser
    // only fetches the app's chunk when it imports it.
    modulePreload: { polyfill: false },
    rollupOptions: {
      // The HTTP shapes in proto/http/ are built with zod/mini at module level (`z.object(…)`),
      // which a bundler must assume has side effects: proto/index.ts re-exports them all and the
      // students' entry chunk imports proto/index.ts, so without this every page would carry
      // zod and every shape. Neither has side effects; declared so, an unused shape is dropped.
      treeshake: { moduleSideEffects: (id: string) => !HTTP_SHAPES.test(id) },
      // The app (client/main.tsx, index.html's script) is the chunk `app-….js`: the join entry
      // inlined in the HTML loads it (client/joinEntry/inlineJoinEntry.ts).
      input: { app: `${clientDir}index.html` },
      output: {
        // One chunk for all the app imports statically (one download, on a weak link one round
        // trip); what it imports dynamically is left to automatic chunking, loaded on first use:
        // the teacher's, the administrator's and the other signed-in pages, the lesson's screen
        // (LessonRoute), the media library (MediaClient), KaTeX, pdf.js, the English messages.
        // Without the group, rolldown puts what the app shares with those into chunks of their own
        // (four files before the join page). client/bundle.int.test.ts checks the app's chunk.
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [{ name: (id: string, meta: ModuleGraph) => (inAppStatically(id, meta) ? 'app' : null) }],
        },
      },
    },
  },
  server: {
    proxy: {
      '/ws': { target: serverUrl, ws: true, changeOrigin: true },
      '/api': { target: serverUrl, changeOrigin: true },
    },
  },
  preview: {
    proxy: {
      '/ws': { target: serverUrl, ws: true, changeOrigin: true },
      '/api': { target: serverUrl, changeOrigin: true },
    },
  },
});
