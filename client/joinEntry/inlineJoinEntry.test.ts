// @vitest-environment node
/**
 * The build step that inlines the join entry in index.html (inlineJoinEntry.ts): the app's tags
 * Vite wrote are taken out and handed to the entry as its files; the entry built by esbuild for
 * those files goes into the page. The built page itself is checked by client/bundle.int.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { buildJoinEntry, inlineEntry, takeAppTags } from './inlineJoinEntry.js';

const VITE_PAGE = `<!doctype html>
<html lang="vi">
  <head>
    <script>(function () { window.__lophocEarlyWs = 1; })();</script>
    <script type="module" crossorigin src="/assets/app-A1.js"></script>
    <link rel="modulepreload" crossorigin href="/assets/shared-B2.js">
    <link rel="stylesheet" crossorigin href="/assets/app-C3.css">
    <link rel="icon" href="data:," />
  </head>
  <body>
    <div id="app"></div>
  </body>
</html>`;

describe('the join entry inlined in the page', () => {
  it("takes the app's script, preloads and stylesheets out of the page Vite made, and leaves the rest", () => {
    const { html, files } = takeAppTags(VITE_PAGE);
    expect(files).toEqual({ script: '/assets/app-A1.js', preloads: ['/assets/shared-B2.js'], styles: ['/assets/app-C3.css'] });
    expect(html).not.toContain('/assets/');
    expect(html).toContain('window.__lophocEarlyWs = 1');
    expect(html).toContain('<link rel="icon" href="data:," />');
  });

  it('refuses a page without the app, or with two module scripts (it would not know which to load)', () => {
    expect(() => takeAppTags('<html><head></head><body></body></html>')).toThrow(/found 0/);
    const two = VITE_PAGE.replace('</head>', '<script type="module" crossorigin src="/assets/other-D4.js"></script></head>');
    expect(() => takeAppTags(two)).toThrow(/found 2/);
  });

  it("puts the styles at the end of the head and the script at the end of the body, as they are (no '$' patterns)", () => {
    const page = inlineEntry(takeAppTags(VITE_PAGE).html, { js: 'const price = "$&$1";', css: '.a{content:"$\'"}' });
    expect(page).toMatch(/<style>\.a\{content:"\$'"\}<\/style>\s*<\/head>/);
    expect(page).toMatch(/<script type="module">const price = "\$&\$1";<\/script>\s*<\/body>/);
  });

  it("builds the entry for the app's files: one module without static imports, naming them, with its Vietnamese words in UTF-8", async () => {
    const files = { script: '/assets/app-Z9.js', preloads: ['/assets/shared-Y8.js'], styles: [] };
    const { js, css } = await buildJoinEntry(files);
    expect(js).toContain('/assets/app-Z9.js');
    expect(js).toContain('/assets/shared-Y8.js');
    expect(js).not.toMatch(/^import\s|[;}]import\s*[{*"\w]/m);
    expect(js).toContain('Vào lớp');
    expect(js).not.toMatch(/\\u1EDB/i);
    expect(css).toContain('.join__actions');
  }, 30_000);
});
