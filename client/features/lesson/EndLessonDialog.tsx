import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { endLessonForEveryone } from '../../state/session.js';

/** "End the lesson for everyone?" — a teacher's mis-tap must not end 40 students' lesson. */
export function EndLessonDialog({ onClose }: { onClose: () => void }) {
  const busy = useSignal(false);
  const error = useSignal<string | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    cancelRef.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const confirm = async () => {
    busy.value = true;
    error.value = null;
    try {
      await endLessonForEveryone();
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
      busy.value = false;
    }
  };
  return (
    <div class="dialog-backdrop" onClick={(e) => e.target === e.currentTarget && onClose()}>
      <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby="end-title" aria-describedby="end-body" data-testid="end-lesson-dialog">
        <h2 id="end-title" class="dialog__title">
          {t('end.title')}
        </h2>
        <p id="end-body">{t('end.body')}</p>
        {error.value && (
          <p class="alert alert--error" role="alert">
            {error.value}
          </p>
        )}
        <div class="dialog__actions">
          <button type="button" ref={cancelRef} class="button" onClick={onClose} data-testid="end-lesson-cancel">
            {t('end.cancel')}
          </button>
          <button type="button" class="button button--danger" onClick={() => void confirm()} disabled={busy.value} data-testid="end-lesson-confirm">
            {t('end.confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}
