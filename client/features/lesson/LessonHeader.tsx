import { formatDuration, lang, t } from '../../i18n/index.js';
import { bytesPerMinute, formatBytes } from '../../state/dataSaver.js';
import { lessonInfo, lessonStartLocalMs, participantCount } from '../../state/lesson.js';
import { LanguageSwitch } from '../common/LanguageSwitch.js';
import { useNow } from '../common/useNow.js';

export function LessonHeader() {
  const info = lessonInfo.value;
  const now = useNow(1000);
  const start = lessonStartLocalMs.value;
  const subtitle = [info?.className, info?.subjectName].filter(Boolean).join(' · ');
  return (
    <header class="lesson-header">
      <div class="lesson-header__titles">
        <h1 class="lesson-header__title" data-testid="lesson-title">
          {info?.title || t('app.title')}
        </h1>
        {subtitle && (
          <p class="lesson-header__class" data-testid="lesson-class">
            {subtitle}
          </p>
        )}
      </div>
      <div class="lesson-header__meta">
        <span class="pill" title={t('lesson.elapsed')} data-testid="elapsed">
          {start > 0 ? formatDuration(now - start) : '0:00'}
        </span>
        <span class="pill" data-testid="participant-count" data-count={participantCount.value}>
          {t('lesson.participants', { count: participantCount.value })}
        </span>
        <DataUsage />
        <span class="lesson-header__lang">
          <LanguageSwitch />
        </span>
      </div>
    </header>
  );
}

/** The data the lesson uses per minute (both directions), so that a student on a small plan can decide to save. */
function DataUsage() {
  const rate = bytesPerMinute.value;
  return (
    <span class="pill pill--data" data-testid="data-usage" data-bytes-per-minute={rate === null ? '' : Math.round(rate)} title={t('saver.usageTitle')}>
      {rate === null ? t('saver.usageUnknown') : t('saver.usage', { rate: formatBytes(rate, lang.value) })}
    </span>
  );
}
