import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { examRows, flagTotal, lessonExams, openExamInLesson, openLessonExam, openableExams } from '../../state/examWatch.js';
import { participants, selfRole } from '../../state/lesson.js';
import { examStateText, flagText } from './ExamTileBadge.js';

/**
 * Above the class grid. The teacher: per exam of the lesson, how many are working, have
 * submitted, are flagged, and who was flagged last (a phone pages its grid, so a flagged
 * student may be off screen). A student: the exam to open, here, with the camera still on.
 */
export function ExamWatchStrip() {
  if (lessonExams.value.length === 0) return null;
  return selfRole.value === 'teacher' ? <TeacherStrip /> : <StudentBanner />;
}

function TeacherStrip() {
  const names = new Map([...participants.value.values()].map((p) => [p.userId, p.displayName]));
  return (
    <section class="exam-strip" aria-label={t('examWatch.stripLabel')} data-testid="exam-strip">
      {lessonExams.value.map((exam) => {
        const rows = [...(examRows.value.get(exam.examId)?.values() ?? [])];
        const flagged = rows.filter((r) => flagTotal(r) > 0).sort((a, b) => b.lastFlagAtMs - a.lastFlagAtMs);
        return (
          <div key={exam.examId} class="exam-strip__exam" data-exam={exam.examId}>
            <strong data-testid="exam-strip-summary">
              {t('examWatch.summary', {
                title: exam.title,
                inProgress: rows.filter((r) => r.status === 'in_progress').length,
                submitted: rows.filter((r) => r.status === 'submitted' || r.status === 'closed_by_deadline').length,
                flagged: flagged.length,
              })}
            </strong>
            {flagged.length > 0 && (
              <ul class="exam-strip__flags">
                {flagged.slice(0, 6).map((r) => (
                  <li key={r.studentUserId} data-testid="exam-strip-flag" data-user={r.studentUserId} data-last-flag={r.lastFlag}>
                    ⚠ {names.get(r.studentUserId) ?? r.studentUserId}: {flagText(r.lastFlag)} ({t('examWatch.flags', { count: flagTotal(r) })}) · {examStateText(r)}
                  </li>
                ))}
              </ul>
            )}
          </div>
        );
      })}
    </section>
  );
}

function StudentBanner() {
  // An exam that opens during the lesson shows up without a push: the clock is checked every 5 s.
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(timer);
  }, []);
  if (openLessonExam.value) return null;
  const open = openableExams(now);
  if (open.length === 0) return null;
  return (
    <section class="exam-strip exam-strip--student" data-testid="exam-banner">
      {open.map((exam) => (
        <div key={exam.examId} class="exam-strip__exam">
          <strong>{t('examWatch.banner', { title: exam.title })}</strong>{' '}
          <button type="button" class="button button--primary" data-testid="exam-banner-open" data-exam={exam.examId} onClick={() => openExamInLesson(exam.examId)}>
            {t('examWatch.open')}
          </button>
        </div>
      ))}
    </section>
  );
}
