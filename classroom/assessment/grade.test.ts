import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../platform/index.js';
import { ESSAY, MULTIPLE, NUMERIC, SHORT_TEXT, SINGLE, TRUE_FALSE } from '../__fixtures__/questions.js';
import { grade, gradeByRule, paperScore10, roundPoints, scaleRule, sumPoints, toTenPointScale } from './grade.js';
import type { Question } from './QuestionTypes.js';
import { SCHEME_SIMPLE, SCHEME_VN2025, SCHEME_VN2025_MATH } from './schemes.js';
import type { ScoringScheme } from './ScoringTypes.js';

const tf = (a: boolean | undefined, b: boolean | undefined, c: boolean | undefined, d: boolean | undefined) => ({
  kind: 'true_false' as const,
  values: Object.fromEntries(Object.entries({ a, b, c, d }).filter(([, v]) => v !== undefined)) as Record<string, boolean>,
});

describe('the 2025 true/false rule (Part II)', () => {
  // Key: a Đ, b S, c Đ, d S.
  it.each([
    [tf(true, false, true, false), 4, 1, 'correct'],
    [tf(true, false, true, true), 3, 0.5, 'partial'],
    [tf(true, false, false, true), 2, 0.25, 'partial'],
    [tf(true, true, false, true), 1, 0.1, 'partial'],
    [tf(false, true, false, true), 0, 0, 'incorrect'],
    [tf(true, undefined, true, undefined), 2, 0.25, 'partial'],
    [tf(undefined, undefined, undefined, false), 1, 0.1, 'partial'],
  ] as const)('%j: %i statements right → %f point (%s)', (answer, right, points, outcome) => {
    const r = grade(TRUE_FALSE, answer, SCHEME_VN2025);
    expect(r).toEqual({ outcome, points, maxPoints: 1, detail: { statementsRight: right, statementsTotal: 4 } });
  });

  it('a blank answer is unanswered, 0 points', () => {
    expect(grade(TRUE_FALSE, tf(undefined, undefined, undefined, undefined), SCHEME_VN2025)).toEqual({
      outcome: 'unanswered',
      points: 0,
      maxPoints: 1,
      detail: { statementsRight: 0, statementsTotal: 4 },
    });
    expect(grade(TRUE_FALSE, null, SCHEME_VN2025).outcome).toBe('unanswered');
  });

  it('is configurable: another table for four statements', () => {
    const strict: ScoringScheme = { id: 'x', name: 'x', parts: [{ id: 'II', label: 'II', kinds: ['true_false'], rule: { type: 'by_statements', points: 1, tables: { '4': [0, 0, 0.2, 0.5, 1] } } }] };
    expect(grade(TRUE_FALSE, tf(true, true, false, true), strict).points).toBe(0);
    expect(grade(TRUE_FALSE, tf(true, false, false, true), strict).points).toBe(0.2);
  });

  it('grades a count of statements without a table in proportion', () => {
    const three: Question = {
      body: { ...(TRUE_FALSE.body as Extract<Question['body'], { kind: 'true_false' }>), statements: [{ id: 'a', text: 'x' }, { id: 'b', text: 'y' }, { id: 'c', text: 'z' }] },
      key: { kind: 'true_false', truths: { a: true, b: true, c: false }, explanation: '' },
    };
    expect(grade(three, tf(true, true, true, undefined), SCHEME_VN2025).points).toBe(0.667);
    expect(grade(three, tf(true, true, false, undefined), SCHEME_SIMPLE).outcome).toBe('correct');
  });

  it('all_or_nothing gives true/false points only when every statement is right', () => {
    const rule = { type: 'all_or_nothing', points: 1 } as const;
    expect(gradeByRule(TRUE_FALSE, tf(true, false, true, true), rule).points).toBe(0);
    expect(gradeByRule(TRUE_FALSE, tf(true, false, true, false), rule).points).toBe(1);
  });
});

describe('single choice (Part I)', () => {
  it('0.25 for the right option, 0 for another, unanswered for none', () => {
    expect(grade(SINGLE, { kind: 'single_choice', choice: 'B' }, SCHEME_VN2025)).toEqual({ outcome: 'correct', points: 0.25, maxPoints: 0.25, detail: {} });
    expect(grade(SINGLE, { kind: 'single_choice', choice: 'A' }, SCHEME_VN2025)).toEqual({ outcome: 'incorrect', points: 0, maxPoints: 0.25, detail: {} });
    expect(grade(SINGLE, { kind: 'single_choice', choice: null }, SCHEME_VN2025).outcome).toBe('unanswered');
  });

  it('an answer of another kind counts as unanswered', () => {
    expect(grade(SINGLE, { kind: 'numeric', text: '2' }, SCHEME_VN2025).outcome).toBe('unanswered');
  });
});

