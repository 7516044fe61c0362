import { describe, expect, it } from 'vitest';
import { ONE_OF_EACH, SHORT_TEXT, SINGLE, TRUE_FALSE } from '../__fixtures__/questions.js';
import type { Question } from './QuestionTypes.js';
import { studentBody, validateQuestion } from './validateQuestion.js';

const codes = (q: Question) => {
  const r = validateQuestion(q);
  return r.ok ? [] : r.issues.map((i) => [i.path, i.code]);
};

describe('validateQuestion', () => {
  it.each(Object.entries(ONE_OF_EACH))('accepts a good %s question unchanged', (_kind, q) => {
    expect(validateQuestion(q)).toEqual({ ok: true, question: q, warnings: [] });
  });

  it('keeps only the fields of the model', () => {
    const extra = { body: { ...SINGLE.body, onclick: 'x' }, key: { ...SINGLE.key, secret: 1 }, more: 2 } as unknown as Question;
    const r = validateQuestion(extra);
    expect(r.ok && r.question).toEqual(SINGLE);
  });

  it('sanitizes every text and reports where', () => {
    const q: Question = {
      body: { kind: 'single_choice', stem: '<b>Câu</b> hỏi', options: [{ id: 'A', text: 'x<script>' }, { id: 'B', text: '$\\href{x}{y}$' }], fixedOrder: false },
      key: { kind: 'single_choice', correct: 'A', explanation: '' },
    };
    const r = validateQuestion(q);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.question.body.stem).toBe('Câu hỏi');
    expect(r.warnings).toEqual([
      { path: 'body.stem', code: 'HTML_REMOVED' },
      { path: 'body.options.0.text', code: 'HTML_REMOVED' },
      { path: 'body.options.1.text', code: 'MATH_COMMAND_REMOVED' },
    ]);
  });

  it('refuses an unknown kind and a key of another kind', () => {
    expect(codes({ body: { kind: 'drawing', stem: 'x' }, key: { kind: 'drawing' } } as unknown as Question)).toEqual([['body.kind', 'KIND_UNKNOWN']]);
    expect(codes({ body: SINGLE.body, key: TRUE_FALSE.key })).toEqual([['key.kind', 'KEY_KIND_MISMATCH']]);
  });

  it('refuses an empty stem, an empty option, too few options, bad and repeated ids, an unknown right option', () => {
    const q: Question = {
      body: { kind: 'single_choice', stem: ' <p></p> ', options: [{ id: 'A', text: ' ' }], fixedOrder: false },
      key: { kind: 'single_choice', correct: 'Z', explanation: '' },
    };
    expect(codes(q)).toEqual([
      ['body.stem', 'TEXT_EMPTY'],
      ['body.options', 'TOO_FEW_OPTIONS'],
      ['body.options.0.text', 'TEXT_EMPTY'],
      ['key.correct', 'KEY_UNKNOWN_ID'],
    ]);
    const ids: Question = {
      body: { kind: 'multiple_choice', stem: 'x', options: [{ id: 'A', text: '1' }, { id: 'A', text: '2' }, { id: 'b c', text: '3' }], fixedOrder: false },
      key: { kind: 'multiple_choice', correct: [], explanation: '' },
    };
    expect(codes(ids)).toEqual([
      ['body.options.1.id', 'ID_DUPLICATE'],
      ['body.options.2.id', 'ID_INVALID'],
      ['key.correct', 'KEY_NO_CORRECT'],
    ]);
  });

  it('refuses a true/false key that misses a statement or names an unknown one', () => {
    const q: Question = { body: TRUE_FALSE.body, key: { kind: 'true_false', truths: { a: true, b: false, c: true, e: true }, explanation: '' } };
    expect(codes(q)).toEqual([
      ['key.truths.d', 'KEY_MISSING_STATEMENT'],
      ['key.truths.e', 'KEY_UNKNOWN_ID'],
    ]);
  });

  it('refuses a numeric key without values or with a bad tolerance', () => {
    expect(codes({ body: { kind: 'numeric', stem: 'x', unit: '' }, key: { kind: 'numeric', answers: [], explanation: '' } })).toEqual([['key.answers', 'KEY_NO_CORRECT']]);
    expect(codes({ body: { kind: 'numeric', stem: 'x', unit: '' }, key: { kind: 'numeric', answers: [{ value: Number.NaN, tolerance: -1 }], explanation: '' } })).toEqual([
      ['key.answers.0.value', 'NUMBER_INVALID'],
      ['key.answers.0.tolerance', 'NUMBER_INVALID'],
    ]);
  });

  it('drops blank and repeated accepted answers (after normalization)', () => {
    const q: Question = { body: SHORT_TEXT.body, key: { kind: 'short_text', accepted: ['Hà Nội', ' hà  nội ', '', 'Ha Noi'], caseSensitive: false, ignoreDiacritics: false, explanation: '' } };
    const r = validateQuestion(q);
    expect(r.ok && r.question.key).toMatchObject({ accepted: ['Hà Nội', 'Ha Noi'] });
  });

  it('refuses texts over the limits', () => {
    const long: Question = { body: { kind: 'essay', stem: 'x'.repeat(10_001) }, key: { kind: 'essay', guidance: '', explanation: '' } };
    expect(codes(long)).toEqual([['body.stem', 'TEXT_TOO_LONG']]);
  });

  it('studentBody is the body alone, a copy', () => {
    const body = studentBody(SINGLE);
    expect(body).toEqual(SINGLE.body);
    expect(JSON.stringify(body)).not.toContain('correct');
    expect(body).not.toBe(SINGLE.body);
  });
});
