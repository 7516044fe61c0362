import { useEffect } from 'preact/hooks';
import { formatClock, formatDuration, t } from '../../i18n/index.js';
import type { AttendanceRow } from '../../net/index.js';
import { attendance, attendanceCsvUrl, attendanceError, attendanceRows, attendanceSummary, watchAttendance } from '../../state/attendance.js';
import { ensureMe, signedIn } from '../../state/auth.js';
import { SidePanel } from '../lesson/SidePanel.js';

/**
 * The live attendance table (R8): every student of the class, present or not, with the
 * figures an assessment needs. Refreshed every 10 s while open; the CSV is the record to keep.
 */
export function AttendancePanel() {
  useEffect(() => watchAttendance(), []);
  // The CSV comes from the HTTP API: it needs a signed-in teacher (not a guest's join link).
  useEffect(() => void ensureMe(), []);
  const summary = attendanceSummary.value;
  const report = attendance.value;
  const csv = attendanceCsvUrl.value;
  return (
    <SidePanel title={t('attendance.title')} testId="attendance-panel" wide>
      <div class="panel__section">
        <p data-testid="attendance-summary">{t('attendance.summary', summary)}</p>
        {report && <p class="muted">{t('attendance.updated', { time: formatClock(report.generatedAtMs) })}</p>}
        {csv && signedIn.value && (
          <a class="button button--small" href={csv} download data-testid="attendance-csv">
            {t('attendance.csv')}
          </a>
        )}
        {csv && !signedIn.value && <p class="muted">{t('attendance.csvSignIn')}</p>}
        {attendanceError.value && (
          <p class="alert alert--error" role="alert">
            {attendanceError.value}
          </p>
        )}
      </div>
      <div class="table-wrap table-wrap--panel">
        <table class="table table--attendance">
          <thead>
            <tr>
              <th class="sticky">{t('attendance.name')}</th>
              <th>{t('attendance.code')}</th>
              <th>{t('attendance.now')}</th>
              <th class="num">{t('attendance.present')}</th>
              <th class="num">{t('attendance.camera')}</th>
              <th class="num">{t('attendance.mic')}</th>
              <th class="num">{t('attendance.screen')}</th>
              <th class="num">{t('attendance.hands')}</th>
              <th class="num">{t('attendance.chat')}</th>
              <th class="num">{t('attendance.quiz')}</th>
              <th>{t('attendance.late')}</th>
              <th>{t('attendance.leftEarly')}</th>
              <th class="num">{t('attendance.joins')}</th>
            </tr>
          </thead>
          <tbody>
            {attendanceRows.value.map((r) => (
              <Row key={r.userId} r={r} />
            ))}
          </tbody>
        </table>
      </div>
    </SidePanel>
  );
}

function Row({ r }: { r: AttendanceRow }) {
  const status = r.presentNow ? 'present' : r.attended ? 'left' : 'absent';
  const yes = (v: boolean) => (v ? t('attendance.yes') : '');
  return (
    <tr class={`attendance--${status}`} data-testid="attendance-row" data-user-id={r.userId} data-present={r.presentNow ? 'true' : 'false'} data-attended={r.attended ? 'true' : 'false'}>
      <td class="sticky">{r.displayName}</td>
      <td class="mono">{r.code}</td>
      <td>
        <span class={`status status--${status}`}>{t(`attendance.status.${status}`)}</span>
      </td>
      <td class="num">{r.attended ? formatDuration(r.presentMs) : ''}</td>
      <td class="num">{r.attended ? formatDuration(r.cameraOnMs) : ''}</td>
      <td class="num">{r.attended ? formatDuration(r.micOnMs) : ''}</td>
      <td class="num" data-testid="attendance-screen">{r.attended ? formatDuration(r.screenOnMs) : ''}</td>
      <td class="num">{r.handRaises || ''}</td>
      <td class="num">{r.chatMessages || ''}</td>
      <td class="num" data-testid="attendance-quiz">{r.quizAnswers ? `${r.quizCorrect}/${r.quizAnswers}` : ''}</td>
      <td>{yes(r.late)}</td>
      <td>{yes(r.leftEarly)}</td>
      <td class="num">{r.joinCount || ''}</td>
    </tr>
  );
}
