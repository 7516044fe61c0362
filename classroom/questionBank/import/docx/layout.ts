/**
 * The layout of Vietnamese teachers' question documents:
 *
 *   PHẦN I. …                                   (a part: kept as the section)
 *   Câu 1 (NB). Stem, over one or more paragraphs, with $equations$ and pictures
 *   A. …   B. …   C. …   D. …                   (one per paragraph, or several on a line)
 *   Đáp án: B                                   (or the right option underlined, coloured,
 *                                                highlighted or bold, unlike the others)
 *   Lời giải: …                                 (optional: the explanation)
 *
 * True/false (2025 Part II): statements a) b) c) d), true ones marked like a right option,
 * or "Đáp án: a) Đ b) S c) Đ d) S" (or "ĐSĐS"). Short answer (Part III): no options and
 * "Đáp án: 3,14" (a number) or "Đáp án: Hà Nội" (text). No options and no answer: an essay
 * in a part titled "tự luận", else an error.
 */
import { parseDecimal, type CognitiveLevel, type Question } from '../../../assessment/index.js';
import { error, warning, type ImportIssue, type ParsedFile, type ParsedItem } from '../ImportTypes.js';
import { atomsOf, hasPartialMath, imagesIn, richOf, textOf, trimAtoms, type Atom } from './atoms.js';
import { chooseMarked, splitMarkers, type Marked } from './markers.js';
import type { DocxContent } from './readDocx.js';

const QUESTION = /^\s*(?:Câu|Question|Bài)\s*(\d{1,4})\s*(?:[([]([^)\]]{1,40})[)\]])?\s*[.:)]?\s*(?:[([]([^)\]]{1,40})[)\]])?\s*[.:]?\s*/iu;
const SECTION = /^\s*(?:PHẦN|Phần)\s+([IVX]+|\d+)\b|^\s*(?:[IVX]+)\s*[.)]\s*(?:TRẮC NGHIỆM|TỰ LUẬN|Trắc nghiệm|Tự luận)/u;
// "Đáp án nào sau đây…" is a stem: an answer line has a colon (or is "Chọn B").
const ANSWER = /^\s*(?:(?:Đáp án|ĐA|Answer)\s*(?:đúng)?\s*:\s*(.*)|Chọn\s+([A-H])\s*\.?\s*)$/iu;
const EXPLANATION = /^\s*(?:Lời giải|Hướng dẫn giải|Hướng dẫn|Giải thích|Giải)\s*(?:chi tiết)?\s*[:.]\s*/iu;

const LEVELS: Array<[RegExp, CognitiveLevel]> = [
  [/^(VDC|vận dụng cao)$/iu, 'apply_high'],
  [/^(VD|vận dụng)$/iu, 'apply'],
  [/^(TH|thông hiểu)$/iu, 'understand'],
  [/^(NB|nhận biết)$/iu, 'recall'],
];

interface Draft {
  line: number;
  label: string;
  level: CognitiveLevel | null;
  section: string | null;
  essaySection: boolean;
  stem: Atom[][];
  options: Marked[];
  statements: Marked[];
  answer: string | null;
  explanation: Atom[][];
  mode: 'stem' | 'options' | 'statements' | 'after' | 'explanation';
}

export function readLayout(content: DocxContent, maxImageBytes: number): ParsedFile {
  const items: ParsedItem[] = [];
  let section: string | null = null;
  let essaySection = false;
  let q: Draft | null = null;
  const finish = () => {
    if (q) items.push(build(q, content, maxImageBytes));
    q = null;
  };
  for (const p of content.paragraphs) {
    const atoms = atomsOf(p.segments);
    const text = textOf(atoms);
    if (!text.trim()) continue;
    const sectionMatch = SECTION.exec(text);
    if (sectionMatch && !QUESTION.test(text)) {
      finish();
      section = text.trim().slice(0, 80);
      essaySection = /tự luận/iu.test(text);
      continue;
    }
    const start = QUESTION.exec(text);
    if (start) {
      finish();
      const level = [start[2], start[3]].map((t) => levelOf(t)).find((l) => l !== null) ?? null;
      q = { line: p.index, label: `Câu ${start[1]}`, level, section, essaySection, stem: [], options: [], statements: [], answer: null, explanation: [], mode: 'stem' };
      const rest = trimAtoms(atoms.slice(start[0].length));
      if (rest.length > 0) readInto(q, rest);
      continue;
    }
    if (q) readInto(q, atoms);
  }
  finish();
  return { items, issues: [] };
}

function levelOf(tag: string | undefined): CognitiveLevel | null {
  const t = tag?.trim() ?? '';
  return LEVELS.find(([re]) => re.test(t))?.[1] ?? null;
}

