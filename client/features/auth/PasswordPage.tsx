import { useSignal } from '@preact/signals';
import { t } from '../../i18n/index.js';
import { changePassword, currentUser, mustChangePassword, PASSWORD_MAX, PASSWORD_MIN, signOut } from '../../state/auth.js';
import { navigate } from '../../state/navigation.js';
import { LanguageSwitch } from '../common/LanguageSwitch.js';

/**
 * The password change: forced at the first login (the initial password was printed on paper),
 * and available from the menu later. The rules are said before typing, not after a failure.
 */
export function PasswordPage({ next }: { next: string | null }) {
  const current = useSignal('');
  const fresh = useSignal('');
  const confirm = useSignal('');
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const forced = mustChangePassword.value;
  const user = currentUser.value;

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    busy.value = true;
    error.value = null;
    const problem = await changePassword(current.value, fresh.value, confirm.value);
    busy.value = false;
    if (problem) {
      error.value = problem;
      return;
    }
    navigate(next ?? '/', { replace: true });
  };

  const field = (label: string, value: string, set: (v: string) => void, testId: string, autocomplete: string) => (
    <label class="field">
      <span class="field__label">{label}</span>
      <input class="field__input" type="password" autocomplete={autocomplete} value={value} onInput={(e) => set(e.currentTarget.value)} data-testid={testId} />
    </label>
  );

  return (
    <main class="page page--center" data-testid="password-page" data-forced={forced ? 'true' : 'false'}>
      <form class="card" onSubmit={(e) => void submit(e)} noValidate>
        <div class="card__top">
          <h1 class="card__title">{forced ? t('password.headingFirst') : t('password.heading')}</h1>
          <LanguageSwitch />
        </div>
        {user && <p class="muted">{t('password.account', { name: user.displayName, login: user.code ?? user.username ?? '' })}</p>}
        {forced && <p class="alert alert--warn">{t('password.firstLogin')}</p>}
        {field(forced ? t('password.currentFirst') : t('password.current'), current.value, (v) => (current.value = v), 'password-current', 'current-password')}
        {field(t('password.new'), fresh.value, (v) => (fresh.value = v), 'password-new', 'new-password')}
        <p class="muted form__hint">{t('password.rules', { min: PASSWORD_MIN, max: PASSWORD_MAX })}</p>
        {field(t('password.confirm'), confirm.value, (v) => (confirm.value = v), 'password-confirm', 'new-password')}
        {error.value && (
          <p class="alert alert--error" role="alert" data-testid="password-error">
            {error.value}
          </p>
        )}
        <div class="form__actions">
          <button type="submit" class="button button--primary button--large" disabled={busy.value} data-testid="password-submit">
            {t('password.submit')}
          </button>
          {forced ? (
            <button type="button" class="button button--ghost" onClick={() => void signOut()} data-testid="logout-button">
              {t('nav.logout')}
            </button>
          ) : (
            <button type="button" class="button button--ghost" onClick={() => navigate(next ?? '/')}>
              {t('end.cancel')}
            </button>
          )}
        </div>
      </form>
    </main>
  );
}
