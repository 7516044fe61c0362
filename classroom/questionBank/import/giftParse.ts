/**
 * Moodle GIFT (docs.moodle.org "GIFT format") → questions. Understood: multiple choice with one
 * right answer (single_choice) or with weights (multiple_choice), true/false (a Đúng/Sai
 * single choice, or the statements of one 2025-style question when titled "<title> a)",
 * "<title> b)"… as giftExport writes them), short answer, numerical (value:tolerance, ranges,
 * several values), essay, general feedback (the explanation), $CATEGORY (the topic).
 * Not understood, reported per question: matching, missing-word choice inside a sentence is
 * kept as a blank "_____" in the stem, descriptions (no answer block).
 */
import type { ChoiceOption, Question } from '../../assessment/index.js';
import { htmlToRich } from './htmlText.js';
import { error, warning, type ImportIssue, type ParsedFile, type ParsedItem } from './ImportTypes.js';

const LETTERS = 'ABCDEFGHIJ';

export function parseGift(text: string): ParsedFile {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const items: ParsedItem[] = [];
  let topic: string | null = null;
  let block: string[] = [];
  let blockStart = 0;
  const flush = () => {
    const source = block.join('\n').trim();
    block = [];
    if (!source) return;
    const category = /^\$CATEGORY:\s*(.*)$/m.exec(source);
    if (category) {
      const parts = (category[1] ?? '').split('/').map((p) => p.trim()).filter((p) => p && !p.startsWith('$'));
      topic = parts.at(-1) ?? null;
      return;
    }
    items.push({ ...parseOne(source, blockStart), topic });
  };
  lines.forEach((line, i) => {
    if (/^\s*\/\//.test(line)) return;
    if (line.trim() === '') return flush();
    if (block.length === 0) blockStart = i + 1;
    block.push(line);
  });
  flush();
  return { items: mergeStatements(items), issues: [] };
}

/** GIFT's escapes (as Moodle reads them): \\ \~ \= \# \{ \} \: and \n for a line break; any other backslash stays. */
export function unescapeGift(s: string): string {
  return s.replace(/\\([\\~=#{}:n])/g, (_w, c: string) => (c === 'n' ? '\n' : c));
}

/** Index of the first `ch` not escaped by a backslash, from `from`. */
function unescapedIndex(s: string, ch: string, from = 0): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === ch) return i;
  }
  return -1;
}

/** Splits at unescaped characters of `set`, keeping each piece's leading separator. */
function splitUnescaped(s: string, set: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      cur += c + s[i + 1];
      i++;
    } else if (set.includes(c)) {
      if (cur.trim()) out.push(cur);
      cur = c;
    } else cur += c;
  }
  if (cur.trim()) out.push(cur);
  return out;
}

interface Read {
  issues: ImportIssue[];
}

/** Adds a warning once per question. */
function once(r: Read, issue: ImportIssue): void {
  if (!r.issues.some((i) => i.code === issue.code)) r.issues.push(issue);
}

function rich(source: string, r: Read): string {
  const format = /^\s*\[(html|moodle|plain|markdown)\]/i.exec(source);
  let text0 = unescapeGift(format ? source.slice(format[0].length) : source);
  // In HTML a line end is a space; in Moodle's own format it is a line break.
  if (format?.[1]?.toLowerCase() === 'html') text0 = text0.replace(/\n/g, ' ');
  const { text, dropped } = htmlToRich(text0.trim());
  if (dropped) once(r, warning('FORMAT_DROPPED', 'Formatting this bank cannot hold was removed'));
  return text;
}

function parseOne(source: string, line: number): ParsedItem {
  const r: Read = { issues: [] };
  let rest = source;
  let label: string | null = null;
  const title = /^::([\s\S]*?)::/.exec(rest);
  if (title) {
    label = unescapeGift(title[1] ?? '').trim() || null;
    rest = rest.slice(title[0].length);
  }
  const base = { line, label, excerpt: unescapeGift(rest).replace(/\s+/g, ' ').trim().slice(0, 160), images: [] };
  const open = unescapedIndex(rest, '{');
  const close = open < 0 ? -1 : unescapedIndex(rest, '}', open);
  if (open < 0 || close < 0) {
    return { ...base, draft: null, issues: [error(open < 0 ? 'TYPE_UNSUPPORTED' : 'SYNTAX', open < 0 ? 'A description without an answer block is not a question' : 'The answer block "{" is not closed')] };
  }
  const after = rest.slice(close + 1).trim();
  const stemSource = after ? `${rest.slice(0, open).trim()} _____ ${after}` : rest.slice(0, open);
  const format = /^\s*\[(html|moodle|plain|markdown)\]/i.exec(stemSource)?.[0] ?? '';
  const stem = rich(stemSource, r);
  const answers = rest.slice(open + 1, close).trim();
  const draft = readAnswers(answers, stem, format, r);
  return { ...base, draft, issues: r.issues };
}

