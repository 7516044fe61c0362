import { useEffect, useState } from 'preact/hooks';
import { tWork } from '../../i18n/work.js';
import { parseGradebookSettings, parseSubjectSetting } from '../../net/apiWork.js';
import { api, describeApiError } from '../../state/api.js';

type Setting = { subjectId: string; subjectName: string; mode: 'score' | 'comment'; regularCount: number };

/**
 * The administrator's choice, per subject, of how Circular 22/2021 assesses it (R15): by score
 * with 2, 3 or 4 regular assessments a term (up to 35 periods a year, up to 70, more; 1–6 for
 * exceptions), or by comment (Đạt / Chưa đạt: physical education, arts, experiential activities,
 * local education). Each row is saved on its own.
 */
export function AssessmentSettings() {
  const [rows, setRows] = useState<Setting[] | null>(null);
  const [status, setStatus] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api()
      .get('/api/gradebook/settings', parseGradebookSettings)
      .then((r) => setRows(r.subjects))
      .catch((e: unknown) => setError(describeApiError(e)));
  }, []);
  const change = (subjectId: string, patch: Partial<Setting>) => setRows((list) => list?.map((r) => (r.subjectId === subjectId ? { ...r, ...patch } : r)) ?? null);
  const save = async (r: Setting) => {
    try {
      const saved = await api().put('/api/gradebook/settings', { subjectId: r.subjectId, mode: r.mode, regularCount: r.regularCount }, parseSubjectSetting);
      change(r.subjectId, { mode: saved.mode, regularCount: saved.regularCount });
      setStatus((s) => ({ ...s, [r.subjectId]: tWork('settings.saved') }));
    } catch (e) {
      setStatus((s) => ({ ...s, [r.subjectId]: describeApiError(e) }));
    }
  };
  return (
    <section class="card" id="assessment" data-testid="assessment-settings">
      <h2 class="section__title">{tWork('settings.heading')}</h2>
      <p class="muted">{tWork('settings.hint')}</p>
      {error && <p class="alert alert--error">{error}</p>}
      <div class="table-wrap">
        <table class="table">
          <tbody>
            {rows?.map((r) => (
              <tr key={r.subjectId} data-testid="assessment-row" data-subject-id={r.subjectId}>
                <td>{r.subjectName}</td>
                <td>
                  <select class="field__input" value={r.mode} onChange={(e) => change(r.subjectId, { mode: (e.target as HTMLSelectElement).value as Setting['mode'] })} data-testid="assessment-mode">
                    <option value="score">{tWork('settings.score')}</option>
                    <option value="comment">{tWork('settings.comment')}</option>
                  </select>
                </td>
                <td>
                  <select class="field__input" value={String(r.regularCount)} onChange={(e) => change(r.subjectId, { regularCount: Number((e.target as HTMLSelectElement).value) })} data-testid="assessment-count">
                    {[1, 2, 3, 4, 5, 6].map((n) => (
                      <option key={n} value={String(n)}>
                        {tWork('settings.count', { n })}
                      </option>
                    ))}
                  </select>
                </td>
                <td>
                  <button type="button" class="button button--small" onClick={() => void save(r)} data-testid="assessment-save">
                    {tWork('settings.save')}
                  </button>{' '}
                  <span class="muted" data-testid="assessment-status">
                    {status[r.subjectId] ?? ''}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
