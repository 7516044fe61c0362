import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imageIds, parseRichText, plainText, sanitizePlainText, sanitizeRichText, serializeRichText, type RichNode } from './richText.js';

const cases = (JSON.parse(readFileSync(new URL('./__fixtures__/richTextCases.json', import.meta.url), 'utf8')) as { cases: Array<{ source: string; nodes: RichNode[] }> }).cases;

describe('parseRichText', () => {
  it.each(cases.map((c) => [c.source, c.nodes] as const))('reads %j as the shared cases say', (source, nodes) => {
    expect(parseRichText(source)).toEqual(nodes);
  });

  it('reads the canonical form of every shared case back to the same nodes', () => {
    for (const c of cases) expect(parseRichText(serializeRichText(c.nodes))).toEqual(c.nodes);
  });
});

/** Nodes as the parser makes them: adjacent texts merged, no empty text or empty style. */
function normalize(nodes: readonly RichNode[]): RichNode[] {
  const out: RichNode[] = [];
  for (const n of nodes) {
    if (n.type === 'text') {
      if (!n.text) continue;
      const last = out[out.length - 1];
      if (last?.type === 'text') last.text += n.text;
      else out.push({ ...n });
    } else if ('children' in n) {
      const children = normalize(n.children);
      if (children.length > 0) out.push({ type: n.type, children });
    } else out.push(n);
  }
  return out;
}

const textArb = fc.string({ unit: fc.constantFrom('a', 'ă', ' ', '$', '\\', '[', ']', 'b', '/', 'i', 'u', 'img:', '<', 'x', '1'), maxLength: 12 });
const texArb = fc.string({ unit: fc.constantFrom('x', '^', '2', '{', '}', '\\frac', ' ', '\\$', 'a'), minLength: 1, maxLength: 8 }).filter((t) => !t.endsWith('\\'));
const nodeArb: fc.Arbitrary<RichNode> = fc.letrec<{ node: RichNode }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ type: fc.constant('text' as const), text: textArb }),
    fc.constant({ type: 'break' as const }),
    fc.record({ type: fc.constant('math' as const), tex: texArb, display: fc.boolean() }),
    fc.record({ type: fc.constant('image' as const), id: fc.constantFrom('abcdefgh', 'IMG_0001-xyz') }),
    fc.record({ type: fc.constantFrom('bold' as const, 'italic' as const, 'underline' as const), children: fc.array(tie('node'), { maxLength: 3 }) }),
  ),
})).node;

describe('serializeRichText', () => {
  it('round-trips any tree of nodes (property)', () => {
    fc.assert(
      fc.property(fc.array(nodeArb, { maxLength: 6 }), (nodes) => {
        const n = normalize(nodes);
        // A style nested in the same style reads back flattened by design: skip those trees.
        fc.pre(!hasSelfNesting(n));
        expect(parseRichText(serializeRichText(n))).toEqual(n);
      }),
      { numRuns: 400 },
    );
  });

  it('is a fixed point of parse ∘ serialize for any string (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', '$', '\\', '[', ']', 'b', '/', 'i', 'u', '\n', 'img:abcdefgh', ' '), maxLength: 30 }), (s) => {
        const once = serializeRichText(parseRichText(s));
        expect(serializeRichText(parseRichText(once))).toBe(once);
      }),
      { numRuns: 400 },
    );
  });
});

/** The runs of text and line breaks between other nodes, at every level. */
function textRuns(nodes: readonly RichNode[]): string[] {
  const runs: string[] = [];
  let run = '';
  for (const n of nodes) {
    if (n.type === 'text' || n.type === 'break') run += n.type === 'text' ? n.text : '\n';
    else {
      runs.push(run);
      run = '';
      if ('children' in n) runs.push(...textRuns(n.children));
    }
  }
  return [...runs, run];
}

function hasSelfNesting(nodes: readonly RichNode[], open: ReadonlySet<string> = new Set()): boolean {
  return nodes.some((n) => 'children' in n && (open.has(n.type) || hasSelfNesting(n.children, new Set([...open, n.type]))));
}

