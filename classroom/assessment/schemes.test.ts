import { describe, expect, it } from 'vitest';
import { BUILT_IN_SCHEMES, SCHEME_VN2025, builtInScheme, kindsNotCovered, partFor, validateScheme } from './schemes.js';
import type { ScoringScheme } from './ScoringTypes.js';

describe('scoring schemes', () => {
  it('every built-in template is valid', () => {
    for (const s of BUILT_IN_SCHEMES) expect({ id: s.id, issues: validateScheme(s) }).toEqual({ id: s.id, issues: [] });
  });

  it('the 2025 template is data: Part I 0.25, Part II 0.1/0.25/0.5/1, Part III 0.25', () => {
    expect(SCHEME_VN2025.parts.map((p) => [p.id, p.kinds, p.rule])).toEqual([
      ['I', ['single_choice'], { type: 'all_or_nothing', points: 0.25 }],
      ['II', ['true_false'], { type: 'by_statements', points: 1, tables: { '4': [0, 0.1, 0.25, 0.5, 1] } }],
      ['III', ['numeric', 'short_text'], { type: 'all_or_nothing', points: 0.25 }],
    ]);
    expect(builtInScheme('vn2025-math')?.parts[2]?.rule.points).toBe(0.5);
  });

  it('builtInScheme hands out a copy: changing it leaves the template alone', () => {
    const copy = builtInScheme('vn2025')!;
    copy.parts[0]!.rule.points = 5;
    expect(SCHEME_VN2025.parts[0]!.rule.points).toBe(0.25);
    expect(builtInScheme('nope')).toBeUndefined();
  });

  it('finds the part of a kind, or the named part when it holds the kind', () => {
    expect(partFor(SCHEME_VN2025, 'short_text')?.id).toBe('III');
    expect(partFor(SCHEME_VN2025, 'single_choice', 'II')).toBeUndefined();
    expect(kindsNotCovered(SCHEME_VN2025, ['single_choice', 'essay', 'essay', 'multiple_choice'])).toEqual(['essay', 'multiple_choice']);
  });

  it('reports every problem of a broken scheme', () => {
    const broken: ScoringScheme = {
      id: 'b',
      name: 'b',
      parts: [
        { id: 'I', label: 'I', kinds: ['single_choice', 'true_false'], rule: { type: 'partial_choices', points: 0 } },
        { id: 'I', label: 'I again', kinds: ['true_false'], rule: { type: 'by_statements', points: 1, tables: { '4': [0, 0.5, 0.25, 0.5, 1], '2': [0, 1], '9': [] } } },
      ],
    };
    expect(validateScheme(broken).map((i) => [i.path, i.code])).toEqual([
      ['parts.0.rule', 'RULE_NOT_FOR_KIND'],
      ['parts.0.rule', 'RULE_NOT_FOR_KIND'],
      ['parts.0.rule.points', 'POINTS_INVALID'],
      ['parts.1.id', 'PART_ID_DUPLICATE'],
      ['parts.1.kinds', 'KIND_IN_TWO_PARTS'],
      ['parts.1.rule.tables.2', 'TABLE_INVALID'],
      ['parts.1.rule.tables.4', 'TABLE_INVALID'],
      ['parts.1.rule.tables.9', 'TABLE_INVALID'],
    ]);
    expect(validateScheme({ id: 'e', name: 'e', parts: [] }).map((i) => i.code)).toEqual(['NO_PARTS']);
  });
});
