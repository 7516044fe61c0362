/**
 * Rich text of questions: the one format every question text is stored in, and its sanitizer.
 *
 * Question text is data that other students' browsers show, so it is NOT HTML. The grammar:
 * - plain text; a line break is "\n";
 * - `$…$` inline math and `$$…$$` display math, LaTeX rendered by KaTeX (trust off);
 * - `[b]…[/b]`, `[i]…[/i]`, `[u]…[/u]` bold, italic, underline (nestable);
 * - `[img:<id>]` an image of our blob store (the id only: never a URL);
 * - `\$`, `\[`, `\\` escape a literal dollar, bracket, backslash; any other backslash is literal.
 * Anything else, "<script>" included, is text, and the client renders text as text nodes (no
 * innerHTML). `sanitizeRichText` also removes what has no business in a question (HTML tags,
 * control and bidi characters, unknown images, LaTeX commands that link, load or define
 * macros) and writes the canonical form, which `parseRichText` reads back unchanged.
 * The client's renderer (client/features/richText/) reads the same grammar: keep them in step
 * (both test the shared cases in __fixtures__/richTextCases.json).
 */

export type RichNode =
  | { type: 'text'; text: string }
  | { type: 'break' }
  | { type: 'math'; tex: string; display: boolean }
  | { type: 'image'; id: string }
  | { type: 'bold' | 'italic' | 'underline'; children: RichNode[] };

type StyleType = 'bold' | 'italic' | 'underline';
const TAGS: Record<string, StyleType> = { b: 'bold', i: 'italic', u: 'underline' };
const TAG_OF: Record<StyleType, string> = { bold: 'b', italic: 'i', underline: 'u' };

/** Ids of images in the blob store. */
export const IMAGE_ID_RE = /^[A-Za-z0-9_-]{8,64}$/;
const TAG_AT = /^\[(\/?)([biu])\]|^\[img:([A-Za-z0-9_-]{8,64})\]/i;

/** Reads rich text into nodes. Never fails: what is not markup is text. */
export function parseRichText(source: string): RichNode[] {
  const root: RichNode[] = [];
  const stack: Array<{ type: StyleType; children: RichNode[] }> = [];
  const out = () => (stack.length > 0 ? stack[stack.length - 1]!.children : root);
  let text = '';
  const flush = () => {
    if (text) pushText(out(), text);
    text = '';
  };
  let i = 0;
  while (i < source.length) {
    const c = source[i]!;
    if (c === '\\' && (source[i + 1] === '$' || source[i + 1] === '[' || source[i + 1] === '\\')) {
      text += source[i + 1];
      i += 2;
    } else if (c === '$') {
      const display = source[i + 1] === '$';
      const open = display ? 2 : 1;
      const end = closingDollar(source, i + open, display);
      if (end < 0) {
        text += c;
        i++;
        continue;
      }
      flush();
      out().push({ type: 'math', tex: source.slice(i + open, end), display });
      i = end + open;
    } else if (c === '\n') {
      flush();
      out().push({ type: 'break' });
      i++;
    } else if (c === '[') {
      const m = TAG_AT.exec(source.slice(i, i + 80));
      if (!m) {
        text += c;
        i++;
        continue;
      }
      flush();
      if (m[3]) out().push({ type: 'image', id: m[3] });
      else if (m[1]) closeStyle(stack, root, TAGS[m[2]!.toLowerCase()]!);
      else stack.push({ type: TAGS[m[2]!.toLowerCase()]!, children: [] });
      i += m[0].length;
    } else {
      text += c;
      i++;
    }
  }
  flush();
  while (stack.length > 0) closeStyle(stack, root, stack[stack.length - 1]!.type);
  return root;
}

/** Index of the `$` (or `$$`) closing math opened before `from`, or -1. `\$` inside math is LaTeX's dollar. */
function closingDollar(s: string, from: number, display: boolean): number {
  for (let j = from; j < s.length; j++) {
    if (s[j] === '\\') {
      j++;
      continue;
    }
    if (s[j] === '$') {
      if (!display) return j > from ? j : -1;
      if (s[j + 1] === '$') return j > from ? j : -1;
    }
  }
  return -1;
}

