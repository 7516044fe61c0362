import { useSignal } from '@preact/signals';
import { t } from '../../i18n/index.js';
import { tAdmin } from '../../i18n/admin.js';
import type { User } from '../../net/index.js';
import { eraseStudent, studentExportUrl } from '../../state/privacy.js';
import type { ActionError } from '../../state/teach.js';
import { ErrorBox } from '../common/ErrorBox.js';

/**
 * A student's personal data (R21): download everything as JSON, or erase it for good after
 * typing the student's ID code (the one irreversible action of the page).
 */
export function StudentDataActions({ student }: { student: User }) {
  const confirming = useSignal(false);
  const typed = useSignal('');
  const busy = useSignal(false);
  const error = useSignal<ActionError | null>(null);
  const login = student.code ?? student.username ?? '';
  const erase = async (e: Event) => {
    e.preventDefault();
    busy.value = true;
    const result = await eraseStudent(student, typed.value);
    busy.value = false;
    error.value = result.ok ? null : result.error;
  };
  const cancel = () => {
    confirming.value = false;
    typed.value = '';
    error.value = null;
  };
  return (
    <>
      <a class="button button--small" href={studentExportUrl(student.id)} download title={tAdmin('privacy.exportTitle')} data-testid="student-export">
        {tAdmin('privacy.export')}
      </a>
      {!confirming.value && (
        <button type="button" class="button button--small button--danger-ghost" onClick={() => (confirming.value = true)} data-testid="student-erase">
          {tAdmin('privacy.erase')}
        </button>
      )}
      {confirming.value && (
        <form class="erase-confirm" onSubmit={(e) => void erase(e)} data-testid="student-erase-form">
          <p class="erase-confirm__warning">{tAdmin('privacy.eraseWarning', { name: student.displayName, code: login })}</p>
          <label class="field">
            <span class="field__label">{tAdmin('privacy.confirmLabel')}</span>
            <input
              class="field__input mono"
              inputMode="numeric"
              autoComplete="off"
              value={typed.value}
              onInput={(e) => (typed.value = e.currentTarget.value)}
              data-testid="student-erase-code"
            />
          </label>
          <button type="submit" class="button button--small button--danger" disabled={busy.value || typed.value.trim() === ''} data-testid="student-erase-confirm">
            {tAdmin('privacy.eraseConfirm')}
          </button>
          <button type="button" class="button button--small" onClick={cancel}>
            {t('end.cancel')}
          </button>
          {error.value && <ErrorBox error={error.value} testId="student-erase-error" />}
        </form>
      )}
    </>
  );
}
