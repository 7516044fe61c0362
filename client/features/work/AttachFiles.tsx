import { useState } from 'preact/hooks';
import { tWork } from '../../i18n/work.js';
import type { FileJson } from '../../net/apiWork.js';
import { uploadFile } from '../../net/uploadFile.js';
import { api, describeApiError } from '../../state/api.js';
import { loadDetail } from '../../state/work.js';
import { downscalePhoto } from '../../util/downscale.js';

/**
 * The teacher's attachments of an assignment (worksheets, a photo of the textbook page): each
 * chosen file goes up through tus like a student's (photos downscaled first) and is attached when
 * the server has checked it; a wrong one is taken off. Students see them with the instructions.
 */
export function AttachFiles({ assignmentId, files }: { assignmentId: string; files: readonly FileJson[] }) {
  const [sending, setSending] = useState<Array<{ name: string; percent: number }>>([]);
  const [error, setError] = useState<string | null>(null);
  const choose = async (input: HTMLInputElement) => {
    const chosen = [...(input.files ?? [])];
    input.value = '';
    setError(null);
    await Promise.all(
      chosen.map(async (original) => {
        const file = await downscalePhoto(original);
        setSending((s) => [...s, { name: file.name, percent: 0 }]);
        const progress = (sent: number, total: number) => setSending((s) => s.map((x) => (x.name === file.name ? { ...x, percent: Math.round((100 * sent) / Math.max(1, total)) } : x)));
        try {
          await uploadFile(file, { filename: file.name, purpose: 'attachment', targetId: assignmentId }, { progress, retrying: () => undefined }).done;
        } catch {
          setError(tWork('work.attachFailed', { name: file.name }));
        } finally {
          setSending((s) => s.filter((x) => x.name !== file.name));
        }
      }),
    );
    await loadDetail(assignmentId);
  };
  const remove = async (fileId: string) => {
    try {
      await api().del(`/api/assignments/${encodeURIComponent(assignmentId)}/attachments/${encodeURIComponent(fileId)}`, () => null);
      await loadDetail(assignmentId);
    } catch (e) {
      setError(describeApiError(e));
    }
  };
  return (
    <div class="attach" data-testid="attach">
      <label class="button button--small">
        {tWork('work.attach')}
        <input type="file" multiple hidden accept="image/*,.pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp" onChange={(e) => void choose(e.target as HTMLInputElement)} data-testid="attach-files" />
      </label>
      {sending.map((s) => (
        <p key={s.name} class="muted" data-testid="attach-sending">
          {s.name} <progress max={100} value={s.percent} />
        </p>
      ))}
      {files.length > 0 && (
        <ul class="plain-list">
          {files.map((f) => (
            <li key={f.id}>
              {f.fileName}{' '}
              <button type="button" class="button button--small" onClick={() => void remove(f.id)} data-testid="attach-remove" data-file-id={f.id}>
                {tWork('work.detach')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <p class="alert alert--error">{error}</p>}
    </div>
  );
}
