import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';
import { buildServiceWorker } from './sw/buildServiceWorker.js';

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
 * Modules only the lazily loaded pages use (the teacher's "Dạy học", the question bank, the
 * administration, the assignment/grading/gradebook/results pages with tus-js-client), and what
 * only they import (zod, the HTTP shapes): list a new one here, or it lands in every student's
 * download.
 */
const PAGE_ONLY =
  /\/client\/(features\/(admin|teach|bank|work|exams|stats|parents|materials|classQa)\/|features\/recording\/(PlaybackPage|playbackSync)\.tsx?|features\/liveQuiz\/TeacherQuizPanel\.tsx|state\/(materials|admin|privacy|roster|teach|bank|bankEditor|bankImport|work|grading|gradebook|examTake|examTeacher|examReport|statistics|parents|classQa)\.ts|net\/(classQaApi|playbackApi|materialsApi|apiAudit|bankApi|apiWork|uploadFile|examApi|statsApi|parentsApi)\.ts|util\/downscale\.ts|i18n\/(materials|viMaterials|enMaterials|admin|teach|bank|work|exam|viAdmin|enAdmin|viTeach|enTeach|viBank|enBank|viWork|enWork|viExam|enExam|stats|viStats|enStats|parents|viParents|enParents|qa|viQa|enQa|playback|viPlayback|enPlayback)\.ts)|\/proto\/http\/|\/node_modules\/zod\/|\/node_modules\/(tus-js-client|js-base64|url-parse|requires-port|querystringify|combine-errors|custom-error-instance|lodash\.throttle|buffer-from|is-stream)\//;
/**
 * What a join link (`/lesson/…`) never shows before the lesson: the pages client/app/App.tsx
 * imports lazily (the home page with the timetable, sign-in, the password change, a lesson's
 * recordings), the signed-in pages' frame (AppShell, with the Q&A badge), what only the lesson's
 * screen and those pages share (rich text, error box, clocks, initials, the recording dot, the
 * teacher's supervision state), the archive's messages and parsers (the admin pages'), and the
 * stylesheet of every screen but the join page (app/pageStyles.ts).
 * Left to automatic chunking, so that they stay out of the entry chunk (issue 10: ~6 kB gzip of
 * JS and ~8 kB of CSS less before "Vào lớp"); what they share with the join page stays in it.
 */
const OFF_JOIN_PATH =
  /\/client\/(styles\/screens\.css|features\/(home|timetable)\/|features\/auth\/(LoginPage|PasswordPage)\.tsx|features\/recording\/RecordingsPage\.tsx|features\/common\/(AppShell\.tsx|ErrorBox\.tsx|initials\.ts|useNow\.ts)|features\/richText\/|features\/recording\/RecordingIndicator\.tsx|state\/(qaUnread|supervision)\.ts|net\/archiveApi\.ts|i18n\/(archive|viArchive|enArchive)\.ts)/;
/**
 * KaTeX (with its CSS and fonts) is left to automatic chunking: it is only imported dynamically
 * (features/richText/katex.ts), so it becomes a chunk of its own, loaded when a formula is first shown.
 * pdf.js likewise (features/materials/PdfView.tsx imports it and its worker when a PDF is opened).
 */
const LAZY_LIBRARIES = /\/node_modules\/(katex|pdfjs-dist)\//;
/**
 * The English messages of the common dictionary (client/i18n/en.ts and its parts): loaded when
 * English is chosen or remembered (client/i18n/i18n.ts); Vietnamese, the default, stays in the
 * entry. The pages' own dictionaries (admin, bank, …) come with their pages in both languages.
 */
const ENGLISH = /\/client\/i18n\/en(Account|Tools|Quiz|Net|Recording|LessonQa|ExamWatch)?\.ts$/;

/**
 * The transport controller and mediasoup-client with its dependencies: loaded only when a lesson
 * starts its media (client/media/MediaClient.ts imports it dynamically), so the other pages
 * (sign-in, timetable, assignments) never download them and the entry chunk stays small.
 */
const TRANSPORT_ONLY =
  /(^\0lophoc:(no-react-native|mediasoup-client-version)$|\/client\/media\/transport\/|\/node_modules\/(mediasoup-client|awaitqueue|debug|ms|events-alias|fake-mediastreamtrack|@lukeed\/uuid|h264-profile-level-id|sdp-transform|supports-color|ua-parser-js)\/)/;

/**
 * The live lesson's screen (client/app/LessonRoute.tsx loads LessonView on first use): its
 * components and those of the live features only it shows. Not in the entry chunk, so that a
 * student on a weak link downloads only the join page's code before "Vào lớp" (issue 10). The
 * sound (RemoteAudio) and the lobby's waiting screen stay in the entry.
 */
const LESSON_SCREEN =
  /\/client\/features\/(lesson\/(?!RemoteAudio|WaitingScreen)|tiles\/|supervision\/|breakout\/|attendance\/|reactions\/|examWatch\/|chat\/|questions\/|liveQuiz\/)/;

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
 * Writes the app's chunk's name into index.html's preload script (every page but a student's join link
 * fetches it beside the join entry, client/index.html).
 */
function appPreload(): Plugin {
  return {
    name: 'lophoc-app-preload',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        const app = Object.values(ctx.bundle ?? {}).find((c) => c.type === 'chunk' && c.name === 'app');
        if (!app) throw new Error("the build has no 'app' chunk for index.html's preload");
        return html.replace('__LOPHOC_APP_CHUNK__', app.fileName.replace(/^assets\//, ''));
      },
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
 * The join entry (client/joinEntry/main.ts, the page's first script) and every module it imports
 * statically: the entry chunk. A student's join link shows its page, joins and plays the first
 * sound with only these (docs/weak-networks.md "The join entry"); the app is a chunk the entry
 * imports. Computed from the module graph, so that nothing the entry imports is forced into the
 * app's chunk (the entry would then wait for it).
 */
const JOIN_ENTRY = `${clientDir}joinEntry/main.ts`;
interface ChunkMeta {
  getModuleInfo: (id: string) => { importedIds: readonly string[] } | null;
}
let joinEntryModules: Set<string> | null = null;
function inJoinEntry(id: string, meta: ChunkMeta): boolean {
  if (!joinEntryModules) {
    const seen = new Set<string>();
    const stack = [JOIN_ENTRY];
    for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(meta.getModuleInfo(next)?.importedIds ?? []));
    }
    joinEntryModules = seen;
  }
  // index.html itself (the entry module that imports the join entry) and Vite's helpers (the module
  // preload polyfill it adds there) go with the entry too.
  return joinEntryModules.has(id) || id.endsWith('.html') || id.startsWith('\0vite/');
}

export default defineConfig({
  root: clientDir,
  plugins: [trimMediasoupClient(), appPreload(), buildServiceWorker(), precompress()],
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
      treeshake: { moduleSideEffects: (id: string) => !/\/node_modules\/zod\/|\/proto\/http\//.test(id) },
      output: {
        // One 'app' chunk for what every page needs beyond the join entry; the rest left to automatic
        // chunking. Not with the dependencies of what it captures (rolldown's default): they would
        // take the join entry's own modules into the app's chunk, which the entry would then import.
        codeSplitting: {
          includeDependenciesRecursively: false,
          groups: [{ name: (id: string, meta: ChunkMeta) => (inJoinEntry(id, meta) || PAGE_ONLY.test(id) || OFF_JOIN_PATH.test(id) || LAZY_LIBRARIES.test(id) || ENGLISH.test(id) || TRANSPORT_ONLY.test(id) || LESSON_SCREEN.test(id) ? null : 'app') }],
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
