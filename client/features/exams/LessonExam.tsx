import { t } from '../../i18n/index.js';
import { closeExamInLesson, openLessonExam } from '../../state/examWatch.js';
import { ExamPaper } from './TakeExamPage.js';

/**
 * An exam taken inside the live lesson (issue 7): the paper over the lesson's stage, so the
 * student's camera and microphone stay on for the teacher. Saves, the clock and the proctor's
 * watch are the exam page's own (HTTP); going back to the lesson keeps the attempt running.
 * Its own chunk: loaded when a student opens the exam.
 */
export function LessonExam() {
  const examId = openLessonExam.value;
  if (!examId) return null;
  return (
    <div class="lesson-exam card" role="dialog" aria-label={t('examWatch.open')} data-testid="lesson-exam" data-exam={examId}>
      <header class="panel__header">
        <p class="muted">{t('examWatch.watched')}</p>
        <button type="button" class="button button--small" onClick={closeExamInLesson} data-testid="lesson-exam-close">
          {t('examWatch.back')}
        </button>
      </header>
      <ExamPaper key={examId} examId={examId} />
    </div>
  );
}