/** One paragraph (or the rest of the "Câu n." one) into the question being read. */
function readInto(q: Draft, atoms: Atom[]): void {
  const text = textOf(atoms);
  const answer = ANSWER.exec(text);
  if (answer && q.mode !== 'explanation' && (q.mode !== 'stem' || q.stem.length > 0)) {
    q.answer = (answer[1] ?? answer[2] ?? '').trim();
    q.mode = 'after';
    return;
  }
  const explanation = EXPLANATION.exec(text);
  if (explanation && (q.mode !== 'stem' || q.stem.length > 0)) {
    q.mode = 'explanation';
    const rest = trimAtoms(atoms.slice(explanation[0].length));
    if (rest.length > 0) q.explanation.push(rest);
    return;
  }
  if (q.mode === 'explanation' || q.mode === 'after') {
    if (q.mode === 'explanation') q.explanation.push(atoms);
    return;
  }
  if (q.mode !== 'statements') {
    const options = splitMarkers(atoms, 'upper', q.options.length);
    if (options) {
      q.options.push(...options);
      q.mode = 'options';
      return;
    }
  }
  if (q.mode !== 'options') {
    const statements = splitMarkers(atoms, 'lower', q.statements.length);
    if (statements) {
      q.statements.push(...statements);
      q.mode = 'statements';
      return;
    }
  }
  if (q.mode === 'stem') q.stem.push(atoms);
  // Text after the options that is neither an answer nor an explanation: part of the last option.
  else if (q.mode === 'options') q.options[q.options.length - 1]!.body.push({ ch: '\n', marks: atoms[0]!.marks }, ...atoms);
  else q.statements[q.statements.length - 1]!.body.push({ ch: '\n', marks: atoms[0]!.marks }, ...atoms);
}

function build(q: Draft, content: DocxContent, maxImageBytes: number): ParsedItem {
  const issues: ImportIssue[] = [];
  const joined = (paras: Atom[][]) => paras.flatMap((a, i) => (i === 0 ? a : [{ ch: '\n', marks: a[0]!.marks } as Atom, ...a]));
  const stemAtoms = joined(q.stem);
  const allAtoms = [...stemAtoms, ...q.options.flatMap((o) => o.body), ...q.statements.flatMap((s) => s.body), ...joined(q.explanation)];
  const images = imagesIn(allAtoms);
  const kept = images.filter((id) => content.images.has(id));
  for (const id of images) {
    const why = content.droppedImages.get(id);
    if (why) issues.push(warning('IMAGE_DROPPED', why === '.wmf' || why === '.emf' ? `A picture in ${why} (a MathType equation or an old drawing) cannot be shown in a browser: retype it as $…$ or insert it as PNG` : `A picture (${why}) cannot be kept`));
  }
  for (const id of kept) {
    const size = content.images.get(id)!.bytes.byteLength;
    if (size > maxImageBytes) issues.push(error('IMAGE_TOO_LARGE', `A picture is ${Math.ceil(size / 1024)} KiB, over the ${Math.round(maxImageBytes / 1024)} KiB limit: make it smaller`));
  }
  if (hasPartialMath(allAtoms)) issues.push(warning('EQUATION_PARTIAL', 'An equation was only partly understood: check it'));
  const keep = (id: string) => content.images.has(id);
  const stem = richOf(stemAtoms, new Set(), keep).trim();
  const explanation = richOf(joined(q.explanation), new Set(), keep).trim();
  const draft = decide(q, stem, explanation, keep, issues);
  const excerpt = `${q.label}. ${textOf(stemAtoms).replace(/\uFFFC/g, '…').replace(/\s+/g, ' ').trim()}`.slice(0, 160);
  return {
    line: q.line,
    label: q.label,
    excerpt,
    draft,
    level: q.level,
    section: q.section,
    images: kept.map((id) => content.images.get(id)!),
    issues,
  };
}

function decide(q: Draft, stem: string, explanation: string, keep: (id: string) => boolean, issues: ImportIssue[]): Question | null {
  if (q.options.length > 0) return choice(q, stem, explanation, keep, issues);
  if (q.statements.length > 0) return trueFalse(q, stem, explanation, keep, issues);
  if (q.answer) {
    const n = parseDecimal(q.answer);
    if (n.ok) return { body: { kind: 'numeric', stem, unit: '' }, key: { kind: 'numeric', answers: [{ value: n.value, tolerance: 0 }], explanation } };
    const accepted = q.answer.split(/\s*;\s*/).filter(Boolean);
    return { body: { kind: 'short_text', stem }, key: { kind: 'short_text', accepted, caseSensitive: false, ignoreDiacritics: false, explanation } };
  }
  if (q.essaySection) return { body: { kind: 'essay', stem }, key: { kind: 'essay', guidance: explanation, explanation: '' } };
  issues.push(error('NO_ANSWER', 'No options and no "Đáp án:" line: add the answer (or put the question in a part titled "Tự luận")'));
  return null;
}

