import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../../i18n/index.js';
import { tMat } from '../../i18n/materials.js';
import type { ClassMaterialJson, MaterialJson, MaterialsMetaJson } from '../../net/materialsApi.js';
import { currentUser } from '../../state/auth.js';
import { describeApiError } from '../../state/api.js';
import { loadClassMaterials, loadLibrary, loadMeta, loadQueue } from '../../state/materials.js';
import { AppShell } from '../common/AppShell.js';
import { Link } from '../common/Link.js';
import { NewMaterialForm } from './NewMaterialForm.js';

/** `/materials`: a student's class materials; the staff's library, approval queue and forms (R9). */
export function MaterialsPage() {
  const role = currentUser.value?.role;
  return <AppShell testId="materials-page">{role === 'student' ? <ClassMaterials /> : <Library />}</AppShell>;
}

function ClassMaterials() {
  const [list, setList] = useState<ClassMaterialJson[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void loadMeta()
      .then((meta) => (meta.classId ? loadClassMaterials(meta.classId) : { materials: [] }))
      .then((r) => setList(r.materials), (e: unknown) => setError(describeApiError(e)));
  }, []);
  return (
    <>
      <h1 class="page-head__title">{tMat('mat.classHeading')}</h1>
      {error && <p class="alert alert--error">{error}</p>}
      {list?.length === 0 && <p class="muted">{tMat('mat.empty')}</p>}
      <ul class="work-list">
        {list?.map((m) => (
          <li class="work-card" key={m.id} data-testid="class-material" data-material-id={m.id}>
            <div class="work-card__head">
              <span class="work-card__subject">{m.subjectName}</span>
              {m.reminded && <span class="badge badge--warn" data-testid="material-reminded">{tMat('mat.remindedBadge')}</span>}
              {m.opened && <span class="badge">{tMat('mat.openedBadge')}</span>}
            </div>
            <Link href={`/materials/${m.id}`} class="work-card__title" testId="material-open">
              {m.version.title}
            </Link>
            {m.topic && <p class="muted">{m.topic}</p>}
          </li>
        ))}
      </ul>
    </>
  );
}

function Library() {
  const [meta, setMeta] = useState<MaterialsMetaJson | null>(null);
  const [list, setList] = useState<MaterialJson[] | null>(null);
  const [queue, setQueue] = useState<MaterialJson[]>([]);
  const [form, setForm] = useState<'new' | 'import' | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    Promise.all([loadMeta(), loadLibrary(), loadQueue()]).then(
      ([m, l, q]) => {
        setMeta(m);
        setList(l.materials);
        setQueue(q.materials);
      },
      (e: unknown) => setError(describeApiError(e)),
    );
  }, []);
  const reviewer = meta !== null && (meta.principal || meta.headOf.length > 0);
  return (
    <>
      <div class="page-head">
        <h1 class="page-head__title">{tMat('mat.library')}</h1>
        {meta && meta.teaching.length > 0 && (
          <button type="button" class="button button--primary" onClick={() => setForm(form === 'new' ? null : 'new')} data-testid="material-new">
            {tMat('mat.new')}
          </button>
        )}
        {meta?.canImport && (
          <button type="button" class="button" onClick={() => setForm(form === 'import' ? null : 'import')} data-testid="material-import">
            {tMat('mat.import')}
          </button>
        )}
      </div>
      {error && <p class="alert alert--error">{error}</p>}
      {meta && form && <NewMaterialForm meta={meta} importing={form === 'import'} />}
      {reviewer && (
        <section class="card" data-testid="material-queue">
          <h2>{tMat('mat.queue')}</h2>
          {queue.length === 0 ? <p class="muted">{tMat('mat.queueEmpty')}</p> : <MaterialList list={queue} testId="queue-item" />}
        </section>
      )}
      {list?.length === 0 && <p class="muted">{tMat('mat.empty')}</p>}
      {list && <MaterialList list={list} testId="library-item" />}
    </>
  );
}

function MaterialList({ list, testId }: { list: MaterialJson[]; testId: string }) {
  return (
    <table class="table">
      <thead>
        <tr>
          <th>{tMat('mat.title')}</th>
          <th>{tMat('mat.subject')}</th>
          <th>{tMat('mat.grade')}</th>
          <th>{tMat('mat.topic')}</th>
          <th>{tMat('mat.kind')}</th>
        </tr>
      </thead>
      <tbody>
        {list.map((m) => (
          <tr key={m.id} data-testid={testId} data-material-id={m.id} data-state={m.state}>
            <td>
              <Link href={`/materials/${m.id}`} testId="material-link-open">
                {m.title}
              </Link>
              <div class="muted">{tMat('mat.by', { name: m.ownerName })} · {formatDateTime(m.updatedAt)}</div>
            </td>
            <td>{m.subjectName}</td>
            <td>{m.gradeName}</td>
            <td>{m.topic}</td>
            <td>
              <span class="badge" data-testid="material-state">{tMat(`mat.state.${m.state}`)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
