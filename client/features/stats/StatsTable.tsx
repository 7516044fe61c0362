import { tStats, type StatsKey } from '../../i18n/stats.js';
import type { FiguresDto, GroupByDto, StatisticsRowDto } from '../../net/statsApi.js';
import { percent, tenths } from './format.js';

const COLUMNS: ReadonlyArray<{ key: StatsKey; id: string; cell: (f: FiguresDto) => string }> = [
  { key: 'stats.col.held', id: 'held', cell: (f) => String(f.lessonsHeld) },
  { key: 'stats.col.periods', id: 'periods', cell: (f) => String(f.periodsTaught) },
  { key: 'stats.col.cancelled', id: 'cancelled', cell: (f) => String(f.lessonsCancelled) },
  { key: 'stats.col.missed', id: 'missed', cell: (f) => String(f.lessonsMissed) },
  { key: 'stats.col.attendance', id: 'attendance', cell: (f) => percent(f.attendanceRate) },
  { key: 'stats.col.absences', id: 'absences', cell: (f) => String(f.absences) },
  { key: 'stats.col.late', id: 'late', cell: (f) => String(f.late) },
  { key: 'stats.col.leftEarly', id: 'leftEarly', cell: (f) => String(f.leftEarly) },
  { key: 'stats.col.assignments', id: 'assignments', cell: (f) => String(f.assignments) },
  { key: 'stats.col.handIn', id: 'handIn', cell: (f) => percent(f.handInRate) },
  { key: 'stats.col.average', id: 'average', cell: (f) => tenths(f.averageScoreTenths) },
  { key: 'stats.col.materialsApproved', id: 'materialsApproved', cell: (f) => String(f.materialsApproved) },
  { key: 'stats.col.materialsUsed', id: 'materialsUsed', cell: (f) => `${f.materialsUsed} (${f.materialOpenings})` },
  // Total, then live + between lessons: what an inspector asks first, then where they came from.
  { key: 'stats.col.questionsAnswered', id: 'questionsAnswered', cell: (f) => `${f.questionsAnswered} (${f.questionsAnsweredLive} + ${f.questionsAnsweredAsync})` },
];

/** One row per grade / class / subject / teacher, then the total; scrolls sideways on a phone. */
export function StatsTable({ rows, total, by }: { rows: readonly StatisticsRowDto[]; total: FiguresDto; by: GroupByDto }) {
  return (
    <div class="table-wrap">
      <table class="table" data-testid="stats-table" data-by={by}>
        <thead>
          <tr>
            <th>{tStats(`stats.by.${by}`)}</th>
            {COLUMNS.map((c) => (
              <th key={c.id} class="num">
                {tStats(c.key)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-testid="stats-row" data-id={r.id}>
              <td>{r.name}</td>
              {COLUMNS.map((c) => (
                <td key={c.id} class="num" data-col={c.id}>
                  {c.cell(r.figures)}
                </td>
              ))}
            </tr>
          ))}
          <tr class="stats-total" data-testid="stats-total">
            <th scope="row">{tStats('stats.total')}</th>
            {COLUMNS.map((c) => (
              <td key={c.id} class="num" data-col={c.id}>
                {c.cell(total)}
              </td>
            ))}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
