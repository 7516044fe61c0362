import { tAdmin } from '../../i18n/admin.js';
import { tWork } from '../../i18n/work.js';
import { AppShell } from '../common/AppShell.js';
import { AccountsList } from './AccountsList.js';
import { AuditLog } from './AuditLog.js';
import { AssessmentSettings } from '../work/AssessmentSettings.js';
import { RosterImport } from './RosterImport.js';
import { SchoolStructure } from './SchoolStructure.js';
import { ParentImport } from '../parents/ParentImport.js';
import { tArchive } from '../../i18n/archive.js';
import { ArchiveBundles } from './ArchiveBundles.js';
import { RetentionSettings } from './RetentionSettings.js';

/** School administration: structure, roster import, accounts, security log; one page, sections in order. */
export function AdminPage() {
  return (
    <AppShell testId="admin-page">
      <div class="page-head">
        <h1 class="page-head__title">{tAdmin('admin.heading')}</h1>
        <nav class="page-head__nav" aria-label={tAdmin('admin.heading')}>
          <a href="#structure">{tAdmin('admin.structure')}</a>
          <a href="#roster">{tAdmin('roster.heading')}</a>
          <a href="#accounts">{tAdmin('accounts.heading')}</a>
          <a href="#assessment">{tWork('settings.heading')}</a>
          <a href="#archive">{tArchive('archive.heading')}</a>
          <a href="#retention">{tArchive('retention.heading')}</a>
          <a href="#audit">{tAdmin('admin.nav.audit')}</a>
        </nav>
      </div>
      <SchoolStructure />
      <RosterImport />
      <ParentImport />
      <AccountsList />
      <AssessmentSettings />
      <ArchiveBundles />
      <RetentionSettings />
      <AuditLog />
    </AppShell>
  );
}