/** Closes `type` and anything opened inside it; a close without an open is dropped. */
function closeStyle(stack: Array<{ type: StyleType; children: RichNode[] }>, root: RichNode[], type: StyleType): void {
  const at = stack.map((s) => s.type).lastIndexOf(type);
  if (at < 0) return;
  while (stack.length > at) {
    const top = stack.pop()!;
    const parent = stack.length > 0 ? stack[stack.length - 1]!.children : root;
    if (top.children.length > 0) parent.push({ type: top.type, children: top.children });
  }
}

function pushText(into: RichNode[], text: string): void {
  const last = into[into.length - 1];
  if (last?.type === 'text') last.text += text;
  else into.push({ type: 'text', text });
}

/** The canonical text of nodes: `parseRichText(serializeRichText(n))` gives `n` back (normalized). */
export function serializeRichText(nodes: readonly RichNode[]): string {
  let out = '';
  for (const n of nodes) {
    switch (n.type) {
      case 'text':
        out += escapeText(n.text);
        break;
      case 'break':
        out += '\n';
        break;
      case 'math':
        out += n.display ? `$$${n.tex}$$` : `$${n.tex}$`;
        break;
      case 'image':
        out += `[img:${n.id}]`;
        break;
      default: {
        const tag = TAG_OF[n.type];
        out += `[${tag}]${serializeRichText(n.children)}[/${tag}]`;
      }
    }
  }
  return out;
}

function escapeText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === '\\') out += next === undefined || next === '$' || next === '[' || next === '\\' ? '\\\\' : '\\';
    else if (c === '$') out += '\\$';
    else if (c === '[' && TAG_AT.test(text.slice(i, i + 80))) out += '\\[';
    else out += c;
  }
  return out;
}

/** The text a person reads, without markup; math as its LaTeX between `$`. For search and plain exports. */
export function plainText(source: string | readonly RichNode[]): string {
  const nodes = typeof source === 'string' ? parseRichText(source) : source;
  return nodes
    .map((n) => {
      switch (n.type) {
        case 'text':
          return n.text;
        case 'break':
          return '\n';
        case 'math':
          return `$${n.tex}$`;
        case 'image':
          return '';
        default:
          return plainText(n.children);
      }
    })
    .join('');
}

/** Ids of the images a text refers to. */
export function imageIds(source: string): string[] {
  const ids: string[] = [];
  const walk = (nodes: readonly RichNode[]) => {
    for (const n of nodes) {
      if (n.type === 'image') ids.push(n.id);
      else if ('children' in n) walk(n.children);
    }
  };
  walk(parseRichText(source));
  return ids;
}

export type RichTextWarningCode = 'HTML_REMOVED' | 'CONTROL_REMOVED' | 'MATH_COMMAND_REMOVED' | 'MATH_TOO_LONG' | 'IMAGE_REMOVED';

export interface SanitizeOptions {
  /** Whether an image id may be kept (ours, in this school). Default: no image is kept. */
  imageAllowed?: (id: string) => boolean;
}

export interface Sanitized {
  text: string;
  /** What was removed, once per code. */
  warnings: RichTextWarningCode[];
}

/** Longest formula kept whole (KaTeX's work grows with it). */
export const MAX_MATH_CHARS = 2000;

/**
 * LaTeX commands refused in math: links and resources (\href, \url, \includegraphics), raw
 * HTML hooks (\htmlClass, \htmlData...), and macro definitions that can loop or rename
 * (\def, \newcommand...). KaTeX refuses the first two groups anyway with trust off; we remove
 * them at the door so that no stored question depends on a renderer setting.
 */
const MATH_DENIED = /\\(?:href|url|includegraphics|html[A-Za-z@]*|g?def|edef|xdef|let|futurelet|(?:re)?newcommand|providecommand|newenvironment|renewenvironment)(?![A-Za-z@])/g;

// Tags and comments that look like HTML, outside math. "x < 3 và y > 2" is not a tag.
const HTML_TAG = /<!--[\s\S]*?-->|<\/?[A-Za-z][A-Za-z0-9-]*(?:[\s/][^<>]*)?>/g;
// C0 and C1 controls but \n and \t, bidi embeddings/overrides/isolates, zero-width space, BOM.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\u202A-\u202E\u2066-\u2069\uFEFF]/g;

/**
 * Brings any input to the canonical rich text of the allowed subset: NFC, "\n" line ends, no
 * control characters, no HTML, no denied LaTeX, images only when `imageAllowed` says so.
 * Trims the whole text. Idempotent: sanitizing its output changes nothing.
 */
