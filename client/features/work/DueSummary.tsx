import { useEffect } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { currentUser } from '../../state/auth.js';
import { loadChildren, loadStudentList, studentList } from '../../state/work.js';
import { Link } from '../common/Link.js';
import { Due, StateBadge } from './common.js';

const OPEN_STATES = new Set(['todo', 'due_soon', 'overdue']);

/** On a student's home page (R10): what is due, with a link to each; loaded with the work chunk. */
export function DueSummary() {
  useEffect(() => {
    void loadChildren().then(loadStudentList);
  }, [currentUser.value?.id]);
  const open = (studentList.value ?? []).filter((i) => OPEN_STATES.has(i.state));
  return (
    <section class="card due-summary" data-testid="due-summary" data-count={open.length}>
      <h2 class="section__title">
        <Link href="/assignments">{t('home.work')}</Link>
      </h2>
      <p class="muted">{open.length === 0 ? t('home.workNone') : t('home.workDue', { n: open.length })}</p>
      <ul class="plain-list">
        {open.slice(0, 5).map((i) => (
          <li key={i.assignment.id}>
            <Link href={`/assignments/${i.assignment.id}`}>{i.assignment.title}</Link> <StateBadge state={i.state} /> <Due at={i.assignment.dueAt} />
          </li>
        ))}
      </ul>
    </section>
  );
}
