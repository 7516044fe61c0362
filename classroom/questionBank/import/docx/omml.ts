/**
 * Word equations (OMML) → LaTeX for KaTeX: the constructs of school mathematics (fractions,
 * powers and indices, roots, brackets, sums and integrals, functions, accents, limits, systems
 * and matrices). Anything else keeps its text and marks the result `partial`, which the
 * preview reports so that the teacher can check it.
 */
import { NS, attr, child, childrenOf, is, type XmlElement } from './xml.js';

export interface Latex {
  tex: string;
  /** Something was not understood and only its text was kept. */
  partial: boolean;
}

const NARY: Record<string, string> = { '∑': '\\sum', '∏': '\\prod', '∫': '\\int', '∬': '\\iint', '∭': '\\iiint', '∮': '\\oint', '⋃': '\\bigcup', '⋂': '\\bigcap' };
const ACCENT: Record<string, string> = { '\u20d7': '\\vec', '\u0302': '\\hat', '\u0305': '\\overline', '\u0304': '\\bar', '\u0307': '\\dot', '\u0308': '\\ddot', '\u0303': '\\tilde', '\u2192': '\\vec' };
const FUNCTIONS = new Set(['sin', 'cos', 'tan', 'cot', 'log', 'ln', 'lg', 'exp', 'lim', 'max', 'min', 'arcsin', 'arccos', 'arctan', 'sinh', 'cosh', 'tanh', 'det', 'gcd']);
const SYMBOLS: Record<string, string> = {
  '≤': '\\le ', '≥': '\\ge ', '≠': '\\ne ', '±': '\\pm ', '∓': '\\mp ', '×': '\\times ', '÷': '\\div ', '·': '\\cdot ', '⋅': '\\cdot ', '∞': '\\infty ',
  '→': '\\to ', '⇒': '\\Rightarrow ', '⇔': '\\Leftrightarrow ', '∈': '\\in ', '∉': '\\notin ', '⊂': '\\subset ', '⊆': '\\subseteq ', '∩': '\\cap ', '∪': '\\cup ',
  '∅': '\\emptyset ', '≈': '\\approx ', '≡': '\\equiv ', '∀': '\\forall ', '∃': '\\exists ', '∠': '\\angle ', '⊥': '\\perp ', '∥': '\\parallel ', '°': '^{\\circ}',
  'α': '\\alpha ', 'β': '\\beta ', 'γ': '\\gamma ', 'δ': '\\delta ', 'Δ': '\\Delta ', 'ε': '\\varepsilon ', 'θ': '\\theta ', 'λ': '\\lambda ', 'μ': '\\mu ',
  'π': '\\pi ', 'ρ': '\\rho ', 'σ': '\\sigma ', 'Σ': '\\Sigma ', 'φ': '\\varphi ', 'ω': '\\omega ', 'Ω': '\\Omega ', 'ℝ': '\\mathbb{R}', 'ℕ': '\\mathbb{N}', 'ℤ': '\\mathbb{Z}', 'ℚ': '\\mathbb{Q}',
  '{': '\\{', '}': '\\}', '%': '\\%', '#': '\\#', '&': '\\&', '$': '\\$', '_': '\\_', '\\': '\\backslash ', '^': '\\hat{}', '~': '\\sim ',
};

export function ommlToLatex(el: XmlElement): Latex {
  const state = { partial: false };
  const tex = node(el, state).replace(/\s+/g, ' ').trim();
  return { tex, partial: state.partial };
}

type State = { partial: boolean };

function all(el: XmlElement | undefined, s: State): string {
  return el ? childrenOf(el).map((c) => node(c, s)).join('') : '';
}

const arg = (el: XmlElement, name: string, s: State) => all(child(el, NS.m, name), s);
const prop = (el: XmlElement, pr: string, name: string) => {
  const p = child(el, NS.m, pr);
  const c = p ? child(p, NS.m, name) : undefined;
  return c ? attr(c, NS.m, 'val') : null;
};

