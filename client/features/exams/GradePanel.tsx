import { useState } from 'preact/hooks';
import { tExam } from '../../i18n/exam.js';
import type { ReviewResponse } from '../../net/examApi.js';
import { gradeItem, review } from '../../state/examTeacher.js';
import { QuestionView } from '../bank/QuestionView.js';

type Item = ReviewResponse['items'][number];
const num = (x: number | null | undefined) => (x === null || x === undefined ? '–' : String(x).replace('.', ','));

/** Grading one attempt: each question with its key, the answer, the grade; essays graded by hand. */
export function GradePanel({ examId }: { examId: string }) {
  const r = review.value;
  if (!r) return null;
  return (
    <section class="card grade" data-testid="grade-panel" data-attempt={r.attemptId}>
      <div class="page-head">
        <h2>
          {tExam('grade.heading')} — {num(r.result?.points)}/{num(r.result?.maxPoints)} ({num(r.result?.score10)}/10)
        </h2>
        <button type="button" class="button" onClick={() => (review.value = null)}>
          {tExam('grade.close')}
        </button>
      </div>
      <ol class="grade__items">
        {r.items.map((i) => (
          <GradeItem key={i.questionId} item={i} attemptId={r.attemptId} examId={examId} />
        ))}
      </ol>
    </section>
  );
}

function answerText(i: Item): string {
  const a = i.answer;
  if (!a) return tExam('grade.blank');
  switch (a.kind) {
    case 'single_choice':
      return a.choice ?? tExam('grade.blank');
    case 'multiple_choice':
      return a.choices.join(', ');
    case 'true_false':
      return Object.entries(a.values).map(([id, v]) => `${id}) ${v ? tExam('take.true') : tExam('take.false')}`).join('; ');
    default:
      return a.text;
  }
}

function GradeItem({ item, attemptId, examId }: { item: Item; attemptId: string; examId: string }) {
  const [points, setPoints] = useState(item.manual ? String(item.manual.points).replace('.', ',') : '');
  const [feedback, setFeedback] = useState(item.manual?.feedback ?? '');
  const byHand = item.kind === 'essay' || item.kind === 'short_text' || item.grade.outcome === 'pending_manual';
  return (
    <li class="grade__item" data-testid="grade-item" data-kind={item.kind} data-outcome={item.grade.outcome}>
      <QuestionView question={item.question} showKey />
      <p>
        <strong>{tExam('grade.answer')}:</strong> <span class="grade__answer">{answerText(item)}</span>
      </p>
      <p>
        {tExam('grade.auto')}: {num(item.grade.points)}/{num(item.points)}
        {item.manual && ` · ${tExam('grade.manual')}: ${num(item.manual.points)}`}
      </p>
      {byHand && (
        <form
          class="grade__form"
          onSubmit={(e) => {
            e.preventDefault();
            void gradeItem(attemptId, item.questionId, Number(points.replace(',', '.')), feedback, examId);
          }}
        >
          <input inputMode="decimal" required value={points} aria-label={tExam('grade.points', { max: num(item.points) })} placeholder={tExam('grade.points', { max: num(item.points) })} onInput={(e) => setPoints(e.currentTarget.value)} data-testid="grade-points" />
          <input value={feedback} maxLength={5000} aria-label={tExam('grade.feedback')} placeholder={tExam('grade.feedback')} onInput={(e) => setFeedback(e.currentTarget.value)} data-testid="grade-feedback" />
          <button type="submit" class="button button--primary button--small" data-testid="grade-save">
            {tExam('grade.save')}
          </button>
        </form>
      )}
    </li>
  );
}
