import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../i18n/index.js';
import { tExam, tExamCode } from '../../i18n/exam.js';
import type { ExamResultsResponse } from '../../net/examApi.js';
import { examReport, lastRegrade, loadReport, reportError, resetReport, statistics } from '../../state/examReport.js';
import { AppShell } from '../common/AppShell.js';
import { Link } from '../common/Link.js';
import { QuestionStatsChart, QuestionStatsTable } from './QuestionStats.js';
import { RegradeLog, RegradePanel } from './RegradePanel.js';

const dec = (x: number | null) => (x === null ? '–' : String(x).replace('.', ','));

/**
 * The teacher's results of one quiz or exam (R14, R15): per-question statistics (table and
 * chart), a key change with regrade, the regrades as recorded, and every student's attempts,
 * each opening its paper and audit trail.
 */
export function ExamResultsPage({ examId }: { examId: string }) {
  const [changing, setChanging] = useState<string | null>(null);
  useEffect(() => {
    resetReport();
    void loadReport(examId);
  }, [examId]);
  const stats = statistics.value;
  const report = examReport.value;
  const entry = changing ? stats?.paper.find((p) => p.questionId === changing) : undefined;
  return (
    <AppShell testId="exam-results-page">
      <p>
        <Link href="/exams">{tExam('report.back')}</Link>
      </p>
      {reportError.value && (
        <p class="error" role="alert" data-testid="report-error">
          {reportError.value}
        </p>
      )}
      {report && <h1 class="page-head__title">{tExam('report.heading', { title: report.title })}</h1>}
      {lastRegrade.value && (
        <p class="notice" role="status" data-testid="regrade-done">
          {tExam('regrade.done', { n: lastRegrade.value.changed })}
        </p>
      )}
      {stats && (
        <section>
          <h2>{tExam('report.stats')}</h2>
          {stats.questions.every((q) => q.attempts === 0) && <p class="muted">{tExam('report.statsNone')}</p>}
          <QuestionStatsTable stats={stats} onChangeKey={setChanging} />
          {entry && <RegradePanel key={`${entry.questionId}@${entry.version}`} examId={examId} entry={entry} onDone={() => setChanging(null)} />}
          <QuestionStatsChart stats={stats} />
        </section>
      )}
      {report && (
        <>
          <section>
            <h2>{tExam('report.regrades')}</h2>
            <RegradeLog records={report.regrades} />
          </section>
          <section>
            <h2>{tExam('report.students')}</h2>
            <StudentResults examId={examId} report={report} />
          </section>
        </>
      )}
    </AppShell>
  );
}

/** One row per attempt (a student without one gets a row saying so), in the class's order. */
function StudentResults({ examId, report }: { examId: string; report: ExamResultsResponse }) {
  return (
    <div class="table-wrap">
      <table class="table student-results" data-testid="student-results">
        <thead>
          <tr>
            <th>{tExam('report.student')}</th>
            <th>{tExam('report.attempt')}</th>
            <th>{tExam('report.status')}</th>
            <th>{tExam('report.finished')}</th>
            <th>{tExam('report.points')}</th>
            <th>{tExam('report.score')}</th>
            <th>{tExam('report.flags')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {report.students.flatMap((s) =>
            s.attempts.length === 0
              ? [
                  <tr key={s.studentId} data-testid="student-result" data-student={s.studentId} data-status="none">
                    <td>{s.name}</td>
                    <td colSpan={7} class="muted">
                      {tExam('report.noAttempt')}
                    </td>
                  </tr>,
                ]
              : s.attempts.map((a) => (
                  <tr key={a.attemptId} data-testid="student-result" data-student={s.studentId} data-attempt={a.attemptId} data-status={a.status}>
                    <td>{s.name}</td>
                    <td>{a.number}</td>
                    <td>{tExamCode('exam.status', a.status)}</td>
                    <td>{a.finishedAt === null ? '' : formatDateTime(a.finishedAt)}</td>
                    <td>
                      {dec(a.points)}/{dec(a.maxPoints)}
                    </td>
                    <td data-testid="student-score">{dec(a.score10)}</td>
                    <td>{a.flags > 0 ? <span class="flag">{a.flags}</span> : ''}</td>
                    <td>
                      <Link href={`/exams/${encodeURIComponent(examId)}/attempts/${encodeURIComponent(a.attemptId)}`} class="button button--small" testId="student-open">
                        {tExam('report.open')}
                      </Link>
                    </td>
                  </tr>
                )),
          )}
        </tbody>
      </table>
    </div>
  );
}
