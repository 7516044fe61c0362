/**
 * Moodle's Aiken format: single-choice questions only, as plain text.
 *
 *   Thủ đô của Việt Nam là
 *   A. Huế
 *   B) Hà Nội
 *   ANSWER: B
 *
 * The question is the lines before the first option; options are "A." or "A)" lines in order;
 * "ANSWER: X" ends the question. "$…$" in the text is math (as Moodle's TeX filter reads it). Export writes the same shape, one line per text (markup
 * dropped, math kept as $…$); other kinds cannot be written and are reported.
 */
import { plainText, type Question } from '../../assessment/index.js';
import type { ExportEntry, ExportResult } from './giftExport.js';
import { error, type ImportIssue, type ParsedFile, type ParsedItem } from './ImportTypes.js';

const OPTION = /^([A-Z])\s*[.)]\s+(.*)$/;
const ANSWER = /^ANSWER\s*:\s*([A-Z])\s*$/i;

export function parseAiken(text: string): ParsedFile {
  const lines = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n').split('\n');
  const items: ParsedItem[] = [];
  let stem: string[] = [];
  let options: Array<{ letter: string; text: string }> = [];
  let start = 0;
  const item = (draft: Question | null, issues: ImportIssue[]): ParsedItem => ({
    line: start,
    label: null,
    excerpt: stem.join(' ').slice(0, 160),
    draft,
    images: [],
    issues,
  });
  const reset = () => {
    stem = [];
    options = [];
  };
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') {
      // A blank line inside a question (before ANSWER) is allowed by Moodle: skip it.
      return;
    }
    if (stem.length === 0 && options.length === 0) start = i + 1;
    const answer = ANSWER.exec(line);
    if (answer) {
      items.push(finish(stem, options, answer[1]!.toUpperCase(), item));
      reset();
      return;
    }
    const option = OPTION.exec(line);
    if (option && stem.length > 0) {
      const expected = String.fromCharCode(65 + options.length);
      if (option[1] === expected) {
        options.push({ letter: option[1], text: option[2]!.trim() });
        return;
      }
    }
    if (options.length > 0) {
      // Text after the options without an ANSWER line: the question is broken; start anew.
      items.push(item(null, [error('NO_ANSWER', 'The options are not followed by "ANSWER: <letter>"')]));
      reset();
      start = i + 1;
    }
    stem.push(line);
  });
  if (stem.length > 0) items.push(item(null, [error(options.length > 0 ? 'NO_ANSWER' : 'SYNTAX', options.length > 0 ? 'The last question has no "ANSWER: <letter>" line' : 'Text without options or answer')]));
  return { items, issues: [] };
}

function finish(
  stem: string[],
  options: Array<{ letter: string; text: string }>,
  answer: string,
  item: (draft: Question | null, issues: ImportIssue[]) => ParsedItem,
): ParsedItem {
  if (stem.length === 0) return item(null, [error('SYNTAX', 'An ANSWER line without a question')]);
  if (options.length < 2) return item(null, [error('TOO_FEW_OPTIONS', 'A question needs at least two options "A." "B."')]);
  if (!options.some((o) => o.letter === answer)) return item(null, [error('ANSWER_UNKNOWN_OPTION', `The answer ${answer} is not one of the options`)]);
  // Text is read as rich text: "$…$" is math, as Moodle's TeX filter reads it.
  const draft: Question = {
    body: { kind: 'single_choice', stem: stem.join('\n'), options: options.map((o) => ({ id: o.letter, text: o.text })), fixedOrder: false },
    key: { kind: 'single_choice', correct: answer, explanation: '' },
  };
  return item(draft, []);
}

/** Single-choice questions → Aiken; every other entry is reported and left out. */
export function exportAiken(entries: readonly ExportEntry[]): ExportResult {
  const notes: ExportResult['notes'] = [];
  const blocks: string[] = [];
  for (const { title, question } of entries) {
    const { body, key } = question;
    if (body.kind !== 'single_choice' || key.kind !== 'single_choice' || body.options.length > 26) {
      notes.push({ title, note: 'KIND_NOT_SUPPORTED' });
      continue;
    }
    const line = (rich: string) => plainText(rich).replace(/\s*\n\s*/g, ' ').trim();
    const letters = body.options.map((_o, i) => String.fromCharCode(65 + i));
    const options = body.options.map((o, i) => `${letters[i]}. ${line(o.text)}`);
    const answer = letters[body.options.findIndex((o) => o.id === key.correct)];
    blocks.push([line(body.stem), ...options, `ANSWER: ${answer}`].join('\n'));
  }
  return { text: blocks.map((b) => `${b}\n`).join('\n'), notes };
}
