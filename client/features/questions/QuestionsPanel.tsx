import { useSignal } from '@preact/signals';
import { t } from '../../i18n/index.js';
import { selfId, selfRole } from '../../state/lesson.js';
import { askQuestion, lessonQuestions, markQuestionAnswered, myUpvotes, upvoteQuestion } from '../../state/questions.js';
import { SidePanel } from '../lesson/SidePanel.js';

/**
 * The questions panel of the lesson (R13), apart from chat: a student asks (or asks the teacher
 * only), classmates upvote, the teacher marks a question answered. Unanswered first, most
 * upvoted first. Text is rendered as text (a "<script>" in a question is just characters).
 */
export function QuestionsPanel() {
  const text = useSignal('');
  const hidden = useSignal(false);
  const teacher = selfRole.value === 'teacher';
  const me = selfId.value;
  const list = [...lessonQuestions.value].sort((a, b) => Number(a.answered) - Number(b.answered) || b.upvotes - a.upvotes || a.askedAtMs - b.askedAtMs);
  const send = async (e: Event) => {
    e.preventDefault();
    if (text.value.trim() === '') return;
    if (await askQuestion(text.value, hidden.value)) text.value = '';
  };
  return (
    <SidePanel title={t('qa.title')} testId="questions-panel">
      {!teacher && (
        <form class="questions__ask" onSubmit={(e) => void send(e)}>
          <textarea
            class="field__input"
            rows={2}
            maxLength={500}
            placeholder={t('qa.placeholder')}
            value={text.value}
            onInput={(e) => (text.value = (e.target as HTMLTextAreaElement).value)}
            data-testid="question-text"
          />
          <label class="field field--inline">
            <input type="checkbox" checked={hidden.value} onChange={(e) => (hidden.value = (e.target as HTMLInputElement).checked)} data-testid="question-hidden" />
            <span>{t('qa.hidden')}</span>
          </label>
          <button type="submit" class="button button--primary" data-testid="question-ask">
            {t('qa.ask')}
          </button>
        </form>
      )}
      {list.length === 0 && <p class="muted">{t('qa.empty')}</p>}
      <ul class="questions plain-list">
        {list.map((q) => (
          <li key={q.id} class={`question ${q.answered ? 'is-answered' : ''}`} data-testid="question" data-question-id={q.id} data-answered={q.answered ? 'yes' : 'no'}>
            <div class="question__head">
              <strong>{q.authorName}</strong>
              {q.hiddenFromClassmates && <span class="badge">{t('qa.hiddenBadge')}</span>}
              {q.answered && <span class="badge" data-testid="question-answered">{t('qa.answered')}</span>}
            </div>
            <p class="question__text" data-testid="question-body">
              {q.text}
            </p>
            {!teacher && q.authorId !== me && !q.answered && (
              <button type="button" class="button button--small" disabled={myUpvotes.value.has(q.id)} onClick={() => void upvoteQuestion(q.id)} data-testid="question-upvote">
                {t('qa.upvote', { count: q.upvotes })}
              </button>
            )}
            {(teacher || q.authorId === me) && q.upvotes > 0 && <span class="muted"> +{q.upvotes}</span>}
            {teacher && !q.answered && (
              <button type="button" class="button button--small" onClick={() => void markQuestionAnswered(q.id)} data-testid="question-mark-answered">
                {t('qa.markAnswered')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </SidePanel>
  );
}
