import { describe, expect, it } from 'vitest';
import { defaultPeriod, presetPeriod, schoolToday, statisticsQuery } from './statistics.js';

describe('statistics periods', () => {
  it('takes the school year that today falls in, the one that ended during the summer', () => {
    expect(presetPeriod('term1', '2026-12-05')).toEqual({ from: '2026-09-01', to: '2027-01-15' });
    expect(presetPeriod('term2', '2027-03-01')).toEqual({ from: '2027-01-16', to: '2027-05-31' });
    expect(presetPeriod('year', '2027-07-10')).toEqual({ from: '2026-08-15', to: '2027-07-31' });
    expect(presetPeriod('month', '2026-12-05')).toEqual({ from: '2026-12-01', to: '2026-12-05' });
  });

  it('opens on the current term, or the whole year in the summer', () => {
    expect(defaultPeriod('2026-12-05')).toEqual(presetPeriod('term1', '2026-12-05'));
    expect(defaultPeriod('2027-01-20')).toEqual(presetPeriod('term2', '2027-01-20'));
    expect(defaultPeriod('2027-06-20')).toEqual(presetPeriod('year', '2027-06-20'));
  });

  it('reads today in school time (UTC+7) and builds the query', () => {
    expect(schoolToday(Date.UTC(2026, 11, 4, 18, 0))).toBe('2026-12-05');
    expect(statisticsQuery({ from: '2026-09-01', to: '2027-01-15' }, null)).toBe('from=2026-09-01&to=2027-01-15');
    expect(statisticsQuery({ from: '2026-09-01', to: '2027-01-15' }, 'usr_1')).toBe('from=2026-09-01&to=2027-01-15&teacherId=usr_1');
  });
});
