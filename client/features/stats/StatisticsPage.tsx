import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../i18n/index.js';
import { tStats } from '../../i18n/stats.js';
import { GROUP_BYS, type GroupByDto } from '../../net/statsApi.js';
import { currentUser } from '../../state/auth.js';
import { defaultPeriod, loadReport, loading, presetPeriod, report, reportError, schoolToday, statisticsQuery, type Period, type PresetKey } from '../../state/statistics.js';
import { AppShell } from '../common/AppShell.js';
import { StatsBars } from './StatsBars.js';
import { StatsTable } from './StatsTable.js';

const PRESETS: PresetKey[] = ['term1', 'term2', 'year', 'month'];

/**
 * `/statistics` (R15): the school's readers see the whole school (or one teacher), a teacher
 * their own teaching. Tables per grade, class, subject and teacher, a chart, an XLSX export.
 */
export function StatisticsPage() {
  const today = schoolToday();
  const [period, setPeriod] = useState<Period>(() => defaultPeriod(today));
  const [teacherId, setTeacherId] = useState<string | null>(null);
  const [by, setBy] = useState<GroupByDto>('teacher');
  const show = (p: Period, t: string | null) => void loadReport(p, t);
  useEffect(() => show(period, teacherId), []);
  const r = report.value;
  // The school's readers (the admin, a teacher with the principal's duty) get the teachers to
  // narrow to; a teacher reading their own teaching gets none.
  const own = currentUser.value?.role !== 'admin' && (r?.teachers.length ?? 0) === 0;
  const rows = r?.tables[by] ?? [];
  return (
    <AppShell testId="statistics-page">
      <div class="page-head">
        <h1 class="page-head__title">{tStats(own ? 'stats.headingOwn' : 'stats.heading')}</h1>
        <p class="muted small">{tStats('stats.note')}</p>
      </div>
      <form
        class="card stats-filter"
        onSubmit={(e) => {
          e.preventDefault();
          show(period, teacherId);
        }}
      >
        <div class="stats-filter__presets">
          {PRESETS.map((key) => (
            <button
              key={key}
              type="button"
              class="button button--small"
              data-testid={`stats-preset-${key}`}
              onClick={() => {
                const p = presetPeriod(key, today);
                setPeriod(p);
                show(p, teacherId);
              }}
            >
              {tStats(`stats.${key}`)}
            </button>
          ))}
        </div>
        <label class="field">
          <span class="field__label">{tStats('stats.from')}</span>
          <input class="field__input" type="date" value={period.from} data-testid="stats-from" onInput={(e) => setPeriod({ ...period, from: (e.target as HTMLInputElement).value })} />
        </label>
        <label class="field">
          <span class="field__label">{tStats('stats.to')}</span>
          <input class="field__input" type="date" value={period.to} data-testid="stats-to" onInput={(e) => setPeriod({ ...period, to: (e.target as HTMLInputElement).value })} />
        </label>
        {!own && r && (
          <label class="field">
            <span class="field__label">{tStats('stats.teacher')}</span>
            <select
              class="field__input"
              data-testid="stats-teacher"
              value={teacherId ?? ''}
              onChange={(e) => {
                const next = (e.target as HTMLSelectElement).value || null;
                setTeacherId(next);
                show(period, next);
              }}
            >
              <option value="">{tStats('stats.allTeachers')}</option>
              {r.teachers.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <p class="form__actions form__actions--row">
          <button type="submit" class="button button--primary" disabled={loading.value} data-testid="stats-show">
            {tStats('stats.show')}
          </button>
          <a class="button" href={`/api/statistics/export.xlsx?${statisticsQuery(period, teacherId)}`} download data-testid="stats-export-xlsx">
            {tStats('stats.exportXlsx')}
          </a>
        </p>
      </form>
      {reportError.value && (
        <p class="alert alert--error" role="alert" data-testid="stats-error">
          {reportError.value}
        </p>
      )}
      {r && (
        <section class="card" data-testid="stats-report" data-generated-at={r.generatedAt}>
          <div class="tabs" role="tablist">
            {GROUP_BYS.map((g) => (
              <button key={g} type="button" role="tab" aria-selected={by === g} class={`tabs__tab ${by === g ? 'tabs__tab--on' : ''}`} data-testid={`stats-by-${g}`} onClick={() => setBy(g)}>
                {tStats(`stats.by.${g}`)}
              </button>
            ))}
          </div>
          {rows.length === 0 ? (<p class="muted" data-testid="stats-empty">{tStats('stats.empty')}</p>) : <StatsTable rows={rows} total={r.total} by={by} />}
          {rows.length > 0 && <StatsBars rows={rows} by={by} />}
          <p class="muted small">{formatDateTime(r.generatedAt)}</p>
        </section>
      )}
    </AppShell>
  );
}