function node(el: XmlElement, s: State): string {
  if (el.namespaceURI === NS.w) return ''; // run properties inside math
  if (el.namespaceURI !== NS.m) {
    s.partial = true;
    return '';
  }
  switch (el.localName) {
    case 'oMathPara':
    case 'oMath':
    case 'e':
    case 'num':
    case 'den':
    case 'sub':
    case 'sup':
    case 'deg':
    case 'lim':
    case 'fName':
      return all(el, s);
    case 'r':
      return text(childrenOf(el).filter((c) => is(c, NS.m, 't')).map((t) => t.textContent ?? '').join(''));
    case 'f':
      return prop(el, 'fPr', 'type') === 'lin' ? `${arg(el, 'num', s)}/${arg(el, 'den', s)}` : `\\frac{${arg(el, 'num', s)}}{${arg(el, 'den', s)}}`;
    case 'sSup':
      return `{${arg(el, 'e', s)}}^{${arg(el, 'sup', s)}}`;
    case 'sSub':
      return `{${arg(el, 'e', s)}}_{${arg(el, 'sub', s)}}`;
    case 'sSubSup':
      return `{${arg(el, 'e', s)}}_{${arg(el, 'sub', s)}}^{${arg(el, 'sup', s)}}`;
    case 'sPre':
      return `{}_{${arg(el, 'sub', s)}}^{${arg(el, 'sup', s)}}{${arg(el, 'e', s)}}`;
    case 'rad': {
      const deg = prop(el, 'radPr', 'degHide') === '1' ? '' : arg(el, 'deg', s);
      return deg ? `\\sqrt[${deg}]{${arg(el, 'e', s)}}` : `\\sqrt{${arg(el, 'e', s)}}`;
    }
    case 'd':
      return delimiters(el, s);
    case 'nary': {
      const chr = prop(el, 'naryPr', 'chr') ?? '∫';
      const op = NARY[chr] ?? text(chr);
      const sub = prop(el, 'naryPr', 'subHide') === '1' ? '' : arg(el, 'sub', s);
      const sup = prop(el, 'naryPr', 'supHide') === '1' ? '' : arg(el, 'sup', s);
      return `${op}${sub ? `_{${sub}}` : ''}${sup ? `^{${sup}}` : ''}{${arg(el, 'e', s)}}`;
    }
    case 'func': {
      const name = arg(el, 'fName', s).trim();
      const fn = FUNCTIONS.has(name) ? `\\${name}` : name.startsWith('\\') ? name : `\\operatorname{${name}}`;
      return `${fn}{${arg(el, 'e', s)}}`;
    }
    case 'limLow':
      return `${limitName(arg(el, 'e', s))}_{${arg(el, 'lim', s)}}`;
    case 'limUpp':
      return `${limitName(arg(el, 'e', s))}^{${arg(el, 'lim', s)}}`;
    case 'acc': {
      const chr = prop(el, 'accPr', 'chr') ?? '\u0302';
      return `${ACCENT[chr] ?? '\\hat'}{${arg(el, 'e', s)}}`;
    }
    case 'bar':
      return prop(el, 'barPr', 'pos') === 'bot' ? `\\underline{${arg(el, 'e', s)}}` : `\\overline{${arg(el, 'e', s)}}`;
    case 'groupChr':
      return `\\underbrace{${arg(el, 'e', s)}}`;
    case 'box':
    case 'borderBox':
    case 'phant':
      return arg(el, 'e', s);
    case 'eqArr':
      return `\\begin{aligned}${childrenOf(el).filter((c) => is(c, NS.m, 'e')).map((e) => all(e, s).replace(/&/g, '')).join(' \\\\ ')}\\end{aligned}`;
    case 'm':
      return `\\begin{matrix}${childrenOf(el)
        .filter((c) => is(c, NS.m, 'mr'))
        .map((row) => childrenOf(row).filter((c) => is(c, NS.m, 'e')).map((e) => all(e, s)).join(' & '))
        .join(' \\\\ ')}\\end{matrix}`;
    default:
      if (el.localName?.endsWith('Pr') || el.localName === 'ctrlPr') return '';
      s.partial = true;
      return all(el, s);
  }
}

function text(t: string): string {
  return [...t].map((c) => SYMBOLS[c] ?? c).join('');
}

function limitName(e: string): string {
  const t = e.trim();
  return FUNCTIONS.has(t) ? `\\${t}` : t;
}

function delimiters(el: XmlElement, s: State): string {
  const beg = prop(el, 'dPr', 'begChr') ?? '(';
  const end = prop(el, 'dPr', 'endChr') ?? ')';
  const sep = prop(el, 'dPr', 'sepChr') ?? '|';
  const parts = childrenOf(el).filter((c) => is(c, NS.m, 'e')).map((e) => all(e, s));
  const side = (c: string) => (c === '' ? '.' : c === '{' ? '\\{' : c === '}' ? '\\}' : c === '〈' || c === '⟨' ? '\\langle' : c === '〉' || c === '⟩' ? '\\rangle' : c === '‖' ? '\\|' : c);
  const inner = parts.join(sep === '|' ? ' \\mid ' : ` ${text(sep)} `);
  // A brace on the left only, around an equation array: a system of equations.
  if (beg === '{' && end === '' && inner.startsWith('\\begin{aligned}')) return `\\begin{cases}${inner.slice(15, -13).replace(/ \\\\ /g, ' \\\\ ')}\\end{cases}`;
  return `\\left${side(beg)} ${inner} \\right${side(end)}`;
}
