/**
 * Questions → Moodle GIFT, in the [html] format (math as \( \) for MathJax, b/i/u kept, text
 * escaped so that nothing of it runs as HTML in Moodle). parseGift reads every question it
 * writes back to the same question, except what GIFT cannot carry (reported): images, the
 * case and diacritics flags of short answers, an essay's marking guidance.
 * A true/false question with statements (2025 Part II) is written as one Đúng/Sai question
 * per statement, titled "<title> a)", "<title> b)"…, its text "<stem><br>a) <statement>".
 */
import { imageIds, plainText, type Question } from '../../assessment/index.js';
import { richToHtml } from './htmlText.js';

export interface ExportEntry {
  /** The GIFT title (Moodle's question name); the bank's id when there is nothing better. */
  title: string;
  question: Question;
}

export interface ExportResult {
  text: string;
  /** What could not be carried, per entry title. */
  notes: Array<{ title: string; note: 'IMAGES_DROPPED' | 'FLAGS_DROPPED' | 'GUIDANCE_DROPPED' | 'KIND_NOT_SUPPORTED' }>;
}

/** GIFT's special characters, escaped in every text. */
function esc(text: string): string {
  return text.replace(/[\\~=#{}:]/g, (c) => (c === '\\' ? '\\\\' : `\\${c}`)).replace(/\n/g, '\\n');
}

// A backslash is GIFT's escape only before \\ ~ = # { } : n; elsewhere it stays, so "\\frac"
// is written as it is and only a backslash before one of those ("\\neq", "\\\\") or at the end
// (it would escape the "{" that follows) is doubled.
function escKeepLatex(text: string): string {
  return text.replace(/\\(?=[\\~=#{}:n]|$)/g, '\\\\').replace(/[~=#{}:]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
}

const html = (rich: string) => escKeepLatex(richToHtml(rich));
const TRUE_FALSE_TEXTS = [
  ['đúng', 'sai'],
  ['true', 'false'],
];

export function exportGift(entries: readonly ExportEntry[]): ExportResult {
  const notes: ExportResult['notes'] = [];
  const blocks: string[] = [];
  for (const { title, question } of entries) {
    const { body, key } = question;
    const texts = [body.stem, key.explanation, ...('options' in body ? body.options.map((o) => o.text) : []), ...('statements' in body ? body.statements.map((s) => s.text) : [])];
    if (texts.some((t) => imageIds(t).length > 0)) notes.push({ title, note: 'IMAGES_DROPPED' });
    const feedback = key.explanation ? ` ####${html(key.explanation)}` : '';
    const head = `::${esc(title)}::[html]`;
    switch (body.kind) {
      case 'single_choice': {
        if (key.kind !== 'single_choice') break;
        const tf = trueFalseOf(question);
        if (tf !== null) {
          blocks.push(`${head}${html(body.stem)}{${tf ? 'T' : 'F'}${feedback}}`);
          break;
        }
        const options = body.options.map((o) => `\t${o.id === key.correct ? '=' : '~'}${html(o.text)}`).join('\n');
        blocks.push(`${head}${html(body.stem)}{\n${options}\n${feedback.trim()}}`);
        break;
      }
      case 'multiple_choice': {
        if (key.kind !== 'multiple_choice') break;
        const k = key.correct.length;
        const w = percent(100 / k);
        const options = body.options.map((o) => `\t~%${key.correct.includes(o.id) ? w : `-${w}`}%${html(o.text)}`).join('\n');
        blocks.push(`${head}${html(body.stem)}{\n${options}\n${feedback.trim()}}`);
        break;
      }
      case 'true_false': {
        if (key.kind !== 'true_false') break;
        body.statements.forEach((s, i) => {
          const letter = String.fromCharCode(97 + i);
          const fb = i === 0 ? feedback : '';
          blocks.push(`::${esc(title)} ${letter})::[html]${html(body.stem)}<br>${letter}) ${html(s.text)}{${key.truths[s.id] ? 'T' : 'F'}${fb}}`);
        });
        break;
      }
      case 'numeric': {
        if (key.kind !== 'numeric') break;
        const values = key.answers.map((a) => `=${a.value}:${a.tolerance}`).join(' ');
        blocks.push(`${head}${html(body.stem)}{#${values}${feedback}}`);
        break;
      }
      case 'short_text': {
        if (key.kind !== 'short_text') break;
        if (key.caseSensitive || key.ignoreDiacritics) notes.push({ title, note: 'FLAGS_DROPPED' });
        if (key.accepted.length === 0) {
          notes.push({ title, note: 'KIND_NOT_SUPPORTED' });
          break;
        }
        blocks.push(`${head}${html(body.stem)}{${key.accepted.map((a) => `=${esc(a)}`).join(' ')}${feedback}}`);
        break;
      }
      case 'essay':
        if (key.kind === 'essay' && key.guidance) notes.push({ title, note: 'GUIDANCE_DROPPED' });
        blocks.push(`${head}${html(body.stem)}{${feedback.trim()}}`);
        break;
    }
  }
  return { text: blocks.map((b) => `${b}\n`).join('\n'), notes };
}

/** Moodle's accepted percentages are 100/k to five decimals. */
function percent(x: number): string {
  return String(Math.round(x * 100_000) / 100_000);
}

/** True/false of a two-option "Đúng"/"Sai" single choice (as parseGift reads {T}/{F}); null otherwise. */
function trueFalseOf(q: Question): boolean | null {
  if (q.body.kind !== 'single_choice' || q.key.kind !== 'single_choice' || q.body.options.length !== 2) return null;
  const [a, b] = q.body.options.map((o) => plainText(o.text).trim().toLowerCase());
  const pair = TRUE_FALSE_TEXTS.find(([t, f]) => t === a && f === b);
  if (!pair) return null;
  return q.key.correct === q.body.options[0]!.id;
}
