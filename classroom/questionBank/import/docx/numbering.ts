/**
 * Word's automatic numbering written out: "Câu %1." with a decimal counter, "%1." with upper
 * letters for options, "%1)" with lower letters for statements. Teachers' documents use it
 * for exactly the markers the layout reader looks for.
 */
import { NS, attr, child, childrenOf, is, type XmlElement } from './xml.js';

interface Level {
  format: string;
  text: string;
  start: number;
}

export interface Numbering {
  /** The label of a paragraph with these properties ("Câu 3.", "B."), advancing the counters; null when not numbered. */
  labelOf(pPr: XmlElement): string | null;
  /**
   * Restarts every lettered list: called at each new question, whose options are A, B, C…
   * again on the page the teacher printed even when Word's list itself runs on.
   */
  restartLetters(): void;
}

export function readNumbering(root: XmlElement | null): Numbering {
  const abstracts = new Map<string, Map<number, Level>>();
  const nums = new Map<string, string>();
  const overrides = new Map<string, Map<number, number>>();
  for (const el of root ? childrenOf(root) : []) {
    if (is(el, NS.w, 'abstractNum')) {
      const levels = new Map<number, Level>();
      for (const lvl of childrenOf(el).filter((c) => is(c, NS.w, 'lvl'))) {
        const val = (name: string) => {
          const c = child(lvl, NS.w, name);
          return c ? attr(c, NS.w, 'val') : null;
        };
        levels.set(Number(attr(lvl, NS.w, 'ilvl') ?? 0), { format: val('numFmt') ?? 'decimal', text: val('lvlText') ?? '', start: Number(val('start') ?? 1) });
      }
      abstracts.set(attr(el, NS.w, 'abstractNumId') ?? '', levels);
    } else if (is(el, NS.w, 'num')) {
      const a = child(el, NS.w, 'abstractNumId');
      const numId = attr(el, NS.w, 'numId') ?? '';
      nums.set(numId, a ? (attr(a, NS.w, 'val') ?? '') : '');
      const starts = new Map<number, number>();
      for (const o of childrenOf(el).filter((c) => is(c, NS.w, 'lvlOverride'))) {
        const start = child(o, NS.w, 'startOverride');
        if (start) starts.set(Number(attr(o, NS.w, 'ilvl') ?? 0), Number(attr(start, NS.w, 'val') ?? 1));
      }
      overrides.set(numId, starts);
    }
  }
  const counters = new Map<string, number[]>();
  const lettered = new Set<string>();
  return {
    restartLetters() {
      for (const key of lettered) counters.delete(key);
    },
    labelOf(pPr) {
      const numPr = child(pPr, NS.w, 'numPr');
      if (!numPr) return null;
      const numId = attr(child(numPr, NS.w, 'numId') ?? numPr, NS.w, 'val') ?? '';
      const ilvl = Number(attr(child(numPr, NS.w, 'ilvl') ?? numPr, NS.w, 'val') ?? 0);
      const levels = abstracts.get(nums.get(numId) ?? '');
      const level = levels?.get(ilvl);
      if (!levels || !level || numId === '0') return null;
      // Each w:num is its own list (a restarted list is a new w:num, maybe with a start override).
      const key = numId;
      const count = counters.get(key) ?? [];
      count[ilvl] = (count[ilvl] ?? ((overrides.get(numId)?.get(ilvl) ?? level.start) - 1)) + 1;
      count.length = ilvl + 1; // deeper levels restart
      counters.set(key, count);
      if (level.format === 'bullet' || level.format === 'none') return null;
      if (/letter/i.test(level.format)) lettered.add(key);
      return level.text.replace(/%([1-9])/g, (_w, d: string) => {
        const i = Number(d) - 1;
        return format(count[i] ?? levels.get(i)?.start ?? 1, levels.get(i)?.format ?? 'decimal');
      });
    },
  };
}

function format(n: number, fmt: string): string {
  switch (fmt) {
    case 'upperLetter':
      return letters(n).toUpperCase();
    case 'lowerLetter':
      return letters(n);
    case 'upperRoman':
      return roman(n);
    case 'lowerRoman':
      return roman(n).toLowerCase();
    default:
      return String(n);
  }
}

function letters(n: number): string {
  const c = String.fromCharCode(97 + ((n - 1) % 26));
  return c.repeat(Math.floor((n - 1) / 26) + 1);
}

function roman(n: number): string {
  const table: Array<[number, string]> = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  let rest = n;
  for (const [v, s] of table) while (rest >= v) (out += s), (rest -= v);
  return out;
}
