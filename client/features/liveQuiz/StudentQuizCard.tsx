import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import type { LiveAnswer, LiveQuestionBody } from '../../net/index.js';
import { answering, liveQuiz, myAnswer, myOutcome, QUIZ_LIMITS, remainingMs, revealed, submitAnswer } from '../../state/liveQuiz.js';
import { RichText } from '../richText/RichText.js';
import { Distribution } from './Distribution.js';
import { answerText, keyText, letter } from './quizText.js';

/** The local time, ticking while a question is open (the countdown reads the server's clock through it). */
export function useNow(periodMs = 250): number {
  const now = useSignal(Date.now());
  useEffect(() => {
    const timer = setInterval(() => (now.value = Date.now()), periodMs);
    return () => clearInterval(timer);
  }, [periodMs]);
  return now.value;
}

/**
 * The question on a student's screen (a 360-px phone first): the stem, big answer buttons, the
 * countdown; after the answer, what was sent; after the reveal, the key, whether it was right
 * and what the class chose.
 */
export function StudentQuizCard() {
  const q = liveQuiz.value;
  const now = useNow();
  if (!q) return null;
  const left = Math.ceil(remainingMs(now) / 1000);
  const open = q.closedAtMs === 0 && left > 0;
  const mine = myAnswer.value;
  const reveal = revealed.value;
  const yes = t('quiz.true');
  const no = t('quiz.false');
  return (
    <section class="quiz-card" aria-live="polite" data-testid="quiz-card" data-quiz-id={q.id} data-state={reveal ? 'revealed' : open ? 'open' : 'closed'}>
      <header class="quiz-card__header">
        <strong>{t('quiz.title')}</strong>
        <span class={`quiz-card__timer ${open && left <= 5 ? 'is-urgent' : ''}`} data-testid="quiz-countdown">
          {open ? t('quiz.timeLeft', { seconds: left }) : t('quiz.closed')}
        </span>
      </header>
      <p class="quiz-card__stem" data-testid="quiz-stem">
        <RichText text={q.body.stem} />
      </p>
      {mine ? (
        <p class="quiz-card__sent" data-testid="quiz-sent">
          {reveal ? t('quiz.yourAnswer', { answer: answerText(q.body, mine, yes, no) }) : t('quiz.sent')}
        </p>
      ) : open ? (
        <AnswerForm body={q.body} />
      ) : (
        <p class="muted">{t('quiz.notAnswered')}</p>
      )}
      {reveal && (
        <div class="quiz-card__reveal" data-testid="quiz-reveal">
          {reveal.key && <p class="quiz-card__key">{t('quiz.correctAnswer', { answer: keyText(q.body, reveal.key, yes, no) })}</p>}
          {mine && <Outcome />}
          {reveal.key?.explanation && (
            <p class="muted">
              <RichText text={reveal.key.explanation} />
            </p>
          )}
          <Distribution body={q.body} tally={reveal.tally} correct={reveal.key} />
        </div>
      )}
    </section>
  );
}

function Outcome() {
  const o = myOutcome.value;
  if (!o) return null;
  const text = o === 'correct' ? t('quiz.youRight') : o === 'partial' ? t('quiz.youPartial') : o === 'poll' ? t('quiz.pollThanks') : t('quiz.youWrong');
  return (
    <p class={`quiz-card__outcome quiz-card__outcome--${o}`} data-testid="quiz-outcome" data-outcome={o}>
      {text}
    </p>
  );
}

function AnswerForm({ body }: { body: LiveQuestionBody }) {
  const choices = useSignal<readonly string[]>([]);
  const values = useSignal<Readonly<Record<string, boolean>>>({});
  const typed = useSignal('');
  const busy = answering.value;
  const send = (a: LiveAnswer) => void submitAnswer(a);
  if (body.kind === 'single') {
    return (
      <div class="quiz-card__options">
        {body.options.map((o, i) => (
          <button key={o.id} type="button" class="quiz-option" disabled={busy} onClick={() => send({ kind: 'single', choice: o.id })} data-testid={`quiz-option-${letter(i)}`}>
            <span class="quiz-option__letter">{letter(i)}</span>
            <RichText text={o.text} />
          </button>
        ))}
      </div>
    );
  }
  if (body.kind === 'multiple') {
    const toggle = (id: string) => (choices.value = choices.value.includes(id) ? choices.value.filter((c) => c !== id) : [...choices.value, id]);
    return (
      <div class="quiz-card__options">
        {body.options.map((o, i) => (
          <button key={o.id} type="button" class={`quiz-option ${choices.value.includes(o.id) ? 'is-chosen' : ''}`} aria-pressed={choices.value.includes(o.id)} onClick={() => toggle(o.id)} data-testid={`quiz-option-${letter(i)}`}>
            <span class="quiz-option__letter">{letter(i)}</span>
            <RichText text={o.text} />
          </button>
        ))}
        <SendButton disabled={busy || choices.value.length === 0} onClick={() => send({ kind: 'multiple', choices: [...choices.value] })} />
      </div>
    );
  }
  if (body.kind === 'trueFalse') {
    const set = (id: string, v: boolean) => (values.value = { ...values.value, [id]: v });
    return (
      <div class="quiz-card__options">
        {body.statements.map((s, i) => (
          <div key={s.id} class="quiz-statement">
            <span>
              {`${String.fromCharCode(97 + i)}) `}
              <RichText text={s.text} />
            </span>
            <div class="quiz-statement__buttons">
              {[true, false].map((v) => (
                <button key={String(v)} type="button" class={`quiz-option quiz-option--small ${values.value[s.id] === v ? 'is-chosen' : ''}`} aria-pressed={values.value[s.id] === v} onClick={() => set(s.id, v)} data-testid={`quiz-tf-${s.id}-${v ? 'T' : 'F'}`}>
                  {v ? t('quiz.true') : t('quiz.false')}
                </button>
              ))}
            </div>
          </div>
        ))}
        <SendButton disabled={busy || Object.keys(values.value).length === 0} onClick={() => send({ kind: 'trueFalse', values: { ...values.value } })} />
      </div>
    );
  }
  return (
    <form
      class="quiz-card__options"
      onSubmit={(e) => {
        e.preventDefault();
        if (typed.value.trim()) send({ kind: body.kind === 'numeric' ? 'numeric' : 'text', text: typed.value.trim() });
      }}
    >
      <input
        class="field__input quiz-input"
        inputMode={body.kind === 'numeric' ? 'decimal' : 'text'}
        maxLength={QUIZ_LIMITS.answerText}
        placeholder={t('quiz.answerPlaceholder')}
        value={typed.value}
        onInput={(e) => (typed.value = e.currentTarget.value)}
        data-testid="quiz-text"
      />
      {body.unit && <span class="muted">{body.unit}</span>}
      <SendButton disabled={busy || !typed.value.trim()} submit />
    </form>
  );
}

function SendButton(props: { disabled: boolean; onClick?: () => void; submit?: boolean }) {
  return (
    <button type={props.submit ? 'submit' : 'button'} class="button button--primary quiz-send" disabled={props.disabled} onClick={props.onClick} data-testid="quiz-send">
      {t('quiz.send')}
    </button>
  );
}
