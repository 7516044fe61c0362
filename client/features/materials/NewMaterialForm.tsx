import { useState } from 'preact/hooks';
import { tMat } from '../../i18n/materials.js';
import type { MaterialsMetaJson } from '../../net/materialsApi.js';
import { uploadErrorOf, uploadFile } from '../../net/uploadFile.js';
import { describeApiError } from '../../state/api.js';
import { createMaterial } from '../../state/materials.js';
import { navigate } from '../../state/navigation.js';

const ACCEPT = 'application/pdf,image/*,video/*,audio/*,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp';

/**
 * A new material of the library (a teacher's, saved as a draft), or a ministry/province one the
 * principal imports as approved. A file goes up through tus first (resumable on a weak network);
 * the server checks its content and refuses a wrong kind with a clear message.
 */
export function NewMaterialForm({ meta, importing }: { meta: MaterialsMetaJson; importing: boolean }) {
  const mine = importing ? meta.subjects : meta.subjects.filter((s) => meta.teaching.some((t) => t.subjectId === s.id) || meta.headOf.includes(s.id));
  const [kind, setKind] = useState<'file' | 'link' | 'page'>('file');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    const form = new FormData(e.target as HTMLFormElement);
    const text = (name: string) => String(form.get(name) ?? '');
    setError(null);
    try {
      let fileId: string | undefined;
      const file = form.get('file');
      if (kind === 'file') {
        if (!(file instanceof File) || file.size === 0) throw new Error(tMat('mat.file'));
        setBusy(tMat('mat.saving', { percent: 0 }));
        fileId = await uploadFile(file, { filename: file.name, purpose: 'material', targetId: text('subjectId') }, {
          progress: (sent, total) => setBusy(tMat('mat.saving', { percent: Math.round((100 * sent) / Math.max(1, total)) })),
          retrying: () => undefined,
        }).done.catch((err: unknown) => {
          throw new Error(tMat('mat.uploadFailed', { message: uploadErrorOf(err).message }));
        });
      }
      const detail = await createMaterial({
        subjectId: text('subjectId'),
        gradeId: text('gradeId'),
        topic: text('topic'),
        kind,
        title: text('title'),
        description: text('description'),
        ...(kind === 'file' ? { fileId } : kind === 'link' ? { url: text('url') } : { body: text('body') }),
        ...(importing ? { source: text('source') as 'ministry' | 'province' } : {}),
      });
      navigate(`/materials/${detail.material.id}`);
    } catch (err) {
      setError(err instanceof Error && !('code' in err) ? err.message : describeApiError(err));
    } finally {
      setBusy(null);
    }
  };
  return (
    <form class="card form" onSubmit={(e) => void submit(e)} data-testid={importing ? 'material-import-form' : 'material-form'}>
      <h2>{importing ? tMat('mat.import') : tMat('mat.new')}</h2>
      {importing && (
        <label class="field">
          <span class="field__label">{tMat('mat.source')}</span>
          <select name="source" class="field__input">
            <option value="ministry">{tMat('mat.source.ministry')}</option>
            <option value="province">{tMat('mat.source.province')}</option>
          </select>
        </label>
      )}
      <label class="field">
        <span class="field__label">{tMat('mat.subject')}</span>
        <select name="subjectId" class="field__input" data-testid="material-subject">
          {mine.map((s) => (
            <option value={s.id} key={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span class="field__label">{tMat('mat.grade')}</span>
        <select name="gradeId" class="field__input" data-testid="material-grade">
          {meta.grades.map((g) => (
            <option value={g.id} key={g.id}>
              {g.name}
            </option>
          ))}
        </select>
      </label>
      <label class="field">
        <span class="field__label">{tMat('mat.topic')}</span>
        <input name="topic" class="field__input" maxLength={200} data-testid="material-topic" />
      </label>
      <label class="field">
        <span class="field__label">{tMat('mat.title')}</span>
        <input name="title" class="field__input" required maxLength={200} data-testid="material-title" />
      </label>
      <label class="field">
        <span class="field__label">{tMat('mat.description')}</span>
        <input name="description" class="field__input" maxLength={2000} />
      </label>
      <label class="field">
        <span class="field__label">{tMat('mat.kind')}</span>
        <select class="field__input" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as typeof kind)} data-testid="material-kind">
          <option value="file">{tMat('mat.kind.file')}</option>
          <option value="link">{tMat('mat.kind.link')}</option>
          <option value="page">{tMat('mat.kind.page')}</option>
        </select>
      </label>
      {kind === 'file' && (
        <label class="field">
          <span class="field__label">{tMat('mat.file')}</span>
          <input type="file" name="file" accept={ACCEPT} class="field__input" data-testid="material-file" />
        </label>
      )}
      {kind === 'link' && (
        <label class="field">
          <span class="field__label">{tMat('mat.url')}</span>
          <input type="url" name="url" class="field__input" maxLength={2000} placeholder="https://" />
        </label>
      )}
      {kind === 'page' && (
        <label class="field">
          <span class="field__label">{tMat('mat.body')}</span>
          <textarea name="body" class="field__input" rows={8} maxLength={50000} />
        </label>
      )}
      {busy && <p class="muted" data-testid="material-busy">{busy}</p>}
      {error && (
        <p class="alert alert--error" data-testid="material-error">
          {error}
        </p>
      )}
      <button type="submit" class="button button--primary" disabled={busy !== null} data-testid="material-save">
        {tMat('mat.save')}
      </button>
    </form>
  );
}
