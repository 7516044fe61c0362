import { useEffect } from 'preact/hooks';
import { formatDateTime } from '../../i18n/index.js';
import { tExam, tExamCode } from '../../i18n/exam.js';
import type { Answer, ExamEventDto } from '../../net/examApi.js';
import { examReport, loadReport, loadTrail, reportError, statistics, trail } from '../../state/examReport.js';
import { openReview, review } from '../../state/examTeacher.js';
import { AppShell } from '../common/AppShell.js';
import { Link } from '../common/Link.js';
import { GradePanel } from './GradePanel.js';

/** An answer as the trail shows it: the choice, the statements, the text. */
function answerText(a: Answer): string {
  switch (a.kind) {
    case 'single_choice':
      return a.choice ?? tExam('grade.blank');
    case 'multiple_choice':
      return a.choices.join(', ') || tExam('grade.blank');
    case 'true_false':
      return Object.entries(a.values)
        .map(([id, v]) => `${id}) ${v ? tExam('take.true') : tExam('take.false')}`)
        .join('; ');
    default:
      return a.text.length > 200 ? `${a.text.slice(0, 200)}…` : a.text;
  }
}

/** What an event's data says, in words: the question and answer, the reason, the minutes. */
function detailOf(e: ExamEventDto, positionOf: (questionId: string) => string): string {
  const d = e.data;
  const parts: string[] = [];
  if (typeof d['questionId'] === 'string') parts.push(`${tExam('report.q')} ${positionOf(d['questionId'])}`);
  const answer = d['answer'] as Answer | undefined;
  if (e.kind === 'answer' && answer && typeof answer === 'object' && 'kind' in answer) parts.push(answerText(answer));
  if (typeof d['minutes'] === 'number') parts.push(`+${d['minutes']}′`);
  if (typeof d['points'] === 'number') parts.push(`${String(d['points']).replace('.', ',')}`);
  for (const k of ['reason', 'detail', 'note', 'previous'] as const) if (typeof d[k] === 'string' && d[k] !== '') parts.push(String(d[k]));
  return parts.join(' · ');
}

/**
 * One attempt for its teacher: the audit trail (every answer change and suspicious event with
 * time, session and IP, R11) and the paper with keys and grades (graded by hand here too).
 */
export function AttemptPage({ examId, attemptId }: { examId: string; attemptId: string }) {
  useEffect(() => {
    trail.value = null;
    review.value = null;
    void loadTrail(attemptId);
    void openReview(attemptId);
    if (examReport.value?.examId !== examId) void loadReport(examId);
  }, [examId, attemptId]);
  const report = examReport.value?.examId === examId ? examReport.value : null;
  const student = report?.students.find((s) => s.attempts.some((a) => a.attemptId === attemptId));
  const attempt = student?.attempts.find((a) => a.attemptId === attemptId);
  const positions = new Map(statistics.value?.paper.map((p) => [p.questionId, String(p.position)]) ?? []);
  const positionOf = (id: string) => positions.get(id) ?? id;
  const t = trail.value;
  const who = (actorId: string) => (actorId === 'system' ? tExam('attempt.system') : (t?.actors[actorId] ?? actorId));
  return (
    <AppShell testId="attempt-page">
      <p>
        <Link href={`/exams/${encodeURIComponent(examId)}/results`}>{tExam('attempt.back')}</Link>
      </p>
      {reportError.value && (
        <p class="error" role="alert">
          {reportError.value}
        </p>
      )}
      {student && attempt && <h1 class="page-head__title">{tExam('attempt.heading', { name: student.name, n: attempt.number })}</h1>}
      <h2>{tExam('attempt.trail')}</h2>
      {t && t.events.length === 0 && <p class="muted">{tExam('attempt.trailNone')}</p>}
      {t && t.events.length > 0 && (
        <div class="table-wrap">
          <table class="table trail" data-testid="trail-table">
            <thead>
              <tr>
                <th>{tExam('attempt.time')}</th>
                <th>{tExam('attempt.event')}</th>
                <th>{tExam('attempt.who')}</th>
                <th>{tExam('attempt.session')}</th>
                <th>{tExam('attempt.ip')}</th>
                <th>{tExam('attempt.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {t.events.map((e) => (
                <tr key={e.id} data-testid="trail-event" data-kind={e.kind}>
                  <td>{formatDateTime(e.at)}</td>
                  <td>{tExamCode('flag', e.kind)}</td>
                  <td>{who(e.actorId)}</td>
                  <td class="trail__session">{e.clientId}</td>
                  <td>{e.ip}</td>
                  <td class="trail__detail">{detailOf(e, positionOf)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {review.value && <h2>{tExam('attempt.review')}</h2>}
      <GradePanel examId={examId} />
    </AppShell>
  );
}
