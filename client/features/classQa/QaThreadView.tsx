import { useState } from 'preact/hooks';
import { formatDateTime } from '../../i18n/index.js';
import { tQa } from '../../i18n/qa.js';
import { QA_BODY_MAX, checkPost, type AnswerDto, type ThreadResponse } from '../../net/classQaApi.js';
import { accept, answer, moderateAnswer, moderateQuestion, photoUrl, qaBusy } from '../../state/classQa.js';
import { Link } from '../common/Link.js';
import { RichText } from '../richText/RichText.js';

/** One thread: the question (with its photo), the answers, the answer form, the teacher's moderation. */
export function QaThreadView({ t }: { t: ThreadResponse }) {
  const q = t.question;
  return (
    <section data-testid="qa-thread" data-id={q.id}>
      <p>
        <Link href="/questions" testId="qa-back">
          {tQa('qa.back')}
        </Link>
      </p>
      <article class="card" data-testid="qa-thread-question">
        <p class="qa-body">
          <RichText text={q.body} />
        </p>
        {q.hasPhoto && <img class="qa-photo" src={photoUrl(q.id)} alt={tQa('qa.photoAlt')} loading="lazy" style={{ maxWidth: '100%' }} data-testid="qa-photo" />}
        <p class="muted small">
          {q.authorName} · {formatDateTime(q.createdAt)}
          {q.locked && <span class="badge"> {tQa('qa.locked')}</span>}
          {q.hidden && <span class="badge"> {tQa('qa.hidden')}</span>}
        </p>
        {t.canModerate && (
          <p class="form__actions">
            <button type="button" class="button button--small" disabled={qaBusy.value} onClick={() => void moderateQuestion({ locked: !q.locked })} data-testid="qa-lock">
              {tQa(q.locked ? 'qa.unlock' : 'qa.lock')}
            </button>
            <button type="button" class="button button--small" disabled={qaBusy.value} onClick={() => void moderateQuestion({ hidden: !q.hidden })} data-testid="qa-hide-question">
              {tQa(q.hidden ? 'qa.unhideQuestion' : 'qa.hideQuestion')}
            </button>
          </p>
        )}
      </article>
      <ul class="list" data-testid="qa-answers">
        {t.answers.map((a) => (
          <Answer key={a.id} a={a} canModerate={t.canModerate} />
        ))}
      </ul>
      {t.canAnswer ? <AnswerForm /> : q.locked && <p class="muted" data-testid="qa-locked-note">{tQa('qa.lockedNote')}</p>}
    </section>
  );
}

function Answer({ a, canModerate }: { a: AnswerDto; canModerate: boolean }) {
  return (
    <li class={a.accepted ? 'card qa-answer qa-answer--accepted' : 'card qa-answer'} data-testid="qa-answer" data-id={a.id} data-accepted={a.accepted ? '1' : '0'}>
      {a.accepted && <p class="badge" data-testid="qa-accepted">✓ {tQa('qa.accepted')}</p>}
      <p>
        <RichText text={a.body} />
      </p>
      <p class="muted small">
        {a.authorName}
        {a.byTeacher && ` (${tQa('qa.teacher')})`} · {formatDateTime(a.createdAt)}
        {a.hidden && <span class="badge"> {tQa('qa.hidden')}</span>}
      </p>
      {canModerate && (
        <p class="form__actions">
          {!a.hidden && (
            <button type="button" class="button button--small" disabled={qaBusy.value} onClick={() => void accept(a.accepted ? null : a.id)} data-testid="qa-accept">
              {tQa(a.accepted ? 'qa.unaccept' : 'qa.accept')}
            </button>
          )}
          <button type="button" class="button button--small" disabled={qaBusy.value} onClick={() => void moderateAnswer(a.id, !a.hidden)} data-testid="qa-hide-answer">
            {tQa(a.hidden ? 'qa.unhide' : 'qa.hide')}
          </button>
        </p>
      )}
    </li>
  );
}

function AnswerForm() {
  const [body, setBody] = useState('');
  const ok = checkPost(body) && body.trim() !== '';
  return (
    <form
      class="card"
      data-testid="qa-answer-form"
      onSubmit={async (e) => {
        e.preventDefault();
        if (ok && (await answer(body))) setBody('');
      }}
    >
      <h2 class="section__title">{tQa('qa.answerHeading')}</h2>
      <textarea class="field__input" rows={3} maxLength={QA_BODY_MAX} required value={body} onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)} data-testid="qa-answer-body" />
      <p class="form__actions">
        <button type="submit" class="button button--primary" disabled={!ok || qaBusy.value} data-testid="qa-answer-send">
          {tQa('qa.answer')}
        </button>
      </p>
    </form>
  );
}