function readAnswers(block: string, stem: string, format: string, r: Read): Question | null {
  const general = /####([\s\S]*)$/.exec(block);
  const explanation = general ? rich(format + general[1], r) : '';
  const body = general ? block.slice(0, general.index).trim() : block;
  if (body === '') return { body: { kind: 'essay', stem }, key: { kind: 'essay', guidance: '', explanation } };
  const tf = /^(T|F|TRUE|FALSE)\s*(#[\s\S]*)?$/i.exec(body);
  if (tf) {
    if (tf[2]) once(r, warning('FEEDBACK_DROPPED', 'Feedback on answers is not kept'));
    const right = tf[1]!.toUpperCase().startsWith('T') ? 'T' : 'F';
    return { body: { kind: 'single_choice', stem, options: [{ id: 'T', text: 'Đúng' }, { id: 'F', text: 'Sai' }], fixedOrder: true }, key: { kind: 'single_choice', correct: right, explanation } };
  }
  if (body.startsWith('#')) return numeric(body.slice(1), stem, explanation, r);
  const tokens = splitUnescaped(body, '=~');
  if (tokens.some((t) => /(^|[^\\])->/.test(t))) {
    r.issues.push(error('TYPE_UNSUPPORTED', 'Matching questions are not supported'));
    return null;
  }
  const parsed = tokens.map((t) => answerToken(t, format, r));
  if (parsed.some((p) => p === null)) {
    r.issues.push(error('SYNTAX', 'An answer could not be read'));
    return null;
  }
  const answers = parsed as AnswerToken[];
  if (answers.every((a) => a.mark === '=')) {
    return { body: { kind: 'short_text', stem }, key: { kind: 'short_text', accepted: answers.map((a) => a.plain), caseSensitive: false, ignoreDiacritics: false, explanation } };
  }
  const options: ChoiceOption[] = answers.map((a, i) => ({ id: LETTERS[i] ?? `O${i}`, text: a.text }));
  const weighted = answers.some((a) => a.weight !== null);
  if (weighted) {
    const correct = options.filter((_o, i) => (answers[i]!.weight ?? (answers[i]!.mark === '=' ? 100 : 0)) > 0).map((o) => o.id);
    if (correct.length === 0) r.issues.push(error('NO_ANSWER', 'No answer has a positive weight'));
    return { body: { kind: 'multiple_choice', stem, options, fixedOrder: false }, key: { kind: 'multiple_choice', correct, explanation } };
  }
  const right = options.filter((_o, i) => answers[i]!.mark === '=');
  if (right.length !== 1) {
    r.issues.push(error(right.length === 0 ? 'NO_ANSWER' : 'ANSWER_AMBIGUOUS', right.length === 0 ? 'No answer is marked right with "="' : 'Several answers are marked right with "="'));
    return null;
  }
  return { body: { kind: 'single_choice', stem, options, fixedOrder: false }, key: { kind: 'single_choice', correct: right[0]!.id, explanation } };
}

interface AnswerToken {
  mark: '=' | '~';
  weight: number | null;
  text: string;
  /** The answer as plain text (short answers). */
  plain: string;
}

function answerToken(token: string, format: string, r: Read): AnswerToken | null {
  const mark = token[0] as '=' | '~';
  let t = token.slice(1).trim();
  let weight: number | null = null;
  const w = /^%(-?\d+(?:\.\d+)?)%/.exec(t);
  if (w) {
    weight = Number(w[1]);
    t = t.slice(w[0].length);
  }
  const hash = unescapedIndex(t, '#');
  if (hash >= 0) {
    if (t.slice(hash + 1).trim()) once(r, warning('FEEDBACK_DROPPED', 'Feedback on answers is not kept'));
    t = t.slice(0, hash);
  }
  if (!t.trim()) return null;
  if (mark === '=' && weight !== null && weight < 100) once(r, warning('FORMAT_DROPPED', 'Partial credit for a short answer is not kept'));
  return { mark, weight, text: rich(format + t, r), plain: unescapeGift(t).trim() };
}

function numeric(spec: string, stem: string, explanation: string, r: Read): Question | null {
  const parts = spec.trim().startsWith('=') ? splitUnescaped(spec.trim(), '=').map((p) => p.slice(1)) : [spec];
  const answers: Array<{ value: number; tolerance: number }> = [];
  for (const raw of parts) {
    let p = raw.replace(/#[\s\S]*$/, '').trim();
    const w = /^%(-?\d+(?:\.\d+)?)%/.exec(p);
    if (w) {
      p = p.slice(w[0].length);
      if (Number(w[1]) < 100) {
        once(r, warning('FORMAT_DROPPED', 'Partial credit for a numerical answer is not kept'));
        continue;
      }
    }
    const range = /^(-?[\d.]+)\.\.(-?[\d.]+)$/.exec(p);
    const tol = /^(-?[\d.]+)(?::([\d.]+))?$/.exec(p);
    if (range) {
      const lo = Number(range[1]);
      const hi = Number(range[2]);
      answers.push({ value: (lo + hi) / 2, tolerance: Math.abs(hi - lo) / 2 });
    } else if (tol) answers.push({ value: Number(tol[1]), tolerance: Number(tol[2] ?? 0) });
    else {
      r.issues.push(error('SYNTAX', `"${p}" is not a GIFT number`));
      return null;
    }
  }
  if (answers.some((a) => !Number.isFinite(a.value) || !Number.isFinite(a.tolerance))) {
    r.issues.push(error('SYNTAX', 'A number could not be read'));
    return null;
  }
  return { body: { kind: 'numeric', stem, unit: '' }, key: { kind: 'numeric', answers, explanation } };
}

/**
 * Consecutive Đúng/Sai questions titled "<title> a)", "<title> b)"… whose texts are one stem
 * followed by "a) statement" become one true/false question with statements (giftExport's form
 * of a 2025 Part II question).
 */
function mergeStatements(items: ParsedItem[]): ParsedItem[] {
  const out: ParsedItem[] = [];
  for (let i = 0; i < items.length; i++) {
    const group: Array<{ item: ParsedItem; stem: string; statement: string; truth: boolean }> = [];
    let base: string | null = null;
    for (let j = i; j < items.length; j++) {
      const s = statementOf(items[j]!, LETTERS.toLowerCase()[group.length] ?? '');
      if (!s || (base !== null && (s.base !== base || s.stem !== group[0]!.stem))) break;
      base = s.base;
      group.push({ item: items[j]!, ...s });
    }
    if (group.length === 0) {
      out.push(items[i]!);
      continue;
    }
    const first = group[0]!;
    const statements = group.map((g, k) => ({ id: LETTERS.toLowerCase()[k]!, text: g.statement }));
    const truths = Object.fromEntries(group.map((g, k) => [LETTERS.toLowerCase()[k]!, g.truth]));
    const explanation = first.item.draft?.key.explanation ?? '';
    out.push({
      ...first.item,
      label: base,
      draft: { body: { kind: 'true_false', stem: first.stem, statements, fixedOrder: true }, key: { kind: 'true_false', truths, explanation } },
      issues: group.flatMap((g) => g.item.issues),
    });
    i += group.length - 1;
  }
  return out;
}

function statementOf(item: ParsedItem, letter: string): { base: string; stem: string; statement: string; truth: boolean } | null {
  const title = item.label ? /^(.*\S)\s+([a-h])\)$/.exec(item.label) : null;
  const d = item.draft;
  if (!title || title[2] !== letter || d?.body.kind !== 'single_choice' || d.key.kind !== 'single_choice' || d.body.options.map((o) => o.id).join() !== 'T,F') return null;
  const at = d.body.stem.lastIndexOf(`\n${letter}) `);
  if (at < 0) return null;
  return { base: title[1]!, stem: d.body.stem.slice(0, at).trim(), statement: d.body.stem.slice(at + 3).trim(), truth: d.key.correct === 'T' };
}
