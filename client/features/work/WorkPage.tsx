import { useEffect, useState } from 'preact/hooks';
import { tWork } from '../../i18n/work.js';
import { api as apiParse, type TeachingAssignment } from '../../net/index.js';
import { api, describeApiError } from '../../state/api.js';
import { currentUser } from '../../state/auth.js';
import { children, loadChildren, loadStudentList, loadTeacherList, studentId, studentList, teacherList, workError } from '../../state/work.js';
import { AppShell } from '../common/AppShell.js';
import { Link } from '../common/Link.js';
import { Due, StateBadge, score } from './common.js';
import { NewAssignmentForm } from './NewAssignmentForm.js';

/** `/assignments`: a student's (or a parent's child's) list; a teacher's classes and the form that gives work. */
export function WorkPage() {
  const role = currentUser.value?.role;
  return <AppShell testId="work-page">{role === 'teacher' ? <TeacherWork /> : <StudentWork />}</AppShell>;
}

function StudentWork() {
  useEffect(() => {
    void loadChildren().then(loadStudentList);
  }, []);
  const list = studentList.value;
  return (
    <>
      <div class="page-head">
        <h1 class="page-head__title">{tWork('work.heading')}</h1>
        {currentUser.value?.role === 'parent' && children.value.length > 0 && (
          <label class="field field--inline">
            <span class="field__label">{tWork('work.child')}</span>
            <select
              class="field__input"
              data-testid="child-select"
              value={studentId.value}
              onChange={(e) => {
                studentId.value = (e.target as HTMLSelectElement).value;
                void loadStudentList();
              }}
            >
              {children.value.map((c) => (
                <option value={c.id} key={c.id}>
                  {c.displayName}
                  {c.className ? ` (${c.className})` : ''}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      {workError.value && <p class="alert alert--error">{workError.value}</p>}
      {list && list.length === 0 && <p class="muted">{tWork('work.empty')}</p>}
      <ul class="work-list">
        {list?.map((i) => (
          <li class="work-card" key={i.assignment.id} data-testid="work-item" data-assignment-id={i.assignment.id} data-state={i.state}>
            <div class="work-card__head">
              <span class="work-card__subject">{i.assignment.subjectName}</span>
              <StateBadge state={i.state} />
            </div>
            <Link href={`/assignments/${i.assignment.id}`} class="work-card__title" testId="work-open">
              {i.assignment.title}
            </Link>
            <Due at={i.assignment.dueAt} />
            {i.returnedScoreTenths !== null && <strong class="work-card__score">{tWork('work.score', { score: score(i.returnedScoreTenths) })}</strong>}
          </li>
        ))}
      </ul>
    </>
  );
}

function TeacherWork() {
  const [teaching, setTeaching] = useState<TeachingAssignment[]>([]);
  const [pair, setPair] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api()
      .get('/api/teaching', apiParse.parseTeaching)
      .then((list) => {
        setTeaching(list);
        if (list[0]) setPair(`${list[0].classId}|${list[0].subjectId}`);
      })
      .catch((e: unknown) => setError(describeApiError(e)));
  }, []);
  const [classId = '', subjectId = ''] = pair.split('|');
  useEffect(() => {
    if (classId) void loadTeacherList(classId, subjectId);
  }, [pair]);
  return (
    <>
      <div class="page-head">
        <h1 class="page-head__title">{tWork('work.headingTeacher')}</h1>
        <label class="field field--inline">
          <span class="field__label">{tWork('work.classSubject')}</span>
          <select class="field__input" data-testid="work-class-subject" value={pair} onChange={(e) => setPair((e.target as HTMLSelectElement).value)}>
            {teaching.map((t) => (
              <option key={`${t.classId}|${t.subjectId}`} value={`${t.classId}|${t.subjectId}`}>
                {tWork('work.pair', { className: t.className, subject: t.subjectName })}
              </option>
            ))}
          </select>
        </label>
        {classId && (
          <Link href={`/gradebook?classId=${classId}&subjectId=${subjectId}`} class="button" testId="to-gradebook">
            {tWork('work.toGradebook')}
          </Link>
        )}
      </div>
      {(error ?? workError.value) && <p class="alert alert--error">{error ?? workError.value}</p>}
      <div class="columns">
        {classId && <NewAssignmentForm classId={classId} subjectId={subjectId} onCreated={() => void loadTeacherList(classId, subjectId)} />}
        <ul class="work-list">
          {teacherList.value?.length === 0 && <li class="muted">{tWork('work.empty')}</li>}
          {teacherList.value?.map((a) => (
            <li class="work-card" key={a.id} data-testid="teacher-assignment" data-assignment-id={a.id}>
              <Link href={`/assignments/${a.id}`} class="work-card__title">
                {a.title}
              </Link>
              <Due at={a.dueAt} />
              <Link href={`/assignments/${a.id}/grade`} class="button button--small button--primary" testId="to-grading">
                {tWork('work.toGrading')}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </>
  );
}
