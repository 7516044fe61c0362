import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import type { UserRole } from '../../net/index.js';
import { authStatus, currentUser, ensureMe, mustChangePassword } from '../../state/auth.js';
import { currentPathWithQuery, loginPathFor, navigate, passwordPathFor } from '../../state/navigation.js';
import { Link } from '../common/Link.js';

/**
 * Shows its children to a signed-in user (of one of `roles`, when given). A visitor goes to
 * the login page and comes back here after it; a pending first-login password change comes first.
 */
export function RequireAuth(props: { children: ComponentChildren; roles?: readonly UserRole[]; allowPasswordChange?: boolean }) {
  const status = authStatus.value;
  const pending = mustChangePassword.value && !props.allowPasswordChange;
  useEffect(() => {
    void ensureMe();
  }, []);
  useEffect(() => {
    if (status === 'signed-out') navigate(loginPathFor(currentPathWithQuery()), { replace: true });
    else if (status === 'signed-in' && pending) navigate(passwordPathFor(currentPathWithQuery()), { replace: true });
  }, [status, pending]);
  if (status !== 'signed-in' || pending) return <Loading />;
  const user = currentUser.value;
  if (props.roles && (!user || !props.roles.includes(user.role))) {
    return (
      <main class="page page--center" data-testid="not-allowed">
        <div class="card card--center">
          <h1 class="card__title">{t('auth.notAllowed')}</h1>
          <Link href="/" class="button button--primary">
            {t('final.home')}
          </Link>
        </div>
      </main>
    );
  }
  return <>{props.children}</>;
}

export function Loading() {
  return (
    <main class="page page--center" data-testid="page-loading">
      <span class="spinner spinner--large" role="status" aria-label={t('common.loading')} />
    </main>
  );
}