function choice(q: Draft, stem: string, explanation: string, keep: (id: string) => boolean, issues: ImportIssue[]): Question | null {
  if (q.options.length < 2) {
    issues.push(error('TOO_FEW_OPTIONS', 'A choice question needs at least options A and B'));
    return null;
  }
  const marked = chooseMarked(q.options);
  const ids = q.options.map((o) => o.letter);
  let correct: string[] | null = null;
  if (q.answer) {
    correct = answerLetters(q.answer);
    if (!correct) issues.push(error('SYNTAX', `"Đáp án: ${q.answer}" names no option`));
    else if (correct.some((l) => !ids.includes(l))) {
      issues.push(error('ANSWER_UNKNOWN_OPTION', `"Đáp án: ${q.answer}" names an option the question does not have`));
      return null;
    } else if (marked.correct && marked.correct.join() !== [...correct].sort().join()) {
      issues.push(warning('ANSWER_MARKS_DISAGREE', `The "Đáp án:" line (${correct.join(', ')}) and the marked option (${marked.correct.join(', ')}) disagree: the line wins`));
    }
  } else correct = marked.correct;
  if (!correct) {
    issues.push(marked.ambiguous ? error('ANSWER_AMBIGUOUS', 'Several options are marked: mark one, or write "Đáp án: …"') : error('NO_ANSWER', 'No option is marked right and there is no "Đáp án:" line'));
    return null;
  }
  const ignore = new Set(marked.mark ? [marked.mark] : []);
  const options = q.options.map((o) => ({ id: o.letter, text: richOf(trimAtoms(o.body), ignore, keep) }));
  if (correct.length === 1) return { body: { kind: 'single_choice', stem, options, fixedOrder: false }, key: { kind: 'single_choice', correct: correct[0]!, explanation } };
  return { body: { kind: 'multiple_choice', stem, options, fixedOrder: false }, key: { kind: 'multiple_choice', correct, explanation } };
}

function trueFalse(q: Draft, stem: string, explanation: string, keep: (id: string) => boolean, issues: ImportIssue[]): Question | null {
  const ids = q.statements.map((s) => s.letter);
  let truths: Record<string, boolean> | null = q.answer ? truthsFromLine(q.answer, ids) : null;
  const marked = chooseMarked(q.statements);
  if (q.answer && !truths) issues.push(error('SYNTAX', `"Đáp án: ${q.answer}" does not say which statements are true (write "a) Đ b) S c) Đ d) S")`));
  const suffixes = q.statements.map((s) => /\(\s*(Đ|S|Đúng|Sai)\s*\)\s*$/iu.exec(textOf(s.body))?.[1] ?? null);
  if (!truths && suffixes.every((x) => x !== null)) truths = Object.fromEntries(ids.map((id, i) => [id, /^Đ/iu.test(suffixes[i]!)]));
  if (!truths && marked.mark) truths = Object.fromEntries(ids.map((id) => [id, marked.correct?.includes(id) ?? false]));
  if (!truths) {
    issues.push(error('NO_ANSWER', 'No statement is marked true and there is no "Đáp án:" line'));
    return null;
  }
  const ignore = new Set(marked.mark && !q.answer ? [marked.mark] : []);
  const strip = (s: string) => s.replace(/\s*\(\s*(Đ|S|Đúng|Sai)\s*\)\s*$/iu, '');
  const statements = q.statements.map((s) => ({ id: s.letter, text: strip(richOf(trimAtoms(s.body), ignore, keep)) }));
  return { body: { kind: 'true_false', stem, statements, fixedOrder: true }, key: { kind: 'true_false', truths, explanation } };
}

/** "B", "B.", "B. 2,5" (the letter and its option), "A, C", "AC" → the letters; null for anything else. */
function answerLetters(answer: string): string[] | null {
  const a = answer.trim().toUpperCase();
  const withText = /^([A-H])\s*[.)]\s+\S/.exec(a);
  if (withText) return [withText[1]!];
  if (!/^[A-H](?:\s*[,;]?\s*[A-H])*\s*\.?$/.test(a)) return null;
  return [...new Set(a.match(/[A-H]/g) ?? [])];
}

/** "a) Đ, b) S, c) Đ, d) S", "a-Đúng; b-Sai…", "ĐSĐS", "DSDS" → truths for `ids`. */
function truthsFromLine(line: string, ids: readonly string[]): Record<string, boolean> | null {
  const pairs = [...line.matchAll(/([a-h])\s*[).:-]?\s*(Đúng|Sai|Đ|S|D|T|F)(?!\p{L})/giu)];
  if (pairs.length === ids.length) {
    const out: Record<string, boolean> = {};
    for (const m of pairs) out[m[1]!.toLowerCase()] = /^(Đ|D|T)/iu.test(m[2]!);
    return ids.every((id) => id in out) ? out : null;
  }
  const compact = line.replace(/[\s,;.]/g, '').toUpperCase();
  if (compact.length === ids.length && /^[ĐDSTF]+$/u.test(compact)) return Object.fromEntries(ids.map((id, i) => [id, /[ĐDT]/u.test(compact[i]!)]));
  return null;
}
