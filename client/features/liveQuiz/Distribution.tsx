import { t } from '../../i18n/index.js';
import type { LiveKey, LiveQuestionBody, LiveTally } from '../../net/index.js';
import { letter, plain } from './quizText.js';

interface Bar {
  key: string;
  label: string;
  count: number;
  right: boolean;
}

/** The bars of a tally: one per option, per statement's Đúng/Sai, or right/wrong for typed answers. */
export function barsOf(body: LiveQuestionBody, tally: LiveTally, key: LiveKey | null): Bar[] {
  const n = (k: string) => tally.buckets[k] ?? 0;
  if (body.kind === 'single' || body.kind === 'multiple') {
    return body.options.map((o, i) => ({ key: o.id, label: `${letter(i)}. ${plain(o.text)}`, count: n(o.id), right: key?.correct.includes(o.id) ?? false }));
  }
  if (body.kind === 'trueFalse') {
    return body.statements.flatMap((s, i) =>
      [true, false].map((v) => ({
        key: `${s.id}:${v ? 'T' : 'F'}`,
        label: `${String.fromCharCode(97 + i)}) ${v ? t('quiz.true') : t('quiz.false')}`,
        count: n(`${s.id}:${v ? 'T' : 'F'}`),
        right: key !== null && key.truths[s.id] === v,
      })),
    );
  }
  const bars = [
    { key: 'correct', label: t('quiz.right'), count: n('correct'), right: true },
    { key: 'incorrect', label: t('quiz.wrong'), count: n('incorrect'), right: false },
  ];
  return n('pending') > 0 ? [...bars, { key: 'pending', label: t('quiz.pending'), count: n('pending'), right: false }] : bars;
}

/** A horizontal bar chart of the answers (the live histogram); the right answers marked once known. */
export function Distribution({ body, tally, correct }: { body: LiveQuestionBody; tally: LiveTally; correct: LiveKey | null }) {
  const bars = barsOf(body, tally, correct);
  const max = Math.max(1, ...bars.map((b) => b.count));
  return (
    <div class="quiz-bars" role="list" aria-label={t('quiz.distribution')} data-testid="quiz-histogram" data-answered={tally.answered}>
      {bars.map((b) => (
        <div key={b.key} role="listitem" class={`quiz-bar ${b.right ? 'is-right' : ''}`} data-testid="quiz-bar" data-bucket={b.key} data-count={b.count}>
          <span class="quiz-bar__label">{b.label}</span>
          <span class="quiz-bar__track">
            <span class="quiz-bar__fill" style={{ width: `${Math.round((b.count / max) * 100)}%` }} />
          </span>
          <span class="quiz-bar__count">{b.count}</span>
        </div>
      ))}
    </div>
  );
}
