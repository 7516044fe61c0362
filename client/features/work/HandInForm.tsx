import { tWork } from '../../i18n/work.js';
import { addFiles, draftFiles, draftText, handIn, handInState, removeFile, resumeFile, uploadsPending, type DraftFile } from '../../state/work.js';
import { bytes } from './common.js';

/**
 * Text plus files: "Chụp ảnh vở" opens the phone's camera (capture), "Thêm tệp" the file chooser.
 * Each file starts sending at once (photos downscaled first) with its own progress bar; a file
 * whose connection dropped resumes by itself, or with "Gửi tiếp".
 */
export function HandInForm({ assignmentId, again }: { assignmentId: string; again: boolean }) {
  const state = handInState.value;
  const pick = (e: Event) => {
    const input = e.target as HTMLInputElement;
    const files = [...(input.files ?? [])];
    input.value = '';
    void addFiles(assignmentId, files);
  };
  return (
    <section class="card hand-in" data-testid="hand-in">
      <h2 class="section__title">{again ? tWork('work.handInAgain') : tWork('work.handIn')}</h2>
      <label class="field">
        <span class="field__label">{tWork('work.text')}</span>
        <textarea class="field__input" rows={4} data-testid="handin-text" placeholder={tWork('work.textPlaceholder')} value={draftText.value} onInput={(e) => (draftText.value = (e.target as HTMLTextAreaElement).value)} />
      </label>
      <div class="hand-in__pickers">
        <label class="button">
          {tWork('work.takePhoto')}
          <input class="visually-hidden" type="file" accept="image/*" capture="environment" multiple data-testid="handin-photo" onChange={pick} />
        </label>
        <label class="button">
          {tWork('work.addFiles')}
          <input
            class="visually-hidden"
            type="file"
            multiple
            accept="image/*,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx,.odt,.ods,.odp"
            data-testid="handin-files"
            onChange={pick}
          />
        </label>
      </div>
      <p class="muted form__hint">{tWork('work.photoNote')}</p>
      <ul class="draft-files">
        {draftFiles.value.map((f) => (
          <DraftRow key={f.key} file={f} />
        ))}
      </ul>
      <button type="button" class="button button--primary" disabled={state.busy || uploadsPending.value} onClick={() => void handIn(assignmentId)} data-testid="handin-submit">
        {state.busy ? tWork('work.submitting') : tWork('work.submit')}
      </button>
      {state.error && (
        <p class="alert alert--error" data-testid="handin-error">
          {state.error}
        </p>
      )}
      {state.done !== null && (
        <p class="alert alert--ok" data-testid="handin-done">
          {tWork('work.submitted', { version: state.done })}
        </p>
      )}
    </section>
  );
}

function DraftRow({ file }: { file: DraftFile }) {
  const percent = file.size > 0 ? Math.floor((100 * file.sent) / file.size) : 0;
  const label =
    file.state === 'sent'
      ? tWork('work.uploaded')
      : file.state === 'waiting'
        ? tWork('work.waitingNetwork', { percent })
        : file.state === 'failed'
          ? (file.error ?? tWork('work.uploadFailed'))
          : tWork('work.uploading', { percent });
  return (
    <li class="draft-file" data-testid="draft-file" data-state={file.state} data-file-id={file.fileId ?? ''} data-size={file.size} data-original-size={file.originalSize}>
      <div class="draft-file__name">
        {file.name} <span class="muted">{bytes(file.size)}</span>
      </div>
      <progress class="draft-file__bar" max={100} value={percent} data-testid="draft-progress" />
      <span class={file.state === 'failed' ? 'draft-file__status draft-file__status--error' : 'draft-file__status'}>{label}</span>
      {file.state === 'failed' && (
        <button type="button" class="button button--small" onClick={() => resumeFile(file.key)} data-testid="draft-retry">
          {tWork('work.retry')}
        </button>
      )}
      <button type="button" class="button button--small" onClick={() => removeFile(file.key)}>
        {tWork('work.remove')}
      </button>
    </li>
  );
}
