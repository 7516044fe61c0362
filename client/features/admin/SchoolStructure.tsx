import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { tAdmin } from '../../i18n/admin.js';
import { addClass, addGrade, addSubject, loadSchool, school, schoolError } from '../../state/admin.js';
import type { ActionError, ActionResult } from '../../state/teach.js';
import { ErrorBox } from '../common/ErrorBox.js';

/** Grades (khối), classes (lớp) with their student counts, subjects (môn); each can be added. */
export function SchoolStructure() {
  useEffect(() => {
    void loadSchool();
  }, []);
  const s = school.value;
  const gradeName = (id: string) => s?.grades.find((g) => g.id === id)?.name ?? '';
  return (
    <section class="card card--wide" id="structure" aria-labelledby="structure-title" data-testid="admin-structure">
      <h2 id="structure-title" class="section__title">
        {tAdmin('admin.structure')}
      </h2>
      {schoolError.value && <p class="alert alert--error">{schoolError.value}</p>}
      <div class="structure">
        <div>
          <h3 class="subsection__title">{tAdmin('admin.grades')}</h3>
          <ul class="plain-list">
            {s?.grades.map((g) => (
              <li key={g.id} data-testid="admin-grade">
                {g.name} <span class="muted">({tAdmin('admin.level', { level: g.level })})</span>
              </li>
            ))}
          </ul>
          <GradeForm />
        </div>
        <div>
          <h3 class="subsection__title">{tAdmin('admin.classes')}</h3>
          <table class="table">
            <thead>
              <tr>
                <th>{tAdmin('admin.className')}</th>
                <th>{tAdmin('admin.grade')}</th>
                <th class="num">{tAdmin('admin.students')}</th>
              </tr>
            </thead>
            <tbody>
              {s?.classes.map((c) => (
                <tr key={c.id} data-testid="admin-class" data-class-id={c.id}>
                  <td>{c.name}</td>
                  <td>{gradeName(c.gradeId)}</td>
                  <td class="num" data-testid="admin-class-count">
                    {c.studentCount}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <ClassForm />
        </div>
        <div>
          <h3 class="subsection__title">{tAdmin('admin.subjects')}</h3>
          <ul class="plain-list">
            {s?.subjects.map((x) => (
              <li key={x.id} data-testid="admin-subject">
                {x.name}
              </li>
            ))}
          </ul>
          <SubjectForm />
        </div>
      </div>
    </section>
  );
}

/** A small add form: runs the action, shows its error, clears on success. */
function useAdd() {
  const busy = useSignal(false);
  const error = useSignal<ActionError | null>(null);
  const run = async (action: () => Promise<ActionResult<void>>, onDone: () => void) => {
    busy.value = true;
    const result = await action();
    busy.value = false;
    error.value = result.ok ? null : result.error;
    if (result.ok) onDone();
  };
  return { busy, error, run };
}

function GradeForm() {
  const name = useSignal('');
  const level = useSignal('');
  const { busy, error, run } = useAdd();
  return (
    <form class="inline-form" noValidate onSubmit={(e) => (e.preventDefault(), void run(() => addGrade(name.value, Number(level.value)), () => ((name.value = ''), (level.value = ''))))}>
      <input class="field__input" placeholder={tAdmin('admin.gradeName')} aria-label={tAdmin('admin.gradeName')} value={name.value} onInput={(e) => (name.value = e.currentTarget.value)} data-testid="admin-grade-name" />
      <input class="field__input field__input--short" type="number" min={1} max={12} placeholder={tAdmin('admin.gradeLevel')} aria-label={tAdmin('admin.gradeLevel')} value={level.value} onInput={(e) => (level.value = e.currentTarget.value)} data-testid="admin-grade-level" />
      <button type="submit" class="button button--small" disabled={busy.value} data-testid="admin-grade-add">
        {tAdmin('admin.add')}
      </button>
      {error.value && <ErrorBox error={error.value} />}
    </form>
  );
}

function ClassForm() {
  const grade = useSignal('');
  const name = useSignal('');
  const { busy, error, run } = useAdd();
  const grades = school.value?.grades ?? [];
  return (
    <form class="inline-form" noValidate onSubmit={(e) => (e.preventDefault(), void run(() => addClass(grade.value || (grades[0]?.id ?? ''), name.value), () => (name.value = '')))}>
      <select class="field__input" aria-label={tAdmin('admin.grade')} value={grade.value || grades[0]?.id} onChange={(e) => (grade.value = e.currentTarget.value)} data-testid="admin-class-grade">
        {grades.map((g) => (
          <option key={g.id} value={g.id}>
            {g.name}
          </option>
        ))}
      </select>
      <input class="field__input" placeholder={tAdmin('admin.className')} aria-label={tAdmin('admin.className')} value={name.value} onInput={(e) => (name.value = e.currentTarget.value)} data-testid="admin-class-name" />
      <button type="submit" class="button button--small" disabled={busy.value} data-testid="admin-class-add">
        {tAdmin('admin.add')}
      </button>
      {error.value && <ErrorBox error={error.value} />}
    </form>
  );
}

function SubjectForm() {
  const name = useSignal('');
  const { busy, error, run } = useAdd();
  return (
    <form class="inline-form" noValidate onSubmit={(e) => (e.preventDefault(), void run(() => addSubject(name.value), () => (name.value = '')))}>
      <input class="field__input" placeholder={tAdmin('admin.subjectName')} aria-label={tAdmin('admin.subjectName')} value={name.value} onInput={(e) => (name.value = e.currentTarget.value)} data-testid="admin-subject-name" />
      <button type="submit" class="button button--small" disabled={busy.value} data-testid="admin-subject-add">
        {tAdmin('admin.add')}
      </button>
      {error.value && <ErrorBox error={error.value} />}
    </form>
  );
}
