import { describe, expect, it } from 'vitest';
import { regularCountForPeriods, slotsFor, termAverage, termVerdict, yearAverage } from './circular22.js';
import { formatScore, parseScore, roundHalfUp } from './scores.js';

const t = (s: string) => parseScore(s);

describe('ĐTBmhk = (ΣĐĐGtx + 2·ĐĐGgk + 3·ĐĐGck) / (n + 5), one decimal', () => {
  it('worked example 1: tx 8, 7, 9; gk 7,5; ck 8 → 63 / 8 = 7,875 → 7,9', () => {
    expect(formatScore(termAverage([t('8'), t('7'), t('9')], t('7,5'), t('8'), 3))).toBe('7,9');
  });

  it('worked example 2: an exact half rounds up: tx 7, 7, 7; gk 6; ck 7 → 54 / 8 = 6,75 → 6,8', () => {
    expect(formatScore(termAverage([t('7'), t('7'), t('7')], t('6'), t('7'), 3))).toBe('6,8');
  });

  it('worked example 3: two regular scores: tx 6,5 and 8; gk 5; ck 6,5 → 44 / 7 = 6,285… → 6,3', () => {
    expect(formatScore(termAverage([t('6,5'), t('8')], t('5'), t('6,5'), 2))).toBe('6,3');
  });

  it('worked example 4: four regular scores: tx 9, 10, 8,5, 9,5; gk 9; ck 9,5 → 83,5 / 9 = 9,277… → 9,3', () => {
    expect(formatScore(termAverage([t('9'), t('10'), t('8,5'), t('9,5')], t('9'), t('9,5'), 4))).toBe('9,3');
  });

  it('is exact where floating point is not: tx 5, 5, 5; gk 5,2; ck 6,6 → 45,2 / 8 = 5,65 → 5,7', () => {
    expect(formatScore(termAverage([t('5'), t('5'), t('5')], t('5,2'), t('6,6'), 3))).toBe('5,7');
    // What a float computation would have printed: (15 + 10.4 + 19.8) / 8 is 5.6499999…
    expect(Math.round(((5 + 5 + 5 + 2 * 5.2 + 3 * 6.6) / 8) * 10) / 10).toBe(5.6);
    expect(roundHalfUp(565, 10)).toBe(57);
  });

  it('all tens give 10; all zeros give 0', () => {
    expect(termAverage([100, 100, 100], 100, 100, 3)).toBe(100);
    expect(termAverage([0, 0], 0, 0, 2)).toBe(0);
  });

  it('is not computed until the term is complete', () => {
    expect(termAverage([80, 70], 75, 80, 3)).toBeNull(); // a regular assessment missing
    expect(termAverage([80, 70, 90], null, 80, 3)).toBeNull();
    expect(termAverage([80, 70, 90], 75, null, 3)).toBeNull();
  });
});

describe('ĐTBmcn = (ĐTBmhkI + 2·ĐTBmhkII) / 3, one decimal', () => {
  it('worked example: HK I 6,5; HK II 7,0 → 20,5 / 3 = 6,833… → 6,8', () => {
    expect(formatScore(yearAverage(t('6,5'), t('7')))).toBe('6,8');
  });

  it('worked example: HK I 7,9; HK II 8,4 → 24,7 / 3 = 8,233… → 8,2; HK I 5; HK II 5,1 → 15,2/3 = 5,066… → 5,1', () => {
    expect(formatScore(yearAverage(t('7,9'), t('8,4')))).toBe('8,2');
    expect(formatScore(yearAverage(t('5'), t('5,1')))).toBe('5,1');
  });

  it('needs both terms', () => {
    expect(yearAverage(80, null)).toBeNull();
    expect(yearAverage(null, 80)).toBeNull();
  });
});

describe('subjects assessed by comment (Đạt / Chưa đạt)', () => {
  it('a term is Đạt when every required assessment is there and all are Đạt', () => {
    expect(termVerdict(['pass', 'pass'], 'pass', 'pass', 2)).toBe('pass');
    expect(termVerdict(['pass', 'fail'], 'pass', 'pass', 2)).toBe('fail');
    expect(termVerdict(['pass', null], 'pass', 'pass', 2)).toBe('fail'); // one missing at the end of term
    expect(termVerdict(['pass', 'pass'], 'pass', null, 2)).toBeNull(); // the term is not over
  });
});

describe('number of regular assessments (art. 7)', () => {
  it('2 up to 35 periods a year, 3 up to 70, 4 above', () => {
    expect([regularCountForPeriods(35), regularCountForPeriods(36), regularCountForPeriods(70), regularCountForPeriods(71), regularCountForPeriods(140)]).toEqual([2, 3, 3, 4, 4]);
    expect(slotsFor(3)).toEqual(['tx1', 'tx2', 'tx3', 'gk', 'ck']);
  });
});

describe('scores as typed', () => {
  it('accepts 0–10 with one decimal, comma or point', () => {
    expect(['0', '10', '7,5', '7.5', ' 9 ', '10,0'].map((s) => parseScore(s))).toEqual([0, 100, 75, 75, 90, 100]);
    expect(parseScore(8)).toBe(80);
  });

  it.each([
    ['11', 'score_range'],
    ['10,5', 'score_range'],
    ['7,25', 'score_format'],
    ['abc', 'score_format'],
    ['-1', 'score_format'],
    ['', 'score_format'],
    ['7,', 'score_format'],
  ])('refuses %j (%s)', (input, reason) => {
    expect(() => parseScore(input)).toThrow(expect.objectContaining({ details: expect.objectContaining({ reason }) }));
  });

  it('refuses a number with two decimals too', () => {
    expect(() => parseScore(7.25)).toThrow(expect.objectContaining({ details: { reason: 'score_format' } }));
  });
});
