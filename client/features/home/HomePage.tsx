import { useEffect } from 'preact/hooks';
import { t } from '../../i18n/index.js';
import { authStatus, currentUser, ensureMe, mustChangePassword } from '../../state/auth.js';
import { navigate, passwordPathFor } from '../../state/navigation.js';
import { LoginPage } from '../auth/LoginPage.js';
import { Loading } from '../auth/RequireAuth.js';
import { AppShell } from '../common/AppShell.js';
import { Link } from '../common/Link.js';
import { Timetable } from '../timetable/Timetable.js';
import { lazyPart } from '../../app/lazyPage.js';

const DueSummary = lazyPart(() => import('../work/DueSummary.js').then((m) => m.DueSummary));
const ParentHome = lazyPart(() => import('../parents/ParentHome.js').then((m) => m.ParentHome));

/**
 * `/`: a visitor signs in here (and reads how join links work); a signed-in user sees the
 * timetable of their lessons, and their role's other page.
 */
export function HomePage() {
  const status = authStatus.value;
  useEffect(() => {
    void ensureMe();
  }, []);
  useEffect(() => {
    if (status === 'signed-in' && mustChangePassword.value) navigate(passwordPathFor('/'), { replace: true });
  }, [status, mustChangePassword.value]);
  if (status === 'signed-out') return <LoginPage next={null} embedded />;
  const user = currentUser.value;
  if (status !== 'signed-in' || !user || mustChangePassword.value) return <Loading />;
  return (
    <AppShell testId="home-page">
      <div class="page-head">
        <h1 class="page-head__title">{t('home.hello', { name: user.displayName })}</h1>
        {user.className && <p class="muted">{t('home.class', { name: user.className })}</p>}
      </div>
      {user.role === 'teacher' && (
        <p class="callout">
          <Link href="/teach" class="button button--primary" testId="home-teach">
            {t('home.toTeach')}
          </Link>{' '}
          <Link href="/bank" class="button" testId="home-bank">
            {t('home.toBank')}
          </Link>
        </p>
      )}
      {user.role === 'admin' && (
        <p class="callout">
          <Link href="/admin" class="button button--primary" testId="home-admin">
            {t('home.toAdmin')}
          </Link>
        </p>
      )}
      {(user.role === 'student' || user.role === 'parent') && <DueSummary />}
      {/* A parent's page is per child: each lesson with the child's attendance (it replaces the timetable). */}
      {user.role === 'parent' ? <ParentHome /> : <Timetable showClass={user.role !== 'student'} />}
    </AppShell>
  );
}
