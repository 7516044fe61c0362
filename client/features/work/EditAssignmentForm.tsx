import { useState } from 'preact/hooks';
import { tWork } from '../../i18n/work.js';
import type { AssignmentJson, FileJson } from '../../net/apiWork.js';
import { localParts, updateAssignment } from '../../state/work.js';
import { score } from './common.js';

/**
 * The teacher changes an assignment already given (a wrong due date, clearer instructions):
 * handed-in work is kept whatever the new times say; whom it is given to and when it opened stay.
 * A picture attached to it can be put into the instructions ([img:<its id>]).
 */
export function EditAssignmentForm({ assignment, attachments = [], onDone }: { assignment: AssignmentJson; attachments?: readonly FileJson[]; onDone(): void }) {
  const pictures = attachments.filter((f) => f.mediaType.startsWith('image/'));
  const due = localParts(assignment.dueAt);
  const [title, setTitle] = useState(assignment.title);
  const [instructions, setInstructions] = useState(assignment.instructions);
  const [dueDate, setDueDate] = useState(due.date);
  const [dueTime, setDueTime] = useState(due.time);
  const [acceptLate, setAcceptLate] = useState(assignment.acceptLate);
  const [latePenalty, setLatePenalty] = useState(score(assignment.latePenaltyTenths) || '0');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const r = await updateAssignment(assignment, { title, instructions, dueDate, dueTime, acceptLate, latePenalty });
    setBusy(false);
    if (!r.ok) return setError(r.error);
    onDone();
  };
  return (
    <form class="card form" onSubmit={(e) => void submit(e)} data-testid="edit-form">
      <label class="field">
        <span class="field__label">{tWork('work.title')}</span>
        <input class="field__input" data-testid="edit-title" value={title} maxLength={200} required onInput={(e) => setTitle((e.target as HTMLInputElement).value)} />
      </label>
      <label class="field">
        <span class="field__label">{tWork('work.instructionsLabel')}</span>
        <textarea class="field__input" data-testid="edit-instructions" rows={5} value={instructions} onInput={(e) => setInstructions((e.target as HTMLTextAreaElement).value)} />
      </label>
      {pictures.length > 0 && (
        <p class="form__row">
          {pictures.map((f) => (
            <button key={f.id} type="button" class="button button--small" onClick={() => setInstructions(`${instructions}\n[img:${f.id}]`)} data-testid="edit-insert-image" data-file-id={f.id}>
              {tWork('work.insertImage', { name: f.fileName })}
            </button>
          ))}
        </p>
      )}
      <div class="form__row">
        <label class="field">
          <span class="field__label">{tWork('work.dueDate')}</span>
          <input class="field__input" type="date" data-testid="edit-due-date" value={dueDate} onInput={(e) => setDueDate((e.target as HTMLInputElement).value)} />
        </label>
        <label class="field">
          <span class="field__label">{tWork('work.dueTime')}</span>
          <input class="field__input" type="time" data-testid="edit-due-time" value={dueTime} onInput={(e) => setDueTime((e.target as HTMLInputElement).value)} />
        </label>
      </div>
      <label class="check">
        <input type="checkbox" data-testid="edit-accept-late" checked={acceptLate} onChange={(e) => setAcceptLate((e.target as HTMLInputElement).checked)} />
        <span>{tWork('work.acceptLate')}</span>
      </label>
      {acceptLate && (
        <label class="field">
          <span class="field__label">{tWork('work.latePenalty')}</span>
          <input class="field__input" inputMode="decimal" data-testid="edit-late-penalty" value={latePenalty} onInput={(e) => setLatePenalty((e.target as HTMLInputElement).value)} />
        </label>
      )}
      <div class="form__row">
        <button type="submit" class="button button--primary" disabled={busy} data-testid="edit-save">
          {tWork('work.save')}
        </button>
        <button type="button" class="button" onClick={onDone} data-testid="edit-cancel">
          {tWork('work.cancel')}
        </button>
      </div>
      {error && (
        <p class="alert alert--error" data-testid="edit-error">
          {error}
        </p>
      )}
    </form>
  );
}
