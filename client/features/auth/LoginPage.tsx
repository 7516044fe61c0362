import { useSignal, type Signal } from '@preact/signals';
import type { Ref } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { afterSignIn, authStatus, ensureMe, signIn } from '../../state/auth.js';
import { LanguageSwitch } from '../common/LanguageSwitch.js';

/**
 * "Đăng nhập": the ID code (mã định danh) or a username, and the password. `embedded` is the
 * home page of a visitor, which also explains the join links teachers send.
 */
export function LoginPage({ next, embedded = false }: { next: string | null; embedded?: boolean }) {
  const login = useSignal('');
  const password = useSignal('');
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const loginRef = useRef<HTMLInputElement>(null);

  useEffect(() => {
    void ensureMe();
    loginRef.current?.focus();
  }, []);
  useEffect(() => {
    // Already signed in (a second tab, the back button): go on.
    if (authStatus.value === 'signed-in' && !busy.value) afterSignIn(next);
  }, [authStatus.value]);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (busy.value) return;
    busy.value = true;
    error.value = null;
    const problem = await signIn(login.value, password.value);
    busy.value = false;
    if (problem) {
      error.value = problem;
      password.value = '';
      return;
    }
    afterSignIn(next);
  };

  return (
    <main class="page page--center" data-testid={embedded ? 'home-page' : 'login-page'}>
      <form class="card" onSubmit={(e) => void submit(e)} noValidate>
        <div class="card__top">
          <h1 class="card__title">{t('login.heading')}</h1>
          <LanguageSwitch />
        </div>
        <p class="muted">{t('login.intro')}</p>
        <LoginFields login={login} password={password} focusRef={loginRef} />
        {error.value && (
          <p class="alert alert--error" role="alert" data-testid="login-error">
            {error.value}
          </p>
        )}
        <div class="form__actions">
          <button type="submit" class="button button--primary button--large" disabled={busy.value} data-testid="login-submit">
            {busy.value ? t('login.busy') : t('login.submit')}
          </button>
        </div>
        <p class="muted form__hint">{t('login.forgot')}</p>
        {embedded && <p class="muted form__hint">{t('home.hint')}</p>}
      </form>
    </main>
  );
}

function LoginFields({ login, password, focusRef }: { login: Signal<string>; password: Signal<string>; focusRef: Ref<HTMLInputElement> }) {
  return (
    <>
      <label class="field">
        <span class="field__label">{t('login.login')}</span>
        <input
          ref={focusRef}
          class="field__input"
          name="username"
          autocomplete="username"
          autocapitalize="off"
          spellcheck={false}
          inputMode="text"
          value={login.value}
          onInput={(e) => (login.value = e.currentTarget.value)}
          data-testid="login-login"
        />
      </label>
      <label class="field">
        <span class="field__label">{t('login.password')}</span>
        <input
          class="field__input"
          type="password"
          name="password"
          autocomplete="current-password"
          value={password.value}
          onInput={(e) => (password.value = e.currentTarget.value)}
          data-testid="login-password"
        />
      </label>
    </>
  );
}