describe('multiple choice', () => {
  const partial: ScoringScheme = { id: 'p', name: 'p', parts: [{ id: 'm', label: 'm', kinds: ['multiple_choice'], rule: { type: 'partial_choices', points: 1 } }] };
  const m = (...choices: string[]) => ({ kind: 'multiple_choice' as const, choices });

  it('all or nothing: exactly the right set', () => {
    expect(grade(MULTIPLE, m('C', 'A'), SCHEME_SIMPLE)).toMatchObject({ outcome: 'correct', points: 1 });
    expect(grade(MULTIPLE, m('A'), SCHEME_SIMPLE)).toMatchObject({ outcome: 'incorrect', points: 0, detail: { choicesRight: 1, choicesWrong: 0 } });
    expect(grade(MULTIPLE, m('A', 'B', 'C'), SCHEME_SIMPLE)).toMatchObject({ outcome: 'incorrect', points: 0 });
  });

  it('partial choices: +1/k per right option, −1/k per wrong one, never below 0', () => {
    expect(grade(MULTIPLE, m('A'), partial)).toMatchObject({ outcome: 'partial', points: 0.5 });
    expect(grade(MULTIPLE, m('A', 'B'), partial)).toMatchObject({ outcome: 'incorrect', points: 0 });
    expect(grade(MULTIPLE, m('B', 'D'), partial)).toMatchObject({ outcome: 'incorrect', points: 0 });
    expect(grade(MULTIPLE, m('A', 'C', 'B'), partial)).toMatchObject({ outcome: 'partial', points: 0.5 });
    expect(grade(MULTIPLE, m('A', 'C'), partial)).toMatchObject({ outcome: 'correct', points: 1 });
  });

  it('ignores repeated and unknown option ids', () => {
    expect(grade(MULTIPLE, m('A', 'A', 'C', 'Z'), SCHEME_SIMPLE)).toMatchObject({ outcome: 'correct', detail: { choicesRight: 2, choicesWrong: 0 } });
  });
});

describe('numeric answer (Part III)', () => {
  const n = (text: string) => ({ kind: 'numeric' as const, text });

  it('accepts the decimal comma and the dot; 0.25 by the 2025 scheme, 0.5 by its math variant', () => {
    expect(grade(NUMERIC, n('3,14'), SCHEME_VN2025)).toMatchObject({ outcome: 'correct', points: 0.25 });
    expect(grade(NUMERIC, n('3.14'), SCHEME_VN2025_MATH)).toMatchObject({ outcome: 'correct', points: 0.5, maxPoints: 0.5 });
    expect(grade(NUMERIC, n('3,15'), SCHEME_VN2025)).toMatchObject({ outcome: 'incorrect', points: 0 });
  });

  it('uses the tolerance and any accepted value', () => {
    const q: Question = { body: NUMERIC.body, key: { kind: 'numeric', answers: [{ value: 3.14, tolerance: 0.005 }, { value: 22 / 7, tolerance: 0.001 }], explanation: '' } };
    expect(grade(q, n('3,144'), SCHEME_SIMPLE).outcome).toBe('correct');
    expect(grade(q, n('3,1428'), SCHEME_SIMPLE).outcome).toBe('correct');
    expect(grade(q, n('3,146'), SCHEME_SIMPLE).outcome).toBe('incorrect');
  });

  it('is right when either reading of an ambiguous number is, and says so', () => {
    const q: Question = { body: NUMERIC.body, key: { kind: 'numeric', answers: [{ value: 1500, tolerance: 0 }], explanation: '' } };
    expect(grade(q, n('1.500'), SCHEME_SIMPLE)).toMatchObject({ outcome: 'correct', detail: { readings: [1.5, 1500], ambiguous: true } });
  });

  it('gives 0 for what is not a number, with the reason', () => {
    expect(grade(NUMERIC, n('ba phẩy mười bốn'), SCHEME_SIMPLE)).toEqual({ outcome: 'incorrect', points: 0, maxPoints: 1, detail: { numberError: 'NOT_A_NUMBER' } });
    expect(grade(NUMERIC, n('  '), SCHEME_SIMPLE).outcome).toBe('unanswered');
  });
});

