import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import type { MaterialJson } from '../../net/materialsApi.js';
import { describeApiError } from '../../state/api.js';
import { handOutMaterial } from '../../state/questions.js';
import { loadLibrary } from '../../state/materials.js';
import { SidePanel } from '../lesson/SidePanel.js';

/**
 * The teacher hands an approved material of the library to the class during the lesson (R1): it
 * opens on every student's page. The server checks the material (approved, of the lesson's
 * subject, the teacher's class). Its own chunk: students' phones never load it.
 */
export function HandoutPanel() {
  const [list, setList] = useState<MaterialJson[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    loadLibrary().then((r) => setList(r.materials.filter((m) => m.approvedVersion !== null)), (e: unknown) => setError(describeApiError(e)));
  }, []);
  return (
    <SidePanel title={t('handout.title')} testId="handout-panel">
      {error && <p class="alert alert--error">{error}</p>}
      {list?.length === 0 && <p class="muted">{t('handout.none')}</p>}
      <ul class="plain-list">
        {list?.map((m) => (
          <li key={m.id} class="question" data-testid="handout-item" data-material-id={m.id}>
            <strong>{m.title}</strong> <span class="muted">{m.subjectName} · {m.gradeName}</span>{' '}
            <button type="button" class="button button--small button--primary" onClick={() => void handOutMaterial(m.id)} data-testid="handout-give">
              {t('handout.give')}
            </button>
          </li>
        ))}
      </ul>
    </SidePanel>
  );
}