export function sanitizeRichText(input: string, options: SanitizeOptions = {}): Sanitized {
  const warnings = new Set<RichTextWarningCode>();
  let text = input.normalize('NFC').replace(/\r\n?/g, '\n').replace(/\t/g, ' ');
  const withoutControls = text.replace(CONTROL, '');
  if (withoutControls !== text) warnings.add('CONTROL_REMOVED');
  text = withoutControls;
  const nodes = cleanNodes(parseRichText(text), options, warnings);
  return { text: serializeRichText(trimNodes(nodes)), warnings: [...warnings] };
}

/** One line of plain text (units, accepted answers, tags): the same cleaning, no markup, single spaces. */
export function sanitizePlainText(input: string): string {
  const text = untilStable(input.normalize('NFC').replace(CONTROL, ''), (t) => t.replace(HTML_TAG, ''));
  return text.replace(/\s+/g, ' ').trim();
}

function cleanNodes(nodes: readonly RichNode[], options: SanitizeOptions, warnings: Set<RichTextWarningCode>): RichNode[] {
  const out: RichNode[] = [];
  // Texts and line breaks are cleaned together: a tag may span a line ("<a\nhref=…>").
  let run = '';
  const flushRun = () => {
    if (!run) return;
    const text = untilStable(run, (t) => t.replace(HTML_TAG, ''));
    if (text !== run) warnings.add('HTML_REMOVED');
    text.split('\n').forEach((part, i) => {
      if (i > 0) out.push({ type: 'break' });
      if (part) pushText(out, part);
    });
    run = '';
  };
  for (const n of nodes) {
    if (n.type === 'text' || n.type === 'break') {
      run += n.type === 'text' ? n.text : '\n';
      continue;
    }
    flushRun();
    if (n.type === 'math') {
      const math = cleanMath(n.tex, warnings);
      if (math) out.push({ type: 'math', tex: math, display: n.display });
    } else if (n.type === 'image') {
      if (options.imageAllowed?.(n.id)) out.push(n);
      else warnings.add('IMAGE_REMOVED');
    } else {
      const children = cleanNodes(n.children, options, warnings);
      if (children.length > 0) out.push({ type: n.type, children });
    }
  }
  flushRun();
  return out;
}

function cleanMath(tex: string, warnings: Set<RichTextWarningCode>): string {
  let out = tex.replace(/\n/g, ' ');
  const denied = untilStable(out, (t) => t.replace(MATH_DENIED, ''));
  if (denied !== out) warnings.add('MATH_COMMAND_REMOVED');
  out = denied.trim();
  if (out.length > MAX_MATH_CHARS) {
    warnings.add('MATH_TOO_LONG');
    out = out.slice(0, MAX_MATH_CHARS);
  }
  // An odd run of trailing backslashes would escape the closing dollar ("\\\\" is LaTeX's line break).
  if ((/\\+$/.exec(out)?.[0].length ?? 0) % 2 === 1) out += ' ';
  return out;
}

/** Applies `step` until nothing changes: removing "<b>" from "<<b>script>" must not leave "<script>". */
function untilStable(text: string, step: (t: string) => string): string {
  let prev = text;
  for (;;) {
    const next = step(prev);
    if (next === prev) return next;
    prev = next;
  }
}

/** Removes leading and trailing spaces and line breaks of the whole text, inside styles too. */
function trimNodes(nodes: RichNode[]): RichNode[] {
  return trimEdge(trimEdge(nodes, 'start'), 'end');
}

function trimEdge(nodes: readonly RichNode[], edge: 'start' | 'end'): RichNode[] {
  const out = [...nodes];
  for (;;) {
    const at = edge === 'start' ? 0 : out.length - 1;
    const n = out[at];
    if (!n) return out;
    let next: RichNode | null = n;
    if (n.type === 'break') next = null;
    else if (n.type === 'text') {
      const text = edge === 'start' ? n.text.trimStart() : n.text.trimEnd();
      next = text ? { type: 'text', text } : null;
    } else if ('children' in n) {
      const children = trimEdge(n.children, edge);
      next = children.length > 0 ? { type: n.type, children } : null;
    }
    if (next === null) out.splice(at, 1);
    else {
      out[at] = next;
      return out;
    }
  }
}
