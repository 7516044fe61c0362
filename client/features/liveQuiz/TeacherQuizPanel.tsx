import { signal, useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { api, describeApiError } from '../../state/api.js';
import { breakout } from '../../state/breakout.js';
import { participants } from '../../state/lesson.js';
import { answeredBy, closeQuiz, endQuiz, launchBankQuestion, launchPoll, liveQuiz, notYetAnswered, QUIZ_LIMITS, remainingMs, revealQuiz, WHOLE_LESSON } from '../../state/liveQuiz.js';
import { SidePanel } from '../lesson/SidePanel.js';
import { RichText } from '../richText/RichText.js';
import { Distribution } from './Distribution.js';
import { plain } from './quizText.js';
import { useNow } from './StudentQuizCard.js';

/** A short set chosen from the bank: asked one after another ("Câu tiếp theo"). Kept while the page lives. */
const queue = signal<readonly string[]>([]);
const settings = signal({ durationSec: 30, target: WHOLE_LESSON });
const MAX_SET = 10;

/** The teacher's live quiz: launch (bank question, a short set, or a poll), then watch, reveal, end. Its own chunk. */
export function TeacherQuizPanel() {
  return (
    <SidePanel title={t('quiz.title')} testId="quiz-panel" wide>
      {liveQuiz.value ? <Running /> : <Launcher />}
    </SidePanel>
  );
}

function Settings() {
  const s = settings.value;
  return (
    <div class="quiz-settings">
      <label class="field">
        <span class="field__label">{t('quiz.duration')}</span>
        <input
          class="field__input field__input--short"
          type="number"
          min={QUIZ_LIMITS.minSeconds}
          max={QUIZ_LIMITS.maxSeconds}
          value={s.durationSec}
          onInput={(e) => (settings.value = { ...s, durationSec: Number(e.currentTarget.value) })}
          data-testid="quiz-duration"
        />
      </label>
      {breakout.value.active && (
        <label class="field">
          <span class="field__label">{t('quiz.target')}</span>
          <select class="field__input" value={s.target} onChange={(e) => (settings.value = { ...s, target: e.currentTarget.value })} data-testid="quiz-target">
            <option value={WHOLE_LESSON}>{t('quiz.targetAll')}</option>
            {breakout.value.groups.map((g) => (
              <option key={g.id} value={g.id}>
                {g.name}
              </option>
            ))}
          </select>
        </label>
      )}
    </div>
  );
}

function Launcher() {
  const mode = useSignal<'bank' | 'poll'>('bank');
  const left = queue.value;
  const next = async () => {
    const [id, ...rest] = left;
    if (id && (await launchBankQuestion(id, settings.value.durationSec, settings.value.target))) queue.value = rest;
  };
  return (
    <div class="panel__section">
      {left.length > 0 && (
        <button type="button" class="button button--primary" onClick={() => void next()} data-testid="quiz-next">
          {t('quiz.launchNext', { left: left.length })}
        </button>
      )}
      <Settings />
      <div class="segmented" role="radiogroup">
        {(['bank', 'poll'] as const).map((m) => (
          <label key={m} class={`segmented__option ${mode.value === m ? 'is-active' : ''}`}>
            <input type="radio" name="quiz-mode" checked={mode.value === m} onChange={() => (mode.value = m)} data-testid={`quiz-mode-${m}`} />
            {t(m === 'bank' ? 'quiz.fromBank' : 'quiz.poll')}
          </label>
        ))}
      </div>
      {mode.value === 'bank' ? <BankPicker /> : <PollForm />}
    </div>
  );
}

type Listed = { id: string; stem: string; kind: string };

/**
 * The few fields of GET /api/bank/questions the picker shows, read by hand: the zod shapes of
 * proto/http would pull zod into the lesson's chunks for three strings.
 */
function listed(value: unknown): Listed[] {
  const items = (value as { items?: unknown } | null)?.items;
  if (!Array.isArray(items)) throw new Error('unexpected answer from the question bank');
  return items.flatMap((item: unknown) => {
    const q = (item as { question?: { id?: unknown; kind?: unknown; question?: { body?: { stem?: unknown } } } } | null)?.question;
    const stem = q?.question?.body?.stem;
    return typeof q?.id === 'string' && typeof q.kind === 'string' && typeof stem === 'string' ? [{ id: q.id, kind: q.kind, stem: plain(stem) }] : [];
  });
}

function BankPicker() {
  const text = useSignal('');
  const items = useSignal<readonly Listed[] | null>(null);
  const error = useSignal('');
  const chosen = useSignal<readonly string[]>([]);
  const load = async () => {
    error.value = '';
    try {
      const q = text.value.trim();
      const page = await api().get(`/api/bank/questions?limit=50${q ? `&q=${encodeURIComponent(q)}` : ''}`, listed);
      // Essays are graded by hand at length: not for a live question.
      items.value = page.filter((i) => i.kind !== 'essay');
    } catch (e) {
      error.value = t('quiz.loadFailed', { message: describeApiError(e) });
    }
  };
  useEffect(() => void load(), []);
  const toggle = (id: string) =>
    (chosen.value = chosen.value.includes(id) ? chosen.value.filter((c) => c !== id) : chosen.value.length < MAX_SET ? [...chosen.value, id] : chosen.value);
  const start = async () => {
    const [first, ...rest] = chosen.value;
    if (first && (await launchBankQuestion(first, settings.value.durationSec, settings.value.target))) {
      queue.value = rest;
      chosen.value = [];
    }
  };
  return (
    <div>
      <form
        class="quiz-search"
        onSubmit={(e) => {
          e.preventDefault();
          void load();
        }}
      >
        <input class="field__input" placeholder={t('quiz.search')} value={text.value} onInput={(e) => (text.value = e.currentTarget.value)} data-testid="quiz-search" />
        <button type="submit" class="button">{t('quiz.searchButton')}</button>
      </form>
      {error.value && <p class="error">{error.value}</p>}
      <p class="muted">{t('quiz.setHint')}</p>
      <ul class="quiz-bank">
        {items.value?.length === 0 && <li class="muted">{t('quiz.noQuestions')}</li>}
        {items.value?.map((q) => (
          <li key={q.id}>
            <label class="quiz-bank__item" data-testid="quiz-bank-item" data-question-id={q.id}>
              <input type="checkbox" checked={chosen.value.includes(q.id)} onChange={() => toggle(q.id)} />
              <span>{q.stem}</span>
            </label>
          </li>
        ))}
      </ul>
      <button type="button" class="button button--primary" disabled={chosen.value.length === 0} onClick={() => void start()} data-testid="quiz-launch">
        {chosen.value.length > 1 ? `${t('quiz.launch')} · ${t('quiz.selected', { count: chosen.value.length })}` : t('quiz.launch')}
      </button>
    </div>
  );
}

function PollForm() {
  const question = useSignal('');
  const options = useSignal<readonly string[]>(['', '']);
  const set = (i: number, v: string) => (options.value = options.value.map((o, j) => (j === i ? v : o)));
  const start = async () => {
    if (await launchPoll(question.value, options.value, settings.value.durationSec, settings.value.target)) {
      question.value = '';
      options.value = ['', ''];
    }
  };
  return (
    <div>
      <label class="field">
        <span class="field__label">{t('quiz.pollQuestion')}</span>
        <input class="field__input" maxLength={QUIZ_LIMITS.pollQuestion} value={question.value} onInput={(e) => (question.value = e.currentTarget.value)} data-testid="quiz-poll-question" />
      </label>
      {options.value.map((o, i) => (
        <label key={i} class="field">
          <span class="field__label">{t('quiz.pollOption', { n: i + 1 })}</span>
          <input class="field__input" maxLength={QUIZ_LIMITS.pollOption} value={o} onInput={(e) => set(i, e.currentTarget.value)} data-testid={`quiz-poll-option-${i}`} />
        </label>
      ))}
      {options.value.length < QUIZ_LIMITS.maxOptions && (
        <button type="button" class="button" onClick={() => (options.value = [...options.value, ''])} data-testid="quiz-poll-add">
          {t('quiz.addOption')}
        </button>
      )}
      <button type="button" class="button button--primary" onClick={() => void start()} data-testid="quiz-poll-launch">
        {t('quiz.launch')}
      </button>
    </div>
  );
}

function Running() {
  const q = liveQuiz.value;
  const now = useNow();
  if (!q) return null;
  const tally = q.tally ?? { answered: 0, correct: 0, partial: 0, incorrect: 0, pending: 0, buckets: {} };
  const waiting = notYetAnswered.value;
  const left = Math.ceil(remainingMs(now) / 1000);
  const open = q.closedAtMs === 0 && left > 0;
  const name = (a: { participantId: string; userId: string }) => (participants.value.get(a.participantId) ?? [...participants.value.values()].find((p) => p.userId === a.userId))?.displayName ?? a.userId;
  const groupName = (id: string) => (id === '' ? t('quiz.mainRoom') : (breakout.value.groups.find((g) => g.id === id)?.name ?? id));
  return (
    <div class="panel__section" data-testid="quiz-running" data-quiz-id={q.id}>
      <p class="quiz-card__stem">
        <RichText text={q.body.stem} />
      </p>
      <p>
        <strong data-testid="quiz-answered-count" data-count={tally.answered}>
          {t('quiz.answered', { count: tally.answered, total: tally.answered + waiting.length })}
        </strong>{' '}
        · <span data-testid="quiz-teacher-countdown">{open ? t('quiz.timeLeft', { seconds: left }) : t('quiz.closed')}</span>
      </p>
      {!q.poll && (
        <p class="quiz-counts" data-testid="quiz-counts" data-correct={tally.correct} data-incorrect={tally.incorrect}>
          {t('quiz.right')}: {tally.correct} · {t('quiz.partial')}: {tally.partial} · {t('quiz.wrong')}: {tally.incorrect}
        </p>
      )}
      <Distribution body={q.body} tally={tally} correct={q.key} />
      {q.byGroup.length > 1 && (
        <details>
          <summary>{t('quiz.byGroup')}</summary>
          <ul>
            {q.byGroup.map((g) => (
              <li key={g.groupId}>{`${groupName(g.groupId)}: ${g.tally.answered} · ${t('quiz.right')} ${g.tally.correct}`}</li>
            ))}
          </ul>
        </details>
      )}
      <div class="quiz-actions">
        {open && (
          <button type="button" class="button" onClick={() => void closeQuiz()} data-testid="quiz-close">
            {t('quiz.close')}
          </button>
        )}
        {q.revealedAtMs === 0 && (
          <button type="button" class="button button--primary" onClick={() => void revealQuiz()} data-testid="quiz-reveal-button">
            {t('quiz.reveal')}
          </button>
        )}
        <button type="button" class="button" onClick={() => void endQuiz()} data-testid="quiz-end">
          {t('quiz.end')}
        </button>
      </div>
      <ul class="quiz-who" data-testid="quiz-who">
        {[...answeredBy.value.values()].map((a) => (
          <li key={a.userId} class={`quiz-who__item quiz-who__item--${a.outcome}`} data-testid="quiz-who-answered" data-outcome={a.outcome}>
            {name(a)}
            {a.outcome === 'correct' ? ' ✓' : a.outcome === 'incorrect' ? ' ✗' : a.outcome === 'partial' ? ' ½' : ''}
          </li>
        ))}
      </ul>
      {waiting.length > 0 && (
        <details open={waiting.length <= 40}>
          <summary>{t('quiz.notYet', { count: waiting.length })}</summary>
          <ul class="quiz-who" data-testid="quiz-not-yet">
            {waiting.map((p) => (
              <li key={p.id} class="quiz-who__item">
                {p.displayName}
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