describe('sanitizeRichText', () => {
  const allowAll = { imageAllowed: () => true };

  it('keeps the allowed subset as it is', () => {
    const text = 'Cho hàm số $y = x^2$.\n[b]Chọn[/b] đáp án [i]đúng[/i]: [u]nhất[/u] [img:abcdEFGH_123]';
    expect(sanitizeRichText(text, allowAll)).toEqual({ text, warnings: [] });
  });

  it.each([
    ['<script>alert(1)</script>Câu hỏi', 'alert(1)Câu hỏi'],
    ['<img src=x onerror=alert(1)>Câu', 'Câu'],
    ['<<b>script>alert(1)<</b>/script>', 'alert(1)'],
    ['<svg/onload=alert(1)>x', 'x'],
    ['<a href="javascript:alert(1)">bấm</a>', 'bấm'],
    ['<iframe src="//evil"></iframe>y', 'y'],
    ['<!-- <script> -->z', 'z'],
  ])('removes HTML from %j', (input, text) => {
    expect(sanitizeRichText(input)).toEqual({ text, warnings: ['HTML_REMOVED'] });
  });

  it('leaves comparisons that are not tags', () => {
    expect(sanitizeRichText('Với x < 3 và y > 2 thì').text).toBe('Với x < 3 và y > 2 thì');
    expect(sanitizeRichText('$a<b$ và $c>d$').text).toBe('$a<b$ và $c>d$');
  });

  it.each([
    ['$\\href{javascript:alert(1)}{bấm}$', '${javascript:alert(1)}{bấm}$'],
    ['$\\url{https://evil.example}$', '${https://evil.example}$'],
    ['$\\htmlData{onclick=alert(1)}{x}$', '${onclick=alert(1)}{x}$'],
    ['$\\def\\a{\\a\\a}\\a$', '$\\a{\\a\\a}\\a$'],
    ['$\\includegraphics{x.png}$', '${x.png}$'],
    ['$\\newcommand{\\x}{y}$', '${\\x}{y}$'],
  ])('removes linking, loading and macro commands from math: %j', (input, text) => {
    expect(sanitizeRichText(input)).toEqual({ text, warnings: ['MATH_COMMAND_REMOVED'] });
  });

  it('keeps ordinary LaTeX commands that only start like a denied one', () => {
    expect(sanitizeRichText('$\\left( x \\right) \\leq \\lfloor y \\rfloor \\delta$').warnings).toEqual([]);
  });

  it('removes control and bidi characters, normalizes to NFC and "\\n" line ends', () => {
    const nfd = 'Hoa\u0300'; // "Hoà" decomposed
    const { text, warnings } = sanitizeRichText(`\uFEFF${nfd}\u202E\u0007 a\r\nb\rc\td\u200B`);
    expect(text).toBe('Hoà a\nb\nc d');
    expect(text).toBe(text.normalize('NFC'));
    expect(warnings).toEqual(['CONTROL_REMOVED']);
  });

  it('keeps only images the caller allows', () => {
    const input = 'a [img:abcdEFGH_123] b [img:zzzzzzzz]';
    expect(sanitizeRichText(input)).toEqual({ text: 'a  b', warnings: ['IMAGE_REMOVED'] });
    expect(sanitizeRichText(input, { imageAllowed: (id) => id === 'zzzzzzzz' }).text).toBe('a  b [img:zzzzzzzz]');
  });

  it('trims, drops empty styles, closes open ones and escapes a lone dollar', () => {
    expect(sanitizeRichText('  \n [b][/b] giá $5 [i]x  \n').text).toBe('giá \\$5 [i]x[/i]');
  });

  it('limits a formula and keeps a trailing backslash from eating the closing dollar', () => {
    const long = `$${'x'.repeat(3000)}$`;
    const out = sanitizeRichText(long);
    expect(out.warnings).toEqual(['MATH_TOO_LONG']);
    expect(out.text.length).toBe(2002);
    expect(parseRichText(sanitizeRichText('$a\\\\$').text)).toEqual([{ type: 'math', tex: 'a\\\\', display: false }]);
  });

  it('is idempotent (property)', () => {
    const unit = fc.constantFrom('a', '<', '>', 'b', 'script', '/', '$', '\\', '[', ']', 'i', '\n', ' ', '\u202E', 'href', 'img:abcdefgh', '!--', '-->');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 40 }), (s) => {
        const once = sanitizeRichText(s, allowAll).text;
        expect(sanitizeRichText(once, allowAll)).toEqual({ text: once, warnings: [] });
        // No tag in any run of text (math is LaTeX: "$a<b$" is fine there).
        for (const run of textRuns(parseRichText(once))) expect(run).not.toMatch(/<\/?[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>]*)?>/);
      }),
      { numRuns: 400 },
    );
  });
});

describe('plain text helpers', () => {
  it('plainText drops markup and keeps math as $…$', () => {
    expect(plainText('[b]Tính[/b] $x^2$\n[img:abcdefgh]xong')).toBe('Tính $x^2$\nxong');
  });

  it('imageIds lists the images, nested ones included', () => {
    expect(imageIds('[img:abcdefgh] [b][img:ABCDEFGH1][/b]')).toEqual(['abcdefgh', 'ABCDEFGH1']);
  });

  it('sanitizePlainText keeps one line without tags or controls', () => {
    expect(sanitizePlainText('  cm<sup>2</sup>\n\u0007 ')).toBe('cm2');
  });
});
