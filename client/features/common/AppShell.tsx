import type { ComponentChildren } from 'preact';
import { t } from '../../i18n/index.js';
import { currentUser, signOut } from '../../state/auth.js';
import { url } from '../../state/navigation.js';
import { qaLive, qaUnread, refreshQaUnread, watchQaPushes } from '../../state/qaUnread.js';
import { useEffect } from 'preact/hooks';
import { LanguageSwitch } from './LanguageSwitch.js';
import { Link } from './Link.js';

/** The frame of the signed-in pages: school, navigation by role, the user, sign out. */
export function AppShell({ children, testId }: { children: ComponentChildren; testId: string }) {
  const user = currentUser.value;
  const path = url.value.pathname;
  const asks = user?.role === 'student' || user?.role === 'teacher';
  // The badge is fetched on each page (a page change remounts the shell), then kept by the
  // server's pushes; asked every minute only while the push stream is down.
  useEffect(() => {
    if (!asks) return undefined;
    void refreshQaUnread();
    const release = watchQaPushes();
    const timer = setInterval(() => (qaLive.value ? undefined : void refreshQaUnread()), 60_000);
    return () => {
      clearInterval(timer);
      release();
    };
  }, [asks, path]);
  const unread = qaUnread.value;
  return (
    <div class="shell">
      <header class="shell__bar">
        <div class="shell__brand">
          <span class="shell__app">{t('app.title')}</span>
          {user?.schoolName && <span class="shell__school">{user.schoolName}</span>}
        </div>
        <nav class="shell__nav" aria-label={t('nav.label')}>
          <Link href="/" current={path === '/'} class="shell__link" testId="nav-home">
            {t('nav.timetable')}
          </Link>
          {user?.role === 'teacher' && (
            <Link href="/teach" current={path === '/teach'} class="shell__link" testId="nav-teach">
              {t('nav.teach')}
            </Link>
          )}
          {(user?.role === 'teacher' || user?.role === 'admin') && (
            <Link href="/bank" current={path === '/bank'} class="shell__link" testId="nav-bank">
              {t('nav.bank')}
            </Link>
          )}
          {user && user.role !== 'admin' && (
            <Link href="/assignments" current={path.startsWith('/assignments')} class="shell__link" testId="nav-work">
              {t('nav.work')}
            </Link>
          )}
          {user?.role === 'teacher' && (
            <Link href="/gradebook" current={path === '/gradebook'} class="shell__link" testId="nav-gradebook">
              {t('nav.gradebook')}
            </Link>
          )}
          {(user?.role === 'student' || user?.role === 'parent') && (
            <Link href="/results" current={path === '/results'} class="shell__link" testId="nav-results">
              {t('nav.myResults')}
            </Link>
          )}
          {user && user.role !== 'parent' && (
            <Link href="/materials" current={path.startsWith('/materials')} class="shell__link" testId="nav-materials">
              {t('nav.materials')}
            </Link>
          )}
          {(asks || user?.role === 'admin') && (
            <Link href="/questions" current={path.startsWith('/questions')} class="shell__link" testId="nav-questions">
              {t('nav.questions')}
              {asks && unread > 0 && (
                <span class="badge badge--count" data-testid="qa-unread" aria-label={t('nav.unread', { count: unread })}>
                  {' '}
                  {unread}
                </span>
              )}
            </Link>
          )}
          {(user?.role === 'teacher' || user?.role === 'student') && (
            <Link href="/exams" current={path.startsWith('/exam')} class="shell__link" testId="nav-exams">
              {t('nav.exams')}
            </Link>
          )}
          {(user?.role === 'admin' || user?.role === 'teacher') && (
            <Link href="/statistics" current={path === '/statistics'} class="shell__link" testId="nav-statistics">
              {t('nav.statistics')}
            </Link>
          )}
          {user?.archive === true && (
            <Link href="/archive" current={path === '/archive'} class="shell__link" testId="nav-archive">
              {t('nav.archive')}
            </Link>
          )}
          {user?.role === 'admin' && (
            <Link href="/admin" current={path === '/admin'} class="shell__link" testId="nav-admin">
              {t('nav.admin')}
            </Link>
          )}
          <Link href="/password" current={path === '/password'} class="shell__link shell__link--small" testId="nav-password">
            {t('nav.password')}
          </Link>
          <button type="button" class="button button--small shell__logout" onClick={() => void signOut()} data-testid="logout-button">
            {t('nav.logout')}
          </button>
        </nav>
        <div class="shell__user">
          {user && (
            <span class="shell__name" data-testid="user-name" data-role={user.role}>
              {user.displayName}
            </span>
          )}
          <LanguageSwitch />
        </div>
      </header>
      <main class="shell__main" data-testid={testId}>
        {children}
      </main>
    </div>
  );
}
