import { t, type MessageKey } from '../../i18n/index.js';
import type { LessonExamRow } from '../../net/index.js';
import { flagTotal, rowsOf } from '../../state/examWatch.js';
import { selfRole } from '../../state/lesson.js';

/** A row's state in words: not started, in progress with the answered count, submitted, time up. */
export function examStateText(row: LessonExamRow | null): string {
  if (!row || row.status === 'not_started') return t('examWatch.notStarted');
  if (row.status === 'in_progress') return t('examWatch.inProgress', { answered: row.answered, total: row.questionCount });
  return row.status === 'submitted' ? t('examWatch.submitted') : t('examWatch.closed');
}

export function flagText(kind: string): string {
  return t(`examWatch.flag.${kind}` as MessageKey);
}

/**
 * Beside a student's camera, on the teacher's page only: the student's state in each exam of the
 * lesson and their flags, the latest named. Rows reach only a teacher's page (the server sends
 * them to the lesson's teachers); the role check keeps the badge off other pages as well.
 */
export function ExamTileBadge({ userId }: { userId: string }) {
  if (selfRole.value !== 'teacher') return null;
  const rows = rowsOf(userId);
  if (rows.length === 0) return null;
  return (
    <div class="tile__exam" data-testid="tile-exam">
      {rows.map(({ exam, row }) => {
        const flags = flagTotal(row);
        return (
          <div key={exam.examId} class={`tile__exam-row ${flags > 0 ? 'is-flagged' : ''}`} data-testid="tile-exam-row" data-exam={exam.examId} data-status={row?.status ?? 'not_started'} data-flags={flags} data-last-flag={row?.lastFlag ?? ''}>
            <span class="tile__exam-state">{examStateText(row)}</span>
            {flags > 0 && row && (
              <span class="tile__exam-flag" title={Object.entries(row.flags).map(([k, n]) => `${flagText(k)} ×${n}`).join(', ')} data-testid="tile-exam-flag">
                ⚠ {row.lastFlag ? flagText(row.lastFlag) : ''} {flags > 1 ? `(${t('examWatch.flags', { count: flags })})` : ''}
              </span>
            )}
          </div>
        );
      })}
    </div>
  );
}
