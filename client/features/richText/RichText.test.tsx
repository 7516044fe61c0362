import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadKatex } from './katex.js';
import { parseRichText, plainText, type RichNode } from './parse.js';
import { RichText } from './RichText.js';

// The cases the server's reader passes too (classroom/assessment/richText.ts).
// Read as a file (not imported): client code may import proto/ only. Tests run from the repository root.
const casesFile = join(process.cwd(), 'classroom/assessment/__fixtures__/richTextCases.json');
const cases = (JSON.parse(readFileSync(casesFile, 'utf8')) as { cases: Array<{ source: string; nodes: RichNode[] }> }).cases;

let container: HTMLElement;
beforeEach(() => {
  // KaTeX works in standards mode only (the app's index.html is); happy-dom has no compatMode.
  if (document.compatMode !== 'CSS1Compat') Object.defineProperty(document, 'compatMode', { value: 'CSS1Compat', configurable: true });
  container = document.createElement('div');
  document.body.append(container);
});
afterEach(() => {
  render(null, container);
  container.remove();
});

const show = async (text: string) => {
  await act(() => render(<RichText text={text} />, container));
  await loadKatex();
  await act(async () => new Promise((r) => setTimeout(r, 0)));
};

describe('rich text on screen', () => {
  it.each(cases.map((c) => [c.source, c.nodes] as const))('reads %j like the server does', (source, nodes) => {
    expect(parseRichText(source)).toEqual(nodes);
  });

  it('renders formatting, line breaks and formulas with KaTeX', async () => {
    await show('[b]Tính[/b] $x^2$\n[i]xong[/i]');
    expect(container.querySelector('b')?.textContent).toBe('Tính');
    expect(container.querySelector('i')?.textContent).toBe('xong');
    expect(container.querySelectorAll('br')).toHaveLength(1);
    const math = container.querySelector('.rich__math');
    expect(math?.getAttribute('data-tex')).toBe('x^2');
    expect(math?.querySelector('.katex')).not.toBeNull();
    expect(plainText('[b]a[/b] $x$')).toBe('a x');
  });

  it.each([
    '<script>window.__pwned = 1</script>',
    '<img src=x onerror="window.__pwned = 1">',
    '<a href="javascript:alert(1)">bấm</a><iframe src="//evil"></iframe>',
    '[img:javascript:alert(1)] [img:"onerror=alert(1)]',
    '$\\href{javascript:alert(1)}{bấm}$ $\\url{javascript:alert(1)}$',
    '$\\htmlData{onclick=alert(1)}{x}$ $\\htmlId{x}{y}$ $\\includegraphics{https://evil/x.png}$',
    '$\\def\\a{\\a\\a}\\a$',
  ])('shows %j as inert text or refused math: no element or handler of its own', async (payload) => {
    await show(payload);
    expect(container.querySelectorAll('script, iframe, a, object, embed, svg foreignObject')).toHaveLength(0);
    expect([...container.querySelectorAll('img')].every((img) => img.getAttribute('src')?.startsWith('/api/bank/images/'))).toBe(true);
    const handlers = [...container.querySelectorAll('*')].flatMap((el) => el.getAttributeNames().filter((n) => n.startsWith('on') || n === 'href' || n === 'srcdoc'));
    expect(handlers).toEqual([]);
    expect((window as unknown as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('shows a literal tag as the text it is', async () => {
    await show('Với x < 3: <b>không đậm</b>');
    expect(container.textContent).toBe('Với x < 3: <b>không đậm</b>');
    expect(container.querySelector('b')).toBeNull();
  });

  it('shows our pictures by id only, or a placeholder the caller maps', async () => {
    await show('[img:abcdEFGH_123]');
    expect(container.querySelector('img')?.getAttribute('src')).toBe('/api/bank/images/abcdEFGH_123');
    await act(() => render(<RichText text="[img:docximg_0001]" imageUrl={() => null} />, container));
    expect(container.querySelector('img')).toBeNull();
    expect(container.querySelector('.rich__img-missing')).not.toBeNull();
  });
});
