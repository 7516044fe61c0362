import { useEffect } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { tWork } from '../../i18n/work.js';
import type { SubmissionStateJson } from '../../net/apiWork.js';
import { currentUser } from '../../state/auth.js';
import { loadChildren, loadStudentList, studentList } from '../../state/work.js';
import { Link } from '../common/Link.js';
import { Due, StateBadge, score } from './common.js';

/**
 * What the timetable page shows a student (and a parent, for the chosen child) of their work
 * (R10), in the order that needs acting on: overdue and due soon first, then the rest to do,
 * what is handed in and waits for the teacher, and what came back graded. Missing work (the
 * due time passed, late work refused) stays in the list of /assignments.
 */
const GROUPS: ReadonlyArray<{ group: string; states: readonly SubmissionStateJson[] }> = [
  { group: 'overdue', states: ['overdue'] },
  { group: 'due_soon', states: ['due_soon'] },
  { group: 'todo', states: ['todo'] },
  { group: 'handed_in', states: ['handed_in', 'late'] },
  { group: 'returned', states: ['returned'] },
];
const OPEN_STATES = new Set<SubmissionStateJson>(['todo', 'due_soon', 'overdue']);
/** Per group: a phone screen shows the few that matter; /assignments has them all. */
const SHOWN = 3;

export function DueSummary() {
  useEffect(() => {
    void loadChildren().then(loadStudentList);
  }, [currentUser.value?.id]);
  const items = studentList.value ?? [];
  const open = items.filter((i) => OPEN_STATES.has(i.state)).length;
  const groups = GROUPS.map(({ group, states }) => ({
    group,
    // Graded: newest first; everything else: the nearest due time first.
    items: items.filter((i) => states.includes(i.state)).sort((a, b) => (group === 'returned' ? b.assignment.dueAt - a.assignment.dueAt : a.assignment.dueAt - b.assignment.dueAt)),
  })).filter((g) => g.items.length > 0);
  return (
    <section class="card due-summary" data-testid="due-summary" data-count={open}>
      <h2 class="section__title">
        <Link href="/assignments">{t('home.work')}</Link>
      </h2>
      <p class="muted">{open === 0 ? t('home.workNone') : t('home.workDue', { n: open })}</p>
      {groups.map((g) => (
        <div key={g.group} class="due-summary__group" data-testid="due-group" data-state={g.group} data-count={g.items.length}>
          <h3 class="due-summary__heading">
            {tWork(`work.state.${g.group as SubmissionStateJson}`)} ({g.items.length})
          </h3>
          <ul class="plain-list">
            {g.items.slice(0, SHOWN).map((i) => (
              <li key={i.assignment.id} data-testid="due-item" data-assignment-id={i.assignment.id}>
                <Link href={`/assignments/${i.assignment.id}`}>{i.assignment.title}</Link> <StateBadge state={i.state} />{' '}
                {i.state === 'returned' && i.returnedScoreTenths !== null ? <strong data-testid="due-score">{score(i.returnedScoreTenths)}</strong> : <Due at={i.assignment.dueAt} />}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
