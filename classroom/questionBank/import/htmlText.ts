/**
 * Text written for Moodle (GIFT's HTML and plain formats) into our rich text, and back.
 * Only what our grammar can hold survives: bold, italic, underline, line breaks and math in
 * MathJax's \( \) and \[ \] (or $$ $$) delimiters. Other tags are dropped, with their content
 * (script, style) or without it (span, font...), and reported.
 */
import { parseRichText, type RichNode } from '../../assessment/index.js';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

const STYLE_TAGS: Record<string, string> = { b: 'b', strong: 'b', i: 'i', em: 'i', u: 'u', ins: 'u' };
const BREAK_TAGS = new Set(['br', 'p', 'div', 'li', 'tr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const DROP_WITH_CONTENT = /<(script|style|head|title|textarea|iframe|object|svg|math)\b[\s\S]*?<\/\1\s*>/gi;
const MATH = /\\\(([\s\S]+?)\\\)|\\\[([\s\S]+?)\\\]|\$\$([\s\S]+?)\$\$/g;

export interface Converted {
  text: string;
  /** True when tags other than b/i/u/br/p were dropped. */
  dropped: boolean;
}

/** HTML (or plain text with HTML in it) → rich text (not yet sanitized: the validator does that). */
export function htmlToRich(html: string): Converted {
  let dropped = false;
  let out = '';
  let last = 0;
  for (const m of html.matchAll(MATH)) {
    out += htmlPart(html.slice(last, m.index), () => (dropped = true));
    const tex = decodeEntities(m[1] ?? m[2] ?? m[3] ?? '').trim();
    out += m[2] !== undefined || m[3] !== undefined ? `$$${tex}$$` : `$${tex}$`;
    last = m.index + m[0].length;
  }
  out += htmlPart(html.slice(last), () => (dropped = true));
  return { text: out.trim(), dropped };
}

function htmlPart(html: string, onDrop: () => void): string {
  // \u0001 and \u0002 mark our own tags below: none may come from the input.
  let s = html.replace(/[\u0001\u0002]/g, '').replace(DROP_WITH_CONTENT, () => {
    onDrop();
    return '';
  });
  s = s.replace(/<!--[\s\S]*?-->/g, '');
  s = s.replace(/<(\/?)([a-z][a-z0-9]*)\b[^>]*>/gi, (_whole, close: string, name: string) => {
    const tag = name.toLowerCase();
    if (STYLE_TAGS[tag]) return `\u0001${close}${STYLE_TAGS[tag]}\u0002`;
    if (BREAK_TAGS.has(tag)) return tag === 'br' || close ? '\n' : '';
    if (!['span', 'font', 'body', 'html'].includes(tag)) onDrop();
    return '';
  });
  // Literal markup characters of the text are escaped; our own tags were set aside above.
  const text = decodeEntities(s).replace(/\\/g, '\\\\').replace(/\$/g, '\\$').replace(/\[/g, '\\[');
  return text.replace(/\u0001(\/?)([biu])\u0002/g, '[$1$2]');
}

/** Rich text → HTML for Moodle: text escaped, math in \( \) and \[ \], images left out (reported by the caller). */
export function richToHtml(rich: string): string {
  return nodesToHtml(parseRichText(rich));
}

function nodesToHtml(nodes: readonly RichNode[]): string {
  return nodes
    .map((n) => {
      switch (n.type) {
        case 'text':
          return escapeHtml(n.text);
        case 'break':
          return '<br>';
        case 'math':
          return n.display ? `\\[${escapeHtml(n.tex)}\\]` : `\\(${escapeHtml(n.tex)}\\)`;
        case 'image':
          return '';
        case 'bold':
          return `<b>${nodesToHtml(n.children)}</b>`;
        case 'italic':
          return `<i>${nodesToHtml(n.children)}</i>`;
        case 'underline':
          return `<u>${nodesToHtml(n.children)}</u>`;
      }
    })
    .join('');
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