describe('short text and essays', () => {
  it('short text matches an accepted answer after normalization', () => {
    expect(grade(SHORT_TEXT, { kind: 'short_text', text: 'hà nội' }, SCHEME_VN2025)).toEqual({ outcome: 'correct', points: 0.25, maxPoints: 0.25, detail: { matched: 'Hà Nội' } });
    expect(grade(SHORT_TEXT, { kind: 'short_text', text: 'Huế' }, SCHEME_VN2025).outcome).toBe('incorrect');
  });

  it('short text without accepted answers waits for a person', () => {
    const q: Question = { body: SHORT_TEXT.body, key: { ...(SHORT_TEXT.key as Extract<Question['key'], { kind: 'short_text' }>), accepted: [] } };
    expect(grade(q, { kind: 'short_text', text: 'x' }, SCHEME_SIMPLE)).toEqual({ outcome: 'pending_manual', points: null, maxPoints: 1, detail: {} });
  });

  it('an essay waits for a person; a blank essay is unanswered', () => {
    expect(grade(ESSAY, { kind: 'essay', text: 'Bài làm' }, SCHEME_SIMPLE)).toEqual({ outcome: 'pending_manual', points: null, maxPoints: 1, detail: {} });
    expect(grade(ESSAY, { kind: 'essay', text: ' ' }, SCHEME_SIMPLE)).toMatchObject({ outcome: 'unanswered', points: 0 });
  });

  it('a manual rule makes any kind wait for a person', () => {
    expect(gradeByRule(SINGLE, { kind: 'single_choice', choice: 'B' }, { type: 'manual', points: 2 })).toMatchObject({ outcome: 'pending_manual', points: null, maxPoints: 2 });
  });
});

describe('schemes, parts and weights', () => {
  it('refuses a question whose kind the scheme has no part for', () => {
    expect(() => grade(ESSAY, { kind: 'essay', text: 'x' }, SCHEME_VN2025)).toThrow(ValidationError);
    expect(() => grade(SINGLE, null, SCHEME_VN2025, { partId: 'II' })).toThrow(/no part/);
  });

  it('scales a rule to a question worth more (the table too)', () => {
    expect(grade(SINGLE, { kind: 'single_choice', choice: 'B' }, SCHEME_VN2025, { points: 2 })).toMatchObject({ points: 2, maxPoints: 2 });
    expect(grade(TRUE_FALSE, tf(true, false, false, true), SCHEME_VN2025, { points: 2 })).toMatchObject({ points: 0.5, maxPoints: 2 });
    expect(scaleRule({ type: 'by_statements', points: 1, tables: { '4': [0, 0.1, 0.25, 0.5, 1] } }, 0.5)).toEqual({
      type: 'by_statements',
      points: 0.5,
      tables: { '4': [0, 0.05, 0.125, 0.25, 0.5] },
    });
  });

  it('a full 2025 paper (12 + 4 + 6 questions) adds up to 10 points, and to 10 on the 10-point scale', () => {
    const points = [
      ...Array.from({ length: 12 }, () => grade(SINGLE, { kind: 'single_choice', choice: 'B' }, SCHEME_VN2025).points!),
      ...Array.from({ length: 4 }, () => grade(TRUE_FALSE, tf(true, false, true, false), SCHEME_VN2025).points!),
      ...Array.from({ length: 6 }, () => grade(NUMERIC, { kind: 'numeric', text: '3,14' }, SCHEME_VN2025_MATH).points!),
    ];
    expect(sumPoints(points)).toBe(10);
    expect(toTenPointScale(sumPoints(points), 10)).toBe(10);
  });

  it('adds tenths and quarters without binary noise', () => {
    expect(sumPoints([0.1, 0.1, 0.1, 0.25, 0.25, 0.5])).toBe(1.3);
    expect(roundPoints(0.1 + 0.2)).toBe(0.3);
    expect(toTenPointScale(7.35, 10, 1)).toBe(7.4);
    expect(toTenPointScale(2, 3)).toBe(6.67);
    expect(toTenPointScale(1, 0)).toBe(0);
  });
});

describe('paperScore10: a paper’s total on 0–10 with one decimal, half up (Circular 22)', () => {
  it('rounds at the boundaries exactly', () => {
    expect(paperScore10(6.45, 10)).toBe(6.5);
    expect(paperScore10(6.449, 10)).toBe(6.4);
    expect(paperScore10(6.35, 10)).toBe(6.4);
    expect(paperScore10(6.349, 10)).toBe(6.3);
    expect(paperScore10(9.95, 10)).toBe(10);
    expect(paperScore10(0.049, 10)).toBe(0);
    expect(paperScore10(0.05, 10)).toBe(0.1);
  });

  it('works on thousandths, not on a float quotient (1.13 / 2 × 10 is 5.6499… in binary)', () => {
    expect((1.13 / 2) * 10).toBeLessThan(5.65);
    expect(paperScore10(1.13, 2)).toBe(5.7);
    expect(paperScore10(0.47, 2)).toBe(2.4);
    expect(paperScore10(1.29, 2)).toBe(6.5);
    expect(paperScore10(12.9, 20)).toBe(6.5);
    expect(paperScore10(2, 3)).toBe(6.7);
    expect(paperScore10(1, 3)).toBe(3.3);
    expect(paperScore10(1, 1.75)).toBe(5.7);
  });

  it('stays within 0–10 and gives 0 for an empty paper', () => {
    expect(paperScore10(10, 10)).toBe(10);
    expect(paperScore10(0, 10)).toBe(0);
    expect(paperScore10(1, 0)).toBe(0);
  });
});
