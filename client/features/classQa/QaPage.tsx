import { useEffect } from 'preact/hooks';
import { formatDateTime } from '../../i18n/index.js';
import { tQa } from '../../i18n/qa.js';
import { board, listing, loadNotifications, loadPlaces, notes, openBoard, openThread, places, qaError, thread } from '../../state/classQa.js';
import { navigate } from '../../state/navigation.js';
import { onQaPush } from '../../state/qaUnread.js';
import { AppShell } from '../common/AppShell.js';
import { Link } from '../common/Link.js';
import { RichText } from '../richText/RichText.js';
import { AskForm } from './AskForm.js';
import { QaThreadView } from './QaThreadView.js';

/**
 * `/questions` and `/questions/<id>` (R13): a class + subject's questions between lessons. A
 * student asks and answers, the subject's teachers answer and moderate, the school's readers look.
 */
export function QaPage({ questionId }: { questionId: string | null }) {
  useEffect(() => {
    void loadNotifications();
    // A thread first (its board becomes the open one), then the boards to choose from.
    if (questionId) void openThread(questionId).then(() => (places.value ? undefined : loadPlaces()));
    else void loadPlaces();
  }, [questionId]);
  // A push (someone answered, asked, accepted): the open thread, the board and the notifications again.
  useEffect(
    () =>
      onQaPush((p) => {
        void loadNotifications();
        if (questionId === p.questionId) void openThread(p.questionId);
        const b = board.value;
        if (b) void openBoard(b.classId, b.subjectId);
      }),
    [questionId],
  );
  const list = places.value;
  const current = board.value;
  const open = questionId && thread.value?.question.id === questionId ? thread.value : null;
  return (
    <AppShell testId="qa-page">
      <div class="page-head">
        <h1 class="page-head__title">{tQa('qa.heading')}</h1>
      </div>
      {qaError.value && (
        <p class="alert alert--error" role="alert" data-testid="qa-error">
          {qaError.value}
        </p>
      )}
      <Notifications />
      {list && list.length === 0 && <p class="muted" data-testid="qa-no-boards">{tQa('qa.noBoards')}</p>}
      {list && list.length > 0 && (
        <label class="field">
          <span class="field__label">{tQa('qa.board')}</span>
          <select
            class="field__input"
            data-testid="qa-board"
            value={current ? `${current.classId}/${current.subjectId}` : ''}
            onChange={(e) => {
              const [c, s] = (e.target as HTMLSelectElement).value.split('/');
              if (c && s) void openBoard(c, s).then(() => navigate('/questions'));
            }}
          >
            {list.map((p) => (
              <option key={`${p.classId}/${p.subjectId}`} value={`${p.classId}/${p.subjectId}`}>
                {p.className} – {p.subjectName}
              </option>
            ))}
          </select>
        </label>
      )}
      {open ? <QaThreadView t={open} /> : <Board />}
    </AppShell>
  );
}

function Board() {
  const l = listing.value;
  if (!l) return null;
  return (
    <section data-testid="qa-board-view">
      {l.canAsk ? <AskForm /> : !l.canModerate && <p class="muted small">{tQa('qa.readOnly')}</p>}
      {l.questions.length === 0 && <p class="muted">{tQa('qa.empty')}</p>}
      <ul class="list" data-testid="qa-questions">
        {l.questions.map((q) => (
          <li key={q.id} class="card" data-testid="qa-question" data-id={q.id}>
            <Link href={`/questions/${encodeURIComponent(q.id)}`} testId="qa-open">
              <RichText text={q.body} />
            </Link>
            <p class="muted small">
              {q.authorName} · {formatDateTime(q.createdAt)} · {tQa('qa.answers', { count: q.answers })}
              {q.answered && <span class="badge" data-testid="qa-answered"> {tQa('qa.answered')}</span>}
              {q.locked && <span class="badge"> {tQa('qa.locked')}</span>}
              {q.hidden && <span class="badge"> {tQa('qa.hidden')}</span>}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Notifications() {
  const n = notes.value;
  const unread = n?.items.filter((i) => !i.read) ?? [];
  if (!n || unread.length === 0) return null;
  return (
    <section class="card" data-testid="qa-notifications">
      <h2 class="section__title">{tQa('qa.notifications')}</h2>
      <ul class="list">
        {unread.map((i) => (
          <li key={`${i.questionId}:${i.at}:${i.kind}`}>
            <Link href={`/questions/${encodeURIComponent(i.questionId)}`} testId="qa-note">
              {tQa(`qa.note.${i.kind}`, { name: i.actorName })}: {i.excerpt}
            </Link>
            <span class="muted small"> · {formatDateTime(i.at)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
