import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { REASON_MAX_CHARS } from '../../state/lobby.js';

/**
 * "Are you sure? Why?" before refusing a student at the door or removing one from the lesson:
 * the reason (optional, up to 200 characters) is shown to the student.
 */
export function ReasonDialog(props: {
  title: string;
  body: string;
  confirmLabel: string;
  /** deny or remove: the test ids are `<kind>-reason`, `<kind>-confirm`, `<kind>-cancel`. */
  kind: 'deny' | 'remove';
  onConfirm: (reason: string) => Promise<boolean>;
  onClose: () => void;
}) {
  const reason = useSignal('');
  const busy = useSignal(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    inputRef.current?.focus();
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && props.onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const confirm = async () => {
    busy.value = true;
    const ok = await props.onConfirm(reason.value);
    busy.value = false;
    if (ok) props.onClose();
  };
  return (
    <div class="dialog-backdrop" onClick={(e) => e.target === e.currentTarget && props.onClose()}>
      <div class="dialog" role="alertdialog" aria-modal="true" aria-labelledby={`${props.kind}-title`} data-testid={`${props.kind}-dialog`}>
        <h2 id={`${props.kind}-title`} class="dialog__title">
          {props.title}
        </h2>
        <p>{props.body}</p>
        <label class="field">
          <span class="field__label">{t('supervision.reason')}</span>
          <textarea
            ref={inputRef}
            class="field__input"
            rows={2}
            maxLength={REASON_MAX_CHARS}
            value={reason.value}
            placeholder={t('supervision.reasonPlaceholder')}
            onInput={(e) => (reason.value = e.currentTarget.value)}
            data-testid={`${props.kind}-reason`}
          />
        </label>
        <div class="dialog__actions">
          <button type="button" class="button" onClick={props.onClose} data-testid={`${props.kind}-cancel`}>
            {t('end.cancel')}
          </button>
          <button type="button" class="button button--danger" disabled={busy.value} onClick={() => void confirm()} data-testid={`${props.kind}-confirm`}>
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
