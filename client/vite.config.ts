import { defineConfig } from 'vite';

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
  /\/client\/(features\/(admin|teach|bank|work|exams|stats|parents|materials|classQa)\/|features\/liveQuiz\/TeacherQuizPanel\.tsx|state\/(materials|admin|privacy|roster|teach|bank|bankEditor|bankImport|work|grading|gradebook|examTake|examTeacher|examReport|statistics|parents|classQa)\.ts|net\/(classQaApi|materialsApi|apiAudit|bankApi|apiWork|uploadFile|examApi|statsApi|parentsApi)\.ts|util\/downscale\.ts|i18n\/(materials|viMaterials|enMaterials|admin|teach|bank|work|exam|viAdmin|enAdmin|viTeach|enTeach|viBank|enBank|viWork|enWork|viExam|enExam|stats|viStats|enStats|parents|viParents|enParents|qa|viQa|enQa)\.ts)|\/proto\/http\/|\/node_modules\/zod\/|\/node_modules\/(tus-js-client|js-base64|url-parse|requires-port|querystringify|combine-errors|custom-error-instance|lodash\.throttle|buffer-from|is-stream)\//;
/**
 * KaTeX (with its CSS and fonts) is left to automatic chunking: it is only imported dynamically
 * (features/richText/katex.ts), so it becomes a chunk of its own, loaded when a formula is first shown.
 * pdf.js likewise (features/materials/PdfView.tsx imports it and its worker when a PDF is opened).
 */
const LAZY_LIBRARIES = /\/node_modules\/(katex|pdfjs-dist)\//;

/**
 * The transport controller and mediasoup-client with its dependencies: loaded only when a lesson
 * starts its media (client/media/MediaClient.ts imports it dynamically), so the other pages
 * (sign-in, timetable, assignments) never download them and the entry chunk stays small.
 */
const TRANSPORT_ONLY =
  /(\/client\/media\/transport\/|\/node_modules\/(mediasoup-client|awaitqueue|debug|ms|events-alias|fake-mediastreamtrack|@lukeed\/uuid|h264-profile-level-id|sdp-transform|supports-color|ua-parser-js)\/)/;

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
    // One small app: the code every user needs is one chunk (a single round trip on a weak 3G
    // link); only the teacher's and the administrator's pages are separate chunks, loaded on
    // first use, so that students' phones never download them.
    assetsInlineLimit: 4096,
    rollupOptions: {
      // The HTTP shapes in proto/http/ are built with zod/mini at module level (`z.object(…)`),
      // which a bundler must assume has side effects: proto/index.ts re-exports them all and the
      // students' entry chunk imports proto/index.ts, so without this every page would carry
      // zod and every shape. Neither has side effects; declared so, an unused shape is dropped.
      treeshake: { moduleSideEffects: (id: string) => !/\/node_modules\/zod\/|\/proto\/http\//.test(id) },
      output: {
        manualChunks: (id: string) => (PAGE_ONLY.test(id) || LAZY_LIBRARIES.test(id) || TRANSPORT_ONLY.test(id) ? undefined : 'app'),
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
