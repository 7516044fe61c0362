import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../i18n/index.js';
import { tWork } from '../../i18n/work.js';
import type { FileJson } from '../../net/apiWork.js';
import { draft, edit, gradingError, gradingList, loadGrading, returnWork, select, selected, step, useTheirs, work } from '../../state/grading.js';
import { AppShell } from '../common/AppShell.js';
import { PlainText, StateBadge, parseTenths, score } from './common.js';

/**
 * `/assignments/<id>/grade`: the list (handed in, late, missing, returned) beside one student's
 * work — photos and PDF in the page, a score and feedback saved as typed, "return" — with
 * previous/next so the teacher never goes back to the list.
 */
export function GradingPage({ assignmentId }: { assignmentId: string }) {
  useEffect(() => {
    selected.value = null;
    void loadGrading(assignmentId);
  }, [assignmentId]);
  const list = gradingList.value;
  return (
    <AppShell testId="grading-page">
      {gradingError.value && <p class="alert alert--error">{gradingError.value}</p>}
      {list && (
        <>
          <div class="page-head">
            <h1 class="page-head__title">{tWork('grading.heading', { title: list.assignment.title })}</h1>
            <a class="button" href={`/api/assignments/${assignmentId}/download.zip`} download data-testid="grading-download-all">
              {tWork('grading.downloadAll')}
            </a>
          </div>
          <div class="grading">
            <ol class="grading__list" aria-label={tWork('grading.list')}>
              {list.rows.map((r) => (
                <li key={r.student.id}>
                  <button
                    type="button"
                    class={`grading__row${r.student.id === selected.value ? ' grading__row--current' : ''}`}
                    onClick={() => void select(r.student.id)}
                    data-testid="grading-row"
                    data-student-id={r.student.id}
                    data-state={r.state}
                  >
                    <span>{r.student.displayName}</span>
                    <StateBadge state={r.state} />
                    {r.grade?.scoreTenths != null && <strong>{score(r.grade.scoreTenths)}</strong>}
                  </button>
                </li>
              ))}
            </ol>
            <StudentPanel />
          </div>
        </>
      )}
    </AppShell>
  );
}

function StudentPanel() {
  const w = work.value;
  const d = draft.value;
  const row = gradingList.value?.rows.find((r) => r.student.id === selected.value);
  if (!w || !row) return <p class="muted">{tWork('grading.none')}</p>;
  const latest = w.versions.at(-1);
  return (
    <section class="card grading__work" data-testid="grading-work" data-student-id={row.student.id}>
      <div class="grading__nav">
        <button type="button" class="button button--small" onClick={() => step(-1)} data-testid="grading-prev">
          {tWork('grading.prev')}
        </button>
        <h2 class="section__title">{row.student.displayName}</h2>
        <button type="button" class="button button--small" onClick={() => step(1)} data-testid="grading-next">
          {tWork('grading.next')}
        </button>
      </div>
      {latest ? (
        <>
          <p class="muted">
            {tWork('work.version', { version: latest.version, when: formatDateTime(latest.submittedAt) })}
            {latest.late && <span class="badge badge--late">{tWork('work.lateMark')}</span>} · {tWork('grading.versions', { n: w.versions.length })}
          </p>
          {latest.text && <PlainText text={latest.text} testId="grading-text" />}
          {latest.files.map((f) => (
            <Viewer key={f.id} file={f} />
          ))}
        </>
      ) : (
        <p class="muted">{tWork('work.noVersions')}</p>
      )}
      <div class="grading__form">
        <label class="field">
          <span class="field__label">{tWork('grading.score')}</span>
          <input class="field__input grading__score" inputMode="decimal" value={d.score} onInput={(e) => edit({ score: (e.target as HTMLInputElement).value })} data-testid="grading-score" />
        </label>
        {latest?.late && w.assignment.latePenaltyTenths > 0 && <LatePenalty penalty={w.assignment.latePenaltyTenths} />}
        <label class="field">
          <span class="field__label">{tWork('grading.feedback')}</span>
          <textarea class="field__input" rows={3} value={d.feedback} onInput={(e) => edit({ feedback: (e.target as HTMLTextAreaElement).value })} data-testid="grading-feedback" />
        </label>
        <p class="grading__status" data-testid="grading-status" data-status={d.status}>
          {d.status === 'saving' ? tWork('grading.saving') : d.status === 'saved' ? tWork('grading.saved') : d.status === 'error' ? d.error : ''}
        </p>
        {d.status === 'conflict' && (
          <p class="alert alert--error" data-testid="grading-conflict">
            {tWork('grading.conflict', { score: score(d.theirs?.scoreTenths ?? null) || '—' })}{' '}
            <button type="button" class="button button--small" onClick={useTheirs} data-testid="grading-use-theirs">
              {tWork('grading.useTheirs')}
            </button>
          </p>
        )}
        <button type="button" class="button button--primary" disabled={d.returnedAt !== null && d.status !== 'idle'} onClick={() => void returnWork()} data-testid="grading-return">
          {d.returnedAt !== null ? tWork('grading.returned') : tWork('grading.return')}
        </button>
      </div>
    </section>
  );
}

/**
 * Late work under an assignment that takes points off it: the rule is shown beside the score and
 * applied by the teacher with one tap (the score then saves as typed). Never applied behind the
 * teacher's back: the teacher may have reasons (an excused absence) to keep the full score.
 */
function LatePenalty({ penalty }: { penalty: number }) {
  const [appliedTo, setAppliedTo] = useState<string | null>(null);
  const current = parseTenths(draft.value.score);
  const apply = () => {
    if (current === null) return;
    const next = score(Math.max(0, current - penalty));
    setAppliedTo(next);
    edit({ score: next });
  };
  return (
    <p class="alert" data-testid="grading-late" data-penalty={score(penalty)}>
      {tWork('grading.latePenalty', { penalty: score(penalty) })}{' '}
      <button type="button" class="button button--small" disabled={current === null || appliedTo === draft.value.score} onClick={apply} data-testid="grading-apply-penalty">
        {tWork('grading.applyPenalty', { penalty: score(penalty) })}
      </button>
    </p>
  );
}

/** A photo shown in the page (tap to zoom: pinch works on phones), a PDF in a frame, anything else as a link. */
function Viewer({ file }: { file: FileJson }) {
  const [zoom, setZoom] = useState(false);
  const src = `${file.url}?inline=1`;
  if (file.mediaType.startsWith('image/')) {
    return (
      <figure class={`viewer${zoom ? ' viewer--zoom' : ''}`}>
        <img src={src} alt={file.fileName} data-testid="grading-photo" onClick={() => setZoom(!zoom)} />
        <figcaption class="muted">
          {file.fileName} · <a href={file.url}>{tWork('grading.openFile')}</a>
        </figcaption>
      </figure>
    );
  }
  if (file.mediaType === 'application/pdf') {
    return (
      <figure class="viewer">
        <iframe class="viewer__pdf" src={src} title={file.fileName} data-testid="grading-pdf" />
        <figcaption class="muted">
          <a href={src} target="_blank" rel="noopener">
            {tWork('grading.openFile')}
          </a>
        </figcaption>
      </figure>
    );
  }
  return (
    <p>
      <a href={file.url} data-testid="file-link">
        {file.fileName}
      </a>
    </p>
  );
}
