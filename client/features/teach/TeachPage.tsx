import { tTeach } from '../../i18n/teach.js';
import { AppShell } from '../common/AppShell.js';
import { Timetable } from '../timetable/Timetable.js';
import { LessonActions } from './LessonActions.js';
import { ScheduleForm } from './ScheduleForm.js';
import { AnnouncementForm } from '../parents/AnnouncementForm.js';

/** "Dạy học": schedule or start a lesson, and manage the teacher's own lessons. */
export function TeachPage() {
  return (
    <AppShell testId="teach-page">
      <div class="page-head">
        <h1 class="page-head__title">{tTeach('teach.heading')}</h1>
      </div>
      <div class="columns">
        <div>
          <ScheduleForm />
          <AnnouncementForm />
        </div>
        <Timetable actions={(entry) => <LessonActions entry={entry} />} />
      </div>
    </AppShell>
  );
}
