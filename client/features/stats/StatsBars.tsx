import { tStats } from '../../i18n/stats.js';
import type { GroupByDto, StatisticsRowDto } from '../../net/statsApi.js';
import { percent } from './format.js';

/**
 * The figure a principal would rather see than read: periods taught per teacher, attendance
 * rate per grade, class or subject. Horizontal bars in CSS like the live quiz's histogram (no
 * chart library for bars of a few dozen rows), each with its number for screen readers.
 */
export function StatsBars({ rows, by }: { rows: readonly StatisticsRowDto[]; by: GroupByDto }) {
  const periods = by === 'teacher';
  const value = (r: StatisticsRowDto) => (periods ? r.figures.periodsTaught : (r.figures.attendanceRate ?? 0));
  const max = periods ? Math.max(1, ...rows.map(value)) : 1;
  const label = tStats(periods ? 'stats.chart.periods' : 'stats.chart.attendance');
  return (
    <figure class="stats-chart">
      <figcaption class="section__title">{label}</figcaption>
      <div class="quiz-bars" role="list" aria-label={label} data-testid="stats-chart" data-measure={periods ? 'periods' : 'attendance'}>
        {rows.map((r) => (
          <div key={r.id} role="listitem" class="quiz-bar" data-testid="stats-bar" data-id={r.id} data-value={value(r)}>
            <span class="quiz-bar__label">{r.name}</span>
            <span class="quiz-bar__track">
              <span class="quiz-bar__fill" style={{ width: `${Math.round((value(r) / max) * 100)}%` }} />
            </span>
            <span class="quiz-bar__count">{periods ? value(r) : percent(r.figures.attendanceRate)}</span>
          </div>
        ))}
      </div>
    </figure>
  );
}
