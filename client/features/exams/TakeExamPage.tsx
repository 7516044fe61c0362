import { useEffect } from 'preact/hooks';
import { formatDuration } from '../../i18n/index.js';
import { tExam } from '../../i18n/exam.js';
import { answer, answeredCount, answers, attempt, hasUnsaved, openAttempt, remainingMs, report, resetTake, saveStates, startExam, submit, takeError } from '../../state/examTake.js';
import { AppShell } from '../common/AppShell.js';
import { Link } from '../common/Link.js';
import { RichText } from '../richText/RichText.js';
import type { AttemptViewDto } from '../../net/examApi.js';
import { QuestionInput } from './QuestionInput.js';

const points = (x: number) => String(x).replace('.', ',');

type Item = NonNullable<AttemptViewDto['result']>['items'][number];

/** Once results are released: the question's points and the teacher's feedback. */
function ItemResult({ item }: { item: Item | undefined }) {
  if (!item) return null;
  const got = item.manual ? item.manual.points : item.grade.points;
  return (
    <div class="take__graded" data-testid="take-item-result" data-outcome={item.grade.outcome}>
      <strong>{got === null ? tExam('take.pending') : tExam('take.itemPoints', { points: points(got), max: points(item.grade.maxPoints) })}</strong>
      {item.manual?.feedback && (
        <span data-testid="take-feedback">
          {' '}
          — {tExam('take.feedback')}: {item.manual.feedback}
        </span>
      )}
    </div>
  );
}

/** What the page reports to the proctor while an attempt is in progress. */
function useWatch(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const onVisibility = () => document.visibilityState === 'hidden' && report('page_hidden');
    const onBlur = () => report('blur');
    const onFullscreen = () => !document.fullscreenElement && report('fullscreen_exit');
    const onCopy = () => report('copy');
    const onPaste = () => report('paste');
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      if (hasUnsaved()) e.preventDefault();
    };
    document.addEventListener('visibilitychange', onVisibility);
    window.addEventListener('blur', onBlur);
    document.addEventListener('fullscreenchange', onFullscreen);
    document.addEventListener('copy', onCopy);
    document.addEventListener('paste', onPaste);
    window.addEventListener('beforeunload', onBeforeUnload);
    return () => {
      document.removeEventListener('visibilitychange', onVisibility);
      window.removeEventListener('blur', onBlur);
      document.removeEventListener('fullscreenchange', onFullscreen);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('paste', onPaste);
      window.removeEventListener('beforeunload', onBeforeUnload);
    };
  }, [active]);
}

/**
 * A student's quiz or exam: the countdown of the server's deadline, the paper, saved marks; with
 * `attemptId`, one of their finished attempts to look back at (grades and feedback once released).
 */
export function TakeExamPage({ examId, attemptId }: { examId: string; attemptId?: string }) {
  return (
    <AppShell testId="take-page">
      <p>
        <Link href="/exams" testId="take-back">
          {tExam('take.back')}
        </Link>
      </p>
      <ExamPaper examId={examId} attemptId={attemptId} />
    </AppShell>
  );
}

/**
 * The paper itself, with its clock and the proctor's watch: on its own page, or over a live
 * lesson when the exam runs in one (features/exams/LessonExam.tsx), the camera staying on.
 */
export function ExamPaper({ examId, attemptId }: { examId: string; attemptId?: string | undefined }) {
  useEffect(() => {
    void (attemptId ? openAttempt(attemptId) : startExam(examId));
    return resetTake;
  }, [examId, attemptId]);
  const a = attempt.value;
  const open = a?.status === 'in_progress';
  useWatch(open);
  const left = remainingMs.value;
  return (
    <>
      {takeError.value && (
        <p class="error" role="alert" data-testid="take-error">
          {takeError.value}
        </p>
      )}
      {!a && !takeError.value && <p class="muted">{tExam('exam.loading')}</p>}
      {a && (
        <div class="take" data-testid="take" data-status={a.status} data-attempt={a.attemptId}>
          <div class="take__bar">
            <h1 class="take__title">{a.title}</h1>
            {open && left !== null && (
              <div class={left < 60_000 ? 'take__clock take__clock--late' : 'take__clock'} role="timer" aria-label={tExam('take.timeLeft')} data-testid="take-clock" data-remaining-ms={left}>
                {formatDuration(left)}
              </div>
            )}
            <div class="take__progress" data-testid="take-progress">
              {tExam('take.answered', { n: answeredCount.value, total: a.questions.length })}
            </div>
          </div>
          {open && a.mode === 'exam' && (
            <p class="take__watched">
              {tExam('take.watched')}{' '}
              <button type="button" class="button" onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)}>
                {tExam('take.fullscreen')}
              </button>
            </p>
          )}
          {a.status !== 'in_progress' && (
            <p class="callout" data-testid="take-finished">
              {a.status === 'closed_by_deadline' ? tExam('take.timeUp') : tExam('take.done')}{' '}
              {a.result && a.result.points !== null && (
                <strong data-testid="take-result">{tExam('take.result', { points: points(a.result.points), max: points(a.result.maxPoints), score: points(a.result.score10 ?? 0) })}</strong>
              )}
            </p>
          )}
          <ol class="take__questions">
            {a.questions.map((q, i) => {
              const state = saveStates.value[q.questionId];
              return (
                <li key={q.questionId} class="take__q" data-testid="take-question" data-question={q.questionId} data-kind={q.body.kind} data-save={state ?? 'none'}>
                  <div class="take__qhead">
                    <strong>{tExam('take.question', { n: i + 1 })}</strong> <span class="muted">{tExam('take.points', { points: points(q.points) })}</span>
                    {state && <span class={`take__save take__save--${state}`}>{state === 'saved' ? tExam('take.saved') : state === 'saving' ? tExam('take.saving') : tExam('take.retrying')}</span>}
                  </div>
                  <RichText text={q.body.stem} class="take__stem" />
                  <QuestionInput q={q} value={answers.value[q.questionId]} disabled={!open} onAnswer={(v) => answer(q.questionId, v)} />
                  <ItemResult item={a.result?.items.find((x) => x.questionId === q.questionId)} />
                </li>
              );
            })}
          </ol>
          {open && (
            <button type="button" class="button button--primary take__submit" data-testid="take-submit" onClick={() => window.confirm(tExam('take.confirmSubmit')) && void submit()}>
              {tExam('take.submit')}
            </button>
          )}
        </div>
      )}
    </>
  );
}
