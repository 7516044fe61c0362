import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../i18n/index.js';
import { tWork } from '../../i18n/work.js';
import type { FileJson } from '../../net/apiWork.js';
import { currentUser } from '../../state/auth.js';
import { detail, loadDetail, myWork, resetDraft, workError } from '../../state/work.js';
import { AppShell } from '../common/AppShell.js';
import { Link } from '../common/Link.js';
import { PlainText, bytes, score } from './common.js';
import { HandInForm } from './HandInForm.js';
import { AttachFiles } from './AttachFiles.js';
import { EditAssignmentForm } from './EditAssignmentForm.js';
import { RichText } from '../richText/RichText.js';

/** `/assignments/<id>`: instructions and attachments; for a student the hand-in form, their versions and the returned grade. */
export function AssignmentPage({ assignmentId }: { assignmentId: string }) {
  useEffect(() => {
    resetDraft();
    void loadDetail(assignmentId);
  }, [assignmentId]);
  const d = detail.value?.assignment.id === assignmentId ? detail.value : null;
  const role = currentUser.value?.role;
  const work = myWork.value;
  const [editing, setEditing] = useState(false);
  return (
    <AppShell testId="assignment-page">
      <p>
        <Link href="/assignments" class="muted">
          {tWork('work.back')}
        </Link>
      </p>
      {workError.value && <p class="alert alert--error">{workError.value}</p>}
      {d && (
        <>
          <div class="page-head">
            <h1 class="page-head__title" data-testid="assignment-title">
              {d.assignment.title}
            </h1>
            <p class="muted">
              {d.assignment.className} · {d.assignment.subjectName} · {tWork('work.due', { when: formatDateTime(d.assignment.dueAt) })}
            </p>
            <p class="muted">
              {d.assignment.acceptLate
                ? d.assignment.latePenaltyTenths > 0
                  ? tWork('work.lateAccepted', { penalty: score(d.assignment.latePenaltyTenths) })
                  : tWork('work.lateAcceptedNoPenalty')
                : tWork('work.lateRefused')}
            </p>
            {d.canManage && (
              <p class="form__row">
                <Link href={`/assignments/${d.assignment.id}/grade`} class="button button--primary" testId="to-grading">
                  {tWork('work.toGrading')}
                </Link>
                {!editing && (
                  <button type="button" class="button" onClick={() => setEditing(true)} data-testid="edit-open">
                    {tWork('work.edit')}
                  </button>
                )}
              </p>
            )}
          </div>
          {editing && d.canManage && <EditAssignmentForm assignment={d.assignment} attachments={d.attachments} onDone={() => setEditing(false)} />}
          <section class="card">
            <h2 class="section__title">{tWork('work.instructions')}</h2>
            <div class="plain-text" data-testid="assignment-instructions">
              <RichText text={d.assignment.instructions} imageUrl={(id) => imageOf(d.attachments, id)} />
            </div>
            {d.canManage && <AttachFiles assignmentId={d.assignment.id} files={d.attachments} />}
            {d.attachments.length > 0 && (
              <>
                <h3 class="subsection__title">{tWork('work.attachments')}</h3>
                <FileList files={d.attachments} />
              </>
            )}
          </section>
          {work?.grade && (
            <section class="card result" data-testid="my-grade" data-score={score(work.grade.scoreTenths)}>
              <h2 class="section__title">{tWork('work.result')}</h2>
              <p class="result__score">{score(work.grade.scoreTenths)}</p>
              {work.grade.feedback && (
                <>
                  <h3 class="subsection__title">{tWork('work.feedback')}</h3>
                  <PlainText text={work.grade.feedback} testId="my-feedback" />
                </>
              )}
            </section>
          )}
          {role === 'student' && (d.canSubmit ? <HandInForm assignmentId={d.assignment.id} again={(work?.versions.length ?? 0) > 0} /> : <p class="alert">{tWork('work.locked')}</p>)}
          {work && (
            <section class="card">
              <h2 class="section__title">{tWork('work.versions')}</h2>
              {work.versions.length === 0 && <p class="muted">{tWork('work.noVersions')}</p>}
              {[...work.versions].reverse().map((v) => (
                <div class="version" key={v.id} data-testid="version" data-version={v.version}>
                  <h3 class="subsection__title">
                    {tWork('work.version', { version: v.version, when: formatDateTime(v.submittedAt) })}
                    {v.late && <span class="badge badge--late">{tWork('work.lateMark')}</span>}
                  </h3>
                  {v.text && <PlainText text={v.text} />}
                  <FileList files={v.files} />
                </div>
              ))}
              {!work.grade && work.versions.length > 0 && <p class="muted">{tWork('work.notReturned')}</p>}
            </section>
          )}
        </>
      )}
    </AppShell>
  );
}

/** A picture of the instructions: one of the assignment's image attachments (the server keeps no other). */
function imageOf(attachments: readonly FileJson[], id: string): string | null {
  const f = attachments.find((a) => a.id === id && a.mediaType.startsWith('image/'));
  return f ? `${f.url}?inline=1` : null;
}

export function FileList({ files }: { files: readonly FileJson[] }) {
  return (
    <ul class="file-list">
      {files.map((f) => (
        <li key={f.id} class="file-list__item">
          {f.mediaType.startsWith('image/') ? (
            <a href={`${f.url}?inline=1`} target="_blank" rel="noopener">
              <img class="file-list__thumb" src={`${f.url}?inline=1`} alt={f.fileName} loading="lazy" />
            </a>
          ) : (
            <a href={f.url} data-testid="file-link">
              {f.fileName}
            </a>
          )}
          <span class="muted"> {bytes(f.size)}</span>
        </li>
      ))}
    </ul>
  );
}
