import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../i18n/index.js';
import { tWork } from '../../i18n/work.js';
import { api as apiParse, type TeachingAssignment } from '../../net/index.js';
import type { SlotJson } from '../../net/apiWork.js';
import { api } from '../../state/api.js';
import { book, bookError, cellErrors, currentSchoolYear, history, loadBook, loadHistory, query, saveCell, type GradebookKey } from '../../state/gradebook.js';
import { url } from '../../state/navigation.js';
import { AppShell } from '../common/AppShell.js';
import { score } from './common.js';
import { FillColumn, ImportForm } from './GradebookTools.js';

const SLOT_LABEL: Record<SlotJson, string> = { tx1: 'ĐĐGtx1', tx2: 'ĐĐGtx2', tx3: 'ĐĐGtx3', tx4: 'ĐĐGtx4', tx5: 'ĐĐGtx5', tx6: 'ĐĐGtx6', gk: 'ĐĐGgk', ck: 'ĐĐGck' };

/** `/gradebook?classId=&subjectId=`: the teacher's gradebook of a class + subject + term (Circular 22/2021). */
export function GradebookPage() {
  const params = new URLSearchParams(url.value.search);
  const [teaching, setTeaching] = useState<TeachingAssignment[]>([]);
  const [pair, setPair] = useState(params.get('classId') ? `${params.get('classId')}|${params.get('subjectId')}` : '');
  const [schoolYear, setSchoolYear] = useState(currentSchoolYear());
  const [term, setTerm] = useState<1 | 2>(1);
  useEffect(() => {
    void api()
      .get('/api/teaching', apiParse.parseTeaching)
      .then((list) => {
        setTeaching(list);
        if (!pair && list[0]) setPair(`${list[0].classId}|${list[0].subjectId}`);
      });
  }, []);
  const [classId = '', subjectId = ''] = pair.split('|');
  const key: GradebookKey = { classId, subjectId, schoolYear, term };
  useEffect(() => {
    if (classId) {
      void loadBook(key);
      void loadHistory(classId, subjectId);
    }
  }, [pair, schoolYear, term]);
  const b = book.value;
  return (
    <AppShell testId="gradebook-page">
      <div class="page-head">
        <h1 class="page-head__title">{tWork('gradebook.heading')}</h1>
        <div class="inline-form">
          <select class="field__input" value={pair} onChange={(e) => setPair((e.target as HTMLSelectElement).value)} data-testid="gb-class-subject">
            {teaching.map((t) => (
              <option key={`${t.classId}|${t.subjectId}`} value={`${t.classId}|${t.subjectId}`}>
                {tWork('work.pair', { className: t.className, subject: t.subjectName })}
              </option>
            ))}
          </select>
          <input class="field__input gb-year" value={schoolYear} onChange={(e) => setSchoolYear((e.target as HTMLInputElement).value)} aria-label={tWork('gradebook.year')} data-testid="gb-year" />
          <select class="field__input" value={String(term)} onChange={(e) => setTerm((e.target as HTMLSelectElement).value === '2' ? 2 : 1)} data-testid="gb-term">
            <option value="1">{tWork('gradebook.term1')}</option>
            <option value="2">{tWork('gradebook.term2')}</option>
          </select>
        </div>
      </div>
      {bookError.value && <p class="alert alert--error">{bookError.value}</p>}
      {b && b.classId === classId && (
        <>
          <div class="table-wrap">
            <table class="table gradebook" data-testid="gradebook">
              <thead>
                <tr>
                  <th>STT</th>
                  <th>{tWork('gradebook.student')}</th>
                  {b.slots.map((s) => (
                    <th key={s}>{SLOT_LABEL[s]}</th>
                  ))}
                  {b.mode === 'score' ? <th>{tWork('gradebook.avg')}</th> : <th>{tWork('gradebook.result')}</th>}
                  {b.mode === 'score' && term === 2 && <th>{tWork('gradebook.avgI')}</th>}
                  {b.mode === 'score' && term === 2 && <th>{tWork('gradebook.year.avg')}</th>}
                </tr>
              </thead>
              <tbody>
                {b.rows.map((r, i) => (
                  <tr key={r.student.id} data-testid="gb-row" data-student-id={r.student.id}>
                    <td class="num">{i + 1}</td>
                    <td>{r.student.displayName}</td>
                    {b.slots.map((s) => (
                      <td key={s}>
                        <Cell k={key} studentId={r.student.id} slot={s} value={b.mode === 'score' ? score(r.cells[s]?.scoreTenths) : r.cells[s]?.verdict ? tWork(r.cells[s]?.verdict === 'pass' ? 'gradebook.pass' : 'gradebook.fail') : ''} />
                      </td>
                    ))}
                    {b.mode === 'score' ? (
                      <td class="num" data-testid="gb-avg" data-student-id={r.student.id}>
                        {score(r.termAverage)}
                      </td>
                    ) : (
                      <td data-testid="gb-verdict">{r.termVerdict ? tWork(r.termVerdict === 'pass' ? 'gradebook.pass' : 'gradebook.fail') : ''}</td>
                    )}
                    {b.mode === 'score' && term === 2 && <td class="num">{score(r.termIAverage)}</td>}
                    {b.mode === 'score' && term === 2 && (
                      <td class="num" data-testid="gb-year-avg">
                        {score(r.yearAverage)}
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <p class="form__actions form__actions--row">
            <a class="button" href={`/api/gradebook/export.xlsx?${query(key)}`} download data-testid="gb-export-xlsx">
              {tWork('gradebook.exportXlsx')}
            </a>
            <a class="button" href={`/api/gradebook/export.csv?${query(key)}`} download data-testid="gb-export-csv">
              {tWork('gradebook.exportCsv')}
            </a>
          </p>
          <div class="columns">
            {b.mode === 'score' && <FillColumn k={key} slots={b.slots} assignments={b.assignments} quizzes={b.quizzes} />}
            <ImportForm k={key} />
          </div>
          <section class="card">
            <h2 class="section__title">{tWork('gradebook.history')}</h2>
            <ul class="plain-list" data-testid="gb-history">
              {history.value.slice(0, 50).map((c, i) => (
                <li key={i} class="muted">
                  {tWork('gradebook.change', { when: formatDateTime(c.at), who: c.actorName ?? '', student: c.studentName ?? '', ref: c.ref, old: c.oldValue ?? '∅', new: c.newValue ?? '∅' })}
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </AppShell>
  );
}

/** One cell, saved when the teacher leaves it (or presses Enter); a refusal is shown under it. */
function Cell({ k, studentId, slot, value }: { k: GradebookKey; studentId: string; slot: SlotJson; value: string }) {
  const [text, setText] = useState(value);
  useEffect(() => setText(value), [value]);
  const error = cellErrors.value[`${studentId}|${slot}`];
  const commit = () => {
    if (text.trim() !== value) void saveCell(k, studentId, slot, text).then(() => undefined);
  };
  return (
    <>
      <input
        class={`gradebook__cell${error ? ' gradebook__cell--error' : ''}`}
        inputMode="decimal"
        value={text}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
        aria-invalid={error ? 'true' : undefined}
        title={error ?? undefined}
        data-testid="gb-cell"
        data-student-id={studentId}
        data-slot={slot}
      />
      {error && (
        <span class="gradebook__error" role="alert" data-testid="gb-cell-error">
          {error}
        </span>
      )}
    </>
  );
}
