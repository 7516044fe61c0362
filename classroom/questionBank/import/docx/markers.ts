/**
 * Options "A." "B)" and statements "a)" "b." in a paragraph, one or several on a line (the
 * usual "A. 1\tB. 2\tC. 3\tD. 4"), and which of them the teacher marked.
 */
import { carries, textOf, trimAtoms, type Atom, type Marks } from './atoms.js';

export interface Marked {
  /** "A"… for options, "a"… for statements: their ids. */
  letter: string;
  marker: Atom[];
  body: Atom[];
}

/**
 * The options (or statements) of a paragraph that starts with the next expected marker
 * (`already` of them read before), or null when it does not start with one. Later markers
 * count only in order (after "B." only "C." can start a new one) and after white space.
 */
export function splitMarkers(atoms: readonly Atom[], letters: 'upper' | 'lower', already: number): Marked[] | null {
  const text = textOf(atoms);
  const letter = (i: number) => String.fromCharCode((letters === 'upper' ? 65 : 97) + i);
  if (already >= 8) return null;
  const first = new RegExp(`^\\s*${letter(already)}\\s*[.)]`).exec(text);
  if (!first || (letters === 'lower' && !/[.)]$/.test(first[0]))) return null;
  const starts: Array<{ at: number; end: number; letter: string }> = [{ at: text.indexOf(letter(already)), end: first[0].length, letter: letter(already) }];
  for (let i = already + 1; i < 8; i++) {
    const re = new RegExp(`(?<=\\s)${letter(i)}\\s*[.)](?=\\s|$)`, 'g');
    re.lastIndex = starts[starts.length - 1]!.end;
    const m = re.exec(text);
    if (!m) break;
    starts.push({ at: m.index, end: m.index + m[0].length, letter: letter(i) });
  }
  return starts.map((s, k) => ({
    letter: s.letter,
    marker: atoms.slice(s.at, s.end),
    body: trimAtoms(atoms.slice(s.end, k + 1 < starts.length ? starts[k + 1]!.at : atoms.length)),
  }));
}

export interface MarkChoice {
  /** Letters marked, or null when no formatting tells them apart. */
  correct: string[] | null;
  /** The formatting that marks them (dropped from their text). */
  mark: keyof Marks | null;
  /** Several options are marked where one was expected. */
  ambiguous: boolean;
}

/** The teachers' ways of marking, most specific first: bold is often used for other things too. */
const MARKS: Array<keyof Marks> = ['underline', 'colored', 'highlight', 'bold'];

/**
 * The items that carry a formatting the others lack. Options (`many` false) must have exactly
 * one such item; statements (`many` true) may have several (the true ones).
 */
export function chooseMarked(items: readonly Marked[], many = items.length > 0 && items[0]!.letter === 'a'): MarkChoice {
  for (const mark of MARKS) {
    const marked = items.filter((it) => carries(it.marker, it.body, mark));
    if (marked.length === 0 || marked.length === items.length) continue;
    if (!many && marked.length > 1) return { correct: null, mark: null, ambiguous: true };
    return { correct: marked.map((m) => m.letter), mark, ambiguous: false };
  }
  return { correct: null, mark: null, ambiguous: false };
}
