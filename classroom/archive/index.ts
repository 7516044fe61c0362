/** The archive of teaching records (issue 9, R17): bundles, retention with holds, the school's archive settings. */
export type * from './ArchiveTypes.js';
export { MAX_RETENTION_DAYS } from './ArchiveTypes.js';
export { SqlArchiveStore } from './SqlArchiveStore.js';
export { ArchiveService, DEFAULT_ARCHIVE_SETTINGS, MAX_BUNDLE_RANGE_MS, settingsOf, type BundleRequest, type SettingsInput } from './ArchiveService.js';
export { ArchiveJobs, type ArchiveJobsDeps, type ArchiveJobsOptions } from './ArchiveJobs.js';
export { Retention, RetentionSweep, RETENTION_ACTOR, type RetentionPlan, type RetentionDeps } from './Retention.js';
export { MANIFEST_PATH, type Manifest, type ManifestFile } from './zipBundle.js';
