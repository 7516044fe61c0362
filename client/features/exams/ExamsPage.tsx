import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../i18n/index.js';
import { tExam, tExamCode } from '../../i18n/exam.js';
import { currentUser } from '../../state/auth.js';
import { examsError, loadMyExams, loadTeacherExams, myExams, releaseExam, teacherExams } from '../../state/examTeacher.js';
import { AppShell } from '../common/AppShell.js';
import { Link } from '../common/Link.js';
import { ExamCreate } from './ExamCreate.js';
import { ProgressChart } from './ProgressChart.js';

const minutes = (ms: number | null) => (ms === null ? tExam('exam.noLimit') : tExam('exam.limit', { minutes: Math.round(ms / 60_000) }));

/** "Bài kiểm tra": the student's quizzes and exams, or the teacher's with the create form. */
export function ExamsPage() {
  const teacher = currentUser.value?.role === 'teacher';
  return <AppShell testId="exams-page">{teacher ? <TeacherExams /> : <StudentExams />}</AppShell>;
}

function StudentExams() {
  useEffect(() => {
    void loadMyExams();
  }, []);
  const list = myExams.value;
  return (
    <>
      <h1 class="page-head__title">{tExam('exam.heading')}</h1>
      {examsError.value && <p class="error" role="alert">{examsError.value}</p>}
      {list && list.exams.length === 0 && <p class="muted">{tExam('exam.none')}</p>}
      {list && (
        <ProgressChart
          points={list.exams.flatMap((e) => e.attempts.filter((a) => a.score10 !== null && a.finishedAt !== null).map((a) => ({ at: a.finishedAt!, score10: a.score10!, title: e.title })))}
        />
      )}
      <ul class="exams">
        {list?.exams.map((e) => {
          const open = list.now >= e.opensAt && list.now < e.closesAt;
          const inProgress = e.attempts.find((a) => a.status === 'in_progress');
          const canStart = open && (inProgress || e.attempts.length < e.attemptsAllowed);
          const last = e.attempts.at(-1);
          return (
            <li key={e.examId} class="exams__item" data-testid="my-exam" data-exam={e.examId}>
              <div class="exams__title">
                <strong>{e.title}</strong> <span class="tag">{tExam(`exam.mode.${e.mode}`)}</span>
              </div>
              <div class="muted">
                {tExam('exam.opens', { time: formatDateTime(e.opensAt) })} · {tExam('exam.closes', { time: formatDateTime(e.closesAt) })} · {minutes(e.timeLimitMs)} · {tExam('exam.questions', { n: e.questionCount })}
              </div>
              <div>
                {tExamCode('exam.status', last?.status ?? 'none')} · {tExam('exam.attempts', { used: e.attempts.length, allowed: e.attemptsAllowed })}
                {last && last.status !== 'in_progress' && (last.score10 !== null ? <strong data-testid="my-exam-score"> · {tExam('exam.score', { score: String(last.score10).replace('.', ',') })}</strong> : <span class="muted"> · {tExam('exam.scoreHidden')}</span>)}
              </div>
              {e.attempts.some((a) => a.status !== 'in_progress') && (
                <div class="exams__actions">
                  {e.attempts
                    .filter((a) => a.status !== 'in_progress')
                    .map((a) => (
                      <Link key={a.attemptId} href={`/exam/${encodeURIComponent(e.examId)}/attempts/${encodeURIComponent(a.attemptId)}`} class="button button--small" testId="my-exam-review">
                        {tExam('exam.review')}
                        {e.attempts.length > 1 ? ` ${a.number}` : ''}
                      </Link>
                    ))}
                </div>
              )}
              {canStart ? (
                <Link href={`/exam/${encodeURIComponent(e.examId)}`} class="button button--primary exams__go" testId="my-exam-start">
                  {inProgress ? tExam('exam.resume') : tExam('exam.start')}
                </Link>
              ) : (
                <span class="muted">{list.now < e.opensAt ? tExam('exam.notOpen') : list.now >= e.closesAt ? tExam('exam.closed') : ''}</span>
              )}
            </li>
          );
        })}
      </ul>
    </>
  );
}

function TeacherExams() {
  const [creating, setCreating] = useState(false);
  useEffect(() => {
    void loadTeacherExams();
  }, []);
  const data = teacherExams.value;
  const className = (classId: string, subjectId: string) => {
    const c = data?.classes.find((x) => x.classId === classId && x.subjectId === subjectId);
    return c ? `${c.className} – ${c.subjectName}` : '';
  };
  return (
    <>
      <div class="page-head">
        <h1 class="page-head__title">{tExam('teacher.heading')}</h1>
        {!creating && (
          <button type="button" class="button button--primary" data-testid="exam-new" onClick={() => setCreating(true)}>
            {tExam('teacher.new')}
          </button>
        )}
      </div>
      {examsError.value && <p class="error" role="alert" data-testid="exams-error">{examsError.value}</p>}
      {creating && data && <ExamCreate classes={data.classes} lessons={data.lessons} onDone={() => setCreating(false)} />}
      {data && data.exams.length === 0 && <p class="muted">{tExam('exam.none')}</p>}
      <ul class="exams">
        {data?.exams.map((e) => (
          <li key={e.id} class="exams__item" data-testid="teacher-exam" data-exam={e.id}>
            <div class="exams__title">
              <strong>{e.title}</strong> <span class="tag">{tExam(`exam.mode.${e.mode}`)}</span> <span class="muted">{className(e.classId, e.subjectId)}</span>
            </div>
            <div class="muted">
              {tExam('exam.opens', { time: formatDateTime(e.opensAt) })} · {tExam('exam.closes', { time: formatDateTime(e.closesAt) })} · {minutes(e.timeLimitMs)} · {tExam('exam.questions', { n: e.questionCount })}
            </div>
            <div class="exams__actions">
              <Link href={`/exams/${encodeURIComponent(e.id)}/proctor`} class="button" testId="exam-proctor">
                {tExam('teacher.proctor')}
              </Link>
              <Link href={`/exams/${encodeURIComponent(e.id)}/results`} class="button" testId="exam-results">
                {tExam('teacher.results')}
              </Link>
              <a class="button" href={`/api/exams/${encodeURIComponent(e.id)}/results.csv`} download data-testid="exam-csv">
                {tExam('teacher.csv')}
              </a>
              <a class="button" href={`/api/exams/${encodeURIComponent(e.id)}/results.xlsx`} download data-testid="exam-xlsx">
                {tExam('teacher.xlsx')}
              </a>
              {e.releasePolicy === 'manual' &&
                (e.releasedAt === null ? (
                  <button type="button" class="button" data-testid="exam-release" onClick={() => void releaseExam(e.id)}>
                    {tExam('teacher.releaseNow')}
                  </button>
                ) : (
                  <span class="muted">{tExam('teacher.released')}</span>
                ))}
            </div>
          </li>
        ))}
      </ul>
    </>
  );
}
