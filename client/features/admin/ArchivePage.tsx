import { tArchive } from '../../i18n/archive.js';
import { currentUser } from '../../state/auth.js';
import { AppShell } from '../common/AppShell.js';
import { ArchiveBundles } from './ArchiveBundles.js';
import { RetentionSettings } from './RetentionSettings.js';

/**
 * The archive of teaching records on a page of its own (R17): the admin and the principal
 * (archive.export) build and download bundles; retention and automatic recording are the admin's
 * (archive.manage), so only the admin sees those settings here. The server checks every call.
 */
export function ArchivePage() {
  const user = currentUser.value;
  return (
    <AppShell testId="archive-page">
      <div class="page-head">
        <h1 class="page-head__title">{tArchive('archive.pageTitle')}</h1>
      </div>
      {user?.archive === true ? (
        <>
          <ArchiveBundles />
          {user.role === 'admin' && <RetentionSettings />}
        </>
      ) : (
        <p class="alert alert--error" role="alert">
          {tArchive('archive.forbidden')}
        </p>
      )}
    </AppShell>
  );
}
