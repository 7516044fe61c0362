import { useSignal } from '@preact/signals';
import { tTeach } from '../../i18n/teach.js';
import type { TimetableEntry } from '../../net/index.js';
import { cancelLesson, createGuestLink, type ActionError } from '../../state/teach.js';
import { ErrorBox } from '../common/ErrorBox.js';

/** A teacher's own lesson: cancel it before it starts, or invite a guest teacher by link. */
export function LessonActions({ entry }: { entry: TimetableEntry }) {
  const confirmCancel = useSignal(false);
  const guestOpen = useSignal(false);
  const guestName = useSignal('');
  const link = useSignal<string | null>(null);
  const copied = useSignal(false);
  const error = useSignal<ActionError | null>(null);
  const busy = useSignal(false);
  if (!entry.canManage) return null;
  const id = entry.lesson.id;
  const open = entry.lesson.status === 'scheduled' || entry.lesson.status === 'live';

  const cancel = async () => {
    busy.value = true;
    const result = await cancelLesson(id);
    busy.value = false;
    confirmCancel.value = false;
    error.value = result.ok ? null : result.error;
  };
  const makeLink = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    const result = await createGuestLink(id, guestName.value);
    busy.value = false;
    error.value = result.ok ? null : result.error;
    if (result.ok) {
      link.value = result.value.url;
      copied.value = await copy(result.value.url);
    }
  };

  return (
    <div class="lesson-actions">
      {open && (
        <div class="lesson-actions__row">
          {entry.lesson.status === 'scheduled' &&
            (confirmCancel.value ? (
              <>
                <span>{tTeach('teach.cancelConfirm')}</span>
                <button type="button" class="button button--small button--danger" disabled={busy.value} onClick={() => void cancel()} data-testid="teach-cancel-confirm">
                  {tTeach('teach.cancelYes')}
                </button>
                <button type="button" class="button button--small" onClick={() => (confirmCancel.value = false)}>
                  {tTeach('teach.cancelNo')}
                </button>
              </>
            ) : (
              <button type="button" class="button button--small" onClick={() => (confirmCancel.value = true)} data-testid="teach-cancel">
                {tTeach('teach.cancel')}
              </button>
            ))}
          <button type="button" class="button button--small" aria-expanded={guestOpen.value} onClick={() => (guestOpen.value = !guestOpen.value)} data-testid="teach-guest-toggle">
            {tTeach('teach.guestLink')}
          </button>
        </div>
      )}
      {guestOpen.value && (
        <form class="lesson-actions__guest" onSubmit={(e) => void makeLink(e)}>
          <label class="field field--inline">
            <span class="field__label">{tTeach('teach.guestName')}</span>
            <input class="field__input" value={guestName.value} maxLength={64} onInput={(e) => (guestName.value = e.currentTarget.value)} data-testid="teach-guest-name" />
          </label>
          <button type="submit" class="button button--small button--primary" disabled={busy.value} data-testid="teach-guest-create">
            {tTeach('teach.guestCreate')}
          </button>
        </form>
      )}
      {link.value && (
        <div class="lesson-actions__link">
          <input class="field__input" readOnly value={link.value} onFocus={(e) => e.currentTarget.select()} data-testid="teach-guest-url" />
          <button type="button" class="button button--small" onClick={() => void copy(link.value ?? '').then((ok) => (copied.value = ok))} data-testid="teach-guest-copy">
            {copied.value ? tTeach('teach.copied') : tTeach('teach.copy')}
          </button>
        </div>
      )}
      {error.value && <ErrorBox error={error.value} />}
    </div>
  );
}

async function copy(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false; // no clipboard (http, old browser): the field is there to copy by hand
  }
}
