import { useEffect, useState } from 'preact/hooks';
import { formatDateTime, formatDuration } from '../../i18n/index.js';
import { tMat } from '../../i18n/materials.js';
import type { UsageRowJson } from '../../net/materialsApi.js';
import { describeApiError } from '../../state/api.js';
import { loadUsage, remindStudents } from '../../state/materials.js';

/** Who of the class opened the material, when, how long and how far; remind the others (R12). */
export function UsageTable({ materialId, classId, className }: { materialId: string; classId: string; className: string }) {
  const [rows, setRows] = useState<UsageRowJson[] | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const load = () => loadUsage(materialId, classId).then((r) => setRows(r.rows), (e: unknown) => setNote(describeApiError(e)));
  useEffect(() => {
    void load();
  }, [materialId, classId]);
  const remind = () =>
    remindStudents(materialId, classId).then(
      (r) => {
        setNote(tMat('mat.reminded', { count: r.reminded }));
        void load();
      },
      (e: unknown) => setNote(describeApiError(e)),
    );
  return (
    <section class="card" data-testid="material-usage" data-class-id={classId}>
      <h2>
        {tMat('mat.usage')} · {tMat('mat.usageFor', { name: className })}
      </h2>
      <button type="button" class="button button--small" onClick={() => void load()} data-testid="usage-refresh">
        ↻
      </button>{' '}
      <button type="button" class="button button--small" onClick={() => void remind()} data-testid="usage-remind">
        {tMat('mat.remind')}
      </button>
      {note && <p class="muted" data-testid="usage-note">{note}</p>}
      <table class="table">
        <thead>
          <tr>
            <th>{tMat('mat.col.student')}</th>
            <th>{tMat('mat.col.opened')}</th>
            <th>{tMat('mat.col.time')}</th>
            <th>{tMat('mat.col.progress')}</th>
          </tr>
        </thead>
        <tbody>
          {rows?.map((r) => (
            <tr key={r.studentId} data-testid="usage-row" data-student-id={r.studentId} data-opens={r.opens} data-pages-seen={r.pagesSeen}>
              <td>{r.displayName}</td>
              <td>{r.firstOpenedAt === null ? tMat('mat.notOpened') : formatDateTime(r.firstOpenedAt)}</td>
              <td>{r.opens > 0 ? formatDuration(r.seconds * 1000) : ''}</td>
              <td>
                {r.pageCount > 0 && tMat('mat.pagesSeen', { seen: r.pagesSeen, count: r.pageCount })}
                {r.watchedPermille > 0 && tMat('mat.watched', { percent: Math.round(r.watchedPermille / 10) })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
