import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import type { MaterialVersionJson } from '../../net/materialsApi.js';
import { closeHandout, handedOut } from '../../state/questions.js';
import { loadStudentMaterial } from '../../state/materials.js';
import { MaterialViewer } from './MaterialViewer.js';

/**
 * A material the teacher just handed out, opened over the lesson on a student's page (its use is
 * recorded like any opening, R12), with a download link as the fallback when it cannot be shown.
 * Loaded on first hand-out: its own chunk (pdf.js comes later still, for a PDF only).
 */
export function LessonHandout() {
  const m = handedOut.value;
  const [version, setVersion] = useState<MaterialVersionJson | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    setVersion(null);
    setFailed(false);
    if (m) loadStudentMaterial(m.materialId).then((r) => setVersion(r.version), () => setFailed(true));
  }, [m?.materialId, m?.handedOutAtMs]);
  if (!m) return null;
  const fileUrl = `/api/materials/${encodeURIComponent(m.materialId)}/file`;
  return (
    <div class="handout card" role="dialog" aria-label={m.title} data-testid="handout-overlay" data-material-id={m.materialId}>
      <header class="panel__header">
        <h2 class="panel__title">{t('handout.opened', { title: m.title })}</h2>
        <button type="button" class="button button--small" onClick={closeHandout} data-testid="handout-close">
          {t('handout.close')}
        </button>
      </header>
      {version && <MaterialViewer materialId={m.materialId} version={version} track />}
      {(failed || (m.kind === 'file' && !version)) && (
        <a href={fileUrl} class="button" download data-testid="handout-download">
          {t('handout.download')}
        </a>
      )}
    </div>
  );
}
