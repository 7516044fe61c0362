import { useEffect, useState } from 'preact/hooks';
import { formatClock, formatDuration } from '../../i18n/index.js';
import { tExam, tExamCode } from '../../i18n/exam.js';
import type { ProctorResponse } from '../../net/examApi.js';
import { changeTime, openReview, proctor, proctorError, proctorEvents, review, watchProctor } from '../../state/examTeacher.js';
import { GradePanel } from './GradePanel.js';
import { AppShell } from '../common/AppShell.js';
import { Link } from '../common/Link.js';

type Row = ProctorResponse['rows'][number];

/**
 * The proctor's view (R11): who started, progress, time left, flags as they happen (polled
 * every 2 s), and per student a time extension or a reopening, each with a reason.
 */
export function ProctorPage({ examId }: { examId: string }) {
  useEffect(() => {
    review.value = null;
    return watchProctor(examId);
  }, [examId]);
  const view = proctor.value;
  const names = new Map(view?.rows.map((r) => [r.studentId, r.name]) ?? []);
  return (
    <AppShell testId="proctor-page">
      <p>
        <Link href="/exams">{tExam('take.back')}</Link>
      </p>
      {proctorError.value && <p class="error" role="alert" data-testid="proctor-error">{proctorError.value}</p>}
      {view && (
        <>
          <h1 class="page-head__title">{tExam('proctor.heading', { title: view.title })}</h1>
          <div class="table-wrap">
            <table class="table proctor" data-testid="proctor-table">
              <thead>
                <tr>
                  <th>{tExam('proctor.student')}</th>
                  <th>{tExam('proctor.status')}</th>
                  <th>{tExam('proctor.progress')}</th>
                  <th>{tExam('proctor.timeLeft')}</th>
                  <th>{tExam('proctor.flags')}</th>
                  <th>{tExam('proctor.score')}</th>
                  <th>{tExam('proctor.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {view.rows.map((r) => (
                  <ProctorRowView key={r.studentId} row={r} total={view.questionCount} examId={examId} />
                ))}
              </tbody>
            </table>
          </div>
          <GradePanel examId={examId} />
          <h2>{tExam('proctor.live')}</h2>
          {proctorEvents.value.length === 0 && <p class="muted">{tExam('proctor.noEvents')}</p>}
          <ul class="proctor__feed" data-testid="proctor-feed">
            {proctorEvents.value.map((e) => (
              <li key={e.id} data-kind={e.kind} data-testid="proctor-event">
                <span class="muted">{formatClock(e.at)}</span> {names.get(e.studentId ?? '') ?? ''}: <strong>{tExamCode('flag', e.kind)}</strong>
                {typeof e.data['reason'] === 'string' && <span class="muted"> — {e.data['reason']}</span>}
              </li>
            ))}
          </ul>
        </>
      )}
    </AppShell>
  );
}

function ProctorRowView({ row, total, examId }: { row: Row; total: number; examId: string }) {
  const [action, setAction] = useState<'extend' | 'reopen' | null>(null);
  const [minutes, setMinutes] = useState('5');
  const [reason, setReason] = useState('');
  const a = row.attempt;
  const flags = Object.entries(row.flags);
  return (
    <tr data-testid="proctor-row" data-student={row.studentId} data-status={a?.status ?? 'none'}>
      <td>{row.name}</td>
      <td>{tExamCode('exam.status', a?.status ?? 'none')}</td>
      <td data-testid="proctor-progress">{a ? `${a.answered}/${total}` : ''}</td>
      <td>{a?.status === 'in_progress' ? formatDuration(a.remainingMs) : ''}</td>
      <td data-testid="proctor-flags">
        {flags.map(([kind, n]) => (
          <span key={kind} class="flag" data-flag={kind}>
            {tExamCode('flag', kind)} ×{n}
          </span>
        ))}
      </td>
      <td>{a?.score10 ?? ''}</td>
      <td>
        {a && !action && (
          <button type="button" class="button button--small" data-testid={a.status === 'in_progress' ? 'proctor-extend' : 'proctor-reopen'} onClick={() => setAction(a.status === 'in_progress' ? 'extend' : 'reopen')}>
            {a.status === 'in_progress' ? tExam('proctor.extend') : tExam('proctor.reopen')}
          </button>
        )}
        {a && a.status !== 'in_progress' && (
          <button type="button" class="button button--small" data-testid="proctor-grade" onClick={() => void openReview(a.attemptId)}>
            {tExam('grade.open')}
          </button>
        )}
        {a && action && (
          <form
            class="proctor__change"
            onSubmit={(e) => {
              e.preventDefault();
              void changeTime(a.attemptId, action, Number(minutes), reason, examId).then((ok) => ok && setAction(null));
            }}
          >
            <input type="number" min={1} max={600} value={minutes} aria-label={tExam('proctor.minutes')} onInput={(e) => setMinutes(e.currentTarget.value)} />
            <input value={reason} required maxLength={500} placeholder={tExam('proctor.reason')} aria-label={tExam('proctor.reason')} onInput={(e) => setReason(e.currentTarget.value)} data-testid="proctor-reason" />
            <button type="submit" class="button button--small button--primary" data-testid="proctor-apply">
              {tExam('proctor.apply')}
            </button>
          </form>
        )}
      </td>
    </tr>
  );
}
