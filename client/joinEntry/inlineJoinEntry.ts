/**
 * Vite plugin: the join entry (client/joinEntry/main.ts) and the join page's styles inlined in
 * index.html, in place of the tags Vite wrote there for the app (client/main.tsx), whose files
 * the entry loads itself (appFiles.ts). Why (issue 10, a first visit on a 400 kbit/s / 300 ms
 * link): as a file of its own the entry came ~0.65 s after the HTML (its request, and a second TCP
 * connection); inlined, a student's join page comes with the page's one response (~16 kB gzip).
 *
 * Built apart from the app by esbuild (already the server's bundler and the service worker's),
 * not as a chunk of the app's build: the app would import the modules they share from the
 * entry's chunk, i.e. fetch and run the inlined entry a second time. So each has its own copy of
 * those few modules (the socket's adoption, the token, the RTP mappings), and the hand-over goes
 * through a global (handOver.ts).
 */
import { build } from 'esbuild';
import type { Plugin } from 'vite';
import type { AppFiles } from './appFiles.js';

const ENTRY = decodeURIComponent(new URL('./main.ts', import.meta.url).pathname);

/** Vite's tags for the app's script, its static imports' preloads and its stylesheets. */
const APP_SCRIPT = /<script\b[^>]*\btype="module"[^>]*\bsrc="(\/assets\/[^"]+)"[^>]*><\/script>\s*/g;
const APP_LINK = /<link\b[^>]*\brel="(modulepreload|stylesheet)"[^>]*\bhref="(\/assets\/[^"]+)"[^>]*>\s*/g;

/** Takes the app's tags out of the HTML Vite made: the files they named, and the page without them. */
export function takeAppTags(html: string): { html: string; files: AppFiles } {
  const scripts: string[] = [];
  const preloads: string[] = [];
  const styles: string[] = [];
  const page = html
    .replace(APP_SCRIPT, (_tag, src: string) => {
      scripts.push(src);
      return '';
    })
    .replace(APP_LINK, (_tag, rel: string, href: string) => {
      (rel === 'stylesheet' ? styles : preloads).push(href);
      return '';
    });
  const [script, ...others] = scripts;
  if (!script || others.length > 0) throw new Error(`index.html should have one module script for the app, found ${scripts.length}`);
  return { html: page, files: { script, preloads, styles } };
}

/** The entry's script and styles, built for these app files. */
export async function buildJoinEntry(files: AppFiles): Promise<{ js: string; css: string }> {
  const result = await build({
    entryPoints: [ENTRY],
    bundle: true,
    write: false,
    outdir: 'join-entry',
    format: 'esm',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    // The page is UTF-8: the Vietnamese words as they are, not as \u escapes (~0.3 kB more gzipped).
    charset: 'utf8',
    logLevel: 'warning',
    define: { __LOPHOC_APP_FILES__: JSON.stringify(files) },
  });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text;
  const css = result.outputFiles.find((f) => f.path.endsWith('.css'))?.text ?? '';
  if (!js) throw new Error('esbuild gave no script for the join entry');
  // Inlined: the HTML parser would end the element at either.
  if (/<\/script/i.test(js) || /<\/style/i.test(css)) throw new Error('the join entry contains an end tag that cannot be inlined');
  return { js: js.trim(), css: css.trim() };
}

/** The page with the entry's styles at the end of its head and its script at the end of its body. */
export function inlineEntry(html: string, entry: { js: string; css: string }): string {
  if (!html.includes('</head>') || !html.includes('</body>')) throw new Error('index.html has no </head> or </body>');
  return html
    .replace('</head>', () => `<style>${entry.css}</style>\n  </head>`)
    .replace('</body>', () => `<script type="module">${entry.js}</script>\n  </body>`);
}

/** The dev server (no build, no chunks): index.html runs the entry from its source, which imports the app's. */
const DEV_APP_FILES: AppFiles = { script: '/main.tsx', preloads: [], styles: [] };

export function inlineJoinEntry(): Plugin[] {
  return [
    {
      name: 'lophoc-inline-join-entry',
      apply: 'build',
      transformIndexHtml: {
        // After Vite has written the app's tags (its build-html plugin).
        order: 'post',
        async handler(html) {
          const { html: page, files } = takeAppTags(html);
          return inlineEntry(page, await buildJoinEntry(files));
        },
      },
    },
    {
      name: 'lophoc-join-entry-dev',
      apply: 'serve',
      config: () => ({ define: { __LOPHOC_APP_FILES__: JSON.stringify(DEV_APP_FILES) } }),
      transformIndexHtml: (html) => html.replace(`src="${DEV_APP_FILES.script}"`, 'src="/joinEntry/main.ts"'),
    },
  ];
}
