import { useEffect } from 'preact/hooks';
import { formatClock, formatDateTime, formatDay } from '../../i18n/index.js';
import { tParents } from '../../i18n/parents.js';
import type { ChildLessonDto, ChildOverviewResponse } from '../../net/parentsApi.js';
import { children, loadParentHome, overviews } from '../../state/parents.js';
import { Link } from '../common/Link.js';

/**
 * A parent's home (R19, R20), read-only: for each child, the class's online lessons two weeks
 * either side of today with the child's attendance in each (present, late, left early, absent,
 * with the times), the class's announcements, and the way to the released results.
 */
export function ParentHome() {
  useEffect(() => {
    void loadParentHome();
  }, []);
  const list = children.value;
  if (list === null) return null;
  const failed = overviews.value[''];
  return (
    <section data-testid="parent-home">
      <h2 class="section__title">{tParents('parents.heading')}</h2>
      <p class="muted small">{tParents('parents.readOnly')}</p>
      {failed && 'error' in failed && <p class="alert alert--error">{failed.error}</p>}
      {list.length === 0 && !failed && <p class="muted">{tParents('parents.noChildren')}</p>}
      {list.map((c) => {
        const page = overviews.value[c.id];
        return (
          <article key={c.id} class="card child-card" data-testid="child-card" data-child-id={c.id}>
            <h3 class="section__title">
              {c.displayName} · {c.className ? tParents('parents.class', { name: c.className }) : tParents('parents.noClass')}
            </h3>
            {page && 'error' in page && (
              <p class="alert alert--error" role="alert">
                {page.error}
              </p>
            )}
            {page && !('error' in page) && <ChildPage page={page} />}
            <p>
              <Link href="/results" class="button button--small" testId="child-results">
                {tParents('parents.results')}
              </Link>
            </p>
          </article>
        );
      })}
    </section>
  );
}

function ChildPage({ page }: { page: ChildOverviewResponse }) {
  return (
    <>
      <h4>{tParents('parents.announcements')}</h4>
      {page.announcements.length === 0 && <p class="muted small">{tParents('parents.noAnnouncements')}</p>}
      {page.announcements.map((a) => (
        <div key={a.id} class="announcement" data-testid="announcement">
          <strong>{a.title}</strong>
          {/* Plain text: rendered as text nodes, line breaks kept by CSS; never as markup. */}
          <p style={{ whiteSpace: 'pre-line', margin: '4px 0' }}>{a.body}</p>
          <span class="muted small">{tParents('parents.by', { name: a.authorName, when: formatDateTime(a.createdAt) })}</span>
        </div>
      ))}
      <h4>{tParents('parents.lessons')}</h4>
      {page.lessons.length === 0 ? (
        <p class="muted small">{tParents('parents.noLessons')}</p>
      ) : (
        <div class="table-wrap">
          <table class="table" data-testid="child-lessons">
            <thead>
              <tr>
                <th>{tParents('parents.col.when')}</th>
                <th>{tParents('parents.col.subject')}</th>
                <th>{tParents('parents.col.attendance')}</th>
                <th>{tParents('parents.col.times')}</th>
              </tr>
            </thead>
            <tbody>
              {page.lessons.map((l) => (
                <LessonRow key={l.lessonId} l={l} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function LessonRow({ l }: { l: ChildLessonDto }) {
  const flags = [l.late && tParents('parents.late'), l.leftEarly && tParents('parents.leftEarly')].filter(Boolean).join(', ');
  const cls = l.state === 'present' && (l.late || l.leftEarly) ? (l.late ? 'att-late' : 'att-left_early') : `att-${l.state}`;
  return (
    <tr data-testid="child-lesson" data-lesson-id={l.lessonId} data-state={l.state} data-late={String(l.late)} data-left-early={String(l.leftEarly)}>
      <td>
        {formatDay(l.scheduledStart)} {formatClock(l.scheduledStart)}–{formatClock(l.scheduledEnd)}
      </td>
      <td>
        {l.subjectName}
        <div class="muted small">{l.teacherName}</div>
      </td>
      <td class={cls} data-testid="child-lesson-state">
        {tParents(`parents.state.${l.state}`)}
        {flags && ` (${flags})`}
      </td>
      <td class="small" data-testid="child-lesson-times">
        {l.firstJoinAt !== null && formatClock(l.firstJoinAt)}
        {l.lastLeaveAt !== null && ` – ${formatClock(l.lastLeaveAt)}`}
        {l.presentMs > 0 && <div class="muted">{tParents('parents.minutes', { minutes: Math.round(l.presentMs / 60_000) })}</div>}
      </td>
    </tr>
  );
}
