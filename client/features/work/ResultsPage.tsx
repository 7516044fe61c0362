import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../i18n/index.js';
import { tWork } from '../../i18n/work.js';
import type { ResultsJson } from '../../net/apiWork.js';
import { currentUser } from '../../state/auth.js';
import { currentSchoolYear, loadResults, results } from '../../state/gradebook.js';
import { children, loadChildren, studentId } from '../../state/work.js';
import { AppShell } from '../common/AppShell.js';
import { PlainText, score } from './common.js';

/** `/results`: a student's own results, a parent's child's (read-only): gradebook, averages, graded work, progress. */
export function ResultsPage() {
  const [error, setError] = useState<string | null>(null);
  const year = currentSchoolYear();
  const load = () => void loadResults(studentId.value, year).then(setError);
  useEffect(() => {
    void loadChildren().then(load);
  }, []);
  const r = results.value?.student.id === studentId.value ? results.value : null;
  return (
    <AppShell testId="results-page">
      <div class="page-head">
        <h1 class="page-head__title">{tWork('results.heading')}</h1>
        {currentUser.value?.role === 'parent' && (
          <>
            <select
              class="field__input"
              data-testid="child-select"
              value={studentId.value}
              onChange={(e) => {
                studentId.value = (e.target as HTMLSelectElement).value;
                load();
              }}
            >
              {children.value.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.displayName}
                </option>
              ))}
            </select>
            <p class="muted">{tWork('results.readOnly')}</p>
          </>
        )}
      </div>
      {error && <p class="alert alert--error">{error}</p>}
      {r && <Results r={r} />}
    </AppShell>
  );
}

function Results({ r }: { r: ResultsJson }) {
  return (
    <>
      <section class="card">
        <h2 class="section__title">
          {r.student.displayName}
          {r.student.className ? ` · ${r.student.className}` : ''} · {r.schoolYear}
        </h2>
        {r.subjects.length === 0 && <p class="muted">{tWork('results.noScores')}</p>}
        <div class="table-wrap">
          <table class="table">
            <thead>
              <tr>
                <th>{tWork('results.subject')}</th>
                <th>{tWork('gradebook.term1')}</th>
                <th>{tWork('gradebook.term2')}</th>
                <th>{tWork('gradebook.year.avg')}</th>
              </tr>
            </thead>
            <tbody>
              {r.subjects.map((s) => {
                const v = (t: 1 | 2) => (s.mode === 'score' ? score(s.terms[t].average) : s.terms[t].verdict ? tWork(s.terms[t].verdict === 'pass' ? 'gradebook.pass' : 'gradebook.fail') : '');
                return (
                  <tr key={s.subjectId} data-testid="results-subject" data-subject-id={s.subjectId}>
                    <td>
                      {s.subjectName}
                      <div class="muted small">
                        {s.slots.map((slot) => `${slot.toUpperCase()} ${score(s.terms[1].cells[slot]?.scoreTenths) || (s.terms[1].cells[slot]?.verdict ?? '–')}`).join(' · ')}
                      </div>
                    </td>
                    <td class="num" data-testid="results-avg" data-term="1">
                      {v(1)}
                    </td>
                    <td class="num" data-testid="results-avg" data-term="2">
                      {v(2)}
                    </td>
                    <td class="num">{s.mode === 'score' ? score(s.yearAverage) : s.yearVerdict ? tWork(s.yearVerdict === 'pass' ? 'gradebook.pass' : 'gradebook.fail') : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </section>
      <section class="card">
        <h2 class="section__title">{tWork('results.progress')}</h2>
        <ProgressChart points={[...r.assignments.map((a) => ({ at: a.returnedAt, tenths: a.scoreTenths ?? 0 })), ...r.quizzes.map((q) => ({ at: q.finishedAt, tenths: Math.round(q.score10 * 10) }))]} />
      </section>
      <section class="card">
        <h2 class="section__title">{tWork('results.assignments')}</h2>
        <ul class="plain-list">
          {r.assignments.map((a) => (
            <li key={a.assignmentId} class="result-item" data-testid="results-assignment" data-score={score(a.scoreTenths)}>
              <strong>{score(a.scoreTenths)}</strong> {a.subjectName} — {a.title} <span class="muted">{formatDateTime(a.returnedAt)}</span>
              {a.feedback && <PlainText text={a.feedback} />}
            </li>
          ))}
        </ul>
      </section>
      {r.quizzes.length > 0 && (
        <section class="card">
          <h2 class="section__title">{tWork('results.quizzes')}</h2>
          <ul class="plain-list">
            {r.quizzes.map((q) => (
              <li key={`${q.assessmentId}:${q.finishedAt}`} class="result-item" data-testid="results-quiz" data-score={q.score10}>
                <strong>{q.score10.toLocaleString('vi-VN')}</strong> {r.subjects.find((s) => s.subjectId === q.subjectId)?.subjectName ?? ''} — {q.title}{' '}
                <span class="muted">{formatDateTime(q.finishedAt)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}

/** Scores over time as an SVG line (0–10 on the vertical axis); no chart library for one line. */
export function ProgressChart({ points }: { points: ReadonlyArray<{ at: number; tenths: number }> }) {
  const sorted = [...points].sort((a, b) => a.at - b.at);
  if (sorted.length === 0) return <p class="muted">{tWork('results.noScores')}</p>;
  const W = 320;
  const H = 140;
  const pad = 20;
  const first = sorted[0]!.at;
  const span = Math.max(1, sorted.at(-1)!.at - first);
  const x = (at: number) => (sorted.length === 1 ? W / 2 : pad + ((W - 2 * pad) * (at - first)) / span);
  const y = (tenths: number) => H - pad - ((H - 2 * pad) * tenths) / 100;
  const path = sorted.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.at).toFixed(1)},${y(p.tenths).toFixed(1)}`).join(' ');
  return (
    <svg class="chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={tWork('results.progress')} data-testid="results-chart" data-points={sorted.length}>
      {[0, 5, 10].map((v) => (
        <g key={v}>
          <line x1={pad} x2={W - pad} y1={y(v * 10)} y2={y(v * 10)} class="chart__grid" />
          <text x={2} y={y(v * 10) + 4} class="chart__label">
            {v}
          </text>
        </g>
      ))}
      <path d={path} class="chart__line" />
      {sorted.map((p, i) => (
        <circle key={i} cx={x(p.at)} cy={y(p.tenths)} r={3} class="chart__dot" />
      ))}
    </svg>
  );
}
