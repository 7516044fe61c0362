import { useEffect } from 'preact/hooks';
import { formatDay, t } from '../../i18n/index.js';
import type { TimetableEntry } from '../../net/index.js';
import { navigate } from '../../state/navigation.js';
import { byDay, joinAvailability, JOIN_EARLY_MS, loadTimetable, schoolTime, timetable, timetableError, timetableLoading } from '../../state/timetable.js';
import { useNow } from '../common/useNow.js';

/** How often the list is fetched again: new lessons, a lesson that went live. */
const RELOAD_MS = 60_000;

/**
 * The timetable of online lessons (R19), by day. "Vào lớp" opens the lesson from shortly
 * before its start; until then it says when it opens.
 */
export function Timetable({ showClass = true, actions }: { showClass?: boolean; actions?: (entry: TimetableEntry) => preact.ComponentChildren }) {
  const now = useNow(30_000);
  useEffect(() => {
    void loadTimetable();
    const timer = setInterval(() => void loadTimetable(), RELOAD_MS);
    return () => clearInterval(timer);
  }, []);
  const days = byDay(timetable.value);
  return (
    <section class="timetable" aria-labelledby="timetable-title" data-testid="timetable">
      <h2 id="timetable-title" class="section__title">
        {t('timetable.heading')}
      </h2>
      {timetableError.value && (
        <p class="alert alert--error" role="alert" data-testid="timetable-error">
          {timetableError.value}
        </p>
      )}
      {!timetableLoading.value && days.length === 0 && !timetableError.value && (
        <p class="muted" data-testid="timetable-empty">
          {t('timetable.empty')}
        </p>
      )}
      {days.map(({ day, entries }) => (
        <div class="timetable__day" key={day}>
          <h3 class="timetable__date">{formatDay(entries[0]?.lesson.scheduledStart ?? 0)}</h3>
          <ul class="timetable__list">
            {entries.map((e) => (
              <Entry key={e.lesson.id} entry={e} now={now} showClass={showClass} actions={actions} />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

function Entry({ entry: e, now, showClass, actions }: { entry: TimetableEntry; now: number; showClass: boolean; actions: ((entry: TimetableEntry) => preact.ComponentChildren) | undefined }) {
  const l = e.lesson;
  const availability = joinAvailability(e, now);
  return (
    <li class={`lesson-card lesson-card--${l.status}`} data-testid="timetable-entry" data-lesson-id={l.id} data-status={l.status}>
      <div class="lesson-card__time">
        <span class="lesson-card__start">{schoolTime(l.scheduledStart)}</span>
        <span class="lesson-card__end">{schoolTime(l.scheduledEnd)}</span>
      </div>
      <div class="lesson-card__body">
        <p class="lesson-card__subject">
          {e.subjectName}
          {showClass && <span class="lesson-card__class"> · {t('timetable.class', { name: e.className })}</span>}
        </p>
        {l.title && l.title !== e.subjectName && <p class="lesson-card__title">{l.title}</p>}
        <p class="lesson-card__teacher muted">{t('timetable.teacher', { name: e.teacherName })}</p>
        <p class="lesson-card__meta">
          <span class={`status status--${l.status}`} data-testid="timetable-status">
            {t(`timetable.status.${l.status}`)}
          </span>
          {l.hasPassword && <span class="status status--password">{t('timetable.password')}</span>}
        </p>
        {actions?.(e)}
      </div>
      {availability !== 'not-allowed' && availability !== 'closed' && (
        <div class="lesson-card__join">
          <button
            type="button"
            class="button button--primary"
            disabled={availability !== 'open'}
            onClick={() => navigate(`/lesson/${encodeURIComponent(l.id)}`)}
            data-testid="timetable-join"
          >
            {t('timetable.join')}
          </button>
          {availability === 'soon' && <span class="muted lesson-card__opens">{t('timetable.opensAt', { time: schoolTime(l.scheduledStart - JOIN_EARLY_MS) })}</span>}
        </div>
      )}
    </li>
  );
}
