import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../i18n/index.js';
import { tMat } from '../../i18n/materials.js';
import type { MaterialDetailJson, MaterialVersionJson } from '../../net/materialsApi.js';
import { currentUser } from '../../state/auth.js';
import { describeApiError, serverDetail } from '../../state/api.js';
import { loadDetail, loadStudentMaterial, reviewMaterial, shareMaterial, submitMaterial } from '../../state/materials.js';
import { AppShell } from '../common/AppShell.js';
import { Link } from '../common/Link.js';
import { MaterialViewer } from './MaterialViewer.js';
import { UsageTable } from './UsageTable.js';

const errorText = (e: unknown) => [describeApiError(e), serverDetail(e)].filter(Boolean).join(': ');

/** `/materials/<id>`: a student opens the approved version; staff see versions, approval and use. */
export function MaterialPage({ materialId }: { materialId: string }) {
  const student = currentUser.value?.role === 'student';
  return (
    <AppShell testId="material-page">
      <Link href="/materials" class="muted" testId="material-back">
        {tMat('mat.back')}
      </Link>
      {student ? <StudentView materialId={materialId} /> : <StaffView materialId={materialId} />}
    </AppShell>
  );
}

function StudentView({ materialId }: { materialId: string }) {
  const [m, setM] = useState<{ subjectName: string; topic: string; version: MaterialVersionJson } | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadStudentMaterial(materialId).then(setM, (e: unknown) => setError(describeApiError(e)));
  }, [materialId]);
  if (error) return <p class="alert alert--error" data-testid="material-error">{error}</p>;
  if (!m) return null;
  return (
    <>
      <h1 class="page-head__title" data-testid="material-title">{m.version.title}</h1>
      <p class="muted">
        {m.subjectName} {m.topic && `· ${m.topic}`}
      </p>
      <MaterialViewer materialId={materialId} version={m.version} track />
    </>
  );
}

function StaffView({ materialId }: { materialId: string }) {
  const [d, setD] = useState<MaterialDetailJson | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const run = (action: () => Promise<MaterialDetailJson | unknown>) => {
    setError(null);
    action().then(() => loadDetail(materialId).then(setD), (e: unknown) => setError(errorText(e)));
  };
  useEffect(() => {
    loadDetail(materialId).then(setD, (e: unknown) => setError(errorText(e)));
  }, [materialId]);
  if (!d) return error ? <p class="alert alert--error">{error}</p> : null;
  const { material: m } = d;
  const latest = d.versions.at(-1)!;
  const approved = d.versions.find((v) => v.version === m.approvedVersion) ?? null;
  return (
    <div data-testid="material-detail" data-state={m.state} data-approved-version={m.approvedVersion ?? ''}>
      <h1 class="page-head__title" data-testid="material-title">{m.title}</h1>
      <p class="muted">
        {m.subjectName} · {m.gradeName} {m.topic && `· ${m.topic}`} · {tMat('mat.by', { name: m.ownerName })} · {tMat(`mat.source.${m.source}`)}
      </p>
      <p>
        <span class="badge" data-testid="material-state">{tMat(`mat.state.${m.state}`)}</span>{' '}
        {tMat('mat.version', { version: m.latestVersion })} · {m.approvedVersion ? tMat('mat.approvedVersion', { version: m.approvedVersion }) : tMat('mat.noApproved')}
      </p>
      {error && <p class="alert alert--error" data-testid="material-error">{error}</p>}
      {d.canEdit && (m.state === 'draft' || m.state === 'returned') && (
        <button type="button" class="button button--primary" onClick={() => run(() => submitMaterial(materialId))} data-testid="material-submit">
          {tMat('mat.submit')}
        </button>
      )}
      {d.canReview && (
        <div class="card" data-testid="material-review">
          <label class="field">
            <span class="field__label">{tMat('mat.comment')}</span>
            <input class="field__input" value={comment} onInput={(e) => setComment((e.target as HTMLInputElement).value)} data-testid="review-comment" />
          </label>
          <button type="button" class="button button--primary" onClick={() => run(() => reviewMaterial(materialId, latest.version, 'approve', comment))} data-testid="review-approve">
            {tMat('mat.approve')}
          </button>{' '}
          <button type="button" class="button" onClick={() => run(() => reviewMaterial(materialId, latest.version, 'return', comment))} data-testid="review-return">
            {tMat('mat.return')}
          </button>
        </div>
      )}
      {approved && d.shareClasses.length > 0 && (
        <div class="card" data-testid="material-share">
          <h2>{tMat('mat.share')}</h2>
          {d.shareClasses.map((c) =>
            c.shared ? (
              <span class="badge" key={c.id} data-testid="material-shared">
                {tMat('mat.shared', { name: c.name })}
              </span>
            ) : (
              <button type="button" class="button" key={c.id} onClick={() => run(() => shareMaterial(materialId, c.id))} data-testid="material-share-class" data-class-id={c.id}>
                {tMat('mat.shareTo', { name: c.name })}
              </button>
            ),
          )}
        </div>
      )}
      <MaterialViewer materialId={materialId} version={latest} track={false} />
      {d.shareClasses.filter((c) => c.shared).map((c) => (
        <UsageTable key={c.id} materialId={materialId} classId={c.id} className={c.name} />
      ))}
      <section class="card">
        <h2>{tMat('mat.history')}</h2>
        <ol data-testid="material-history">
          {d.reviews.map((r, i) => (
            <li key={i} data-step={r.step}>
              {formatDateTime(r.at)} · {r.actorName} {tMat(`mat.step.${r.step}`, { comment: tMat(`mat.source.${r.comment === 'province' ? 'province' : 'ministry'}`) })} ({tMat('mat.version', { version: r.version })})
              {r.comment && r.step !== 'imported' && <q>{r.comment}</q>}
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
