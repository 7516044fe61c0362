import { signal } from '@preact/signals';
import { parseStatistics, type StatisticsResponse } from '../net/statsApi.js';
import { api, describeApiError } from './api.js';

/** The statistics page (R15): the chosen period, the report, its error. */

export interface Period {
  /** Local days "YYYY-MM-DD", `to` included. */
  from: string;
  to: string;
}

export type PresetKey = 'term1' | 'term2' | 'year' | 'month';

/** Today in school time (UTC+7), "YYYY-MM-DD". */
export function schoolToday(now = Date.now()): string {
  return new Date(now + 7 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The usual periods of a Vietnamese school year (from September to the end of May; term I to
 * mid-January): the school year is the one `today` falls in, or, in the summer, the one that ended.
 */
export function presetPeriod(key: PresetKey, today: string): Period {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const start = m >= 8 ? y : y - 1;
  switch (key) {
    case 'term1':
      return { from: `${start}-09-01`, to: `${start + 1}-01-15` };
    case 'term2':
      return { from: `${start + 1}-01-16`, to: `${start + 1}-05-31` };
    case 'year':
      return { from: `${start}-08-15`, to: `${start + 1}-07-31` };
    case 'month':
      return { from: `${today.slice(0, 7)}-01`, to: today };
  }
}

/** The period a page opens on: the term `today` is in (the whole year in the summer months). */
export function defaultPeriod(today: string): Period {
  for (const key of ['term1', 'term2'] as const) {
    const p = presetPeriod(key, today);
    if (p.from <= today && today <= p.to) return p;
  }
  return presetPeriod('year', today);
}

export const report = signal<StatisticsResponse | null>(null);
export const reportError = signal<string | null>(null);
export const loading = signal(false);

export function statisticsQuery(p: Period, teacherId: string | null): string {
  const q = new URLSearchParams({ from: p.from, to: p.to });
  if (teacherId) q.set('teacherId', teacherId);
  return q.toString();
}

export async function loadReport(p: Period, teacherId: string | null): Promise<void> {
  loading.value = true;
  try {
    report.value = await api().get(`/api/statistics?${statisticsQuery(p, teacherId)}`, parseStatistics);
    reportError.value = null;
  } catch (error) {
    report.value = null;
    reportError.value = describeApiError(error);
  } finally {
    loading.value = false;
  }
}
