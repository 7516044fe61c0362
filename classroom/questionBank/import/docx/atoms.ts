/**
 * A paragraph as a string of atoms (one per character, one per image or equation), so that
 * the layout reader can match markers with regular expressions on its text and still cut the
 * formatted content at the same places.
 */
import type { DocSegment } from './readDocx.js';

export interface Marks {
  bold: boolean;
  italic: boolean;
  underline: boolean;
  colored: boolean;
  highlight: boolean;
}

export type Atom = { ch: string; marks: Marks } | { ch: '\uFFFC'; marks: Marks; image: string } | { ch: '\uFFFC'; marks: Marks; math: string; partial: boolean };

const PLAIN: Marks = { bold: false, italic: false, underline: false, colored: false, highlight: false };

export function atomsOf(segments: readonly DocSegment[]): Atom[] {
  const out: Atom[] = [];
  for (const s of segments) {
    if (s.kind === 'text') {
      const { kind: _k, text, ...marks } = s;
      for (const ch of text) out.push({ ch, marks });
    } else if (s.kind === 'image') out.push({ ch: '\uFFFC', marks: PLAIN, image: s.placeholder });
    else out.push({ ch: '\uFFFC', marks: PLAIN, math: s.tex, partial: s.partial });
  }
  return out;
}

export const textOf = (atoms: readonly Atom[]): string => atoms.map((a) => a.ch).join('');

/** Atoms without leading and trailing white space. */
export function trimAtoms(atoms: readonly Atom[]): Atom[] {
  let a = 0;
  let b = atoms.length;
  while (a < b && /\s/.test(atoms[a]!.ch)) a++;
  while (b > a && /\s/.test(atoms[b - 1]!.ch)) b--;
  return atoms.slice(a, b);
}

/** Images referred to by the atoms. */
export function imagesIn(atoms: readonly Atom[]): string[] {
  return atoms.flatMap((a) => ('image' in a ? [a.image] : []));
}

export function hasPartialMath(atoms: readonly Atom[]): boolean {
  return atoms.some((a) => 'partial' in a && a.partial);
}

/**
 * Rich text of atoms: [b] [i] [u] from the run formatting (less the marks in `ignore`, those
 * used to show the answer), $…$ for equations, [img:…] for kept images; tabs become spaces.
 */
export function richOf(atoms: readonly Atom[], ignore: ReadonlySet<keyof Marks> = new Set(), keepImage: (id: string) => boolean = () => true): string {
  let out = '';
  let open = { b: false, i: false, u: false };
  const want = (m: Marks) => ({ b: m.bold && !ignore.has('bold'), i: m.italic && !ignore.has('italic'), u: m.underline && !ignore.has('underline') });
  const setStyle = (next: { b: boolean; i: boolean; u: boolean }) => {
    // Close in reverse order of opening (u, i, b), then open what is new: always well nested.
    for (const k of ['u', 'i', 'b'] as const) if (open[k] && !next[k]) out += `[/${k}]`;
    for (const k of ['b', 'i', 'u'] as const) if (!open[k] && next[k]) out += `[${k}]`;
    open = next;
  };
  for (const a of atoms) {
    if ('math' in a) {
      setStyle({ b: false, i: false, u: false });
      out += `$${a.math}$`;
    } else if ('image' in a) {
      if (keepImage(a.image)) out += `[img:${a.image}]`;
    } else if (a.ch === '\n') {
      out += '\n';
    } else {
      const blank = /\s/.test(a.ch);
      if (!blank) setStyle(want(a.marks));
      out += a.ch === '\t' ? ' ' : escapeChar(a.ch);
    }
  }
  setStyle({ b: false, i: false, u: false });
  return out.replace(/ {2,}/g, ' ');
}

function escapeChar(c: string): string {
  return c === '$' || c === '[' || c === '\\' ? `\\${c}` : c;
}

/**
 * Whether an option or statement carries `mark`: on its letter (the "A." marker) or on most of
 * its visible text.
 */
export function carries(marker: readonly Atom[], body: readonly Atom[], mark: keyof Marks): boolean {
  if (marker.some((a) => /\S/.test(a.ch) && a.marks[mark])) return true;
  const visible = body.filter((a) => /\S/.test(a.ch));
  return visible.length > 0 && visible.filter((a) => a.marks[mark]).length * 2 > visible.length;
}
