import type { LiveAnswer, LiveKey, LiveQuestionBody } from '../../net/index.js';

/**
 * A question's rich text as plain text for the live card: the markup tags ([b], [i], [u],
 * [img:…]) dropped, formulas kept as typed between $…$ (readable by a class used to writing
 * them). Preact escapes the text: nothing in it can become markup.
 */
export function plain(text: string): string {
  return text.replace(/\[\/?[biu]\]/g, '').replace(/\[img:[^\]]*\]/g, '').trim();
}

/** A, B, C… for the option at `index`. */
export const letter = (index: number) => String.fromCharCode(65 + index);

/** The letters of option ids, in the question's order ("A, C"). */
export function lettersOf(body: LiveQuestionBody, ids: readonly string[]): string {
  return body.options
    .map((o, i) => (ids.includes(o.id) ? letter(i) : ''))
    .filter(Boolean)
    .join(', ');
}

/** The key in a line, for the reveal ("B", "a) Đ, b) S", "3,14"). */
export function keyText(body: LiveQuestionBody, key: LiveKey, yes: string, no: string): string {
  if (body.kind === 'single' || body.kind === 'multiple') return lettersOf(body, key.correct);
  if (body.kind === 'trueFalse') return body.statements.map((s, i) => `${String.fromCharCode(97 + i)}) ${key.truths[s.id] ? yes : no}`).join(', ');
  if (body.kind === 'numeric') return key.numbers.map((n) => String(n.value).replace('.', ',')).join(' / ');
  return key.accepted.join(' / ');
}

/** What the student answered, in a line. */
export function answerText(body: LiveQuestionBody, a: LiveAnswer, yes: string, no: string): string {
  if (a.kind === 'single') return lettersOf(body, [a.choice]);
  if (a.kind === 'multiple') return lettersOf(body, a.choices);
  if (a.kind === 'trueFalse') return body.statements.map((s, i) => (s.id in a.values ? `${String.fromCharCode(97 + i)}) ${a.values[s.id] ? yes : no}` : '')).filter(Boolean).join(', ');
  return a.text;
}
