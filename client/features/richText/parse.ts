/**
 * The rich-text grammar of questions (docs/assessment.md), read for display: the same grammar
 * as classroom/assessment/richText.ts, which sanitizes on the server (keep them in step: both
 * test the shared cases of classroom/assessment/__fixtures__/richTextCases.json). This side
 * never trusts its input: whatever it gets becomes text nodes, formulas and images by id only.
 */

export type RichNode =
  | { type: 'text'; text: string }
  | { type: 'break' }
  | { type: 'math'; tex: string; display: boolean }
  | { type: 'image'; id: string }
  | { type: 'bold' | 'italic' | 'underline'; children: RichNode[] };

type StyleType = 'bold' | 'italic' | 'underline';
const TAGS: Record<string, StyleType> = { b: 'bold', i: 'italic', u: 'underline' };
const TAG_AT = /^\[(\/?)([biu])\]|^\[img:([A-Za-z0-9_-]{8,64})\]/i;

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

/** The text of rich text without markup (math as its LaTeX): for titles and screen readers. */
export function plainText(source: string): string {
  const walk = (nodes: readonly RichNode[]): string =>
    nodes.map((n) => (n.type === 'text' ? n.text : n.type === 'break' ? '\n' : n.type === 'math' ? n.tex : n.type === 'image' ? '' : walk(n.children))).join('');
  return walk(parseRichText(source));
}
